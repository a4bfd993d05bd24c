"""Where every rule's trigger words (triggers.py) stand in a text: one pass per document.

An Aho-Corasick automaton (ahocorasick_rs: Rust's aho-corasick crate, maintained with it)
finds every entry of every trigger list, overlapping ones included, at a cost that does not
grow with the number of words; a regex of all the words would try each alternative at each
position. pyahocorasick, used before, spent ~0.15 s per million characters on an automaton
of a few thousand words even where it found nothing (its root's children are searched at
every character): the trigger pass and the gazetteer's took 0.24 s and 0.22 s over 1,014
articles, against 0.02 s each with ahocorasick_rs (the same hits, measured). The automaton
cannot be pickled: it is rebuilt from the words when a rule set is read back (~10 ms).

The trigger words of one character that come in hundreds (surnames, transliterating
characters) are found with one class of the standard library's `re` each instead: their
places then need no Python step per hit, and they are most of the hits of news text.
"""
from __future__ import annotations

import re

import ahocorasick_rs

# Single characters this many or more, in one trigger, are found with a class of their own
_CLASS_SIZE = 32


class Triggers:
    """The trigger words of every rule of a rule set: one automaton, and one class per
    large set of single characters."""

    def __init__(self, rules):
        self.of_rule: dict[str, int] = {}              # rule id -> trigger index
        self.follower_of: dict[str, int] = {}          # rule id -> its follower's index
        sets: dict[frozenset, int] = {}
        for rule in rules:
            opening = getattr(rule, "trigger", None)
            if opening:
                self.of_rule[rule.id] = sets.setdefault(opening, len(sets))
            follower = getattr(rule, "follower", None)
            if opening and follower:
                self.follower_of[rule.id] = sets.setdefault(follower, len(sets))
        by_word: dict[str, list[tuple[int, int, int]]] = {}
        for opening, index in sets.items():
            for word, lo, hi in opening:
                by_word.setdefault(word, []).append((index, lo, hi))
        self.count = len(sets)
        self.classes, in_classes = _classes(by_word)
        rest = {word: tuple(t for t in targets if (word, t) not in in_classes) for word, targets in by_word.items()}
        self.words = [word for word in sorted(rest) if rest[word]]
        self.targets = [rest[word] for word in self.words]      # (index, least, greatest shift)
        self._build()

    def _build(self) -> None:
        self.automaton = ahocorasick_rs.AhoCorasick(self.words) if self.words else None

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "automaton"}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build()

    def starts(self, doc, rule) -> list[int] | None:
        """The sorted positions of DOC where RULE can start; None: anywhere."""
        index = self.of_rule.get(rule.id)
        if index is None:
            return None
        if doc.trigger_hits is None or doc.trigger_hits[0] is not self:   # one pass per document
            doc.trigger_hits = (self, self._pass(doc.text))
        hits = doc.trigger_hits[1][index]
        follower = self.follower_of.get(rule.id)
        if follower is None:
            return hits
        also = set(doc.trigger_hits[1][follower])      # (followers.py: both must stand)
        return [at for at in hits if at in also]

    def _pass(self, text: str) -> list[list[int]]:
        """The sorted positions where each trigger's rules can start in TEXT."""
        hits: list[set[int]] = [set() for _ in range(self.count)]
        found = self.automaton.find_matches_as_indexes(text, overlapping=True) if self.automaton else ()
        targets_of = self.targets
        for word, at, _ in found:                      # (inline: a Python step per hit)
            for i, lo, hi in targets_of[word]:
                if hi:
                    hits[i].update(range(max(at - hi, 0), at - lo + 1))
                else:
                    hits[i].add(at)
        for chars, targets in self.classes:
            places = [m.start() for m in chars.finditer(text)]
            for i, lo, hi in targets:
                if hi:
                    for at in places:
                        hits[i].update(range(max(at - hi, 0), at - lo + 1))
                else:
                    hits[i].update(places)
        return [sorted(h) for h in hits]


def _classes(by_word: dict) -> tuple[list[tuple[re.Pattern, tuple]], set[tuple[str, tuple]]]:
    """One `re` class per large set of single-character words that share their targets, with
    the targets ((trigger index, least shift, greatest shift)); and the (word, target) pairs
    they find. A class scan costs a few milliseconds per million characters however few its
    hits: the small sets stay in the automaton."""
    chars_of: dict[tuple, list[str]] = {}
    for word, targets in by_word.items():
        if len(word) == 1:
            for target in targets:
                chars_of.setdefault(target, []).append(word)
    targets_of: dict[str, list] = {}
    for target, chars in chars_of.items():
        if len(chars) >= _CLASS_SIZE:
            targets_of.setdefault("".join(sorted(chars)), []).append(target)
    classes = [(re.compile("[" + "".join(map(re.escape, chars)) + "]"), tuple(sorted(targets)))
               for chars, targets in sorted(targets_of.items())]
    return classes, {(ch, t) for chars, targets in targets_of.items() for ch in chars for t in targets}


class WordFinder:
    """Where any of a set of words starts in a text, in one pass (for an extractor's check
    that only takes candidates opening with a known name, e.g. the gazetteer's)."""

    def __init__(self, words):
        self.words = sorted(set(words))
        self._build()

    def _build(self) -> None:
        self.automaton = ahocorasick_rs.AhoCorasick(self.words)

    def __getstate__(self) -> dict:
        return {"words": self.words}

    def __setstate__(self, state: dict) -> None:
        self.__dict__.update(state)
        self._build()

    def spans(self, text: str) -> list[tuple[int, int]]:
        """(start, end) of every occurrence of every word, overlapping ones too."""
        return [(start, end) for _, start, end in self.automaton.find_matches_as_indexes(text, overlapping=True)]

    def starts(self, text: str) -> set[int]:
        return {start for _, start, _ in self.automaton.find_matches_as_indexes(text, overlapping=True)}

    def found(self, text: str) -> frozenset[str]:
        """The words that stand in TEXT (each `word in text`, in one pass)."""
        return frozenset(self.words[i] for i, _, _ in self.automaton.find_matches_as_indexes(text, overlapping=True))
