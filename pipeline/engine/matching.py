"""How rules meet text: scanning with word-edge retries, time limits, and overlap policy.

Overlap policy (documented for rule authors): where candidates overlap, the one from the rule
with the higher `priority` wins; then the longer; then the earlier; on a full tie, the rule read
first (shipped rules before a user's, then file order: the sort is stable). So the same input
always gives the same output.
"""
from __future__ import annotations

import os
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator

import regex

from pipeline.document import Doc, Item

# Seconds one rule's searches may take over one article, all together; a user's pattern that
# backtracks without end is stopped and reported with its rule id instead of hanging the batch.
TIMEOUT = float(os.environ.get("CNIE_REGEX_TIMEOUT") or 2.0)


class RuleTimeout(RuntimeError):
    def __init__(self, rule_id: str, seconds: float, where: str = ""):
        super().__init__(f"rule {rule_id}{f' ({where})' if where else ''} took longer than "
                         f"{seconds:g} s on this text (a regex that backtracks too much); "
                         "the article was skipped")
        self.rule_id = rule_id


def scan(rule, doc: Doc, accept: Callable[[regex.Match], object], resume=None) -> Iterator:
    """Every accepted match of RULE over the text. A rejected candidate does not swallow the
    text it covered: the search resumes at the next word start after its start, so 在做大做强
    南通高新区 still finds 南通高新区 after 强南通高新区 is refused. RESUME(match) says where to
    go on after an accepted match (default: its end)."""
    text, pos = doc.text, 0
    starts = sorted(doc.word_starts)
    spent = 0.0     # search time only: the extractor's own checks in accept() do not count
    while pos <= len(text):
        try:
            if spent >= TIMEOUT:
                raise TimeoutError
            began = time.perf_counter()
            m = rule.pattern.search(text, pos, timeout=TIMEOUT - spent)
            spent += time.perf_counter() - began
        except TimeoutError:
            raise RuleTimeout(rule.id, TIMEOUT, f"{rule.file}:{rule.line}") from None
        if m is None:
            return
        try:
            result = accept(m)
        except RuleTimeout:
            raise
        except Exception as err:    # one bad sentence never loses the article (issue 14)
            doc.warn(rule.id, m.start(), m.end(), err)
            result = None
        if doc.trace is not None:   # `cnie explain` sees refused candidates too
            doc.trace.append((rule, m.start(), m.end(), result))
        if result:
            yield result
            pos = max(resume(m) if resume else m.end(), m.start() + 1)
        else:
            after = bisect_right(starts, m.start())   # the next word start (a binary search)
            pos = starts[after] if after < len(starts) else m.start() + 1


def resolve_overlaps(items: list[Item], spans=None) -> list[Item]:
    """Keep the best of overlapping items: higher priority, then longer, then earlier.
    SPANS(item) says what an item claims (default: its whole span)."""
    spans = spans or (lambda i: [(i.start, i.end)])
    ranked = sorted(items, key=lambda i: (-(i.fields.get("priority") or 0), -(i.end - i.start), i.start))
    kept: list[Item] = []
    claimed = _Claims()
    for item in ranked:
        pieces = spans(item)
        rival = claimed.first_overlap(pieces)
        if rival is None:
            claimed.add(pieces, len(kept))
            kept.append(item)
        else:
            item.lost_to = kept[rival]    # for `cnie explain`: which candidate beat this one
    return sorted(kept, key=lambda i: (i.start, i.end))


class _Claims:
    """The spans kept items claim, sorted by start. Kept claims never overlap, so their ends
    rise with their starts and a binary search finds every claim a span meets: checking each
    candidate against every kept item made a long article's cost quadratic (issue 14)."""

    def __init__(self):
        self.starts: list[int] = []
        self.claims: list[tuple[int, int, int]] = []   # (start, end, index of the kept item)

    def first_overlap(self, pieces) -> int | None:
        """The lowest kept index among the claims that overlap any piece."""
        hits = []
        for start, end in pieces:
            j = bisect_left(self.starts, end) - 1
            while j >= 0 and self.claims[j][1] > start:
                if self.claims[j][0] < end:
                    hits.append(self.claims[j][2])
                j -= 1
        return min(hits, default=None)

    def add(self, pieces, index: int) -> None:
        for start, end in pieces:
            at = bisect_right(self.starts, start)
            self.starts.insert(at, start)
            self.claims.insert(at, (start, end, index))
