"""Quantities: a number with its magnitude, unit and qualifier, parsed exactly (Decimal).

Numbers live on characters, not tokens: jieba cuts 880.5 / 亿元, so quantity rules match the
normalized text, and jieba's words only veto a match that begins or ends inside a word.
`parse_quantity` reads one matched stretch such as 约49万只, 512亿至530亿美元, 百分之八十二点五.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from pipeline.document import Doc, Item
from pipeline.engine.matching import resolve_overlaps, scan
from pipeline.extract.numbers import WIDE, exact, numerals, parse_number, parse_range
from pipeline.engine.rules import RuleSet
from pipeline.extract.compounds import parse_compound, split_shares

# The shapes of one quantity's parts, in the rules' own vocabulary (patterns.toml): what is
# a percentage in words (五成, 三成七, 四成半 = 45%, 六成有余), a fraction (三分之一, 1/3), tens
# and "some" more (十几万), and a number with its magnitude, unit and range.
_CHENG = (r"(?P<tens>{cheng_tens})(?:{cheng_word})(?P<tenth>{cheng_tenth})?"
          r"(?P<more>{cheng_more})?$")
_FRACTION = r"(?P<den>.+?)(?:{fraction_of})(?P<num>.+)$"
_SLASH = regex.compile(r"([0-9]+)/([0-9]+)")
_DIGIT = regex.compile(r"\d")
_TENS_AND_SOME = r"(?P<tens>{tens_some})(?:{some})(?P<unit>.+)"
_SOME_PLACE = r"(?:{approx_pre})(?P<place>{some_place})(?P<unit>.+)"
_NUMBER_UNIT = (r"(?P<num>{num})(?:(?P<mag1>{magnitude})?(?P<unit1>{units})?(?:{range_incl})?"
                r"{range_sep}(?:{range_approx})?(?P<num2>{num}))?"
                r"(?P<mag0>{magnitude}(?={more}))?(?P<mid>{more})?(?P<unit>.*)")


def _strip(text: str, words: list[str], at_end: bool) -> tuple[str, str | None]:
    """Remove the longest qualifier word at one end; return the rest and the word."""
    for word in sorted(words, key=len, reverse=True):
        if (text.endswith(word) if at_end else text.startswith(word)) and len(word) < len(text):
            return (text[: -len(word)] if at_end else text[len(word):]), word
    return text, None


def _strip_prefix(text: str, lexicon) -> tuple[str, str | None]:
    """Remove the longest word of `lexicon` that begins `text`; return the rest and the word."""
    rest, word = _strip(text, lexicon.entries if lexicon else [], at_end=False)
    return rest, word


# Distinct stretches parse_quantity keeps per rule set: a batch reads millions, one article
# a few hundred (the same stretch comes back as a quantity, a metric's level, a change).
_KEPT = 4096


def parse_quantity(text: str, rules: RuleSet) -> dict | None:
    """value, value_max, unit and qualifier of one quantity; None when it holds no number.
    Read once per stretch: find_quantities, a metric's level and a change's rate read the
    same text again (a copy is returned: callers build on it)."""
    kept = rules.__dict__.setdefault("_quantities", {})
    if text not in kept:
        if len(kept) >= _KEPT:
            kept.clear()
        kept[text] = _read_quantity(text, rules)
    found = kept[text]
    return None if found is None else {k: list(v) if isinstance(v, list) else v for k, v in found.items()}


def _read_quantity(text: str, rules: RuleSet) -> dict | None:
    pre_lex, post_lex = rules.lexicons["qual_pre"], rules.lexicons["qual_post"]
    body, pre = _strip(text, pre_lex.entries + rules.words("round_pre"), at_end=False)
    if pre:
        body, _ = _strip(body, rules.words("aspect_marks"), at_end=False)    # 超过了13%
    body, post = _strip(body, post_lex.entries, at_end=True)
    qualifier = None
    if pre:
        qualifier = {**rules.lexicons["round_pre"].columns, **pre_lex.columns}.get(pre, [None])[0]
    if post:
        qualifier = post_lex.columns.get(post, [None])[0]
    if more := rules.compile("(?:{rate_more})$").search(body):
        body, qualifier = body[:more.start()], "over"      # 2%多, 1倍多: over 2%, over 1倍
    body = body.replace(" ", "")
    n = numerals(rules)
    if pre and (body[:1] in n.small or body[:1] in dict(n.big)):
        body = n.one + body                   # 近百亿元, 上万人: the round number 一百亿, 一万
    body, currency = _strip_prefix(body, rules.lexicons.get("currency_pre"))
    body, sign = _strip_prefix(body, rules.lexicons.get("signs"))
    try:
        out = _parse_body(body, rules)
    except ValueError:
        return None
    if out is None:
        return None
    if sign:                                  # 负2.7%, 零下5℃
        out["value"] = -out["value"]
        out["value_max"] = None if out["value_max"] is None else -out["value_max"]
    if currency:
        out["unit"] = _with_currency(out["unit"], rules.lexicons["currency_pre"].columns[currency][0], rules)
    out["qualifier"] = out.get("qualifier") or qualifier
    return out


def _with_currency(unit: str, currency: str, rules: RuleSet) -> str:
    """The unit of an amount whose currency is written before it: HK$1,800 -> 港元, US$3亿 ->
    亿美元; after a unit in 元 the currency says which 元: 港币350万元 -> 万港元, 新台币17.5亿元
    -> 亿元新台币 (as Taiwanese copy writes it); 人民币2,499元 stays 元."""
    if unit in [""] + rules.words("magnitude"):
        return unit + currency
    if not unit.endswith("元") or currency == "元":
        return unit
    return unit[:-1] + currency if currency.endswith("元") else unit + currency


def _parse_body(body: str, rules: RuleSet) -> dict | None:
    per = rules.lexicons["per_words"]
    for word in per.entries:
        if body.startswith(word):             # 百分之三点五, 千分之三
            return {"value": parse_number(body[len(word):], rules), "value_max": None,
                    "unit": per.columns[word][0]}
    if (compound := parse_compound(body, rules, _share)) is not None:
        return compound                       # 20元4角5分, 三米半, 五分之一到七分之一, 1.98:1
    if m := rules.compile(_TENS_AND_SOME).fullmatch(body):   # 十几万 = 11-19 万
        tens = parse_number(m.group("tens"), rules)
        return {"value": tens + 1, "value_max": tens + 9, "unit": m.group("unit"),
                "qualifier": "approx"}
    if m := rules.compile(_SOME_PLACE).fullmatch(body):       # 几十个 = 20-90 个, approx
        place = parse_number(m.group("place"), rules)
        return {"value": 2 * place, "value_max": 9 * place, "unit": m.group("unit"),
                "qualifier": "approx"}
    if m := rules.compile(_CHENG).match(body):
        return _cheng(m, rules)
    if (m := rules.compile(_FRACTION).match(body)) and not _DIGIT.search(body):
        return _share(parse_number(m.group("num"), rules), parse_number(m.group("den"), rules))
    if m := _SLASH.fullmatch(body):
        return _share(parse_number(m.group(1), rules), parse_number(m.group(2), rules))   # 1/3
    m = rules.compile(_NUMBER_UNIT).fullmatch(body)
    if not m:
        return None
    # 3万余人, 1.5万多元: the 多 between magnitude and unit qualifies the number (over 3万人)
    num, unit = m.group("num"), (m.group("mag0") or "") + m.group("unit")
    low, high = None, None
    if m.group("num2"):
        low, high, unit = _range(m, unit, rules)
    elif (pair := parse_range(num, rules)) is not None:
        low, high = pair                       # 五六百, 两三万元: a range, never 23000
    else:
        try:
            low = parse_number(num, rules)
        except ValueError:
            # 九五八亿: a digit string with a magnitude; the magnitude joins the unit
            if num[-1:] not in dict(numerals(rules).big) or len(num) < 2:
                raise
            low, unit = parse_number(num[:-1], rules), num[-1] + unit
    return {"value": low, "value_max": high, "unit": unit,
            "qualifier": "over" if m.group("mid") else None}


def _cheng(m, rules: RuleSet) -> dict:
    """五成 = 50%, 三成七 = 37%, 四成半 = 45% (halves.txt), 六成有余 = over 60%."""
    tenth, halves = m.group("tenth"), rules.lexicons["halves"].columns
    if tenth in halves:
        low = Decimal(halves[tenth][0]) * 10
    else:
        low = parse_number(tenth, rules) if tenth else Decimal(0)
    return {"value": exact(parse_number(m.group("tens"), rules) * 10 + low), "value_max": None,
            "unit": "%", "qualifier": "over" if m.group("more") else None}


def _share(num: Decimal, den: Decimal) -> dict:
    """四分之一 = 25%; 三分之一 is 33.33% only approximately: the exact fraction is kept."""
    share = num * 100 / den
    rounded = share.quantize(Decimal("0.01"))
    return {"value": exact(rounded), "value_max": None, "unit": "%",
            "qualifier": None if rounded == share else "approx", "fraction": f"{num}/{den}"}


def _factor(word: str | None, rules: RuleSet) -> Decimal:
    """10^n for a magnitude word of magnitude.txt (1 for none)."""
    if not word:
        return Decimal(1)
    return Decimal(10) ** int(rules.lexicons["magnitude"].columns[word][0])


def _leading_magnitude(unit: str, rules: RuleSet) -> str | None:
    """The magnitude word a unit begins with (亿元 -> 亿); none for a unit of its own (千瓦)."""
    if unit in rules.words("units"):
        return None
    return next((w for w in sorted(rules.words("magnitude"), key=len, reverse=True)
                 if unit.startswith(w)), None)


def _range(m, unit: str, rules: RuleSet) -> tuple[Decimal, Decimal, str]:
    """Both ends of a range in the unit written after the high end.

    A magnitude or unit written once applies to both ends: 三十到四十万元 = 30万-40万元,
    三到五亿元 = 3亿-5亿元; the low end keeps its own magnitude when it has one (6000万至1亿元
    = 0.6-1 亿元) or when scaling it would pass the high end (6000到2万港元 = 0.6-2 万港元).
    So does the 百 or 千 that ends the high end after a lone digit: 六到七千块 = 6000-7000,
    五到六百万元 = 500-600 万元.
    A unit on both ends must be the same one (320亿美元至350亿美元)."""
    num2 = m.group("num2")
    if m.group("unit1") and (m.group("mag1") or "") + m.group("unit1") != unit:
        raise ValueError("a range whose ends have different units")
    high = parse_number(num2, rules)
    # 四十万元: the 万 inside the Chinese numeral is the shared magnitude
    last = num2[-1:]
    inner = last if last in rules.words("magnitude") and _factor(last, rules) >= 10_000 else None
    if inner:
        coefficient = parse_number(num2[:-1], rules)
        high, unit = coefficient, inner + unit
    else:
        coefficient = high
    shared = _leading_magnitude(unit, rules)
    low = parse_number(m.group("num"), rules)
    mag1 = m.group("mag1")
    place = numerals(rules).small.get((num2[:-1] if inner else num2)[-1:], 0)
    if mag1 is None and place >= 100 and low < 10 and low == low.to_integral_value():
        low *= place                            # 六到七千, 五到六百万: the 千, 百 scale both ends
    if mag1 is None and low <= coefficient:
        mag1 = shared                           # 三到五万: the 万 scales both ends
    low = WIDE.divide(WIDE.multiply(low, _factor(mag1, rules)), _factor(shared, rules))
    return exact(low), high, unit


def normalized(value: Decimal | None, unit: str, rules: RuleSet) -> dict | None:
    """The quantity in base units: 880.5 亿元 -> 88050000000 元, 2公斤 -> 2000 克, 54港仙 ->
    0.54 港元 (magnitude.txt and the base-unit columns of units.txt; currencies kept)."""
    if value is None:
        return None
    word = _leading_magnitude(unit, rules)
    if word:
        value, unit = WIDE.multiply(value, _factor(word, rules)), (unit[len(word):]
                                                                   or rules.words("bare_magnitude")[0])
    columns = rules.lexicons["units"].columns.get(unit)
    if columns and len(columns) == 2:
        value, unit = WIDE.multiply(value, Decimal(columns[1])), columns[0]
    return {"value": exact(value), "unit": unit}


def _edges_ok(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """jieba's words veto a quantity that ends inside a word (10个|月) or starts inside a
    numeral word (统|一). jieba also glues a number to the word before it (降费超|10,
    派壹佰), so a start inside a word is fine when no numeral precedes it there; and it glues
    some units to the word after them (9只|次新, 2000点|时: glued_units.txt), so an end inside a
    word that begins with such a unit is fine."""
    if end not in doc.word_ends and not _glued_unit(doc, end, rules):
        return False
    word = doc.token_inside(start)
    return word is None or not rules.compile("{numeral_run}").search(doc.text[word.start:start])


def _glued_unit(doc: Doc, end: int, rules: RuleSet) -> bool:
    word = doc.token_inside(end)
    return word is not None and doc.text[word.start:end] in rules.word_set("glued_units")


class Refused(str):
    """Why a candidate gives no quantity: falsy, so `scan` treats it as no match, and shown by
    `cnie explain` on the refused row."""
    def __bool__(self) -> bool:
        return False


def _false_qualifier(doc: Doc, start: int, rules: RuleSet) -> int:
    """The length of a qualifier that begins the match but ends a word of not_qualifiers.txt
    (签|约10个项目: signed, not "about"), 0 when there is none."""
    head = rules.compile("(?:{qual_pre}|{round_pre})").match(doc.text, start)
    if head is None:
        return 0
    end = head.end()
    return len(head.group()) if any(
        len(w) > len(head.group()) and doc.text.endswith(w, 0, end) and w.endswith(head.group())
        for w in rules.words("not_qualifiers")) else 0


def _minus_repeats_verb(doc: Doc, start: int, parsed: dict, rules: RuleSet) -> dict:
    """减少-3480万元: after a falling verb the minus repeats what the verb says; the amount is
    3480万元 and the verb gives the direction (a rate's sign is read by changes.py)."""
    if parsed["value"] >= 0 or parsed["unit"] in rules.lexicons["rate_units"].columns:
        return parsed
    if not rules.compile("(?:{down}){sp}$").search(doc.text, max(0, start - 8), start):
        return parsed
    high = parsed["value_max"]
    return {**parsed, "value": -parsed["value"], "value_max": None if high is None else -high}


def find_quantities(doc: Doc, rules: RuleSet) -> None:
    """Every quantity rule over the text; overlaps resolved by the documented policy; a
    structure of shares becomes one quantity per part."""
    found = []
    for rule in rules.rules.get("quantities", []):
        def accept(m, rule=rule):
            start, end = m.span("quantity") if "quantity" in rule.pattern.groupindex else m.span()
            start += _false_qualifier(doc, start, rules)
            if not _edges_ok(doc, start, end, rules):
                return Refused("starts or ends inside a jieba word (10个|月, 统|一)")
            parsed = parse_quantity(doc.text[start:end], rules)
            if not parsed:
                return Refused("not one number with a unit the grammar reads exactly")
            parsed = _minus_repeats_verb(doc, start, parsed, rules)
            return Item("quantity", start, end, rule.id, {**parsed, "priority": rule.priority})
        found += scan(rule, doc, accept)
    doc.quantities = [part for item in resolve_overlaps(found)
                      for part in split_shares(item, doc.text, rules)]
