"""Trying an anchored rule only at word starts, when its extractor refuses every other match.

A metric rule is tried in the W characters before each place of its anchor, its quantity
(anchors.py): about 80 positions. The metric extractor refuses a match whose indicator or
change does not start on a jieba word start (季|增6% is no indicator 季), and its rules open
either with one of those groups or with the quantity itself (`(?:(?P<indicator>...)|(?<=,))
(?P<level>...)`). So a match can only be taken where a word starts or where the anchor's own
pattern matches; the others need not be tried (half the tries, the costlier half).

What opens a match is read off the expanded pattern with sre (engine/firsts.py reads it the
same way): a named group opens it when it stands first, after zero-width parts only; a group
repeated more than once (its span is its last repetition's) or anything outside a named group
means "something else", and the rule is tried as before.

The same matches are taken as by trying every position: a full search meets a refused match
at a position left out here and goes on at the next word start. Only once does that skip a
position tried here, an anchor's place inside a word, when a refused match stands between
that word's start and the place; those few positions are tried before the place is taken.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

import re._constants as sre

from pipeline.engine.firsts import group_name, parse

_OTHER = object()        # a match may open with something outside a named group


def openers(expanded: str) -> frozenset[str] | None:
    """The names of the groups a match of EXPANDED can open with; None when it can open with
    anything else (or sre cannot read it)."""
    parsed = parse(expanded)
    if parsed is None:
        return None
    names = {index: group_name(name) for name, index in parsed.state.groupdict.items()}
    found, empty = _opening(parsed, False)
    if empty or _OTHER in found:
        return None
    return frozenset(names[index] for index in found)


def _opening(seq, repeated: bool) -> tuple[set, bool]:
    found: set = set()
    for op, av in seq:
        items, empty = _element(op, av, repeated)
        found |= items
        if not empty:
            return found, False
    return found, True


def _element(op, av, repeated: bool) -> tuple[set, bool]:
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return set(), True                      # zero-width: what follows opens the match
    if op is sre.SUBPATTERN:
        if av[0] is not None:
            return {_OTHER if repeated else av[0]}, False
        return _opening(av[-1], repeated)
    if op is sre.BRANCH:
        found, empty = set(), False
        for branch in av[1]:
            items, may = _opening(branch, repeated)
            found, empty = found | items, empty or may
        return found, empty
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        found, empty = _opening(av[2], repeated or av[1] > 1)
        return found, empty or av[0] == 0
    if op is sre.ATOMIC_GROUP:
        return _opening(av, repeated)
    return {_OTHER}, False                      # a character, a class, a back-reference...


def at_word_starts(rule, edges) -> bool:
    """Whether every match of RULE that its extractor can take starts on a word start or
    at its anchor's place: EDGES(group names) names the groups the extractor refuses when they
    start off a word start."""
    anchor = getattr(rule, "anchor", None)
    opens = getattr(anchor, "openers", None)
    return opens is not None and opens <= set(edges(rule.pattern.groupindex)) | {anchor.group}


def searcher(rule, doc, budget, places: list[int], tries: list[int], word_starts: list[int]):
    """search(pos) as matching._searcher's, over TRIES (every position the anchor allows)
    cut to the word starts and the anchor's PLACES: the first match the extractor can take
    is the same (see the module's comment)."""
    text, starts, places = doc.text, doc.word_starts, set(places)
    kept = [at for at in tries if at in starts or at in places]
    left_out = [at for at in tries if at not in starts and at not in places]
    match = (getattr(rule, "guarded", None) or rule.pattern).match    # (matching.runs)

    def search(pos: int):
        i = bisect_left(kept, pos)
        while True:
            i, m = budget.first(match, text, kept, i)
            if m is None or kept[i] in starts:
                return m
            at = kept[i]                          # a place inside a word: is it skipped?
            word = bisect_right(word_starts, at) - 1
            low = max(word_starts[word] + 1 if word >= 0 else 0, pos)
            between = left_out[bisect_left(left_out, low):bisect_left(left_out, at)]
            j, refused = budget.first(match, text, between)
            if refused is None:
                return m
            after = bisect_right(word_starts, between[j])   # where a full search goes on
            pos = word_starts[after] if after < len(word_starts) else between[j] + 1
            i = bisect_left(kept, pos)
    return search
