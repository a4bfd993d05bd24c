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

pyahocorasick (a maintained C automaton): one pass finds every entry of every trigger list,
overlapping ones included, at a cost that does not grow with the number of words; a regex of
all the words would try each alternative at each position, which is what this replaces.
"""
from __future__ import annotations

import ahocorasick
import regex

_REF = regex.compile(r"\{([a-z_][a-z0-9_]*)\}")
_LOOKAROUND = ("(?=", "(?!", "(?<=", "(?<!")
_GROUP = regex.compile(r"\(\?P<\w+>|\(\?:|\((?!\?)")
_LITERAL = regex.compile(r"\p{Han}")
_OPTIONAL = regex.compile(r"[?*]|\{0*,|\{0+\}|\{0+,")


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


def _opening(branch: str, lexicons: dict) -> frozenset[str] | None:
    """The words one branch must open with, or None."""
    i = 0
    while branch.startswith(_LOOKAROUND, i):          # zero-width: the words start here still
        i = _close(branch, i)
        if _may_skip(branch[i:]):
            return None
    group = _GROUP.match(branch, i)
    if group:
        end = _close(branch, i)
        if _may_skip(branch[end:]):
            return None
        return leading_words(branch[group.end():end - 1], lexicons)
    ref = _REF.match(branch, i)
    if ref:
        name = ref.group(1)
        if name not in lexicons or _may_skip(branch[ref.end():]):
            return None                               # a sub-pattern: no word list to go by
        return frozenset(lexicons[name].entries)
    if _LITERAL.match(branch, i) and not _may_skip(branch[i + 1:]):
        return frozenset([branch[i]])
    return None


def rule_trigger(rule, lexicons: dict) -> frozenset[str] | None:
    """The words one of which opens every match of RULE; LEXICONS: the word lists a {name}
    stands for (not those a sub-pattern of the same name overrides)."""
    if rule.pattern.flags & (regex.IGNORECASE | regex.FULLCASE) or "(?i" in rule.pattern.pattern:
        return None                                   # case folding: literal hits would miss
    return leading_words(rule.source, lexicons)


def leading_words(source: str, lexicons: dict) -> frozenset[str] | None:
    """The words one of which opens every match of SOURCE, or None when that cannot be read
    off the pattern."""
    words: set[str] = set()
    try:
        for branch in _branches(source):
            found = _opening(branch, lexicons)
            if not found:
                return None
            words |= found
    except ValueError:
        return None
    return frozenset(words)


class Triggers:
    """The trigger words of every rule of a rule set, in one automaton."""

    def __init__(self, rules):
        self.of_rule: dict[str, int] = {}              # rule id -> trigger index
        sets: dict[frozenset, int] = {}
        for rule in rules:
            words = getattr(rule, "trigger", None)
            if words:
                self.of_rule[rule.id] = sets.setdefault(words, len(sets))
        by_word: dict[str, list[int]] = {}
        for words, index in sets.items():
            for word in words:
                by_word.setdefault(word, []).append(index)
        self.count = len(sets)
        self.automaton = ahocorasick.Automaton() if by_word else None
        for word, indexes in by_word.items():
            self.automaton.add_word(word, (len(word), tuple(indexes)))
        if self.automaton is not None:
            self.automaton.make_automaton()

    def starts(self, doc, rule) -> list[int] | None:
        """The sorted positions of DOC where RULE can start; None: anywhere."""
        index = self.of_rule.get(rule.id)
        if index is None:
            return None
        if doc.trigger_hits is None or doc.trigger_hits[0] is not self:   # one pass per document
            hits: list[set[int]] = [set() for _ in range(self.count)]
            for end, (length, indexes) in self.automaton.iter(doc.text):
                for i in indexes:
                    hits[i].add(end - length + 1)
            doc.trigger_hits = (self, [sorted(h) for h in hits])
        return doc.trigger_hits[1][index]


class WordFinder:
    """Where any of a set of words starts in a text, in one pass (for an extractor's check
    that only takes candidates opening with a known name, e.g. the gazetteer's)."""

    def __init__(self, words):
        self.automaton = ahocorasick.Automaton()
        for word in words:
            self.automaton.add_word(word, len(word))
        self.automaton.make_automaton()

    def starts(self, text: str) -> set[int]:
        return {end - length + 1 for end, length in self.automaton.iter(text)}
