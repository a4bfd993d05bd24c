"""Consistency checks a reviewer wants flagged: parts (其中) against their whole.

Each check says what was compared and whether it holds, so a reviewer sees both the findings
and what was verified (技术改造类39条 + 科技创新类20条 + 上市融资类8条 = 需求67条 holds).
Levels are compared in base units (normalized), and only where whole and parts share a unit.
"""
from __future__ import annotations

from collections import defaultdict

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet


def _num(value) -> str:
    """61240000000.0 -> 61240000000, 0.50 -> 0.5: a Decimal as a reader writes it."""
    text = format(value, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def _additive(item: Item, rules: RuleSet) -> bool:
    """Only totals add up: per-capita figures, rates, shares and prices do not (城镇居民人均
    可支配收入 is no part of 居民人均可支配收入's sum)."""
    return not any(w in (item["indicator"] or "") for w in rules.words("non_additive"))


def _level(item: Item):
    norm = item["normalized"]
    return (norm["value"], norm["unit"]) if norm and item["value_max"] is None else None


def _check(kind: str, ok: bool, message: str, items: list[Item]) -> dict:
    return {"kind": kind, "status": "ok" if ok else "fails", "message": message,
            "items": [i["id"] for i in items]}


def check_parts(doc: Doc, rules: RuleSet) -> None:
    by_id = {m["id"]: m for m in doc.metrics}
    parts = defaultdict(list)
    for metric in doc.metrics:
        if metric["parent"] in by_id and _additive(metric, rules):
            parts[metric["parent"]].append(metric)
    for whole_id, members in parts.items():
        whole = by_id[whole_id]
        if not _additive(whole, rules):
            continue
        total = _level(whole)
        levels = [(_level(p), p) for p in members]
        levels = [(lv, p) for lv, p in levels if lv and total and lv[1] == total[1]]
        if not total or not levels:
            continue
        for (value, unit), part in levels:
            if value > total[0]:
                doc.checks.append(_check("part_exceeds_whole", False,
                                         f"{part['indicator']} {_num(value)}{unit} > {whole['indicator']} "
                                         f"{_num(total[0])}{unit}", [part, whole]))
        if len(levels) > 1:
            summed = sum(v for (v, _), _ in levels)
            relation = "=" if summed == total[0] else ("<" if summed < total[0] else ">")
            doc.checks.append(_check(
                "parts_sum", summed <= total[0],
                f"{' + '.join(_num(v) for (v, _), _ in levels)} = {_num(summed)} {relation} "
                f"{whole['indicator']} {_num(total[0])} ({total[1]})", [whole] + [p for _, p in levels]))
