"""Counts of a set's members by how they moved (封闭式基金18只上涨,5只持平,9只下跌): the breadth
a market report gives. Each count names the set it is drawn from and the verb (breadth_verbs.txt):
封闭式基金上涨 18只. The set is the noun phrase before the first count of the chain, in its own
clause (开盘交易的32只封闭式基金|18只上涨: the noun the set's own count counts); a clause
that opens with the count continues the chain before it. No set, no record: 仅2只下跌 alone
says of what only the sentences before can tell.
"""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.figures import Refusal
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.name_cuts import inner_end
from pipeline.extract.records import make_record, parse_level
from pipeline.extract.target_names import clause_start


def named_by_set(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """The record of match M (`level`, then how the members moved: `state`), or a Refusal."""
    level = parse_level(m.group("level"), rules)
    if level is None:
        return []
    found = _set_of(doc, m.start("level"), rules)
    if found is None:
        return Refusal(f"{m.group('level')}{m.group('state')}: no set named before the chain of counts, "
                       "so what the count counts is not said")
    name = found["indicator"]
    ind = {**{k: v for k, v in found.items() if k != "verb"}, "indicator": name + m.group("state")}
    record = make_record(rule, m.start("level"), m.end("state"), ind, level, None, rules)
    record.fields["set"] = name         # (what a figure after the chain continues: inherit.py)
    return [record]


def _set_of(doc: Doc, count_start: int, rules: RuleSet) -> dict | None:
    """The set the count at COUNT_START is drawn from, as clean_indicator reads it, or None."""
    sentence = doc.sentence_at(count_start)[0]
    start = clause_start(doc, count_start, rules)
    member = rules.compile(r"{sp}(?:{ind_skip_end}|{group_links}){0,2}{sp}(?:{quantity}){sp}(?:{breadth_verbs}){sp}$")
    while True:
        lead = _lead(doc, start, count_start, rules)
        if lead is not None:
            return lead
        if start <= sentence or doc.text[start - 1] not in ",;":
            return None
        count_start = start - 1      # the clause before must itself be a member of the chain
        start = clause_start(doc, count_start, rules)
        counted = rules.compile(r"(?:{quantity})(?={sp}(?:{breadth_verbs}){sp}$)").search(doc.text, start, count_start)
        if counted is None or not member.search(doc.text, start, count_start):
            return None
        count_start = counted.start()


def _lead(doc: Doc, start: int, end: int, rules: RuleSet) -> dict | None:
    """The set named in START..END (the words before a count in its clause): the noun after the
    set's own count when it has one (开盘交易的32只|封闭式基金), else the words as clean_indicator
    reads them; None when they name nothing (仅, 其中)."""
    own = None
    for own in rules.compile(r"(?:{quantity})(?<=(?:{classifiers}))").finditer(doc.text, start, end):
        pass
    s = own.end() if own else start
    ind = clean_indicator(doc, s, inner_end(doc, s, end, rules), rules)      # (26只封基|中: the set, then 中)
    return ind if ind.get("indicator") else None
