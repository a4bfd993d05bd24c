"""Metrics: an indicator with a level (880.5亿元), a signed change (同比增长7.8%) or both.

Metric rules (rules/metrics.toml) are regexes whose named groups say what each part is:
`indicator` (the words before the value, cleaned by indicators.py), `level` (a quantity),
`change` and `change2` (rates of change: a level with two rates is two records), and for
分别 sentences `subjects` (A、B、C) and `values` (x、y、z) distributed one to one.
"""
from __future__ import annotations

import regex

from .document import Doc, Item
from .indicators import clean_indicator, indicator_id
from .matching import resolve_overlaps, scan
from .quantities import normalized, parse_quantity
from .rules import RuleSet

def _lexicon_word(text: str, rules: RuleSet, name: str) -> str | None:
    """The longest entry of lexicon NAME that text contains."""
    hits = [w for w in rules.words(name) if w in text]
    return max(hits, key=len) if hits else None


def parse_change(text: str, rules: RuleSet) -> dict | None:
    """同比下降3.2% -> {value: -3.2, unit: %, basis: 同比}; None when no number is there."""
    up, down = _lexicon_word(text, rules, "up"), _lexicon_word(text, rules, "down")
    # the verb nearest the number decides (下降 in 同比下降 over nothing; 降低 over 低)
    verb_end = {w: text.find(w) + len(w) for w in (up, down) if w}
    verb = max(verb_end, key=lambda w: (verb_end[w], len(w))) if verb_end else None
    if verb is None:
        return None
    rest = text[verb_end[verb]:].lstrip("了")
    qty = parse_quantity(rest, rules)
    if qty is None or qty["value"] is None:
        return None
    unit = {"百分点": "个百分点", "成": "%"}.get(qty["unit"], qty["unit"])
    if unit not in ("%", "个百分点", "倍"):
        return None
    sign = -1 if verb == down else 1
    basis = None
    for lex in ("basis", "up", "down"):
        lexicon = rules.lexicons.get(lex)
        word = _lexicon_word(text, rules, lex) if lexicon else None
        if word and lexicon.columns.get(word):
            basis = lexicon.columns[word][0]
            break
    if basis is None and regex.search(r"比上年|比去年同期|比上年同期", text):
        basis = "同比"
    elif basis is None and "比上月" in text:
        basis = "环比"
    high = qty["value_max"]
    return {"value": sign * qty["value"], "value_max": sign * high if high is not None else None,
            "unit": unit, "basis": basis, "qualifier": qty["qualifier"], "verb": verb,
            "carries": "下同" in text}


def _level(text: str, rules: RuleSet) -> dict | None:
    qty = parse_quantity(text, rules)
    if qty is None:
        return None
    return {**qty, "normalized": normalized(qty["value"], qty["unit"])}


def _record(doc: Doc, rule, start: int, end: int, ind: dict, level: dict | None,
            change: dict | None, rules: RuleSet) -> Item:
    fields = {
        "indicator": ind.get("indicator"),
        "indicator_id": indicator_id(ind.get("indicator"), rules),
        "value": level["value"] if level else None,
        "value_max": level["value_max"] if level else None,
        "unit": level["unit"] if level else None,
        "normalized": level["normalized"] if level else None,
        "qualifier": (level or {}).get("qualifier") or (change or {}).get("qualifier"),
        "change": None if change is None else {k: change[k] for k in ("value", "value_max", "unit", "basis")},
        "period": ind.get("period"), "region": ind.get("region"), "verb": ind.get("verb"),
        "indicator_span": list(ind["span"]) if ind.get("indicator") else None,
        "carries_basis": bool(change and change.get("carries")),
        "priority": rule.priority,
    }
    fields.update({k: v for k, v in rule.options.items() if k in ("basis",) and fields["change"]})
    return Item("metric", start, end, rule.id, fields)


def _split_list(doc: Doc, start: int, end: int, separators: str = "、") -> list[tuple[int, int]]:
    """A、B、C -> the spans of A, B and C. Subjects split on 、 only (石油及制品类 is one);
    values also on 和 (5.6和4.4个百分点)."""
    text = doc.text[start:end]
    spans, pos = [], start
    for part in regex.split(f"([{separators}])", text):
        if part and part not in separators:
            spans.append((pos, pos + len(part)))
        pos += len(part)
    return spans


def _distribute(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """分别: subjects A、B and values x、y pair one to one; a shared tail (营业收入) joins each."""
    subjects = _split_list(doc, *m.span("subjects"))
    values = _split_list(doc, *m.span("values"), separators="、和")
    if len(subjects) != len(values) or len(subjects) < 2:
        return []
    verb = m.group("change") or ""
    items = []
    for (ss, se), (vs, ve) in zip(subjects, values):
        ind = clean_indicator(doc, ss, se, rules)
        change = parse_change(verb + doc.text[vs:ve], rules) if verb else None
        level = None if change else _level(doc.text[vs:ve], rules)
        if change is None and level is None:
            return []
        items.append(_record(doc, rule, ss, ve, ind, level, change, rules))
    return items


def _from_match(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    groups = m.groupdict()
    if groups.get("subjects") is not None:
        return _distribute(doc, rule, m, rules)
    ind = clean_indicator(doc, *m.span("indicator"), rules) if groups.get("indicator") else {}
    level = _level(groups["level"], rules) if groups.get("level") else None
    changes = [parse_change(groups[g], rules) for g in ("change", "change2") if groups.get(g)]
    changes = [c for c in changes if c] or [None]
    if level is None and changes == [None]:
        return []
    # evidence runs from the indicator itself (period and region before it are context)
    start = ind["span"][0] if ind.get("indicator") else m.start()
    return [_record(doc, rule, start, m.end(), ind, level, change, rules) for change in changes]


def _edges_ok(doc: Doc, m) -> bool:
    """The indicator and the change start on jieba word starts: 季|增6% is not the indicator
    季 with the change 增6%."""
    starts = [m.start(g) for g in ("indicator", "subjects", "change") if g in m.re.groupindex and m.start(g) >= 0]
    return all(s in doc.word_starts for s in starts)


def extract_metrics(doc: Doc, rules: RuleSet) -> None:
    """Every metric rule over the text. Where matches of different rules overlap, the higher
    priority, then the longer, then the earlier wins; the records of one match (two changes,
    a 分别 list) stand or fall together."""
    matches = []
    for rule in rules.rules.get("metrics", []):
        def accept(m, rule=rule):
            if not _edges_ok(doc, m):
                return None
            records = _from_match(doc, rule, m, rules)
            return records and Item("match", m.start(), m.end(), rule.id,
                                    {"priority": rule.priority, "records": records})
        matches += scan(rule, doc, accept)
    kept = resolve_overlaps(matches)
    doc.metrics = sorted((r for match in kept for r in match.fields["records"]),
                         key=lambda i: (i.start, i.end))
