"""Figures given as one of a pair or a list without 分别: which figure is whose is not said.

销售面积和销售金额萎缩至114.5万平方米和101亿元 names two things and gives two figures; without
分别 the rule reads one name (the pair) for each figure, a fact nobody stated. And in 面积152.5万
平方米,金额122.2亿元,同比分别增长33.2%和21.0% the rates belong to the levels one by one, not
all to the level next to them. Precision first: the pair's figures are refused, and a change
that is the first of a 分别 list is not given to one level (the level stands alone).
"""
from __future__ import annotations

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.extract.target_names import clause_start

# a value after the figure, joined to it as the next of a list (…万平方米和101亿元)
_NEXT = r"{sp}(?:{list_and}|、){sp}(?:{quantity}|{rate})"
# a value before the figure, joined to it the same way (114.5万平方米和|101亿元)
_PREVIOUS = r"(?:{quantity}|{rate}){sp}(?:{list_and}|、){sp}$"
# 分别 just before the change (分别同比增长…), else inside it (同比分别增长33.2%和…)
_RESPECTIVELY = r"分别(?:{basis})?{sp}$"


def paired_level(doc: Doc, level: tuple[int, int], rules: RuleSet, name: str | None = None) -> str | None:
    """Why a level is one of two figures for a name that joins two things (A和B…X和Y), or None.
    NAME: the name the level inherits, else the words of its clause before it; only when it
    holds a list word, and only for figures side by side: 出口额12亿元和进口额8亿元 names each."""
    if name is None:
        name = doc.text[clause_start(doc, level[0], rules):level[0]]
    if "分别" in name or not any(w in name for w in (*rules.words("list_and"), "、")):
        return None         # 分别为30亿元和20亿元: the values go one by one (or to one subject)
    before = doc.text[max(level[0] - 30, 0):level[0]]
    if rules.compile(_NEXT).match(doc.text, level[1]) or rules.compile(_PREVIOUS).search(before):
        return (f"{name!r} names several things and the figure is one of a list given without "
                "分别: which figure is whose is not said")
    return None


def listed_change(doc: Doc, change: tuple[int, int], rules: RuleSet) -> bool:
    """The change is the first of a 分别 list (同比分别增长33.2%和21.0%): it belongs to the first of
    several levels, not to the one the rule read it with."""
    before = doc.text[max(change[0] - 12, 0):change[0]]
    return bool(rules.compile(_RESPECTIVELY).search(before) or "分别" in doc.text[change[0]:change[1]]) \
        and rules.compile(_NEXT).match(doc.text, change[1]) is not None
