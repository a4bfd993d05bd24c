"""Rates of change: 同比增长7.8%, 按年下降百分之三点二, 年增12%至年增15%, 高于全省0.8个百分点.

The verb nearest before the number gives the sign (lexicons up.txt and down.txt); a basis
word (同比, 按年, 比上年同期, 季增) gives 同比 or 环比 (basis.txt and the verbs' columns).
"""
from __future__ import annotations

from decimal import Decimal

from pipeline.extract.quantities import parse_quantity
from pipeline.engine.rules import RuleSet

def _longest(text: str, words: list[str]) -> str | None:
    hits = [w for w in words if w in text]
    return max(hits, key=len) if hits else None


def parse_rate(text: str, rules: RuleSet) -> dict | None:
    """One rate as a quantity whose unit is %, 个百分点 or 倍."""
    qty = parse_quantity(text.strip(), rules)
    if qty is None or qty["value"] is None:
        return None
    unit = rules.lexicons["rate_units"].columns.get(qty["unit"], [None])[0]
    return {**qty, "unit": unit} if unit else None


def parse_basis(text: str, rules: RuleSet) -> str | None:
    """同比/环比 from a basis word (比上年同期) or a verb that carries one (年增, 季增)."""
    for name in ("basis", "up", "down"):
        lexicon = rules.lexicons.get(name)
        word = _longest(text, lexicon.entries) if lexicon else None
        if word and lexicon.columns.get(word):
            return lexicon.columns[word][0]
    return None


def parse_change(text: str, rules: RuleSet) -> dict | None:
    """同比下降3.2% -> {value: -3.2, unit: %, basis: 同比}; 年增12%至年增15% -> a range.
    The verb nearest before the number decides the sign (下降 -> negative)."""
    first = rules.compile("{rate}").search(text)
    if first is None:
        return None
    head = text[:first.start()]
    up, down = _longest(head, rules.words("up")), _longest(head, rules.words("down"))
    ends = {w: head.rfind(w) + len(w) for w in (up, down) if w}
    # 是上年同期的2.63倍: a multiple of the base, said without a verb
    if not ends and (of := rules.compile(r"(?:{multiple_of}){sp}$").search(head)) \
            and rules.compile("(?:{multiple_unit})$").search(first.group()):
        ends = {of.group(): len(head)}
    if not ends:
        return None
    verb = max(ends, key=lambda w: (ends[w], len(w)))
    if verb in rules.words("bound_verbs") and not head[ends[verb]:].strip() \
            and parse_rate(first.group(), rules) is not None \
            and parse_rate(first.group(), rules)["unit"] == "%":
        return None            # 仍低于80%: a bound of the level (under 80%), not a change
    sign = Decimal(-1 if verb == down and verb != up else 1)
    # 增长近5%, 增长超过一倍: a qualifier between the verb and the number is the change's
    pre = rules.compile("{sp}((?:{qual_pre})?){sp}").match(text, ends[verb])
    after = text[pre.end():]
    said = rules.lexicons["qual_pre"].columns.get(pre.group(1), [None])[0] if pre.group(1) else None
    low = (parse_rate(rules.compile("{range_to}").split(after, maxsplit=1)[0], rules)
           or parse_rate(first.group(), rules))
    if low is None:
        return None
    if low["value"] < 0:
        sign = Decimal(1)      # 减少-3480万元: the minus already says the fall; read it once
    high = low["value_max"]
    whole = parse_rate(first.group(), rules)      # 增长3%至4%: one rate range
    if high is None and whole and whole["value"] == low["value"]:
        high = whole["value_max"]
    second = rules.compile("(?:{range_to}){sp}(?:{up}|{down})?{sp}({rate})").search(text, first.end())
    if second and (other := parse_rate(second.group(1), rules)) and other["unit"] == low["unit"]:
        high = other["value"]
    return {"value": sign * low["value"], "value_max": None if high is None else sign * high,
            "unit": low["unit"], "basis": parse_basis(text, rules), "qualifier": low["qualifier"] or said,
            "carries": bool(rules.compile("{same_below}").search(text))}
