"""The metric record: one indicator with its level and/or one change, and its evidence."""
from __future__ import annotations

import regex

from pipeline.document import Item
from pipeline.extract.indicators import known_indicator
from pipeline.extract.compounds import structure_parts
from pipeline.extract.quantities import normalized, parse_quantity
from pipeline.engine.rules import RuleSet


def role_words(rules: RuleSet, name: str, role: str) -> list[str]:
    """The entries of lexicon NAME whose second column says ROLE (gap_words: 个百分点 | unit).
    Read once per rule set and kept on it (as numbers.numerals is): metrics and periods ask
    per item, ~40 times an article; each caller gets its own list."""
    kept = rules.__dict__.setdefault("_role_words", {})
    if (name, role) not in kept:
        lex = rules.lexicons.get(name)
        kept[name, role] = tuple(w for w in lex.entries if (lex.columns.get(w) or [None])[0] == role) if lex else ()
    return list(kept[name, role])


def numeral_class(rules: RuleSet) -> str:
    """A regex class of the characters of a Chinese numeral below 万 (numerals.txt: digit and
    small kinds), for a numeral inside a period or a name (十一月, 第十一期); built once per
    rule set (escaping it per call was ~1% of the pipeline's time)."""
    kept = rules.__dict__.setdefault("_numeral_class", [])
    if not kept:
        lex = rules.lexicons["numerals"]
        kept.append("[" + regex.escape("".join(w for w in lex.entries if lex.columns[w][0] in ("digit", "small"))) + "]")
    return kept[0]


def parse_level(text: str, rules: RuleSet) -> dict | None:
    qty = parse_quantity(text, rules)
    if qty is None:
        return None
    return {**qty, "normalized": normalized(qty["value"], qty["unit"], rules)}


def make_record(rule, start: int, end: int, ind: dict, level: dict | None,
            change: dict | None, rules: RuleSet) -> Item:
    name = ind.get("indicator")
    fields = {
        "indicator": name,
        **known_indicator(name, rules),
        "value": level["value"] if level else None,
        "value_max": level["value_max"] if level else None,
        "unit": level["unit"] if level else None,
        "normalized": level["normalized"] if level else None,
        "qualifier": (level or {}).get("qualifier") or (change or {}).get("qualifier"),
        "change": None if change is None else {k: change[k] for k in ("value", "value_max", "unit", "basis")},
        "period": ind.get("period"), "period_norm": ind.get("period_norm"),
        "region": ind.get("region"), "region_code": ind.get("region_code"),
        "organization": ind.get("organization"), "verb": ind.get("verb"),
        "indicator_span": list(ind["span"]) if name else None,
        "carries_basis": bool(change and change.get("carries")),
        "priority": rule.priority,
    }
    return Item("metric", start, end, rule.id, fields)


def predicate_span(item: Item) -> tuple[int, int] | None:
    """Where the predicate that names a share or a count of who acts stands (42.5%的受访者|认为
    房价将上涨, 新增86人|被送进医院): what those counted do, meant to be a stretch of the
    sentence; None on any other item."""
    said = item.fields.get("predicate")
    return (item["indicator_span"][1] - len(said), item["indicator_span"][1]) if said else None


def structure_records(doc, rule, start: int, level_span: tuple[int, int], ind: dict,
                      level: dict, rules: RuleSet) -> list[Item]:
    """三次产业结构为5.6:56.6:37.8: a structure is the share of each part, one record per part
    in %, each ending at its own part; [] for a ratio that is no structure (存贷比1.98:1)."""
    if not level.get("ratio"):
        return []
    return [make_record(rule, start, end, ind, {**level, "value": value, "unit": "%",
                                                 "normalized": normalized(value, "%", rules)}, None, rules)
            for _, end, value in structure_parts(doc.text, *level_span, rules)]
