"""Overlap policy (documented for rule authors): where candidates overlap, the one from the rule
with the higher `priority` wins; then the longer; then the earlier; on a full tie, the rule read
first (shipped rules before a user's, then file order: the sort is stable). So the same input
always gives the same output.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right

from pipeline.document import Item


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
