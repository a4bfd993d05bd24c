"""The one object every stage reads and extends (spaCy's habit: one Doc, character offsets).

`original` is the article as decoded; `text` is its normalized form with exactly the same
length, so a span [start, end) means the same characters in both. Offsets are set once, when
an item is made, and never recovered by searching for a substring.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field


@dataclass
class Token:
    start: int
    end: int
    word: str


@dataclass
class Item:
    """One extracted fact: a metric, target, entity or quantity, with its evidence."""
    kind: str                      # "metric" | "target" | "entity" | "quantity"
    start: int
    end: int
    rule: str
    fields: dict = field(default_factory=dict)
    # The overlapping candidate that beat this one (set by matching.resolve_overlaps).
    lost_to: "Item | None" = field(default=None, compare=False, repr=False)

    def __getitem__(self, key):
        return self.fields.get(key)


@dataclass
class Doc:
    original: str
    text: str = ""
    id: str = ""
    path: str = ""
    script: str = "simplified"
    variant: str | None = None
    date: str | None = None        # the article's date (YYYY-MM-DD) when the user pins it
    tokens: list[Token] = field(default_factory=list)
    sentences: list[tuple[int, int]] = field(default_factory=list)
    paragraphs: list[tuple[int, int]] = field(default_factory=list)
    quantities: list[Item] = field(default_factory=list)
    metrics: list[Item] = field(default_factory=list)
    targets: list[Item] = field(default_factory=list)
    entities: list[Item] = field(default_factory=list)
    checks: list[dict] = field(default_factory=list)
    # A rule that failed on one match: {"rule", "span", "error"}; the rest was extracted.
    warnings: list[dict] = field(default_factory=list)
    # word_start/word_end: jieba's word edges, for vetoing spans that cut a word in half.
    word_starts: set[int] = field(default_factory=set)
    word_ends: set[int] = field(default_factory=set)
    # (rule, start, end, accepted result) for every regex hit, when `cnie explain` asks.
    trace: list | None = None
    # (the rule set's triggers, sorted start positions per trigger): engine/triggers.py
    trigger_hits: tuple | None = field(default=None, repr=False)

    def sentence_of(self, pos: int) -> int:
        return _index_of(self.sentences, pos)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        """The [start, end) of the sentence holding POS; the whole text before sentences are cut."""
        return self.sentences[self.sentence_of(pos)] if self.sentences else (0, len(self.text))

    def paragraph_of(self, pos: int) -> int:
        return _index_of(self.paragraphs, pos)

    def token_inside(self, pos: int) -> Token | None:
        """The token with start < pos < end, if any (a binary search: a long article has
        hundreds of thousands of tokens and every quantity asks)."""
        starts = _starts(self.tokens, lambda t: t.start)
        i = bisect_left(starts, pos) - 1
        return self.tokens[i] if i >= 0 and pos < self.tokens[i].end else None

    def tokens_overlapping(self, start: int, end: int) -> list[Token]:
        """The tokens with end > start and start < end, in order (a binary search)."""
        starts = _starts(self.tokens, lambda t: t.start)
        first = max(bisect_right(starts, start) - 1, 0)
        return [t for t in self.tokens[first:bisect_left(starts, end)] if t.end > start]

    def warn(self, rule: str, start: int, end: int, message: str) -> None:
        """A rule that failed on one match: recorded, and the rest of the article goes on."""
        self.warnings.append({"rule": rule, "span": [start, end], "error": message.splitlines()[0][:300]})

    def cuts_word(self, start: int, end: int) -> bool:
        """True when [start, end) begins or ends inside one of jieba's words."""
        return (start not in self.word_starts) or (end not in self.word_ends)


# Sorted start offsets per list, rebuilt when the list changes length. A linear scan per
# item made an article's cost grow with the square of its length (issue 14).
_STARTS: dict[int, tuple[int, list, list[int]]] = {}


def _starts(spans: list, start_of=lambda span: span[0]) -> list[int]:
    key = id(spans)
    cached = _STARTS.get(key)
    if cached is None or cached[1] is not spans or cached[0] != len(spans):
        if len(_STARTS) > 64:
            _STARTS.clear()
        cached = (len(spans), spans, [start_of(x) for x in spans])
        _STARTS[key] = cached
    return cached[2]


def _index_of(spans: list[tuple[int, int]], pos: int) -> int:
    """The index of the sorted, disjoint span holding POS; the last one when none does."""
    i = bisect_right(_starts(spans), pos) - 1
    if i >= 0 and pos < spans[i][1]:
        return i
    return max(len(spans) - 1, 0)
