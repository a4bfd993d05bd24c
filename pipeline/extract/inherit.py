"""What a clause without a name of its own continues: the metric before it in the same
sentence (乙市6120.4亿元 after 甲市地区生产总值…), the subject of a cause clause before it
(机械产品因…,年增6.9%), the topic a sentence opens with (出口市场方面,…), or nothing. Metrics
(metrics.py) hands its records here in text order; a record still without a name is dropped.
"""
from __future__ import annotations

import regex

from pipeline.document import Doc, Item
from pipeline.engine.rule_files import alternation
from pipeline.engine.rules import RuleSet
from pipeline.extract.changes import parse_basis
from pipeline.extract.counts import paired_level
from pipeline.extract.moves import move_subject
from pipeline.extract.records import role_words

_WORD_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")
_CLAUSES = regex.compile(r"[,;:，；：]")
_HAN2 = regex.compile(r"\p{Han}{2}")
_FIGURE = regex.compile(r"[\d〇零一二两三四五六七八九十百千万亿]")


def _after_group_bound(doc: Doc, item: Item, rules: RuleSet) -> bool:
    """都超过了|30%: a figure right after a group's bound (all_marks.txt, qual_pre.txt), refused
    as no level, continues no metric before it either."""
    m = rules.compile(r"(?:{all_marks})(?:{link})?{sp}(?:{qual_pre})(?:{aspect_marks})?{sp}$").search(
        doc.text, max(0, item.start - 8), item.start)
    return m is not None and m.start() in doc.word_starts


def _ends_clause(doc: Doc, item: Item) -> bool:
    """The value ends its clause (南京市8316.92亿元、…); 38微米线的… describes a noun instead."""
    return item.end >= len(doc.text) or not _WORD_CHAR.match(doc.text[item.end])


def inherit(doc: Doc, records: list[Item], rules: RuleSet) -> list[Item]:
    """A clause without an indicator continues the metric before it in the same sentence:
    乙市6120.4亿元 after 甲市地区生产总值…; a gap in 个百分点 after a growth rate is that
    indicator's 增速. Without one before it, the record is dropped: a number without an
    indicator is no fact."""
    kept, previous, rate = [], None, None
    for item in records:
        same_sentence = previous is not None and doc.sentence_of(previous.start) == doc.sentence_of(item.start)
        _give_change(doc, item, previous if same_sentence else None, rules)
        if item.fields.pop("rate_of_previous", False):
            continue            # (跌幅为4.35%: its change is the figure's before it, or nobody's)
        moved = move_subject(doc, item, rules) if item["indicator"] is None else None
        context = _cause_subject(doc, item, rules) or moved or (
            previous["set"] or previous["indicator"] if same_sentence and previous["indicator"] else _topic(doc, item, rules))
        if item["indicator"] is None and item["organization"]:
            # 宏昌股份在上半年上涨了31.2%: a company's own move is its own, never the name before;
            # a level of it with no name says nothing of what
            context = item["organization"] if item["change"] and item["value"] is None else None
        if item["compared_base"] and rate is not None and doc.sentence_of(rate.start) == doc.sentence_of(item.start):
            context = rate["indicator"]     # 全省(7.7%) is the rate compared (生产总值增长8.4%), not a gap's
        if item["indicator"] is None and context and (_ends_clause(doc, item) or item["compared_base"] or moved) \
                and not _points_back(doc, item, rules) and not paired_level(doc, (item.start, item.end), rules, context) \
                and not (same_sentence and _bare_after_clause(doc, previous.end, item, rules)
                         and not _cause_subject(doc, item, rules)) \
                and not _after_group_bound(doc, item, rules):
            name = context
            gap = (item["change"] or {}).get("unit") in role_words(rules, "gap_words", "unit") and \
                not item["value"] and same_sentence and ((previous["change"] or {}).get("unit") == "%")
            if gap and not name.endswith(tuple(rules.words("ind_rates"))):
                name += role_words(rules, "gap_words", "indicator")[0]
            item.fields.update(indicator=name, indicator_from="subject" if moved and name == moved else "previous")
            if gap and item["compared_with"] and previous["region"] and not item["region"]:
                item.fields["region"] = previous["region"]      # the gap is the compared metric's
        if item["indicator"] in rules.word_set("indicator_heads") and (subject := _cause_subject(doc, item, rules)):
            item.fields["indicator"] = subject + item["indicator"]      # 光学器材因…,接单年减2.4%
        if item["indicator"] and not _not_economic(item["indicator"], rules):
            kept.append(item)
            if not item["compared_base"]:
                previous = item     # a base's own rate (全省7.7%) is no subject for what follows
                rate = item if (item["change"] or {}).get("unit") == "%" else rate
    return kept


def _give_change(doc: Doc, item: Item, previous: Item | None, rules: RuleSet) -> None:
    """达到2.5万元,比去年同期的1.2万元高出33%: the change read with a base's own figure
    (rate_words.base_level), or named by its noun alone (…,环比下调200元,跌幅为1.37%), is the
    figure's before it in the sentence, when that one has none; with the basis the words
    between them say, if the change says none."""
    given = item.fields.pop("change_of_previous", None)
    if given is None or previous is None or previous["change"] is not None or previous["value"] is None:
        return
    named = item.fields.get("rate_of_previous")
    if named and (previous["set"] or not _changes_between(doc, previous.end, item.start, rules)):
        return                  # (a set's members rise, not the count; another clause says whose)
    change, end = given
    previous.fields["change"] = {k: change[k] for k in ("value", "value_max", "unit", "basis")}
    if named and not change["basis"]:
        previous.fields["change"]["basis"] = parse_basis(doc.text[previous.end:item.start], rules)
    previous.end = end          # its evidence runs to the change


def _changes_between(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """The figure ending at START ends its clause, and only clauses of change (与上月同期相比
    减少283套, 环比下调200元) stand between it and the clause of END."""
    clauses = [c.strip() for c in _CLAUSES.split(doc.text[start:end])]
    move = rules.compile(r"[^,;:。!?\n]{0,12}?(?:{up}|{down})")
    return len(clauses) > 1 and not clauses[0] and all(move.match(c) for c in clauses[1:-1])


def _bare_after_clause(doc: Doc, start: int, item: Item, rules: RuleSet) -> bool:
    """乙指数跌幅更大,为8.7%: the figure's clause holds no words of its own but links and
    adverbs (为, 也只有), and a whole clause with words and no figure stands between the metric
    before (ending at START) and it: the figure continues that clause, whose subject is not the
    previous metric's. 甲市…,乙市6120.4亿元 and 其次是乙地…,以电子产品居多,丙地…亿美元 name their own."""
    clauses = _CLAUSES.split(doc.text[start:item.start])
    said = doc.text[item.start:item.end]
    own = (clauses[-1] + said[:_FIGURE.search(said).start()]).strip()
    links = sorted(rules.word_set("link", "ind_skip_end"), key=len, reverse=True)
    while own and (word := next((w for w in links if own.startswith(w)), None)):
        own = own[len(word):]           # 也只有, 仅为: adverbs and links, no words of its own
    if own:
        return False
    return len(clauses) >= 3 and any(_HAN2.search(c) and not _FIGURE.search(c) for c in clauses[1:-1])


def _points_back(doc: Doc, item: Item, rules: RuleSet) -> bool:
    """二者合计为2.3元, 后者为0.12倍: the clause opens with a word for a group named before
    (group_pronouns.txt), so its figure is the group's, not the previous metric's."""
    clause = max(doc.text.rfind(mark, 0, item.start) for mark in ",;:。\n") + 1
    return doc.text[clause:item.start].lstrip().startswith(tuple(rules.words("group_pronouns")))


def _topic(doc: Doc, item: Item, rules: RuleSet) -> str | None:
    """出口市场方面，以德国41.3亿美元为首…: a sentence that opens with a topic (X方面,
    X中, 从X看) names what its bare figures measure."""
    start = doc.sentence_at(item.start)[0]
    opens, closes = (alternation(role_words(rules, "topic_marks", r)) for r in ("open", "close"))
    m = rules.compile(rf"\s*{opens}?(\p{{Han}}{{2,12}}?){closes}[,:]").match(doc.text, start)
    return m.group(1) if m and m.end() <= item.start else None


def _cause_subject(doc: Doc, item: Item, rules: RuleSet) -> str | None:
    """机械产品因设备订单增加,年增6.9%: a clause that opens with a subject and a cause
    (cause_marks.txt) names whose figure the next clause gives, when that clause has none."""
    clause = max(doc.text.rfind(mark, 0, item.start) for mark in ";。\n") + 1
    cause = rules.compile(r"(?<![^\s,;。\n])(\p{Han}{2,8}?)(?:{cause_marks})[^,;。\n]{2,30},\s*")
    m = cause.search(doc.text, clause, item.start)
    return m.group(1) if m and m.end() == item.start else None


def _not_economic(name: str, rules: RuleSet) -> bool:
    """Counts of a game's statistics (8次助攻, 4名投手) are no metrics (GUIDE)."""
    return any(word in name for word in rules.words("non_metric_nouns"))
