"""A lead that names what is measured, then a list of places each with its figure:
各市房价涨幅:甲市3.2%、乙市2.9% · 病例分布为甲县41例、乙县32例、丙县及丁县各2例.
The indicator is the lead's and every place is a record's region. A list member that is not a
place the text names (an entity found before) followed by its figure makes the whole list
give nothing: which figure is whose must be plain (precision before recall)."""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.lists import split_list
from pipeline.extract.records import make_record, parse_level


def region_list(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    lead = clean_indicator(doc, *m.span("indicator"), rules)
    if not lead.get("indicator"):
        return []
    items = []
    for start, end in split_list(doc, *m.span("members")):
        member = _member(doc, start, end, rules)
        if member is None:
            return []
        places, level = member
        for place in places:
            ind = {**lead, "region": place["text"], "region_code": place["admin_code"]}
            items.append(make_record(rule, place.start, end, ind, level, None, rules))
    return items if len(items) >= 2 else []


def _member(doc: Doc, start: int, end: int, rules: RuleSet):
    """甲市3.2% -> ([甲市], level); 丙县及丁县各2例 -> ([丙县, 丁县], level); None when the
    member does not open with a place the text names, or its figure is no level."""
    places, pos = [], start
    while (place := _place_at(doc, pos)) is not None:
        places.append(place)
        pos = place.end
        joint = rules.compile("(?:{list_and}|、)").match(doc.text, pos, end)
        if joint is None:
            break
        pos = joint.end()
    if not places:
        return None
    rest = doc.text[places[-1].end:end].strip()
    if len(places) > 1:
        if not rest.startswith("各"):
            return None             # 丙县及丁县2例: one figure for two places, whose is not said
        rest = rest[1:].lstrip()
    level = parse_level(rest, rules) if rest else None
    if level is None or not rules.compile("{quantity}").fullmatch(rest):
        return None
    return places, level


def _place_at(doc: Doc, pos: int):
    return next((e for e in doc.entities if e["type"] == "place" and e.start == pos), None)
