"""The characters every match of a rule holds: a text without one of them is not searched.

metric.multiple_of_base can only match where 倍 stands, metric.respectively where 分别 does,
metric.each where 各 does: of 100 real articles 8, 21 and 25 hold them, and the others were
searched at every position for nothing. The characters are read off the expanded pattern
with sre (engine/firsts.py reads it the same way): a literal in the sequence of parts every
match goes through, inside groups and repeats of at least one; of an alternation, only what
each branch holds. Lookarounds, classes and anything that may be skipped hold nothing here.
Whether a text holds a character is one C-level `in`; the rule then runs as before.

held_words() reads the same parse for words: every match of entity.organization.congress_level
holds 政协 or 人大 (its own characters are too common to tell: 人, 大), which 25 of 1,014
thucnews articles do; the others were tried at every word start for nothing. A clause is a set
of literal runs every match holds one of: a run of literals in a sequence is one word; of an
alternation, each branch gives its longest word (or its narrowest clause) and the clause is
their union; a branch without one gives none.
"""
from __future__ import annotations

import re._constants as sre

import regex

from pipeline.engine.firsts import PLACEHOLDERS, parse
from pipeline.engine.trigger_pass import WordFinder


def held(pattern) -> frozenset[str]:
    """The characters every match of the compiled PATTERN holds (none when sre cannot read
    it, or case folding may match another character)."""
    parsed = None if pattern.flags & regex.IGNORECASE else parse(pattern.pattern)
    if parsed is None:
        return frozenset()
    try:
        return frozenset(chr(c) for c in _sequence(parsed) if c not in PLACEHOLDERS)
    except RecursionError:
        return frozenset()


def lacks(text: str, chars: frozenset[str]) -> bool:
    """TEXT lacks one of CHARS: no match can be found in it."""
    return not all(ch in text for ch in chars)


# A clause of more words (a quantity's ~150 units) is in nearly every text and costs one
# search per word where it is not: not worth checking.
_MAX_WORDS = 32


def held_words(pattern) -> tuple[frozenset[str], ...]:
    """Clauses for the compiled PATTERN: every match holds one word of each (none when sre
    cannot read it, or case folding may match another character)."""
    parsed = None if pattern.flags & regex.IGNORECASE else parse(pattern.pattern)
    if parsed is None:
        return ()
    try:
        return tuple(sorted((c for c in _word_clauses(parsed) if len(c) <= _MAX_WORDS), key=sorted))
    except RecursionError:
        return ()


def lacks_words(text: str, clauses: tuple[frozenset[str], ...], present: frozenset[str] | None = None) -> bool:
    """TEXT holds no word of one of CLAUSES: no match can be found in it. PRESENT: the words
    of the clauses that TEXT holds, when words_in found them; else each is looked for."""
    if present is not None:
        return any(clause.isdisjoint(present) for clause in clauses)
    return any(not any(word in text for word in clause) for clause in clauses)


def share_finder(rules) -> None:
    """One finder (an automaton) for the words of every clause of RULES, given to each rule
    that holds a clause, for words_in."""
    words = {word for rule in rules for clause in rule.holds_words for word in clause}
    finder = WordFinder(words) if words else None
    for rule in rules:
        rule.held_finder = finder if rule.holds_words else None


def words_in(doc, finder) -> frozenset[str] | None:
    """The words of FINDER (the rule set's, of every rule's clauses: rules.py) that DOC's
    text holds, found in one pass per document; None without a finder (a rule made by hand).
    ~90 rules hold clauses of ~470 distinct words, and each rule looked for its own in the
    whole text: 0.095 s per 300 real articles, 0.025 s so (measured)."""
    if finder is None:
        return None
    kept = doc.__dict__.get("_held_words")
    if kept is None or kept[0] is not finder or kept[1] is not doc.text:
        kept = doc.__dict__["_held_words"] = (finder, doc.text, finder.found(doc.text))
    return kept[2]


def _word_clauses(seq) -> set[frozenset[str]]:
    found: set[frozenset[str]] = set()
    run = ""
    for op, av in seq:
        if op is sre.LITERAL and av not in PLACEHOLDERS:
            run += chr(av)
            continue
        if run:
            found.add(frozenset((run,)))
            run = ""
        found |= _word_element(op, av)
    if run:
        found.add(frozenset((run,)))
    return found


def _word_element(op, av) -> set[frozenset[str]]:
    return _inside(op, av, _word_clauses, _all_branches)


def _all_branches(picked: list[set[frozenset[str]]]) -> set[frozenset[str]]:
    """A match holds a word of each branch's narrowest clause: their union is one clause."""
    picks = [_narrowest(clauses) for clauses in picked]
    return set() if not picks or None in picks else {frozenset().union(*picks)}


def _narrowest(clauses: set[frozenset[str]]) -> frozenset[str] | None:
    """The clause of fewest, then longest, words (a deterministic pick), if any."""
    return min(clauses, key=lambda c: (len(c), -max(map(len, c)), sorted(c)), default=None)


def _sequence(seq) -> set[int]:
    found: set[int] = set()
    for op, av in seq:
        found |= _element(op, av)
    return found


def _element(op, av) -> set[int]:
    if op is sre.LITERAL:
        return {av}
    return _inside(op, av, _sequence, lambda found: set.intersection(*found) if found else set())


def _inside(op, av, read, branches):
    """What every match of the element OP, AV must hold, read by READ from the sequences inside
    it; BRANCHES joins what each branch of an alternation must hold. Nothing for sure from a
    lookaround, a class, a back-reference or an optional repeat."""
    if op is sre.SUBPATTERN:
        return read(av[-1])
    if op is sre.ATOMIC_GROUP:
        return read(av)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT):
        return read(av[2]) if av[0] >= 1 else set()
    if op is sre.BRANCH:
        return branches([read(branch) for branch in av[1]])
    return set()
