"""Where a rule can start, from a group every one of its matches holds: a metric rule such as
`(?:(?P<indicator>{ind})...|(?<=^|[,;:。\\n]))(?P<level>{quantity})...` matches only where a
quantity stands at most W characters after the match's start, W being the widest the part
before the group can be. So the rule is tried only in the W characters before each place
where the group's own pattern matches, instead of at every position of the text.

The anchor is the first named group at the top level of the pattern as written, one that
every match passes through (not optional, never empty, the pattern no alternation at its top
level), with something before it. A rule that opens with its group, as
`(?P<indicator>{ind}){sp}(?P<change>...)` does, is anchored on the next such group, if only
optional parts stand between them. W is read off the expanded part before it with Python's own regex
parser (sre: widths only; `\\p{Han}` is one character as `\\w` is). A repeat without an upper
bound of one character class (the `\\d+` of 123亿元级) can only run over a run of such
characters: W counts, per article, the longest run there is. Any other unbounded part, a
back-reference, or a pattern sre cannot read gives no anchor: the rule is searched at every
position as before. Where the group's pattern matches is found with `overlapped`, which
tries every position; with the same text around it, it matches wherever the group can. When
the characters the group opens with can be read (engine/firsts.py), it is tried only where
one stands: five times fewer tries for a quantity. Of the W characters before a place, only
those from which the part before the group can reach it are tried (engine/leftward.py); and
when that part never matches nothing, only places after a character it can end with are
(firsts.last_class: the `\\(` of a level in brackets, the 至 of a move to a level). A group
that can open with any character (no opening class: metric.region_list's members open with
any Han character) is then looked for only after one of those characters (分布为, :).
"""
from __future__ import annotations

import re._parser as sre_parse
from dataclasses import dataclass
from functools import lru_cache

import regex

from pipeline.engine import firsts, not_after
from pipeline.engine.leftward import Reach, rule_reach
from pipeline.engine.rule_files import expand
from pipeline.engine.triggers import _branches, _close
from pipeline.engine.word_edges import openers

_NAMED = regex.compile(r"\(\?P<(\w+)>")
_OPTIONAL = regex.compile(r"[?*]|\{0*,|\{0+\}")
_UNICODE = regex.compile(r"\\[pP]\{[^}]*\}")
# one character (an escape, a class, a dot or a literal) repeated without an upper bound
_ATOM = r"\\[pP]\{[^}]*\}|\\.|\[(?:\\.|[^\]\\])*\]|[^()|?*+{}\[\]\\]"
_UNBOUNDED = regex.compile(rf"({_ATOM})(?:\+|\*|\{{\d*,\}})[?+]?")
_HUGE = 1 << 30
# A part before the group this short costs the search little: finding the group's matches
# first would not pay for itself (quantity rules with a lookbehind, dates, persons...). So
# does a word every match holds between the first group and a later one: 工业投资(...) or
# 简称 fail the search fast, and anchoring metric.level_in_brackets or
# entity.organization.short_name on their second group made them 6x slower (measured).
# Since a metric rule is tried only where its prefix reaches the group (leftward.py), on
# places it shares with the other rules on {quantity}, that no longer holds for metric rules:
# anchored so, level_in_brackets(_alone), respectively, multiple_of_base and capped_at cost
# 0.14 s instead of 0.25 s over 200 articles (entity rules still lose: short_name 0 -> 0.19 s).
_SHORT = 8


@dataclass
class Anchor:
    group: str
    pattern: regex.Pattern          # the group's own pattern
    width: int                      # the widest the part before it can be, runs aside
    runs: tuple[regex.Pattern, ...]  # the unbounded one-character repeats in that part
    opening: regex.Pattern | None = None    # the characters the group opens with
    openers: frozenset[str] | None = None   # the groups a match can open with (word_edges.py)
    reach: Reach | None = None              # how far left of a place a match can start
    closing: regex.Pattern | None = None    # the characters the part before the group ends with

    def places(self, text: str, budget) -> list[int]:
        """Every position of TEXT where the group's pattern matches, sorted. Found once per
        text for all the rules anchored on the same pattern: level_change, move_to_level and
        moved_to all stand on {quantity}, and each found its places again (measured: as
        costly as all their tries together)."""
        global _SHARED
        seen, found = _SHARED
        if seen is not text:
            found = {}
            _SHARED = (text, found)            # one tuple, so a thread never mixes texts
        key = self.key()
        if key not in found:
            found[key] = self._places(text, budget)
        return found[key]

    def key(self) -> tuple:
        """What the places depend on: anchors with the same key share them (places)."""
        return _bare(self.pattern.pattern), self.pattern.flags, self._only_after()

    def _only_after(self) -> str | None:
        """The closing class when places are looked for only after one of its characters:
        a group that can open with any Han character (metric.region_list's members) was
        matched at every position of every text, 13% of the pipeline for no place at all
        (--quick), while around() keeps only the places after such a character anyway."""
        return self.closing.pattern if self.opening is None and self.closing is not None else None

    def _places(self, text: str, budget) -> list[int]:
        if self._only_after() is not None:
            after = [at + 1 for at in firsts.starts(self.closing, text)]
            return budget.call(_matching, self.pattern.match, text, after)
        if self.opening is None:
            return budget.call(lambda *a, **k: [m.start() for m in self.pattern.finditer(*a, **k)],
                               text, overlapped=True)
        return budget.call(_matching, self.pattern.match, text, firsts.starts(self.opening, text))

    def starts(self, text: str, budget) -> list[int]:
        """Every position of TEXT where a match of the rule can start, sorted."""
        return self.around(text, self.places(text, budget))

    def around(self, text: str, found: list[int]) -> list[int]:
        """Every position in the W characters before each of the group's places FOUND where
        the part before the group can end (the character before the place is one it ends with:
        a `\\(` or a 至 before the quantity)."""
        if self.closing is not None:
            found = [q for q in found if q and self.closing.match(text, q - 1)]
        if not found:
            return []
        width = self.width + sum(_longest(run, text) for run in self.runs)
        if self.reach is not None:
            return self.reach.windows(text, found, width)     # leftward.py
        tries, last = [], -1
        for q in found:
            begin = max(q - width, last + 1, 0)
            tries.extend(range(begin, q + 1))
            last = max(last, q)
        return tries


# the text whose places were found last, and its places by group pattern (Anchor.places)
_SHARED: tuple[str | None, dict] = (None, {})


@lru_cache(maxsize=256)
def _bare(source: str) -> str:
    """SOURCE without a named group around all of it: `(?P<level>Q)` matches where Q does, so
    the places a rule's head finds (heads.py) serve the rules anchored on its level too."""
    named = _NAMED.match(source)
    return source[named.end():-1] if named and _close(source, 0) == len(source) else source


@lru_cache(maxsize=64)
def _longest(run: regex.Pattern, text: str) -> int:
    """The longest match of RUN in TEXT. Remembered: the rules of an article share a few
    run patterns ([^，。]*), and each of its ~25 anchored rules scanned the whole text again
    (3,650 scans for 231 distinct pairs over 150 real articles)."""
    return max((len(m.group()) for m in run.finditer(text)), default=0)


def _matching(match, text: str, positions: list[int], timeout: float) -> list[int]:
    return [at for at in positions if match(text, at, timeout=timeout)]


def _top_groups(source: str):
    """The named groups at the top level of SOURCE that every match holds, in order: name,
    start, end. A top-level element before one that may be skipped is fine (it only widens
    the part before); an optional group itself is no anchor, and the search goes on past it."""
    i = 0
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
        elif ch == "[":
            i = _close_class(source, i)
        elif ch == "(":
            end = _close(source, i)
            named = _NAMED.match(source, i)
            if named and not _OPTIONAL.match(source, end):
                yield named.group(1), i, end
            i = end
        else:
            i += 1


def _close_class(source: str, i: int) -> int:
    j = i + (2 if source[i + 1:i + 2] == "]" else 1)
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    return j + 1


def _width(expanded: str) -> tuple[int, tuple[str, ...]] | None:
    """The widest the expanded pattern can match, with its unbounded one-character repeats
    taken out (returned apart); None when sre cannot bound or read it."""
    if "(?P=" in expanded or regex.search(r"\\[1-9]", expanded):
        return None                                  # a back-reference: its width is the group's
    runs = tuple(m.group(1) for m in _UNBOUNDED.finditer(expanded))
    bounded = _UNBOUNDED.sub("", expanded)
    try:
        width = sre_parse.parse(_UNICODE.sub(r"\\w", bounded)).getwidth()[1]
    except Exception:                                # syntax only the regex module reads
        return None
    return (width, runs) if width < _HUGE else None


def _may_be_empty(expanded: str) -> bool:
    """Whether EXPANDED can match nothing (or sre cannot read it). A group that can matches
    at every position: trying the rule before each is a full search and more."""
    try:
        return sre_parse.parse(_UNICODE.sub(r"\\w", expanded)).getwidth()[0] == 0
    except Exception:                                # syntax only the regex module reads
        return True


def _reaches(rule, prefix: str) -> bool:
    """Whether RULE may be anchored past a word between groups (see _SHORT)."""
    return getattr(rule, "kind", None) == "metrics" and \
        rule_reach(prefix, rule.pattern.flags) is not None


def _closing(prefix: str, flags: int) -> regex.Pattern | None:
    """A one-character pattern for the characters PREFIX always ends with, when it never
    matches nothing and they are few: only places after one of them can be reached."""
    found = firsts.last_class(prefix, flags)
    return regex.compile(found, flags) if found is not None and firsts.narrow(found) else None


def rule_anchor(rule, named: dict[str, str]) -> Anchor | None:
    """The anchor of RULE (see the module's comment), or None."""
    source = rule.source
    if len(_branches(source)) != 1 or rule.pattern.flags & regex.VERSION1:
        return None
    try:
        previous = None
        for name, start, end in _top_groups(source):
            if previous is not None and not _may_be_empty(expand(source[previous:start], named)) \
                    and not _reaches(rule, expand(source[:start], named)):
                return None                          # a word stands between: see _SHORT
            width = _width(expand(source[:start], named))
            if width is None:
                return None                          # unbounded here, so for any later group
            inner = expand(source[start:end], named)
            if width[0] + len(width[1]) > _SHORT and not _may_be_empty(inner):
                group = regex.compile(inner, regex.V0)
                prefix = expand(source[:start], named)
                return Anchor(name, group, width[0],
                              tuple(regex.compile(f"(?:{atom})+", regex.V0)
                                    for atom in width[1]), not_after.opening(group),
                              openers(rule.pattern.pattern),
                              rule_reach(prefix, rule.pattern.flags), _closing(prefix, rule.pattern.flags))
            previous = end
    except (ValueError, KeyError, regex.error):
        return None
    return None
