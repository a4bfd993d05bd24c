"""How far left of its anchor a rule's match can start: the characters its prefix consumes.

An anchored rule (anchors.py) is tried in the W characters before each place where its
anchor group can stand. For metric.level_change W is 76 and more, while an indicator is a
run of Han characters and digits that no clause mark interrupts: most of those positions
cannot start a match, and each try works through a lazy indicator of up to 30 lengths.

A match that starts at P and reaches its anchor at Q consumed TEXT[P:Q] with the part of
the pattern before the anchor (the prefix): every one of those characters is one the
prefix's consuming elements can match (lookarounds consume nothing). So P lies after the
last character before Q that the prefix cannot match, its barrier. An optional part that
holds a literal each time it is used (the `\\(...\\)` of an aside, whose `[^()\\n]` would let
a comma in) is kept apart: the characters it adds count only where the text between P and
Q holds its literals, that is for P at or before the last of each of them. So the positions
tried are those after the barrier of the prefix without such parts, and, before it, those
an optional part can reach. The zero-width alternative (`(?<=^|[,;:。\\n])`) starts at Q
itself, which is always tried.

Only positions where no match can start are left out, so the matches found, and the order
they are found in, are those of a search at every position (tests/test_engine_leftward.py).
The prefix is read with sre (engine/firsts.py); anything it cannot read as characters (a
back-reference, case folding) gives no reach and the rule keeps its whole window.
"""
from __future__ import annotations

import re._constants as sre
from dataclasses import dataclass, field
from functools import lru_cache

import regex

from pipeline.engine.firsts import PLACEHOLDERS, _member, _read
from pipeline.engine.holds import _sequence as held_by


@dataclass
class _Alphabet:
    """The characters some elements can consume: listed members, and negated classes."""
    members: set[str] = field(default_factory=set)
    negated: list[set[str]] = field(default_factory=list)
    anything: bool = False

    def add(self, other: _Alphabet) -> None:
        self.members |= other.members
        self.negated += other.negated
        self.anything |= other.anything

    def outside(self) -> regex.Pattern | None:
        """A one-character pattern for the characters this alphabet lacks; None: it has all."""
        if self.anything:
            return None
        if not self.members and not self.negated:
            return regex.compile("(?s:.)")        # nothing is consumed: every character bars
        if not self.negated:
            return regex.compile("[^" + "".join(sorted(self.members)) + "]", regex.V0)
        # only what every negated class leaves out can be missing, less the listed members
        common = "&&".join("[" + "".join(sorted(n)) + "]" for n in self.negated)
        listed = "--[" + "".join(sorted(self.members)) + "]" if self.members else ""
        return regex.compile(f"[{common}{listed}]", regex.V1)


@dataclass
class Reach:
    barrier: regex.Pattern                    # a character the prefix's core cannot consume
    parts: tuple[tuple[str, ...], ...]        # the literals each optional part holds
    wide_barrier: regex.Pattern | None        # a character no element of the prefix consumes

    def windows(self, text: str, found: list[int], width: int) -> list[int]:
        """Every position in the WIDTH characters before each place in FOUND (sorted) where
        a match can start and reach the place, in order."""
        spans = []
        for q in found:
            low = max(q - width, 0)
            cut = _last_in(self.barrier, text, low, q)
            spans.append((max(cut + 1, low), q))
            if self.parts and cut >= low:
                spans += self._beyond(text, q, low, cut)
        return _union(spans)

    def _beyond(self, text: str, q: int, low: int, cut: int) -> list[tuple[int, int]]:
        """The starts at or before the barrier CUT that an optional part can reach from Q."""
        last = max(min(_last_in(_literal(ch), text, low, q) for ch in held) for held in self.parts)
        if last < low:
            return []
        wide = -1 if self.wide_barrier is None else _last_in(self.wide_barrier, text, low, q)
        return [(max(low, wide + 1), min(last, cut))]


def rule_reach(prefix: str, flags: int = 0) -> Reach | None:
    """The reach of the expanded PREFIX (the pattern before its anchor, compiled with FLAGS),
    or None (also under case folding: a literal would match another character)."""
    read = None if flags & regex.IGNORECASE else _read(prefix)
    if read is None:
        return None
    parsed, stand_in = read
    back = {ord(ch): p for p, ch in stand_in.items()}
    core, parts = _Alphabet(), []
    try:
        _walk(parsed, core, parts, back)
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    barrier = core.outside()
    if barrier is None:
        return None                       # the prefix may consume anything: nothing to cut
    wide = _Alphabet()
    wide.add(core)
    for alphabet, _ in parts:
        wide.add(alphabet)
    return Reach(barrier, tuple(held for _, held in parts), wide.outside())


def _walk(seq, into: _Alphabet, parts: list, back: dict) -> None:
    for op, av in seq:
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue                      # zero-width: consumes nothing of TEXT[P:Q]
        if op is sre.LITERAL:
            into.members.add(_member(op, av, back))
        elif op is sre.NOT_LITERAL:
            into.negated.append({_member(sre.LITERAL, av, back)})
        elif op is sre.IN:
            _class(av, into, back)
        elif op is sre.ANY:
            into.anything = True
        elif op is sre.SUBPATTERN:
            _walk(av[-1], into, parts, back)
        elif op is sre.ATOMIC_GROUP:
            _walk(av, into, parts, back)
        elif op is sre.BRANCH:
            for branch in av[1]:
                _walk(branch, into, parts, back)
        elif op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
            _repeat(av, into, parts, back)
        else:
            raise ValueError(f"no alphabet for {op}")     # a back-reference, a conditional


def _repeat(av, into: _Alphabet, parts: list, back: dict) -> None:
    """A repeat that may be skipped, holds a literal each time it is used and would let a
    negated class or `.` into the alphabet is a part of its own (see the module's comment);
    any other adds to INTO (a part for 元? or [ ]? would only let most windows widen)."""
    alphabet, inner = _Alphabet(), []
    _walk(av[2], alphabet, inner, back)
    held = tuple(sorted(chr(c) for c in held_by(av[2]) if c not in PLACEHOLDERS))
    if av[0] == 0 and held and (alphabet.negated or alphabet.anything):
        for wider, _ in inner:            # a part inside it counts as the part's own
            alphabet.add(wider)
        parts.append((alphabet, held))
    else:
        into.add(alphabet)
        parts += inner


def _class(av, into: _Alphabet, back: dict) -> None:
    if any(op is sre.NEGATE for op, _ in av):
        into.negated.append({_member(op, a, back) for op, a in av if op is not sre.NEGATE})
    else:
        into.members |= {_member(op, a, back) for op, a in av}


def _last_in(pattern: regex.Pattern, text: str, low: int, q: int) -> int:
    """The last position of TEXT[LOW:Q] where PATTERN's one character stands, else -1. Only
    the window before Q matters (a barrier before LOW cuts nothing off it), so this is one
    backward search there: listing every barrier of the text (most punctuation and digits)
    cost more than all the windows together."""
    m = _backward(pattern).search(text, low, q)
    return m.start() if m else -1


@lru_cache(maxsize=256)
def _backward(pattern: regex.Pattern) -> regex.Pattern:
    return regex.compile(pattern.pattern, pattern.flags | regex.REVERSE)


@lru_cache(maxsize=64)
def _literal(ch: str) -> regex.Pattern:
    return regex.compile(regex.escape(ch))


def _union(spans: list[tuple[int, int]]) -> list[int]:
    """Every position of the closed SPANS, sorted, each once."""
    tries, last = [], -1
    for begin, end in sorted(spans):
        tries.extend(range(max(begin, last + 1), end + 1))
        last = max(last, end)
    return tries
