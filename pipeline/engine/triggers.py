"""Where a rule can start: the words every one of its matches opens with, found for all rules
in one Aho-Corasick pass over the text instead of one regex search per rule.

A rule written as `(?P<name>{org_suffix})...` can only match where an entry of org_suffix
starts; `(?P<verb>{goal}|{goal_nouns})` where an entry of either list starts; `(?P<verb>到)`
where 到 is. The trigger is read off the pattern as its author wrote it (before {name}
expansion): zero-width lookarounds at its head are stepped over, a group is followed into,
every branch of an alternation must open with a word list or a literal, and a head that may
be skipped (`{x}?`, `(...)*`, `{x}{0,2}`) has no trigger. Anything else (a character class, a
sub-pattern of patterns.toml, `\\d`) gives None: the rule is searched at every position as
before. The engine then tries the rule with `match` at each trigger position in order, which
finds the same leftmost match a `search` would (tests/test_engine_where.py).

A head of one-character atoms with bounded repeats (`\\p{Han}{2,8}?(?:{zone_suffixes})`,
`[\\p{Han}A-Za-z0-9]{2,16}?项目`) shifts the trigger: each repeat matches exactly one
character, so a match that starts at P holds one of the words at P + k, k between the
repeats' least and greatest total, and the rule is tried only at those P. An opening is
therefore a set of (word, least shift, greatest shift).

The pass that finds every rule's trigger words in a text is trigger_pass.py's.
"""
from __future__ import annotations

import regex

_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_GROUP = regex.compile(r"\(\?P<\w+>|\(\?:|\((?!\?)")
# A character that stands for itself: none outside ASCII is a regex metacharacter (“ 《 too)
_LITERAL = regex.compile(r"[^\x00-\x7f]")
_OPTIONAL = regex.compile(r"[?*]|\{0*,|\{0+\}|\{0+,")
# One character whatever it matches (a class, a property, \d \w \s, a dot), with an optional
# bounded repeat; `\X` (a grapheme) and anything case folding could widen are not atoms.
_ATOM = regex.compile(r"(?:\[(?:\\.|[^\]\\\[])+\]|\\[pP]\{[\w=&.\- ]+\}|\\[dDwWsS]|\.)"
                      r"(?:(?:\{(\d*)(?:(,)(\d+))?\}|(\?))[?+]?)?(?![*+?]|\{\d*,?\d*\})")
_MAX_SHIFT = 40        # a wider head leaves too many positions to gain anything
# A name group read on into what follows it ((?P<name>\p{Han}{2,6})(?=[(]...)): a trigger of
# one character left more than this many positions per hit costs more tries than the search
# it replaces (measured: stock_code and short_name, with ( up to 17 and 24 characters on, 2-3x
# slower). A word of two characters or more is rare enough at any shift up to _MAX_SHIFT:
# metric.ranked_change (a name of 2-12 characters before 涨幅/跌幅...) made 180 full searches,
# 0.086 s over 200 real articles, and makes 7,995 tries at its words, 0.013 s.
_RUN_ON_SPREAD = 8
# ASCII punctuation that stands for itself outside a class (not a metacharacter, not # or a
# space, which verbose mode reads otherwise): the - of a score line
_PUNCT = regex.compile(r"[-:,/;!@%&~=<>'\"_]")
# A bounded repeat after an atom, or none
_REPEAT = regex.compile(r"(?:(?:\{(\d*)(?:(,)(\d+))?\}|(\?))[?+]?)?(?![*+?]|\{\d*,?\d*\})")
_QUANTIFIER = regex.compile(r"[?*+{]")
_SET_OPERATORS = ("&&", "||", "--", "~~")


def _scan(source: str, i: int = 0):
    """(index, character, group depth after it) for every character of SOURCE from I that is
    neither escaped nor inside a character class."""
    depth, in_class = 0, False
    while i < len(source):
        ch = source[i]
        if ch == "\\":
            i += 2
            continue
        if in_class:
            in_class = ch != "]"
        elif ch == "[":
            in_class = True
            i += 2 if source[i + 1:i + 2] == "]" else 1   # []...] : a ] first is a member
            continue
        else:
            depth += (ch == "(") - (ch == ")")
            yield i, ch, depth
        i += 1


def _close(source: str, i: int) -> int:
    """The index just after the group that opens at SOURCE[i] (escapes and classes skipped)."""
    for j, ch, depth in _scan(source, i):
        if ch == ")" and depth == 0:
            return j + 1
    raise ValueError("unbalanced group")


def _branches(source: str) -> list[str]:
    """SOURCE split at its top-level `|`."""
    out, start = [], 0
    for j, ch, depth in _scan(source):
        if ch == "|" and depth == 0:
            out.append(source[start:j])
            start = j + 1
    return out + [source[start:]]


def _may_skip(rest: str) -> bool:
    """The element just read is optional: a quantifier that allows zero follows it."""
    return bool(_OPTIONAL.match(rest))


def _opening(branch: str, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    """The (word, least shift, greatest shift) one branch must open with, or None."""
    i, ahead = 0, []
    while branch.startswith(_LOOKAROUND, i):          # zero-width: the words start here still
        end = _close(branch, i)
        if _may_skip(branch[end:]):
            return None
        if branch.startswith("(?=", i):               # what it must match stands here too
            ahead.append(branch[i + 3:end - 1])
        i = end
    found = _head(branch, i, lexicons)
    for inner in ahead:                                # (?P<name>\p{Han}{2,6})(?=[(]...): the (
        found = found or _openings(inner, lexicons)
    return found


def _head(branch: str, i: int, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    group = _GROUP.match(branch, i)
    if group:
        end = _close(branch, i)
        if _may_skip(branch[end:]):                   # unless one optional character: (?:X)?
            return _shifted(branch, i, lexicons) if branch.startswith("?", end) else None
        inner = branch[group.end():end - 1]
        found = _openings(inner, lexicons)
        if found is None:                             # its head runs on past the group
            if not _QUANTIFIER.match(branch, end) and len(_branches(inner)) == 1:
                found = _opening(inner + branch[end:], lexicons)
            else:                                     # (?:[A-Z]{1,3}|{translit}{1,6})-
                found = _shifted(branch, i, lexicons)
            if found and any(hi - lo > _RUN_ON_SPREAD and len(word) == 1 for word, lo, hi in found):
                found = None
        return found
    ref = _REF.match(branch, i)
    if ref:
        name = ref.group(1)
        if name not in lexicons or _may_skip(branch[ref.end():]):
            return None                               # a sub-pattern: no word list to go by
        found = frozenset((word, 0, 0) for word in lexicons[name].entries)
        return (_single_chars(found) and _shifted(branch, i, lexicons)) or found
    if (_LITERAL.match(branch, i) or _PUNCT.match(branch, i)) and not _may_skip(branch[i + 1:]):
        return frozenset([(branch[i], 0, 0)])
    return _shifted(branch, i, lexicons)


def _single_chars(found) -> bool:
    return all(len(word) == 1 for word, _, _ in found)


def _shifted(branch: str, i: int, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    """The opening of what follows a one-character atom at BRANCH[i], shifted by its repeat;
    when that cannot be read, the atom's own characters if it is a class of a few literal
    ones ([(（], [-·]) or a word list of single characters ({translit}{1,6})."""
    atom = _atom(branch, i, lexicons)
    if atom is None:
        return None
    least, most, end = atom
    own = _own_characters(branch, i, lexicons)
    if own and least >= 1 and _punctuation(branch, i):
        return own                                   # punctuation: rarer than what follows
    rest = _opening(branch[end:], lexicons)
    if rest and all(hi + most <= _MAX_SHIFT for _, _, hi in rest):
        return frozenset((word, lo + least, hi + most) for word, lo, hi in rest)
    return own if own and least >= 1 else None


def _atom(branch: str, i: int, lexicons: dict) -> tuple[int, int, int] | None:
    """(least, greatest repeat, end) of the one-character atom at BRANCH[i]: a class, a
    property, an escape, a dot, a word list of single characters, or a group of
    alternatives each one of those."""
    atom = _ATOM.match(branch, i)
    if atom:
        return (*_repeat(atom.groups()), atom.end())
    ref = _REF.match(branch, i)
    if ref and ref.group(1) in lexicons and _one_char_list(lexicons[ref.group(1)]):
        repeat = _REPEAT.match(branch, ref.end())
        return (*_repeat(repeat.groups()), repeat.end()) if repeat else None
    group = _GROUP.match(branch, i)
    if group and not branch.startswith(_LOOKAROUND, i):
        end = _close(branch, i)
        optional = branch.startswith("?", end) and not _QUANTIFIER.match(branch, end + 1)
        if _QUANTIFIER.match(branch, end) and not optional:
            return None                               # a repeated group: not kept simple
        parts = _branches(branch[group.end():end - 1])
        atoms = [_atom(part, _past_lookarounds(part), lexicons) for part in parts]
        if atoms and all(a is not None and a[2] == len(part) for a, part in zip(atoms, parts)):
            return 0 if optional else min(a[0] for a in atoms), max(a[1] for a in atoms), end + optional
    return None


def _past_lookarounds(part: str) -> int:
    """Where PART's first element stands after the lookarounds it opens with."""
    i = 0
    while part.startswith(_LOOKAROUND, i):
        i = _close(part, i)
    return i


def _repeat(groups) -> tuple[int, int]:
    least, comma, most, optional = groups
    if optional:
        return 0, 1
    if least is None:                                 # no repeat: one character
        return 1, 1
    least = int(least or 0)
    return least, int(most) if comma else least


def _one_char_list(lexicon) -> bool:
    return bool(lexicon.entries) and all(len(word) == 1 for word in lexicon.entries)


def _own_characters(branch: str, i: int, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    """The characters of the atom at BRANCH[i] when they can be listed: a class of literal
    characters only, or a word list of single characters."""
    ref = _REF.match(branch, i)
    if ref:
        lexicon = lexicons.get(ref.group(1))
        return frozenset((w, 0, 0) for w in lexicon.entries) if lexicon and _one_char_list(lexicon) else None
    chars = _class_characters(branch, i)
    return frozenset((ch, 0, 0) for ch in chars) if chars else None


def _class_characters(branch: str, i: int) -> str | None:
    """The members of the class at BRANCH[i] when each is a literal character ([(（], [-·•]):
    no negation, range, nested class, or escape other than of punctuation."""
    if not branch.startswith("[", i) or branch.startswith("[^", i):
        return None
    chars, j = [], i + 1
    while j < len(branch) and branch[j] != "]":
        ch = branch[j]
        if ch == "\\":
            ch = branch[j + 1:j + 2]
            if not ch or ch.isalnum() or ch.isspace():
                return None                           # \d, \p{...}, \n: not a literal
            j += 1
        elif ch == "[" or ch == "-" and chars and branch[j + 1:j + 2] != "]" \
                or branch[j:j + 2] in _SET_OPERATORS:
            return None                               # a nested class, a range, a set operation
        chars.append(ch)
        j += 1
    return "".join(chars) if chars and j < len(branch) else None


def _punctuation(branch: str, i: int) -> bool:
    """The atom at BRANCH[i] is a class of punctuation only: rarer in news text than the
    words that follow it, so it is the better trigger (the - of 德里克-罗斯)."""
    chars = _class_characters(branch, i)
    return bool(chars) and not any(ch.isalnum() for ch in chars)


def rule_trigger(rule, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    """The (word, least shift, greatest shift) of every match of RULE (see _openings); LEXICONS:
    the word lists a {name} stands for (not those a sub-pattern of the same name overrides)."""
    if rule.pattern.flags & (regex.IGNORECASE | regex.FULLCASE) or "(?i" in rule.pattern.pattern:
        return None                                   # case folding: literal hits would miss
    if rule.pattern.flags & regex.VERBOSE or regex.search(r"\(\?[a-zA-Z]*x", rule.pattern.pattern):
        return None                                   # verbose: a space or # is no literal
    return _openings(rule.source, lexicons)


def leading_words(source: str, lexicons: dict) -> frozenset[str] | None:
    """The words one of which opens every match of SOURCE, or None when that cannot be read
    off the pattern (or some match starts before its word: see _shifted)."""
    found = _openings(source, lexicons)
    if not found or any(hi for _, _, hi in found):
        return None
    return frozenset(word for word, _, _ in found)


def _openings(source: str, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    """(word, least shift, greatest shift): every match of SOURCE starting at P holds one of
    the words at P + shift; None when that cannot be read off the pattern."""
    found: set[tuple[str, int, int]] = set()
    try:
        for branch in _branches(source):
            opening = _opening(branch, lexicons)
            if not opening:
                return None
            found |= opening
    except ValueError:
        return None
    return frozenset(found)
