"""Where a rule can start, from what every match holds: only within its width of the start.

holds.py skips a text without a character or a word every match of a rule holds; a text with
one still had the rule tried at every place its opening characters stand. entity.date.week_part
holds 月 and is at most 15 characters wide: of its 10,661 places over 200 real articles, 9,471
have no 月 in the 15 characters from them (the date rules, congress_level's 人大/政协, the 折 of
a discount alike). A match starting at P ends before P + W, W the widest it can be, so it holds
each such character and a word of each such clause (holds.held, held_words: characters it
consumes, never a lookaround's) inside [P, P + W): a place without one there starts none.

W is read off the expanded pattern as anchors.py reads the part before a group (sre widths; an
unbounded repeat of one character counted, per text, as the longest run of it there is); a
pattern that cannot be bounded has no reach and keeps its places. The places each held word
allows are found once per text with one overlapped search of the words, shortest first.
"""
from __future__ import annotations

import warnings
from dataclasses import dataclass

import regex

from pipeline.engine.anchors import _longest, _width

# A rule this wide gains little: most places have a held word somewhere in their reach.
_WIDEST = 40


@dataclass
class Near:
    width: int                          # the widest a match can be, runs aside
    runs: tuple[regex.Pattern, ...]     # its unbounded one-character repeats
    needs: tuple[regex.Pattern, ...]    # per held character or clause: its words, shortest first

    def keep(self, text: str, hits: list[int]) -> list[int]:
        """The HITS (sorted) of TEXT from which a match can reach what it holds."""
        reach = self.width + sum(_longest(run, text) for run in self.runs)
        for words in self.needs:
            allowed = _allowed(words, text, reach)
            hits = [at for at in hits if at in allowed]
            if not hits:
                break
        return hits


def rule_near(rule) -> Near | None:
    """RULE's reach and held words (see the module's comment), or None."""
    needs = [frozenset([ch]) for ch in sorted(getattr(rule, "holds", ()))]
    needs += list(getattr(rule, "holds_words", ()))
    if not needs:
        return None
    with warnings.catch_warnings():      # sre's FutureWarning on a class holding &&
        warnings.simplefilter("ignore", FutureWarning)
        width = _width(rule.pattern.pattern)
    if width is None or width[0] + len(width[1]) > _WIDEST:
        return None
    runs = tuple(regex.compile(f"(?:{atom})+", regex.V0) for atom in width[1])
    return Near(width[0], runs, tuple(_finder(words) for words in needs))


def _finder(words: frozenset[str]) -> regex.Pattern:
    ordered = sorted(words, key=lambda w: (len(w), w))       # the shortest at each place first
    return regex.compile("|".join(regex.escape(w) for w in ordered), regex.V0)


def _allowed(words: regex.Pattern, text: str, reach: int) -> set[int]:
    """The positions P of TEXT such that a word of WORDS lies inside [P, P + REACH), found once
    per text, words and reach (the rules of an article share a few: 月, 年)."""
    global _SHARED
    if _SHARED[0] is not text:
        _SHARED = (text, {})
    found = _SHARED[1]
    key = (words.pattern, reach)
    if key not in found:
        allowed: set[int] = set()
        for m in words.finditer(text, overlapped=True):
            allowed.update(range(max(m.end() - reach, 0), m.start() + 1))
        found[key] = allowed
    return found[key]


_SHARED: tuple[str | None, dict] = (None, {})      # the last text, and its allowed positions
