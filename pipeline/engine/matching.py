"""How rules meet text: scanning with word-edge retries, time limits, and overlap policy.

Overlap policy (documented for rule authors): where candidates overlap, the one from the rule
with the higher `priority` wins; then the longer; then the earlier; on a full tie, the rule read
first (shipped rules before a user's, then file order: the sort is stable). So the same input
always gives the same output.
"""
from __future__ import annotations

import os
import time
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
        result = accept(m)
        if doc.trace is not None:   # `cnie explain` sees refused candidates too
            doc.trace.append((rule, m.start(), m.end(), result))
        if result:
            yield result
            pos = max(resume(m) if resume else m.end(), m.start() + 1)
        else:
            pos = next((s for s in starts if s > m.start()), m.start() + 1)


def _overlap(a: list[tuple[int, int]], b: list[tuple[int, int]]) -> bool:
    return any(s1 < e2 and s2 < e1 for s1, e1 in a for s2, e2 in b)


def resolve_overlaps(items: list[Item], spans=None) -> list[Item]:
    """Keep the best of overlapping items: higher priority, then longer, then earlier.
    SPANS(item) says what an item claims (default: its whole span)."""
    spans = spans or (lambda i: [(i.start, i.end)])
    ranked = sorted(items, key=lambda i: (-(i.fields.get("priority") or 0), -(i.end - i.start), i.start))
    kept: list[Item] = []
    for item in ranked:
        rival = next((k for k in kept if _overlap(spans(item), spans(k))), None)
        if rival is None:
            kept.append(item)
        else:
            item.lost_to = rival    # for `cnie explain`: which candidate beat this one
    return sorted(kept, key=lambda i: (i.start, i.end))
