"""Where a rule can start, from the sub-pattern its matches open with.

metric.count_predicate, metric.population_share and metric.counted_predicate open with their
level, `(?P<level>{quantity})`, after lookarounds only. Their trigger (a `%` or 成 up to 17
characters on) or their opening characters (every digit and numeral) left them ~13,000 to
36,000 tries over 200 real articles for a few dozen matches each, while {quantity} matches at
only ~2,900 places of the same text: places the engine finds once per text anyway, for every
rule anchored on a quantity (anchors.Anchor.places). So such a rule is tried only where its
head matches: where a match of the rule starts, the head, with the same text around it,
matches too (what the rule's path through the head consumed is one of its own matches).

The head is read off the pattern as its author wrote it: zero-width lookarounds at its start
are stepped over, a group that is not optional is followed into, and the first element must
be a sub-pattern of patterns.toml (a word list there is a trigger's, triggers.py) that is not
optional and whose opening characters can be listed (firsts.py): else a rule keeps its tries.
A rule with a trigger is tried where both its trigger and its head let it start. A head is
kept only where another rule's anchor or head finds the same places: places found for one
rule alone cost as much as the tries they save (quantity.compound's {num}: 0.022 -> 0.035 s).
"""
from __future__ import annotations

from collections import Counter

import regex

from pipeline.engine.anchors import Anchor, _may_be_empty
from pipeline.engine.not_after import opening
from pipeline.engine.rule_files import expand
from pipeline.engine.triggers import _GROUP, _LOOKAROUND, _REF, _branches, _close, _may_skip


def rule_head(rule, named: dict[str, str], lexicons: dict) -> Anchor | None:
    """The head of RULE as an anchor with nothing before it (see the module's comment), or
    None. NAMED: every {name}'s source; LEXICONS: the names that are word lists."""
    if rule.pattern.flags != regex.compile("", regex.V0).flags or "(?" + "i" in rule.source:
        return None                      # another flag (case folding) would match elsewhere
    try:
        branches = _branches(rule.source)
        head = _head(branches[0], lexicons) if len(branches) == 1 else None
        if head is None:
            return None
        expanded = expand(head, named)
        if _may_be_empty(expanded):
            return None                  # it would match at every position
        pattern = regex.compile(expanded, regex.V0)
    except (ValueError, KeyError, regex.error):
        return None
    opens = opening(pattern)
    return None if opens is None else Anchor("", pattern, 0, (), opens)


def _head(branch: str, lexicons: dict) -> str | None:
    """The source of the sub-pattern every match of BRANCH opens with, or None."""
    i = 0
    while branch.startswith(_LOOKAROUND, i):          # zero-width: the head starts here still
        i = _close(branch, i)
    group = _GROUP.match(branch, i)
    if group:
        end = _close(branch, i)
        inner = branch[group.end():end - 1]
        if _may_skip(branch[end:]) or len(_branches(inner)) != 1:
            return None
        return _head(inner, lexicons)
    ref = _REF.match(branch, i)
    if ref is None or ref.group(1) in lexicons or _may_skip(branch[ref.end():]):
        return None
    return ref.group()


def among(head: Anchor, hits: list[int], text: str, budget) -> list[int]:
    """The trigger HITS (sorted) at which HEAD matches too."""
    places = set(head.places(text, budget))
    return [at for at in hits if at in places]


def keep_shared(rules) -> None:
    """Drop each head whose places no other rule's anchor or head shares (see the module's
    comment)."""
    places = Counter(a.key() for r in rules for a in (r.anchor, r.head) if a is not None)
    for rule in rules:
        if rule.head is not None and places[rule.head.key()] < 2:
            rule.head = None
