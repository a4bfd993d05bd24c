"""How rules meet text: scanning with word-edge retries and time limits. Which of
overlapping candidates stands is overlaps.py's (resolve_overlaps is imported from here too)."""
from __future__ import annotations

import os
import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from types import SimpleNamespace

import regex

from pipeline.document import Doc
from pipeline.engine import after_words, firsts, heads, holds, watchdog, word_edges
from pipeline.engine.overlaps import resolve_overlaps  # noqa: F401  (callers import it from here)

# CPU seconds one rule's searches may take over one article, all together; a user's pattern
# that backtracks without end is stopped and reported with its rule id instead of hanging the
# batch. CPU time of this thread, not wall-clock: on a busy machine (-j 6 on 2 cores) a search
# waits for the processor, and that wait must not fail an article that passes when alone.
TIMEOUT = float(os.environ.get("CNIE_REGEX_TIMEOUT") or 2.0)
# The regex module can only stop a search by wall-clock. A search stopped before it used the
# CPU budget left was starved by other processes, not runaway: it is tried again with up to
# this many times more wall-clock time, so only a grossly oversubscribed machine could stop it.
WALL_FACTOR = 64


class RuleError(RuntimeError):
    """A rule that failed on this text; the message says which rule, where, and why."""
    rule_id = ""


class RuleCrash(RuleError):
    """An extractor's check failed on one of the rule's candidates: named with the rule, its
    file:line and the candidate, rather than as a bare traceback from Python."""
    def __init__(self, rule, m: regex.Match, err: Exception):
        super().__init__(f"rule {rule.id} ({rule.file}:{rule.line}) failed on its match "
                         f"[{m.start()}, {m.end()}) {m.group()[:40]!r}: {type(err).__name__}: {err}")
        self.rule_id = rule.id


class RuleTimeout(RuleError):
    def __init__(self, rule_id: str, seconds: float, where: str = ""):
        super().__init__(f"rule {rule_id}{f' ({where})' if where else ''} took longer than "
                         f"{seconds:g} s on this text (a regex that backtracks too much); "
                         "the article was skipped")
        self.rule_id = rule_id


class Budget:
    """The CPU time one rule may still spend on one article: every search is charged, and a
    search stops when the rule's whole budget is spent."""
    def __init__(self, rule, seconds: float | None = None):
        self.rule, self.seconds, self.spent = rule, TIMEOUT if seconds is None else seconds, 0.0

    def run(self, method, text: str, pos: int):
        """METHOD (a compiled pattern's search or match) at POS, charged to the budget."""
        return self.call(method, text, pos)

    def call(self, method, *args, **kwargs):
        """METHOD(*ARGS, **KWARGS) (any pattern method that takes a timeout), charged."""
        if watchdog.available():    # charged by watchdog.py's ticks instead of by reading clocks
            # (inline, not a method of its own: with available()'s cheaper thread check, the
            # charge adds 0.27 µs to a short match instead of 0.37 µs; ~600 per article)
            if self.spent < self.seconds:
                try:
                    return watchdog.run(self, method, args, kwargs)
                except watchdog.Expired:
                    pass
            raise RuleTimeout(self.rule.id, self.seconds, f"{self.rule.file}:{self.rule.line}")
        left = self.seconds - self.spent
        wall = left
        while left > 0:
            began = time.thread_time()
            try:
                found = method(*args, timeout=wall, **kwargs)
            except TimeoutError:
                used = time.thread_time() - began
                if used >= left * 0.9 or wall >= left * WALL_FACTOR:
                    break                # it had the processor and still did not finish
                wall *= 4                # it waited for the processor: give it the time again
                continue
            self.spent += time.thread_time() - began
            return found
        raise RuleTimeout(self.rule.id, self.seconds, f"{self.rule.file}:{self.rule.line}")

    def first(self, method, text: str, positions: list[int], i: int = 0):
        """(index, match) of the first of POSITIONS[I:] where METHOD matches, else
        (len(POSITIONS), None). Tried _CHUNK at a time under one charge: reading the CPU clock
        (a system call) costs more than a short match, and at every position it was the
        largest cost of a scan; a runaway match is still stopped by its own timeout."""
        while i < len(positions):
            chunk = positions[i:i + _CHUNK]
            found = self.call(_first_in, method, text, chunk)
            if found is not None:
                return i + found[0], found[1]
            i += len(chunk)
        return len(positions), None


_CHUNK = 32


def _first_in(method, text: str, chunk: list[int], timeout: float):
    for k, at in enumerate(chunk):
        m = method(text, at, timeout=timeout)
        if m is not None:
            return k, m
    return None


# The budget of the sub-patterns extractors compile with rules.compile (issue 9): one per
# article, set by stages.process; and the rule whose candidate is being checked, for the error.
_ARTICLE: ContextVar[Budget | None] = ContextVar("article_budget", default=None)
_CHECKING: ContextVar[object] = ContextVar("checking", default=None)
_SUB_PATTERNS = SimpleNamespace(id="-", file="sub-patterns of the extractors", line=0)


@contextmanager
def article_budget():
    """While it lasts, every rules.compile(...) pattern shares one budget of TIMEOUT seconds."""
    token = _ARTICLE.set(Budget(_SUB_PATTERNS))
    try:
        with watchdog.ticking():    # searches charged by CPU ticks, not clock reads
            yield
    finally:
        _ARTICLE.reset(token)


def run_sub_pattern(source: str, method, *args, **kwargs):
    """A rules.compile(...) pattern's METHOD under the article's budget (outside an article,
    under a budget of its own): a sub-pattern a user made to backtrack without end stops the
    article, named with the rule being checked, instead of hanging it."""
    budget = _ARTICLE.get() or Budget(_SUB_PATTERNS)
    try:
        return budget.call(method, *args, **kwargs)
    except RuleTimeout:
        rule = _CHECKING.get()
        raise RuleTimeout(getattr(rule, "id", "-"), budget.seconds,
                          f"the sub-pattern {source[:60]!r} its check uses") from None


def word_start_only(rule) -> bool:
    """`fields = { anchor = "word_start" }`: the pattern is tried only where a jieba word
    starts (names that never start mid-word; many fewer tries)."""
    return ((rule.options.get("fields") or {}).get("anchor")) == "word_start"


def scan(rule, doc: Doc, accept: Callable[[regex.Match], object], resume=None, when=None,
         at=None, edges=None) -> Iterator:
    """Every accepted match of RULE over the text. A rejected candidate does not swallow the
    text it covered: the search resumes at the next word start after its start, so 在做大做强
    南通高新区 still finds 南通高新区 after 强南通高新区 is refused. RESUME(match) says where to
    go on after an accepted match (default: its end). A word-start rule is tried at every word
    start instead. Either way the rule's searches share one time budget (the extractor's own
    checks in accept() are not charged) and `cnie explain` sees every candidate. WHEN(doc)
    false says accept() refuses every candidate in this document (a check on the document, not
    the match): the pattern is then not run at all, except for `cnie explain`. AT(doc), for
    a word-start rule: the only positions where accept() can take a candidate (each word
    start is tried on its own, so leaving out the others changes nothing but the trace).
    EDGES(group names): the groups accept() refuses when they start off a word start; an anchored
    rule is then tried only where its extractor can take a match (word_edges.py). A text
    without a character every match holds (holds.py) has no candidate to try or trace."""
    if when is not None and doc.trace is None and not when(doc):
        return
    clauses = getattr(rule, "holds_words", ())
    if holds.lacks(doc.text, getattr(rule, "holds", ())) or clauses and holds.lacks_words(
            doc.text, clauses, holds.words_in(doc, getattr(rule, "held_finder", None))):
        return                  # a character or every word of a clause each match holds is not in the text (holds.py)
    if after_words.nowhere(rule, doc.text):
        return                  # no word the rule must follow is in the text (after_words.py)
    if word_start_only(rule):
        yield from _at_word_starts(rule, doc, accept, at(doc) if at and doc.trace is None else None)
        return
    text, pos = doc.text, 0
    starts = sorted_starts(doc)
    budget = Budget(rule)
    search = _searcher(rule, doc, budget, starts, edges if doc.trace is None else None)
    while pos <= len(text):
        m = search(pos)
        if m is None:
            return
        result = _tried(rule, doc, m, accept)
        if result:
            yield result
            pos = max(resume(m) if resume else m.end(), m.start() + 1)
        else:
            after = bisect_right(starts, m.start())   # the next word start (a binary search)
            pos = starts[after] if after < len(starts) else m.start() + 1


def sorted_starts(doc: Doc) -> list[int]:
    """DOC's word starts in order, sorted once per document: every scan sorted them again
    (4% of all time on real text)."""
    kept = doc.__dict__.get("_sorted_starts")
    if kept is None or kept[0] is not doc.word_starts or len(kept[1]) != len(doc.word_starts):
        kept = doc.__dict__["_sorted_starts"] = (doc.word_starts, sorted(doc.word_starts))
    return kept[1]


def _trigger_hits(rule, doc: Doc, budget: Budget) -> list[int] | None:
    """The positions where RULE can start, by its trigger words (triggers.py), a group every
    match holds (anchors.py) or the characters every match opens with (firsts.py); None:
    anywhere."""
    triggers = getattr(rule, "triggers", None)    # (a rule made by hand in a test has none)
    head = getattr(rule, "head", None)            # the sub-pattern it opens with (heads.py)
    if triggers is not None:
        hits = triggers.starts(doc, rule)
        return heads.among(head, hits, doc.text, budget) if head is not None and hits else hits
    anchor = getattr(rule, "anchor", None)
    if anchor is not None:
        return anchor.starts(doc.text, budget)
    if head is not None:
        return head.places(doc.text, budget)
    opens = getattr(rule, "opening", None)        # the characters it opens with (firsts.py)
    return firsts.starts(opens, doc.text) if opens is not None else None


def _within_reach(rule, text: str, hits: list[int] | None) -> list[int] | None:
    """HITS less those from which no match reaches what every match holds (near.py)."""
    near = getattr(rule, "near", None)
    return near.keep(text, hits) if near is not None and hits else hits


def _searcher(rule, doc: Doc, budget: Budget, starts: list[int],
              edges=None) -> Callable[[int], regex.Match | None]:
    """search(pos): the leftmost match at or after POS. For a rule whose matches all open with
    one of its trigger words (engine/triggers.py), or just before a group they all hold
    (engine/anchors.py), `match` at each such position in turn: the first that matches is the
    match `search` finds, without trying every other position. With EDGES, the first that
    accept() may take (word_edges.py); STARTS: the sorted word starts."""
    if edges is not None and word_edges.at_word_starts(rule, edges):
        places = rule.anchor.places(doc.text, budget)
        tries = after_words.allowed(rule, doc.text, rule.anchor.around(doc.text, places))
        return word_edges.searcher(rule, doc, budget, places, tries, starts)
    hits = _within_reach(rule, doc.text, after_words.allowed(rule, doc.text, _trigger_hits(rule, doc, budget)))
    if hits is None:
        return lambda pos: budget.run(runs(rule).search, doc.text, pos)

    def search(pos: int):
        return budget.first(runs(rule).match, doc.text, hits, bisect_left(hits, pos))[1]
    return search


def runs(rule) -> regex.Pattern:
    """The pattern the engine runs for RULE: its guarded form (guards.py), same matches."""
    return getattr(rule, "guarded", None) or rule.pattern


def _at_word_starts(rule, doc: Doc, accept, only: set[int] | None = None) -> Iterator:
    budget = Budget(rule)
    starts = doc.word_starts if only is None else doc.word_starts & only
    hits = after_words.allowed(rule, doc.text, _trigger_hits(rule, doc, budget))
    # only where a trigger word starts (triggers.py)
    tries = sorted(starts) if hits is None else [pos for pos in hits if pos in starts]
    tries = _within_reach(rule, doc.text, tries)
    i = 0
    while True:
        i, m = budget.first(runs(rule).match, doc.text, tries, i)
        if m is None:
            return
        result = _tried(rule, doc, m, accept)
        if result:
            yield result
        i += 1


def _tried(rule, doc: Doc, m: regex.Match, accept):
    token = _CHECKING.set(rule)
    try:
        result = accept(m)
    except RuleError:
        raise
    except Exception as err:    # one bad sentence never loses the article (issue 14): the
        doc.warn(rule.id, m.start(), m.end(), str(RuleCrash(rule, m, err)))   # output says where
        result = None
    finally:
        _CHECKING.reset(token)
    if doc.trace is not None:   # `cnie explain` sees refused candidates too
        doc.trace.append((rule, m.start(), m.end(), result))
    return result
