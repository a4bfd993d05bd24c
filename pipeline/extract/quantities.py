"""Quantities: a number with its magnitude, unit and qualifier, parsed exactly (Decimal).

Numbers live on characters, not tokens: jieba cuts 880.5 / 亿元, so quantity rules match the
normalized text, and jieba's words only veto a match that begins or ends inside a word.
`parse_quantity` reads one matched stretch such as 约49万只, 667亿至687亿美元, 百分之八十二点五.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from pipeline.document import Doc, Item
from pipeline.engine.matching import resolve_overlaps, scan
from pipeline.extract.numbers import parse_number, parse_range
from pipeline.engine.rules import RuleSet

MAGNITUDE = {"万亿": Decimal(10) ** 12, "千亿": Decimal(10) ** 11, "百亿": Decimal(10) ** 10,
             "十亿": Decimal(10) ** 9, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7,
             "百万": Decimal(10) ** 6, "十万": Decimal(10) ** 5, "万": Decimal(10) ** 4,
             "千": Decimal(10) ** 3}
# A percentage in words: 五成 = 50%, 三成七 = 37%, 六成有余 = over 60%.
_CHENG = regex.compile(r"([一二两三四五六七八九十])成([一二三四五六七八九])?(有余|多)?$")
_FRACTION = regex.compile(r"(.+)分之(.+)$")
_NUMERAL_CHAR = regex.compile(r"[\d零〇○一二两三四五六七八九十百千万亿兆壹贰叁肆伍陆柒捌玖拾佰仟]")


# The parts of a number with its unit, in the rules' own vocabulary ({num}, {magnitude}).
_NUMBER_UNIT = (r"(?P<num>{num})(?:(?P<mag1>{magnitude})?{range_sep}约?(?P<num2>{num}))?"
                r"(?P<mid>多|余)?(?P<unit>.*)")


def _strip(text: str, words: list[str], at_end: bool) -> tuple[str, str | None]:
    """Remove the longest qualifier word at one end; return the rest and the word."""
    for word in sorted(words, key=len, reverse=True):
        if (text.endswith(word) if at_end else text.startswith(word)) and len(word) < len(text):
            return (text[: -len(word)] if at_end else text[len(word):]), word
    return text, None


def parse_quantity(text: str, rules: RuleSet) -> dict | None:
    """value, value_max, unit and qualifier of one quantity; None when it holds no number."""
    pre_lex, post_lex = rules.lexicons["qual_pre"], rules.lexicons["qual_post"]
    body, pre = _strip(text, pre_lex.entries, at_end=False)
    body, post = _strip(body, post_lex.entries, at_end=True)
    qualifier = None
    if pre:
        qualifier = pre_lex.columns.get(pre, [None])[0]
    if post:
        qualifier = post_lex.columns.get(post, [None])[0]
    body = body.replace(" ", "")
    for currency in ("人民币", "新台币", "港币"):   # 人民币18.81亿元: the unit after the number says it
        body = body.removeprefix(currency)
    try:
        out = _parse_body(body, rules)
    except ValueError:
        return None
    if out is None:
        return None
    out["qualifier"] = out.get("qualifier") or qualifier
    return out


def _parse_body(body: str, rules: RuleSet) -> dict | None:
    if body.startswith("百分之"):
        return {"value": parse_number(body[3:]), "value_max": None, "unit": "%"}
    if m := _CHENG.match(body):
        value = parse_number(m.group(1)) * 10 + (parse_number(m.group(2)) if m.group(2) else 0)
        return {"value": value, "value_max": None, "unit": "%",
                "qualifier": "over" if m.group(3) else None}
    if (m := _FRACTION.match(body)) and not regex.search(r"\d", body):
        # 四分之一 = 25%; 三分之一 is 33.33% only approximately: the exact fraction is kept
        den, num = parse_number(m.group(1)), parse_number(m.group(2))
        share = num * 100 / den
        rounded = share.quantize(Decimal("0.01"))
        return {"value": rounded.normalize(), "value_max": None, "unit": "%",
                "qualifier": None if rounded == share else "approx", "fraction": f"{num}/{den}"}
    m = rules.compile(_NUMBER_UNIT).fullmatch(body)
    if not m:
        return None
    num, unit = m.group("num"), m.group("unit")
    low, high = None, None
    if m.group("num2"):
        low, high = parse_number(num), parse_number(m.group("num2"))
    elif (pair := parse_range(num)) is not None:
        low, high = pair                       # 五六百, 两三万元: a range, never 23000
    else:
        try:
            low = parse_number(num)
        except ValueError:
            # 九五八亿: a digit string with a magnitude; the magnitude joins the unit
            if num[-1:] not in "万亿" or len(num) < 2:
                raise
            low, unit = parse_number(num[:-1]), num[-1] + unit
    return {"value": low, "value_max": high, "unit": unit,
            "qualifier": "over" if m.group("mid") else None}


def normalized(value: Decimal | None, unit: str) -> dict | None:
    """The quantity in base units: 880.5 亿元 -> 88050000000 元 (currencies kept)."""
    if value is None:
        return None
    for word in sorted(MAGNITUDE, key=len, reverse=True):
        if unit.startswith(word):
            return {"value": value * MAGNITUDE[word], "unit": unit[len(word):] or "元"}
    return {"value": value, "unit": unit}


def _edges_ok(doc: Doc, start: int, end: int) -> bool:
    """jieba's words veto a quantity that ends inside a word (10个|月) or starts inside a
    numeral word (统|一). jieba also glues a number to the word before it (降费超|10,
    派壹佰), so a start inside a word is fine when no numeral precedes it there."""
    if end not in doc.word_ends:
        return False
    word = doc.token_inside(start)
    return word is None or not _NUMERAL_CHAR.search(doc.text[word.start:start])


def find_quantities(doc: Doc, rules: RuleSet) -> None:
    """Every quantity rule over the text; overlaps resolved by the documented policy."""
    found = []
    for rule in rules.rules.get("quantities", []):
        def accept(m, rule=rule):
            start, end = m.span("quantity") if "quantity" in rule.pattern.groupindex else m.span()
            parsed = parse_quantity(doc.text[start:end], rules) if _edges_ok(doc, start, end) else None
            if parsed:
                return Item("quantity", start, end, rule.id, {**parsed, "priority": rule.priority})
            return None
        found += scan(rule, doc, accept)
    doc.quantities = resolve_overlaps(found)
