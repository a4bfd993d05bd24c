"""Where a rule can start, from the characters its matches open with.

A search tries a pattern at every position of the text, and most positions of news text
cannot open a quantity (one opens with a digit, a numeral, a sign, 约 or 人民币...); the regex
module only learns that after working through the lookbehinds and alternatives the pattern
opens with. So the engine finds, in one C-level pass of a one-character class C, the
positions whose character is in C, and tries the rule with `match` only there: every match
opens with a character of C, so the first of them that matches is what `search` finds.

C is read off the expanded pattern with Python's own regex parser (sre), walking the opening
elements: a literal or a class adds its characters; a lookaround, `^` or `\\b` is zero-width
and stepped over; a branch adds each alternative's; an element that may match nothing adds its
own and the next one's. Anything sre cannot read, a negated class, `.`, case folding or a
pattern that can match nothing gives None: the rule is searched as before. `\\p{...}` classes,
which sre does not know, stand in for themselves (a private-use placeholder while sre reads);
so does a group name used twice, which sre refuses (a name of its own while sre reads).
"""
from __future__ import annotations

import hashlib
import re
import re._constants as sre
import re._parser as sre_parse
import warnings
from functools import lru_cache
from pathlib import Path

import regex

from pipeline import caches

_PROPERTY = regex.compile(r"\\[pP]\{[^}]*\}")
_PLACEHOLDER = 0xF0000            # first code point of plane 15 (private use): not in any rule
PLACEHOLDERS = range(_PLACEHOLDER, _PLACEHOLDER + 0x10000)
# inline flags (case folding would widen the class), branch resets, POSIX classes
_FLAGS = regex.compile(r"\(\?(?!P[<=>]|[:=!<>#])|\[:")
_CATEGORIES = {sre.CATEGORY_DIGIT: r"\d", sre.CATEGORY_WORD: r"\w", sre.CATEGORY_SPACE: r"\s"}


# A class this wide (any Han character, any letter) stands at most positions of news text:
# trying the rule at each from Python costs more than the search it would replace (measured:
# metric.multiple_of_base 4x slower). Digits and a few hundred listed characters are rare.
_WIDE = regex.compile(r"\\[pPwWsS]|\\U([0-9a-f]{8})-\\U([0-9a-f]{8})")
_MOST = 256


def opening(pattern: regex.Pattern) -> regex.Pattern | None:
    """A one-character pattern for the characters PATTERN's matches open with, when they are
    few enough to be worth looking for; else None."""
    found = first_class(pattern.pattern, pattern.flags)
    return regex.compile(found, pattern.flags) if found is not None and narrow(found) else None


def refusing(pattern: regex.Pattern, name: str, call):
    """CALL (PATTERN's method NAME, charged: rules.Guarded) with a refusal first: a `match` or
    `fullmatch` whose first character cannot open a match, or a `search` whose stretch holds
    none that can, finds nothing, and returns None without the regex module (nor the budget)
    being asked. Extractors ask ~230 sub-pattern questions per article that end so (a level
    that opens with a digit asked for {qual_pre}, a 3-character stretch asked for {by_marks}):
    0.17 s of 0.42 s over 300 real articles went to them (measured). CALL itself where the
    opening cannot be read (see the module's comment) or for any other method; a `sub`, see
    _unchanged."""
    opens = _stored_opening(pattern) if name in ("match", "fullmatch", "search", "sub") else None
    if opens is None:
        return call
    if name == "sub":
        return _unchanged(opens, call)
    test = opens.search if name == "search" else opens.match    # (the first character only)

    def refused_first(*args, **kwargs):
        if 0 < len(args) <= 3 and not kwargs and test(*args) is None:   # (string, pos, endpos)
            return None
        return call(*args, **kwargs)
    return refused_first


def _stored_opening(pattern: regex.Pattern) -> regex.Pattern | None:
    """opening(PATTERN), its class kept in the openings file (caches.py) under a digest of the
    pattern and of this module: reading the class off a sub-pattern (sre parses in Python) cost
    each process ~0.08 s over the ~100 sub-patterns real articles use, as much as the refusals
    save over ~150 articles."""
    key = (hashlib.sha256(pattern.pattern.encode()).hexdigest(), pattern.flags, _THIS_CODE)
    found = caches.stored_value("openings", key, lambda: first_class(pattern.pattern, pattern.flags))
    return regex.compile(found, pattern.flags) if found is not None and narrow(found) else None


_THIS_CODE = caches.files_digest([Path(__file__)])     # (the class depends on this module's code)


def _unchanged(opens: regex.Pattern, call):
    """CALL (a pattern's `sub`) that gives back its string at once where no character of it
    can open a match: the name a bound is cut from (confidence._judged_name, ~28 us a call
    with {quantity} in the pattern) seldom holds a figure."""
    def sub(*args, **kwargs):
        if len(args) == 2 and not kwargs and opens.search(args[1]) is None:    # (repl, string)
            return args[1]
        return call(*args, **kwargs)
    return sub


def narrow(found: str) -> bool:
    """Whether the class FOUND (first_class's syntax) is few enough characters to look for."""
    return not any(not m.group(1) or int(m.group(2), 16) - int(m.group(1), 16) > _MOST
                   for m in _WIDE.finditer(found))


def starts(opening: regex.Pattern, text: str, pos: int = 0, endpos: int | None = None) -> list[int]:
    """Where OPENING's characters stand in TEXT[POS:ENDPOS]: the only places a match can open."""
    scanner = _standard(opening, text) or opening
    return [m.start() for m in scanner.finditer(text, pos, len(text) if endpos is None else endpos)]


# An opening class as first_class writes it: code points, ranges of them, and \d
_PLAIN_CLASS = re.compile(r"\[(?:\\U[0-9a-f]{8}(?:-\\U[0-9a-f]{8})?|\\d)+\]")
# or such classes each with a lookbehind of one (engine/not_after.py): [...](?<![...][\s\S])|[...]
_CLASS = _PLAIN_CLASS.pattern
_REFUSED = rf"(?:\(\?<!{_CLASS}\[\\s\\S\]\))?"
_PLAIN_OPENING = re.compile(rf"{_CLASS}{_REFUSED}(?:\|{_CLASS}{_REFUSED})*")
_OTHER_DIGIT = regex.compile(r"(?![0-9])\d")
_SEEN: tuple[str | None, bool] = (None, False)   # the last text, and whether it has _OTHER_DIGIT


def _standard(opening: regex.Pattern, text: str) -> re.Pattern | None:
    """OPENING as a class of the standard library's re, when it finds the same places in TEXT:
    re scans a class in C about ten times faster than the regex module returns its matches
    (measured: 0.18 s against 0.02 s for 195,000 hits), and the date rules' and quantities'
    openings stand at every digit. Its \\d is the regex module's (a newer Unicode: 770
    digits, against 660 for re), so it stands for [0-9] only in a text without other digits."""
    digits, scanner = _as_standard(opening.pattern, opening.flags)
    if scanner is None or (digits and _other_digits(text)):
        return None
    return scanner


@lru_cache(maxsize=512)
def _as_standard(source: str, flags: int) -> tuple[bool, re.Pattern | None]:
    """(whether SOURCE's \\d must stand for [0-9], the re class), or (False, None)."""
    if not _PLAIN_OPENING.fullmatch(source) or flags & (regex.IGNORECASE | regex.FULLCASE):
        return False, None
    ascii_only = bool(flags & regex.ASCII)        # \d is [0-9] anyway
    return "\\d" in source and not ascii_only, re.compile(source.replace("\\d", "0-9"))


def _other_digits(text: str) -> bool:
    """Whether TEXT holds a digit outside 0-9 (found once per text: every rule asks)."""
    global _SEEN
    if _SEEN[0] is not text:
        _SEEN = (text, _OTHER_DIGIT.search(text) is not None)
    return _SEEN[1]


def first_class(expanded: str, flags: int = 0) -> str | None:
    """A character class (regex syntax) holding every character a match of EXPANDED can open
    with, or None when that cannot be read (see the module's comment)."""
    return _edge_class(expanded, flags, backward=False)


def last_class(expanded: str, flags: int = 0) -> str | None:
    """A character class holding every character a match of EXPANDED can end with (the
    opening class of the pattern read backwards), or None as for first_class."""
    return _edge_class(expanded, flags, backward=True)


def _edge_class(expanded: str, flags: int, backward: bool) -> str | None:
    read = None if flags & regex.IGNORECASE else _read(expanded)
    if read is None:
        return None
    parsed, stand_in = read
    try:
        items, empty = _opening(parsed, backward=backward)
        if empty:
            return None                  # a match may be empty: it opens or ends with no character
        back = {ord(ch): p for p, ch in stand_in.items()}
        return "[" + "".join(sorted({_member(op, av, back) for op, av in items})) + "]"
    except (ValueError, TypeError, OverflowError, RecursionError):
        return None


def parse(expanded: str):
    """EXPANDED as sre reads it (its \\p{...} classes as placeholder characters), or None."""
    read = _read(expanded)
    return None if read is None else read[0]


@lru_cache(maxsize=256)
def _read(expanded: str):
    """(sre's parse, {\\p{...}: placeholder}), once per pattern: the engine reads a rule's
    opening, openers and held characters off the same parse."""
    if _FLAGS.search(expanded) or any(ord(ch) >= _PLACEHOLDER for ch in expanded):
        return None
    properties = sorted(set(_PROPERTY.findall(expanded)))
    stand_in = {p: chr(_PLACEHOLDER + i) for i, p in enumerate(properties)}
    readable = _unique_names(_PROPERTY.sub(lambda m: stand_in[m.group()], expanded))
    if readable is None:
        return None
    try:
        with warnings.catch_warnings():      # sre's FutureWarning on a class holding &&
            warnings.simplefilter("ignore", FutureWarning)
            return sre_parse.parse(readable), stand_in
    except (sre_parse.error, OverflowError, RecursionError, ValueError):
        return None


_GROUP = regex.compile(r"\(\?P<(\w+)>")
_AGAIN = "__again"
_BACK_REFERENCE = regex.compile(r"\\[1-9]|\(\?P=")


def _unique_names(source: str) -> str | None:
    """SOURCE with each repeat of a group name made a name of its own (change__again2): the
    regex module lets a rule name two alternatives alike (metric.level_change's two
    `change`), sre refuses, and the rule lost its guards, held characters and word-start
    tries (measured: the costliest rule of the run). None when a back-reference could tell
    the groups apart (the regex module numbers repeats alike, sre does not)."""
    seen: dict[str, int] = {}

    def rename(m: regex.Match) -> str:
        seen[m.group(1)] = seen.get(m.group(1), 0) + 1
        return m.group() if seen[m.group(1)] == 1 else f"(?P<{m.group(1)}{_AGAIN}{seen[m.group(1)]}>"
    renamed = _GROUP.sub(rename, source)
    return None if renamed != source and _BACK_REFERENCE.search(source) else renamed


def group_name(name: str) -> str:
    """The name a rule gave the group sre knows as NAME (see _unique_names)."""
    return name.split(_AGAIN)[0]


def _opening(seq, backward: bool = False) -> tuple[list, bool]:
    """The class members SEQ's matches can open with (BACKWARD: end with), and whether SEQ
    can match nothing."""
    items = []
    for op, av in (reversed(seq) if backward else seq):
        found, empty = _element(op, av, backward)
        items += found
        if not empty:
            return items, False
    return items, True


def _element(op, av, backward: bool = False) -> tuple[list, bool]:
    return element(op, av, lambda seq: _opening(seq, backward))


def element(op, av, walk, mark=lambda member: member) -> tuple[list, bool]:
    """The members one parsed element can open with (MARK wraps each; WALK reads a sequence
    inside it the same way), and whether it may match empty. Shared with not_after.py,
    which marks each member with the lookbehinds that refuse it."""
    if op is sre.LITERAL:
        return [mark((sre.LITERAL, av))], False
    if op is sre.IN:
        if any(o is sre.NEGATE for o, _ in av):
            raise ValueError("a negated class opens (or ends) the pattern")
        return [mark(member) for member in av], False
    if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
        return [], True                  # zero-width: the match opens with what follows
    if op is sre.BRANCH:
        items, empty = [], False
        for branch in av[1]:
            found, may = walk(branch)
            items, empty = items + found, empty or may
        return items, empty
    if op is sre.SUBPATTERN:
        return walk(av[-1])
    if op is sre.ATOMIC_GROUP:
        return walk(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        found, empty = walk(av[2])
        return found, empty or av[0] == 0
    raise ValueError(f"no opening class for {op}")     # ., a back-reference, a conditional


def _member(op, av, back: dict[int, str]) -> str:
    """One class member in regex syntax; a placeholder turns back into its \\p{...}."""
    if op is sre.LITERAL:
        return back.get(av) or _char(av)
    if op is sre.RANGE:
        if any(c in PLACEHOLDERS for c in av):
            raise ValueError("a range to a placeholder")
        return f"{_char(av[0])}-{_char(av[1])}"
    if op is sre.CATEGORY and av in _CATEGORIES:
        return _CATEGORIES[av]
    raise ValueError(f"no class member for {op} {av}")


def _char(code: int) -> str:
    return f"\\U{code:08x}"
