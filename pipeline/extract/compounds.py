"""Quantities written in several pieces, read as one: 20元4角5分 (a unit and its sub-units),
三米半 (a unit and a half), 五分之一到七分之一 (a range of fractions), and colon ratios:
1.98:1 is one ratio, and a structure such as 5.6:56.6:37.8, whose parts add up to 100, is
the shares of its parts in % (one quantity per part, each with its own span); a list of bare
numbers whose last member carries the unit (0.21、0.2、0.23元) is one quantity per member,
each in that unit.

The shapes are patterns of the rules' vocabulary (subunits.txt, halves.txt, {fraction_of},
{range_sep}, {ratio_sep}); the parsers here only add the pieces up, exactly.
"""
from __future__ import annotations

from decimal import Decimal

from pipeline.document import Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.numbers import exact, parse_number

_SUBUNITS = r"(?P<num>{num})(?P<unit>{units})(?P<rest>(?:(?:{num})(?:{subunits}))+)$"
_SUBUNIT = r"(?P<num>{num})(?P<sub>{subunits})"
_HALF = r"(?P<num>{num})(?P<unit>{units})(?P<half>{halves})$"
_FRACTIONS = r"(?P<low>{fraction}){sp}(?:{range_sep}){sp}(?P<high>{fraction})$"
_RATIO = r"(?:{arabic})(?:(?:{ratio_sep})(?:{arabic}))+$"
_SHARED = r"(?P<first>{arabic})(?:、(?:{arabic}))+(?P<unit>(?:{magnitude})?(?:{units}))$"
# parts of a structure add up to 100 within the rounding of one decimal on each part
_ROUNDING = Decimal("0.15")


def parse_compound(body: str, rules: RuleSet, share) -> dict | None:
    """The quantity of a piece-wise form, or None when `body` is none of them.
    `share(num, den)` is the caller's reading of one fraction."""
    if m := rules.compile(_SUBUNITS).match(body):
        return _with_subunits(m, rules)
    if m := rules.compile(_HALF).match(body):
        half = Decimal(rules.lexicons["halves"].columns[m.group("half")][0])
        return {"value": exact(parse_number(m.group("num"), rules) + half), "value_max": None,
                "unit": m.group("unit")}
    if m := rules.compile(_FRACTIONS).match(body):
        return _fraction_range(m, rules, share)
    if rules.compile(_RATIO).match(body):
        return _ratio(body, rules)
    if m := rules.compile(_SHARED).match(body):
        return {"value": parse_number(m.group("first"), rules), "value_max": None,
                "unit": m.group("unit"), "shared_unit": True}
    return None


def _with_subunits(m, rules: RuleSet) -> dict:
    """20元4角5分 = 20.45 元: each sub-unit (subunits.txt) must belong to the unit before it."""
    unit, value = m.group("unit"), parse_number(m.group("num"), rules)
    columns = rules.lexicons["subunits"].columns
    for piece in rules.compile(_SUBUNIT).finditer(m.group("rest")):
        of, factor = columns[piece.group("sub")]
        if of != unit:
            raise ValueError(f"{piece.group('sub')} is no part of {unit}")
        value += parse_number(piece.group("num"), rules) * Decimal(factor)
    return {"value": exact(value), "value_max": None, "unit": unit}


def _fraction_range(m, rules: RuleSet, share) -> dict:
    """五分之一到七分之一: the two shares, smaller first; approx when either is rounded."""
    ends = []
    for name in ("low", "high"):
        den, num = rules.compile("{fraction_of}").split(m.group(name), maxsplit=1)
        ends.append(share(parse_number(num, rules), parse_number(den, rules)))
    low, high = sorted(ends, key=lambda e: e["value"])
    approx = "approx" if "approx" in (low["qualifier"], high["qualifier"]) else None
    return {"value": low["value"], "value_max": high["value"], "unit": "%", "qualifier": approx,
            "fraction": f"{ends[0]['fraction']}~{ends[1]['fraction']}"}


def _ratio(body: str, rules: RuleSet) -> dict:
    """1.98:1 -> value 1.98, unit ':1'; the parts are kept for `split_shares`."""
    parts = [parse_number(p, rules) for p in rules.compile("{ratio_sep}").split(body)]
    rest = body[len(rules.compile("{arabic}").match(body).group()):]
    return {"value": parts[0], "value_max": None, "unit": rest, "ratio": [str(p) for p in parts]}


def structure_parts(text: str, start: int, end: int, rules: RuleSet) -> list[tuple[int, int, Decimal]]:
    """The parts of a structure (三次产业结构 5.6:56.6:37.8, parts that add up to 100) in
    text[start:end], each with its own span; [] for any other ratio (1.98:1 stays one)."""
    parts = list(rules.compile("{arabic}").finditer(text, start, end))
    values = [parse_number(m.group(), rules) for m in parts]
    if len(values) < 2 or abs(sum(values) - 100) > _ROUNDING * len(values):
        return []
    return [(m.start(), m.end(), v) for m, v in zip(parts, values)]


def split_shares(item: Item, text: str, rules: RuleSet) -> list[Item]:
    """A structure is the share of each part in %: one quantity per part, with the span of
    that part. Other ratios stay one. A list sharing its last unit: one quantity per member."""
    if item.fields.get("shared_unit"):
        return _members(item, text, rules)
    if not item.fields.get("ratio"):
        return [item]
    parts = structure_parts(text, item.start, item.end, rules)
    return [Item("quantity", s, e, item.rule, {**item.fields, "value": v, "unit": "%"})
            for s, e, v in parts] or [item]


def _members(item: Item, text: str, rules: RuleSet) -> list[Item]:
    """0.21、0.2、0.23元: each member in the unit of the last, with its own span (the last
    one's holds the unit)."""
    found = list(rules.compile("{arabic}").finditer(text, item.start, item.end))
    fields = {k: v for k, v in item.fields.items() if k != "shared_unit"}
    return [Item("quantity", m.start(), item.end if i == len(found) - 1 else m.end(), item.rule,
                 {**fields, "value": parse_number(m.group(), rules)})
            for i, m in enumerate(found)]
