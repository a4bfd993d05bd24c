"""Metrics: an indicator with a level (880.5亿元), a signed change (同比增长7.8%) or both.

Metric rules (rules/metrics.toml) are regexes whose named groups say what each part is:
`indicator` (the words before the value, cleaned by indicators.py), `level` (a quantity),
`change` and `change2` (a level with two rates is two records), and for 分别/各 sentences
`subjects` (A、B、C), `shared` and `values` (x、y、z) distributed one to one.
"""
from __future__ import annotations

from decimal import Decimal

import regex

from .document import Doc, Item
from .indicators import clean_indicator, indicator_id, join_head
from .matching import resolve_overlaps, scan
from .quantities import normalized, parse_quantity
from .rules import RuleSet
from .segment import tag, tokenizer

_WORD_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")
_RATE_UNITS = {"%": "%", "个百分点": "个百分点", "百分点": "个百分点", "倍": "倍", "成": "%"}


def _longest(text: str, words: list[str]) -> str | None:
    hits = [w for w in words if w in text]
    return max(hits, key=len) if hits else None


def _rate(text: str, rules: RuleSet) -> dict | None:
    """One rate as a quantity whose unit is %, 个百分点 or 倍."""
    qty = parse_quantity(text.strip(), rules)
    if qty is None or qty["value"] is None:
        return None
    unit = _RATE_UNITS.get(qty["unit"])
    return {**qty, "unit": unit} if unit else None


def _basis(text: str, rules: RuleSet) -> str | None:
    """同比/环比 from a basis word (比上年同期) or a verb that carries one (年增, 季增)."""
    for name in ("basis", "up", "down"):
        lexicon = rules.lexicons.get(name)
        word = _longest(text, lexicon.entries) if lexicon else None
        if word and lexicon.columns.get(word):
            return lexicon.columns[word][0]
    return None


def parse_change(text: str, rules: RuleSet) -> dict | None:
    """同比下降3.2% -> {value: -3.2, unit: %, basis: 同比}; 年增36.1%至年增39.8% -> a range.
    The verb nearest before the number decides the sign (下降 -> negative)."""
    first = rules.compile("{rate}").search(text)
    if first is None:
        return None
    head = text[:first.start()]
    up, down = _longest(head, rules.words("up")), _longest(head, rules.words("down"))
    ends = {w: head.rfind(w) + len(w) for w in (up, down) if w}
    if not ends:
        return None
    verb = max(ends, key=lambda w: (ends[w], len(w)))
    sign = Decimal(-1 if verb == down and verb != up else 1)
    low = _rate(rules.compile("(?:{qual_pre})?{sp}").sub("", text[ends[verb]:], count=1)
                .split("至")[0].split("到")[0], rules) or _rate(first.group(), rules)
    if low is None:
        return None
    high = low["value_max"]
    second = rules.compile("(?:至|到){sp}(?:{up}|{down})?{sp}({rate})").search(text, first.end())
    if second and (other := _rate(second.group(1), rules)) and other["unit"] == low["unit"]:
        high = other["value"]
    return {"value": sign * low["value"], "value_max": None if high is None else sign * high,
            "unit": low["unit"], "basis": _basis(text, rules), "qualifier": low["qualifier"],
            "carries": "下同" in text}


def _level(text: str, rules: RuleSet) -> dict | None:
    qty = parse_quantity(text, rules)
    if qty is None:
        return None
    return {**qty, "normalized": normalized(qty["value"], qty["unit"])}


def _record(rule, start: int, end: int, ind: dict, level: dict | None,
            change: dict | None, rules: RuleSet) -> Item:
    name = ind.get("indicator")
    fields = {
        "indicator": name,
        "indicator_id": indicator_id(name, rules),
        "value": level["value"] if level else None,
        "value_max": level["value_max"] if level else None,
        "unit": level["unit"] if level else None,
        "normalized": level["normalized"] if level else None,
        "qualifier": (level or {}).get("qualifier") or (change or {}).get("qualifier"),
        "change": None if change is None else {k: change[k] for k in ("value", "value_max", "unit", "basis")},
        "period": ind.get("period"), "period_norm": ind.get("period_norm"),
        "region": ind.get("region"), "region_code": ind.get("region_code"), "verb": ind.get("verb"),
        "indicator_span": list(ind["span"]) if name else None,
        "carries_basis": bool(change and change.get("carries")),
        "priority": rule.priority,
    }
    return Item("metric", start, end, rule.id, fields)


def _split_list(doc: Doc, start: int, end: int, separators: str = "、") -> list[tuple[int, int]]:
    """A、B、C -> the spans of A, B and C, each stripped of spaces."""
    spans, pos = [], start
    for ch_pos in range(start, end + 1):
        if ch_pos == end or doc.text[ch_pos] in separators:
            s, e = pos, ch_pos
            while s < e and doc.text[s] == " ":
                s += 1
            while e > s and doc.text[e - 1] == " ":
                e -= 1
            if e > s:
                spans.append((s, e))
            pos = ch_pos + 1
    return spans


def _subjects_span(doc: Doc, m, rules: RuleSet) -> tuple[int, int]:
    """The list of subjects ends at 等 or a space (储能、汽车电子等产业增长迅猛) and before a
    basis word (汽车类、石油及制品类零售额同比)."""
    start, end = m.span("subjects")
    text = doc.text[start:end]
    cut = min([i for i in (text.find("等"), text.find(" ")) if i > 0] or [len(text)])
    text = text[:cut]
    for word in sorted(rules.words("basis"), key=len, reverse=True):
        if text.endswith(word):
            text = text[: -len(word)]
            break
    return start, start + len(text)


def _distribute(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """分别: subjects A、B and values x、y pair one to one; 各: one value for every subject.
    A value without a unit (5.6和4.4个百分点) takes the last value's unit."""
    values = _split_list(doc, *m.span("values"), separators="、和及与")
    start, end = _subjects_span(doc, m, rules)
    # 、 separates subjects; 和/及/与 too only when the count says so (石油及制品类 is one)
    subjects = _split_list(doc, start, end)
    if len(subjects) < len(values):
        subjects = _split_list(doc, start, end, separators="、和及与")
    if len(values) == 1:
        values = values * len(subjects)
    if len(subjects) != len(values) or len(subjects) < 2:
        return []
    bare = rules.compile("{num}{sp}")
    tail = doc.text[values[-1][0]:values[-1][1]]
    tail = tail[bare.match(tail).end():] if bare.match(tail) else ""
    verb, shared = m.groupdict().get("change") or "", m.groupdict().get("shared") or ""
    heads = join_head([doc.text[s:e] for s, e in subjects], rules)
    basis = _basis(m.group(), rules)
    items = []
    for (ss, se), head, (vs, ve) in zip(subjects, heads, values):
        value = doc.text[vs:ve]
        value += tail if bare.fullmatch(value) else ""
        change = parse_change(verb + value, rules) if verb else None
        level = None if verb else _level(value, rules)
        if change is None and level is None:
            return []
        if change and not change["basis"]:
            change["basis"] = basis
        ind = clean_indicator(doc, ss, se, rules)
        if ind.get("indicator"):
            ind["indicator"] += head + shared
        end = ve if len(set(values)) > 1 else m.end()
        items.append(_record(rule, ind["span"][0] if ind.get("indicator") else ss, end, ind, level, change, rules))
    return items


def _compare(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """比全省(7.7%)和全国(7.0%)分别高0.7、1.4个百分点: one gap per base (the previous metric's
    增速, compared_with the base) and, where a base states its own rate, a metric for it."""
    bases = _split_list(doc, *m.span("bases"), separators="、和及与")
    values = _split_list(doc, *m.span("values"), separators="、")
    if len(bases) != len(values):
        return []
    sign = -1 if m.group("change") in ("低", "慢") else 1
    records = []
    for (bs, be), (vs, ve) in zip(bases, values):
        own = rules.compile(r"(.+?)\(({rate})\)$").match(doc.text[bs:be])
        base = own.group(1) if own else doc.text[bs:be]
        if own and (rate := _rate(own.group(2), rules)):
            change = {"value": rate["value"], "value_max": None, "unit": rate["unit"], "basis": None}
            records.append(_record(rule, bs, be, {"region": base}, None, change, rules))
            records[-1].fields["compared_base"] = True
        rate = _rate(doc.text[vs:ve] + ("" if "个百分点" in doc.text[vs:ve] else "个百分点"), rules)
        if rate is None:
            return []
        gap = {"value": sign * rate["value"], "value_max": None, "unit": rate["unit"], "basis": None}
        records.append(_record(rule, vs, ve, {}, None, gap, rules))
        records[-1].fields["compared_with"] = base
    return records


def _from_match(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    groups = m.groupdict()
    if groups.get("subjects") is not None:
        return _distribute(doc, rule, m, rules)
    if groups.get("bases") is not None:
        return _compare(doc, rule, m, rules)
    ind = clean_indicator(doc, *m.span("indicator"), rules) if groups.get("indicator") else {}
    if _misread(ind.get("indicator"), rules):
        return []
    level = _level(groups["level"], rules) if groups.get("level") else None
    changes = [parse_change(groups[g], rules) for g in ("change", "change2") if groups.get(g)]
    changes = [c for c in changes if c] or [None]
    if level is None and changes == [None]:
        return []
    start, end = (ind["span"][0] if ind.get("indicator") else m.start("level" if level else "change")), m.end()
    if level and changes == [None] and (counted := _counted(doc, m.end("level"), level, rules)):
        if rules.compile("{sp}{change}").match(doc.text, counted[1]):
            return []          # 十种有色金属增长0.7%: the count is part of the indicator's name
        ind = {**ind, "indicator": counted[0], "span": (m.start("level"), counted[1])}
        start, end = min(start, m.start("level")), counted[1]
    # evidence runs from the indicator itself (period and region before it are context)
    return [_record(rule, start, end, ind, level, change, rules) for change in changes]


_NOUNS = {"n", "nz", "vn", "j", "ng", "nt", "nrt", "an"}


def _counted(doc: Doc, end: int, level: dict, rules: RuleSet) -> tuple[str, int] | None:
    """10个行业, 六个方面, 4个地标产业集群: the nouns right after a measure word are what is
    counted (up to three words tagged as nouns, stopping before a head such as 增加值 that
    the count does not cover: 10个行业增加值 counts 行业), returned with their span's end."""
    unit = level["unit"].lstrip("万亿千百十")
    if unit not in rules.words("classifiers"):
        return None
    clause = rules.compile(r"[^,.;:。!?()\n的]{1,8}").match(doc.text, end)
    if clause is None:
        return None
    nouns, pos, heads = [], end, set(rules.words("indicator_heads"))
    for word, flag in tag(clause.group(), rules.user_words())[:3]:
        if flag not in _NOUNS or (nouns and word in heads):
            break
        nouns.append(word)
        pos += len(word)
    return ("".join(nouns), pos) if nouns else None


def _resume(m) -> int:
    """Scan again right after the level: an aside or a change after it may hold a metric
    of its own; claims keep the same number from being taken twice."""
    return m.end("level") if "level" in m.re.groupindex and m.start("level") >= 0 else m.end()


def _claims(m) -> list[tuple[int, int]]:
    """The numbers a match claims: two matches compete only where these overlap, so an aside
    such as (占总投资的32.1%) inside a longer match stays a metric of its own."""
    groups = ("level", "change", "change2", "values")
    return [m.span(g) for g in groups if g in m.re.groupindex and m.start(g) >= 0]


def _misread(name: str | None, rules: RuleSet) -> bool:
    """Words before a value that hold a quantity of their own (詹姆斯拿下了24分11个篮板) are
    not an indicator: the clause is a list of figures such as a game's statistics."""
    hit = rules.compile("{num}{sp}(?:分|{magnitude}|{units})(?!元?级)").search(name or "")
    return hit is not None          # 20亿级企业, 2000亿元级别的产业集群 are classes, not figures


def _edges_ok(doc: Doc, m, rules: RuleSet) -> bool:
    """The indicator and the change start on jieba word starts: 季|增6% is not the indicator
    季 with the change 增6%."""
    checked = ("bases",) if "bases" in m.re.groupindex else ("indicator", "subjects", "change")
    starts = [m.start(g) for g in checked if g in m.re.groupindex and m.start(g) >= 0]
    if not all(s in doc.word_starts for s in starts):
        return False
    return "level" not in m.re.groupindex or m.start("level") < 0 or _starts_cleanly(doc, m.start("level"), rules)


def _starts_cleanly(doc: Doc, start: int, rules: RuleSet) -> bool:
    """A level may start inside one of jieba's words only when jieba glued it to its
    neighbour (降费超|10亿元, a word it does not know); not inside a real word (签约|13个)."""
    word = next((t for t in doc.tokens if t.start < start < t.end), None)
    return word is None or not tokenizer(rules.user_words()).FREQ.get(word.word)


def _ends_clause(doc: Doc, item: Item) -> bool:
    """The value ends its clause (南京市8316.92亿元、…); 38微米线的… describes a noun instead."""
    return item.end >= len(doc.text) or not _WORD_CHAR.match(doc.text[item.end])


def _inherit(doc: Doc, records: list[Item], rules: RuleSet) -> list[Item]:
    """A clause without an indicator continues the metric before it in the same sentence:
    南京市8316.92亿元 after 苏州市地区生产总值…; a gap in 个百分点 after a growth rate is that
    indicator's 增速. Without one before it, the record is dropped: a number without an
    indicator is no fact."""
    kept, previous = [], None
    for item in records:
        same_sentence = previous is not None and doc.sentence_of(previous.start) == doc.sentence_of(item.start)
        context = previous["indicator"] if same_sentence and previous["indicator"] else _topic(doc, item)
        if item["indicator"] is None and context and (_ends_clause(doc, item) or item["compared_base"]):
            name = context
            gap = (item["change"] or {}).get("unit") == "个百分点" and not item["value"] and \
                same_sentence and ((previous["change"] or {}).get("unit") == "%")
            if gap and not name.endswith(("增速", "增幅", "率", "比重", "占比")):
                name += "增速"
            item.fields.update(indicator=name, indicator_from="previous")
            if gap and item["compared_with"] and previous["region"] and not item["region"]:
                item.fields["region"] = previous["region"]      # the gap is the compared metric's
        if item["indicator"] and not _not_economic(item["indicator"], rules):
            kept.append(item)
            if not item["compared_base"]:
                previous = item     # a base's own rate (全省7.7%) is no subject for what follows
    return kept


def _topic(doc: Doc, item: Item) -> str | None:
    """订单来源地区方面，以美国284.5亿美元为首…: a sentence that opens with a topic (X方面,
    X中, 从X看) names what its bare figures measure."""
    start = doc.sentences[doc.sentence_of(item.start)][0] if doc.sentences else 0
    m = regex.compile(r"\s*从?(\p{Han}{2,12}?)(?:方面|中|来看|看)[,:]").match(doc.text, start)
    return m.group(1) if m and m.end() <= item.start else None


def _not_economic(name: str, rules: RuleSet) -> bool:
    """Counts of a game's statistics (8次助攻, 4名投手) are no metrics (GUIDE)."""
    return any(word in name for word in rules.words("non_metric_nouns"))


def extract_metrics(doc: Doc, rules: RuleSet) -> None:
    """Every metric rule over the text; matches that claim the same numbers compete by the
    overlap policy, and the records of one match (two changes, a 分别 list) stand together."""
    matches = []
    for rule in rules.rules.get("metrics", []):
        def accept(m, rule=rule):
            if not _edges_ok(doc, m, rules):
                return None
            records = _from_match(doc, rule, m, rules)
            return records and Item("match", m.start(), m.end(), rule.id,
                                    {"priority": rule.priority, "records": records, "claims": _claims(m)})
        matches += scan(rule, doc, accept, resume=_resume)
    kept = resolve_overlaps(matches, spans=lambda i: i.fields["claims"])
    records = sorted((r for match in kept for r in match.fields["records"]), key=lambda i: (i.start, i.end))
    for item in records:
        item.fields["indicator_id"] = indicator_id(item["indicator"], rules)
    doc.metrics = _inherit(doc, records, rules)
