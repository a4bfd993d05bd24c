"""Lookaheads the engine adds to a rule's pattern so that a path bound to fail fails at once.

metric.level_change opens with a lazy `(?P<indicator>{ind})` of up to 30 characters; at each
length the regex module works through a ~100-alternative lookbehind, an optional link word
and the whole quantity pattern before it learns that no quantity stands there. Every match
goes on from the end of that group with characters its continuation can open with (a space,
a bracket, a link word, a quantity's first character): read off the pattern with sre
(engine/firsts.py), they make one class, and `(?=[...])` right after the group turns most of
those failing lengths into one character test. The same stands just before the rule's anchor
(anchors.py), the group every match holds.

A guard only refuses a path on which the rest of the pattern cannot match, so the matches,
their groups and the order in which the engine tries paths are those of the pattern as
written. It is added only where the continuation is plain to read: after a named group with
no quantifier of its own, inside groups that are not lookarounds, atomic or repeated (an
optional `(...)?` is fine: what follows it is the continuation). The author's pattern stays
the rule's `source`; the guarded one is what the engine runs.
"""
from __future__ import annotations

import re._constants as sre

import regex

from pipeline import caches
from pipeline.engine.firsts import first_class, narrow, parse
from pipeline.engine.rule_files import expand
from pipeline.engine.triggers import _close, _scan

_NAMED = regex.compile(r"\(\?P<\w+>")
_QUANTIFIER = regex.compile(r"(?:[?*+]|\{\d*,?\d*\})[?+]?")
_PLAIN = regex.compile(r"\((?:\?P<\w+>|\?:|(?!\?))")     # a group whose continuation is read
_MARK = "(?#cnie-guard-{})"                              # kept through {name} expansion


def guarded(rule, named: dict[str, str]) -> regex.Pattern | None:
    """RULE's pattern with its guards, compiled; None when no guard is worth adding."""
    if rule.pattern.flags & (regex.IGNORECASE | regex.VERSION1):
        return None
    source = rule.source
    anchor = getattr(rule, "anchor", None)
    places = _after_groups(source)
    if anchor is not None and (m := regex.search(rf"\(\?P<{anchor.group}>", source)):
        places.add(m.start())
    guards = {}
    for at in places:
        cls = _guard_class(source, at, named)
        if cls is not None:
            guards[at] = cls
    if not guards:
        return None
    marked = source
    for at in sorted(guards, reverse=True):
        marked = marked[:at] + _MARK.format(at) + marked[at:]
    expanded = expand(marked, named)
    for at, cls in guards.items():
        expanded = expanded.replace(_MARK.format(at), f"(?={cls})")
    return caches.compile_pattern(expanded, rule.pattern.flags)


def _after_groups(source: str) -> set[int]:
    """The positions just after each named group that has no quantifier of its own."""
    ends = set()
    for m in _NAMED.finditer(source):
        end = _close(source, m.start())
        if not _QUANTIFIER.match(source, end):
            ends.add(end)
    return ends


def _guard_class(source: str, at: int, named: dict[str, str]) -> str | None:
    """The class every match's continuation from AT opens with, when it is narrow enough to
    be a cheap test; else None."""
    rest = _continuation(source, at)
    if rest is None:
        return None
    try:
        expanded = expand(rest, named)
    except (KeyError, ValueError):
        return None
    cls = first_class(expanded)
    return cls if cls is not None and narrow(cls) and not _tested_first(expanded) else None


def _tested_first(expanded: str) -> bool:
    """The continuation opens with one character or class of its own (`\\(` after
    metric.level_in_brackets' indicator): the engine tests it there at once, and a guard
    would only test it twice (measured: 30% slower)."""
    parsed = parse(expanded)
    return parsed is not None and len(parsed) > 0 and parsed[0][0] in (sre.LITERAL, sre.IN)


def _continuation(source: str, at: int) -> str | None:
    """What a match goes on with from position AT of SOURCE: the rest of AT's branch, then of
    each enclosing group's branch in turn, outwards; None where that is not plain (see the
    module's comment)."""
    pieces, pos = [], at
    for start in reversed(_enclosing(source, at)):
        if not _PLAIN.match(source, start):
            return None                  # a lookaround, an atomic group, inline flags...
        pieces.append(source[pos:_branch_end(source, pos)])
        close = _close(source, start)
        quantifier = _QUANTIFIER.match(source, close)
        if quantifier and quantifier.group() not in ("?", "??"):
            return None                  # a repeated group: the continuation loops back
        pos = quantifier.end() if quantifier else close
    pieces.append(source[pos:_branch_end(source, pos)])
    return "".join(pieces)


def _enclosing(source: str, at: int) -> list[int]:
    """The start of each group that holds position AT, outermost first."""
    stack = []
    for i, ch, _ in _scan(source):
        if i >= at:
            break
        if ch == "(":
            stack.append(i)
        elif ch == ")":
            stack.pop()
    return stack


def _branch_end(source: str, pos: int) -> int:
    """Where the branch that POS stands in ends: the next `|` or `)` at its own depth."""
    for i, ch, depth in _scan(source, pos):
        if (ch == "|" and depth == 0) or (ch == ")" and depth == -1):
            return i
    return len(source)
