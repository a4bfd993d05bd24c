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
    # jieba's words as parallel lists (segment.py): a Token object per word cost as much as
    # jieba's own loop, and the stages only ever ask about a few positions (token_inside ...).
    token_words: list[str] = field(default_factory=list, repr=False)
    token_starts: list[int] = field(default_factory=list, repr=False)
    token_ends: list[int] = field(default_factory=list, repr=False)
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

    @property
    def tokens(self) -> list[Token]:
        """Every word as a Token, built on first use (only tools that list them ask)."""
        kept = self.__dict__.get("_tokens")
        if kept is None or kept[0] is not self.token_words:
            made = list(map(Token, self.token_starts, self.token_ends, self.token_words))
            kept = self.__dict__["_tokens"] = (self.token_words, made)
        return kept[1]

    @tokens.setter
    def tokens(self, tokens: list[Token]) -> None:
        self.token_starts = [t.start for t in tokens]
        self.token_ends = [t.end for t in tokens]
        self.token_words = [t.word for t in tokens]

    def _token(self, i: int) -> Token:
        return Token(self.token_starts[i], self.token_ends[i], self.token_words[i])

    def token_inside(self, pos: int) -> Token | None:
        """The token with start < pos < end, if any (a binary search: a long article has
        hundreds of thousands of tokens and every quantity asks)."""
        i = bisect_left(self.token_starts, pos) - 1
        return self._token(i) if i >= 0 and pos < self.token_ends[i] else None

    def token_starting_at(self, pos: int) -> Token | None:
        """The token that starts at POS, if any (jieba's words never overlap: one at most)."""
        i = bisect_left(self.token_starts, pos)
        return self._token(i) if i < len(self.token_starts) and self.token_starts[i] == pos else None

    def token_ending_at(self, pos: int) -> Token | None:
        """The token that ends at POS, if any."""
        i = bisect_left(self.token_ends, pos)
        return self._token(i) if i < len(self.token_ends) and self.token_ends[i] == pos else None

    def tokens_overlapping(self, start: int, end: int) -> list[Token]:
        """The tokens with end > start and start < end, in order (a binary search)."""
        first = max(bisect_right(self.token_starts, start) - 1, 0)
        return [self._token(i) for i in range(first, bisect_left(self.token_starts, end))
                if self.token_ends[i] > start]

    def warn(self, rule: str, start: int, end: int, message: str) -> None:
        """A rule that failed on one match: recorded, and the rest of the article goes on."""
        self.warnings.append({"rule": rule, "span": [start, end], "error": message.splitlines()[0][:300]})

    def cuts_word(self, start: int, end: int) -> bool:
        """True when [start, end) begins or ends inside one of jieba's words."""
        return (start not in self.word_starts) or (end not in self.word_ends)


# Sorted start offsets per list, rebuilt when the list changes length. A linear scan per
# item made an article's cost grow with the square of its length (issue 14).
_STARTS: dict[int, tuple[int, list, list[int]]] = {}


def _starts(spans: list[tuple[int, int]]) -> list[int]:
    key = id(spans)
    cached = _STARTS.get(key)
    if cached is None or cached[1] is not spans or cached[0] != len(spans):
        if len(_STARTS) > 64:
            _STARTS.clear()
        cached = (len(spans), spans, [x[0] for x in spans])
        _STARTS[key] = cached
    return cached[2]


def _index_of(spans: list[tuple[int, int]], pos: int) -> int:
    """The index of the sorted, disjoint span holding POS; the last one when none does."""
    i = bisect_right(_starts(spans), pos) - 1
    if i >= 0 and pos < spans[i][1]:
        return i
    return max(len(spans) - 1, 0)
