"""The one object every stage reads and extends (spaCy's habit: one Doc, character offsets).

`original` is the article as decoded; `text` is its normalized form with exactly the same
length, so a span [start, end) means the same characters in both. Offsets are set once, when
an item is made, and never recovered by searching for a substring.
"""
from __future__ import annotations

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
    # word_start/word_end: jieba's word edges, for vetoing spans that cut a word in half.
    word_starts: set[int] = field(default_factory=set)
    word_ends: set[int] = field(default_factory=set)
    # (rule, start, end, accepted result) for every regex hit, when `cnie explain` asks.
    trace: list | None = None

    def sentence_of(self, pos: int) -> int:
        for i, (start, end) in enumerate(self.sentences):
            if start <= pos < end:
                return i
        return max(len(self.sentences) - 1, 0)

    def paragraph_of(self, pos: int) -> int:
        for i, (start, end) in enumerate(self.paragraphs):
            if start <= pos < end:
                return i
        return max(len(self.paragraphs) - 1, 0)

    def cuts_word(self, start: int, end: int) -> bool:
        """True when [start, end) begins or ends inside one of jieba's words."""
        return (start not in self.word_starts) or (end not in self.word_ends)
