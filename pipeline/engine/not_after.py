"""Where an opening character cannot open a match: right after a character that a one-character
negative lookbehind before it refuses.

firsts.py finds the characters a rule's matches open with, and the rule is tried at each place
one stands. For a quantity that is every digit, inside a number too: 2023年 offers four places,
yet `{arabic}` opens with `(?<![\\d.])`, so only the first digit can open it. Here the opening is
read again, each character with the classes of the lookbehinds passed on the way to it (at the
match's start, since everything before it there is zero-width or matched nothing), and written
as one pattern: `[0-9](?<![\\d.][\\s\\S])|[一二...]`. A place it does not find is one where every path
to the character meets a lookbehind that refuses the character before: no match opens there, so
the first place where the rule matches is the same, with fewer tries (measured over 1,014
articles: a third of the quantity rules' tries were digits after a digit).

Only lookbehinds of one plain character class are read (`(?<![\\d.])`, `(?<!第)`); any other
zero-width part is stepped over as firsts.py steps over it, which only keeps more places.
"""
from __future__ import annotations

import re._constants as sre

import regex

from pipeline.engine import firsts


def opening(pattern: regex.Pattern) -> regex.Pattern | None:
    """firsts.opening(PATTERN), its characters each with the lookbehinds they must pass."""
    plain = firsts.opening(pattern)
    if plain is None:
        return None
    refined = opening_source(pattern.pattern, pattern.flags)
    return plain if refined is None else regex.compile(refined, pattern.flags)


def opening_source(expanded: str, flags: int = 0) -> str | None:
    """The opening of EXPANDED as `[...](?<![...][\\s\\S])|[...]` (regex syntax), when some of its
    characters carry a lookbehind; None when none does or the opening cannot be read."""
    read = None if flags & regex.IGNORECASE else firsts._read(expanded)
    if read is None:
        return None
    parsed, stand_in = read
    back = {ord(ch): p for p, ch in stand_in.items()}
    try:
        items, empty = _walk(parsed, frozenset())
        if empty:
            return None
        by_refused: dict[frozenset, set[str]] = {}
        for (op, av), refused in items:
            by_refused.setdefault(refused, set()).add(firsts._member(op, av, back))
        if not any(by_refused):
            return None                       # no lookbehind to read: the plain class does
        refused_class = {r: "".join(sorted(firsts._member(op, av, back) for op, av in r)) for r in by_refused}
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None
    # the lookbehind after the character, over it and the one before: the same test, and re
    # then finds the places by their first character (twice as fast as the lookbehind first)
    return "|".join("[" + "".join(sorted(members)) + "]" + (f"(?<![{refused_class[r]}][\\s\\S])" if r else "")
                    for r, members in sorted(by_refused.items(), key=lambda kv: refused_class[kv[0]]))


def _walk(seq, refused: frozenset) -> tuple[list, bool]:
    """[(class member, the members the character before must not be)] that SEQ's matches can
    open with, and whether SEQ can match nothing."""
    items = []
    for op, av in seq:
        if op is sre.ASSERT_NOT and av[0] == -1 and (one := _one_class(av[1])) is not None:
            refused = refused | one           # checked where the opening character stands
            continue
        found, empty = _element(op, av, refused)
        items += found
        if not empty:
            return items, False
    return items, True


def _one_class(sub) -> frozenset | None:
    """The members of a lookbehind's pattern when it is one literal or one class of code points
    and \\d: what the standard library's re can find (firsts._standard); a \\p{Han} would
    leave the places to the regex module, ten times slower to list them."""
    if len(sub) != 1:
        return None
    op, av = sub[0]
    members = [(sre.LITERAL, av)] if op is sre.LITERAL else av if op is sre.IN else []
    if not members or not all(_plain(o, a) for o, a in members):
        return None
    return frozenset(members)


def _plain(op, av) -> bool:
    if op is sre.LITERAL:
        return av not in firsts.PLACEHOLDERS
    if op is sre.RANGE:
        return not any(c in firsts.PLACEHOLDERS for c in av)
    return op is sre.CATEGORY and av is sre.CATEGORY_DIGIT


def _element(op, av, refused: frozenset) -> tuple[list, bool]:
    return firsts.element(op, av, lambda seq: _walk(seq, refused), lambda member: (member, refused))
