"""Trying a rule only after a word of a lexicon: the rule key `after_word`.

metric.move_to_level reads a move (由1.8%升至2.5%) as a figure only in a forecast's sentence,
after a goal word (goal.txt). Written as a lookbehind opening the pattern,
`(?<=(?:{goal})[^。!?\\n]{0,80})`, the regex module worked through 33 words and 80 characters
of lookbehind at each of the ~50 positions before every quantity of every text, and it was one
of the costliest rules of the run. The same condition as a key,

    after_word = { lexicon = "goal", within = 80, gap = '[^。!?\\n]' }

says where the rule can start at all: at a position P such that a word of the lexicon ends at
E, P - E <= within, and every character of text[E:P] is one GAP matches (a one-character
pattern). The engine finds those positions once per text (each word's occurrences by `find`)
and tries the rule only there: the matches are those of the pattern with the lookbehind, as
the lookbehind fails at every other position. A text without such a word is not searched.
`cnie rules check` validates the key (engine/rule_checks.py: check_after_word).
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

import regex

from pipeline.engine.rule_files import expand

KEY = "after_word"


@dataclass(frozen=True)
class AfterWord:
    words: tuple[str, ...]      # the lexicon's entries
    within: int                 # the most characters between the word's end and the match
    run: regex.Pattern          # `(?:gap){0,within}`: how far a word's reach runs

    def spans(self, text: str) -> list[tuple[int, int]]:
        """The positions where the rule can start, as sorted disjoint [low, high] pairs."""
        ends = sorted({at + len(w) for w in self.words for at in _occurrences(text, w)})
        spans: list[tuple[int, int]] = []
        for end in ends:
            reach = self.run.match(text, end).end()
            if spans and end <= spans[-1][1] + 1:
                spans[-1] = (spans[-1][0], max(spans[-1][1], reach))
            else:
                spans.append((end, reach))
        return spans

    def keep(self, text: str, positions: list[int] | None) -> list[int]:
        """Of the sorted POSITIONS (None: every position of TEXT), those where the rule can
        start, in order."""
        spans = self.spans(text)
        if positions is None:
            return [at for low, high in spans for at in range(low, high + 1)]
        lows = [low for low, _ in spans]
        kept = []
        for at in positions:
            i = bisect_right(lows, at) - 1
            if i >= 0 and at <= spans[i][1]:
                kept.append(at)
        return kept


def _occurrences(text: str, word: str):
    at = text.find(word)
    while at >= 0:
        yield at
        at = text.find(word, at + 1)


def after_word(options: dict, lexicons: dict, named: dict[str, str]) -> AfterWord | None:
    """The rule's `after_word` key, made ready for the engine (validated before:
    rule_checks.check_after_word); None when the rule has none."""
    spec = options.get(KEY)
    if spec is None:
        return None
    gap = expand(spec["gap"], named)
    return AfterWord(tuple(lexicons[spec["lexicon"]].entries), spec["within"],
                     regex.compile(f"(?:{gap}){{0,{spec['within']}}}", regex.V0))


def allowed(rule, text: str, positions: list[int] | None) -> list[int] | None:
    """POSITIONS (sorted; None: anywhere) cut to where RULE's after_word lets it start;
    unchanged for a rule without the key."""
    after = getattr(rule, "after", None)       # (a rule made by hand in a test has none)
    return positions if after is None else after.keep(text, positions)


def nowhere(rule, text: str) -> bool:
    """Whether RULE's after_word lets it start nowhere in TEXT (none of the words stands)."""
    after = getattr(rule, "after", None)
    return after is not None and not any(w in text for w in after.words)
