"""Stage 2: jieba words with offsets, sentences and paragraphs.

jieba cuts numbers apart (880.5 / 亿元), so quantities are matched on characters; the words
found here serve to veto candidate spans that begin or end inside a word (统一, 万一, 一批).
A private jieba.Tokenizer keeps our user dictionary out of the global one that other code uses.

The segmenter is chosen by use() (cnie run --segmenter, or CNIE_SEGMENTER for any process):
jieba_fast is jieba's algorithm in C, with the same dictionary; given jieba's block pattern,
tests/test_segmenter.py proves its words and tags identical to jieba's, so it is the default
when installed. rjieba
(jieba-rs) splits some ASCII runs and weighs user words otherwise, so it only tokenizes, never
by default; its frequencies and tags come from jieba.
"""
from __future__ import annotations

import importlib
import importlib.util
import logging
import os
import re
from functools import lru_cache
from itertools import accumulate

import regex

from pipeline.document import Doc, Token
from pipeline.text.cutting import cut_words
from pipeline.text.loading import initialize, posseg_module, segmenter_module
from pipeline.text.tagging import Tagger

# jieba's block pattern (jieba 0.42: jieba.re_han_default, what its cut splits a text into
# before the dictionary sees it), here so that a process segmenting with jieba_fast need not
# import jieba too (~0.02 s of its start-up); tests/test_segmenter.py holds it to jieba's own.
JIEBA_BLOCKS = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)", re.U)
_SENTENCE_END = regex.compile(r"[。!?！？]+[”’」』)]*|[\r\n]+")   # CR alone ends a line too
_PARAGRAPH_END = regex.compile(r"[\r\n]+")
SEGMENTERS = ("jieba", "jieba_fast", "rjieba")


def _installed(name: str) -> bool:
    return importlib.util.find_spec(name) is not None


DEFAULT = "jieba_fast" if _installed("jieba_fast") else "jieba"
_chosen = [os.environ.get("CNIE_SEGMENTER") or DEFAULT]


def use(name: str) -> None:
    """Segment with NAME from now on, in this process and in the workers it starts."""
    if name not in SEGMENTERS:
        raise ValueError(f"unknown segmenter {name!r}: one of {', '.join(SEGMENTERS)}")
    _chosen[0] = os.environ["CNIE_SEGMENTER"] = name
    tag_cached.cache_clear()    # its answers were the previous segmenter's


def current() -> str:
    return _chosen[0]


def tokenizer(user_words: tuple[str, ...]):
    """The chosen segmenter, knowing our lexicons' words (companies, titles, indicators ...).
    It offers jieba.Tokenizer's tokenize() and FREQ."""
    return _tokenizer(user_words, _chosen[0])


@lru_cache(maxsize=8)
def _tokenizer(user_words: tuple[str, ...], name: str):
    if name == "rjieba":
        return _RJieba(_tokenizer(user_words, "jieba"), user_words)
    module = segmenter_module(name)
    module.setLogLevel(logging.WARNING)
    # jieba_fast forked jieba before jieba 0.42 let '-' into a block (COVID-19, 3%-5%); its
    # Tokenizer.cut reads this module global, and with jieba's the cuts are identical.
    module.re_han_default = JIEBA_BLOCKS
    tok = module.Tokenizer()
    initialize(tok, user_words)   # tok.initialize() and our words, from faster caches (loading.py)
    return tok


class _RJieba:
    """rjieba's tokenize with jieba's frequencies: the same user words, the same FREQ."""

    def __init__(self, jieba_tok, user_words: tuple[str, ...]):
        import rjieba
        self.FREQ, self.total = jieba_tok.FREQ, jieba_tok.total
        self._rs = rjieba.Jieba()
        for word in user_words:
            self._rs.add_word(word, jieba_tok.FREQ[word], None)

    def tokenize(self, text: str):
        return self._rs.tokenize(text, "default", True)


def split_spans(text: str, pattern: regex.Pattern) -> list[tuple[int, int]]:
    """Cut text after every match of pattern; spans cover the whole text, blanks dropped."""
    spans, start = [], 0
    for m in pattern.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def segment(doc: Doc, user_words: tuple[str, ...] = ()) -> None:
    text = doc.text
    doc.token_words, doc.token_starts, doc.token_ends = words_with_offsets(tokenizer(user_words), text)
    doc.word_starts = set(doc.token_starts)
    doc.word_starts.add(len(text))
    doc.word_ends = set(doc.token_ends)
    doc.word_ends.add(0)
    doc.sentences = split_spans(text, _SENTENCE_END)
    doc.paragraphs = split_spans(text, _PARAGRAPH_END)


def words_with_offsets(tok, text: str) -> tuple[list[str], list[int], list[int]]:
    """TOK's words of TEXT, their starts and their ends. jieba's tokenize() is its cut() with
    each word's length added up, so the same offsets come from lcut() and one C-level sum,
    without a generator step and a tuple per word (rjieba gives its own offsets)."""
    cut = getattr(tok, "lcut", None)
    if cut is None:
        triples = list(tok.tokenize(text))
        return [w for w, _, _ in triples], [s for _, s, _ in triples], [e for _, _, e in triples]
    words = cut_words(tok, text)                  # (jieba_fast's lcut without its generators)
    if words is None:
        words = cut(text)
    offsets = list(accumulate(map(len, words), initial=0))
    return words, offsets[:-1], offsets[1:]


def _tagger(user_words: tuple[str, ...]):
    return _pos_tokenizer(user_words, _chosen[0])


@lru_cache(maxsize=8)
def _pos_tokenizer(user_words: tuple[str, ...], name: str):
    """The tagger over our tokenizer. posseg's default tagger holds the dictionary's tags
    (loading.py); POSTokenizer() would read them again (~0.4 s), so the table is shared: our
    words are added without tags, so nothing writes to it (else it is copied)."""
    if name == "rjieba":
        name = "jieba"    # rjieba's tagger is not jieba's
    posseg = posseg_module(name)
    if not hasattr(posseg.viterbi, "cache_info"):     # the same tags, faster (viterbi below)
        posseg.viterbi = _remembered(posseg)
    pos = posseg.POSTokenizer.__new__(posseg.POSTokenizer)
    pos.tokenizer = _tokenizer(user_words, name)
    shared = posseg.dt.word_tag_tab
    pos.word_tag_tab = dict(shared) if pos.tokenizer.user_word_tag_tab else shared
    return pos


@lru_cache(maxsize=8)
def _span_tagger(user_words: tuple[str, ...], name: str) -> Tagger:
    pos = _pos_tokenizer(user_words, name)
    return Tagger(posseg_module("jieba" if name == "rjieba" else name), pos)


def tag(text: str, user_words: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(word, part of speech) for a short candidate span, as posseg's cut gives them
    (tagging.py). The tagger is ~7x slower than tokenize, so it runs on candidates only,
    never over the whole article."""
    return _retagged(_span_tagger(user_words, _chosen[0]).cut(text), user_words)


def tag_from_right(text: str, user_words: tuple[str, ...] = ()):
    """tag(TEXT)'s pairs from the last to the first, each tagged only when it is reached
    (tagging.Tagger.cut_from_right): for a caller that stops at the first word it refuses."""
    pairs = _span_tagger(user_words, _chosen[0]).cut_from_right(text)
    tags = _our_tags(user_words)
    return ((w, tags.get(w, f)) for w, f in pairs) if tags else pairs     # (still lazy)


def _retagged(pairs: list, user_words) -> list:
    """PAIRS with the tags our lexicons give some of our words (rules.Words.tags: a kind is b),
    where jieba, which learnt them without one, says x."""
    tags = _our_tags(user_words)
    return [(w, tags.get(w, f)) for w, f in pairs] if tags else pairs


def _our_tags(user_words) -> dict:
    return getattr(user_words, "__dict__", {}).get("tags") or {}


def token_at(doc: Doc, pos: int) -> Token | None:
    """The word that starts at POS, if any (a binary search over the word starts)."""
    return doc.token_starting_at(pos)


def token_over(doc: Doc, pos: int) -> Token | None:
    """The word that holds POS strictly inside it (start < POS < end), if any."""
    return doc.token_inside(pos)


@lru_cache(maxsize=4096)
def tag_cached(text: str, user_words: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """tag() remembered: entity checks ask about the same short names again and again.
    Measured over 507 real articles (50,000 calls, 16,000 distinct spans): 4,096 entries hit
    67.6% of calls, an unbounded cache 68.3%; but each entry is ~1.2 KB, and at 65,536 a
    worker grew by ~80 MB over a long batch (its peak RSS followed the corpus' size). Again
    over dev, the corpora and the rule examples in one process (120,000 calls, 24,700
    distinct spans): 77.9% at 4,096, 79.2% at 16,384, 79.4% unbounded; the 1,755 spans
    tagged again cost ~0.05 s. Workers fork with it almost empty (the warm-up's spans), so
    each fills its own and the size is still each worker's memory: it stays."""
    return tuple(tag(text, user_words))


# jieba's part-of-speech Viterbi (jieba/posseg/viterbi.py, the same in jieba_fast), with the
# same arithmetic in the same order and the same choice on ties, made cheaper: it was 15-20% of
# the pipeline's time (entity and metric checks tag their candidates).
#
# What is the same: every score is (previous score + transition) + emission, summed in that
# order as jieba sums it; the best previous state is the largest (score, state) pair, so a tie
# in score goes to the larger state as with jieba's max over tuples; the states tried at each
# character are jieba's. What is cheaper: the emission of a state is looked up once per
# character instead of once per previous state, and a state is reached only from the previous
# states whose transition row holds it: jieba also weighs the others, at -inf, and they never
# win (one finite score always stands beside them, the state being in some row). tests/test_segmenter.py compares the tags with jieba's own.
# jieba_fast has no faster one: its C _viterbi is finalseg's, four states only. Numpy array
# steps give the same paths 3x faster per run, but with the runs remembered (below) a worker
# meets ~3,000 new ones per 1,000 articles: ~0.2 s saved, against numpy's import (0.07 s and
# 13 MB of every worker's memory), so not used.
_MIN_FLOAT = -3.14e100


def _reached(previous, scores, trans_p, allowed) -> dict:
    """state -> [(previous score + transition, previous state)], for the states in ALLOWED
    (None: all) that some previous state's transition row holds (now only where no allowed
    state is reachable: _best_into serves the rest)."""
    into: dict = {}
    for x in previous:
        score = scores[x]
        for y, step in trans_p[x].items():
            if allowed is None or y in allowed:
                into.setdefault(y, []).append((score + step, x))
    return into


def _best_into(previous, scores, trans_p, allowed, emit) -> dict:
    """state -> the largest ((previous score + transition) + emission, previous state), for
    the states in ALLOWED that some previous state's transition row holds: _reached's lists
    and their max in one step (a max needs no list: ~half the Viterbi's time went to them).
    EMIT: each allowed state's emission of this character."""
    best: dict = {}
    for x in previous:
        score = scores[x]
        row = trans_p[x]
        for y in allowed.intersection(row):
            pair = ((score + row[y]) + emit[y], x)
            if y not in best or pair > best[y]:
                best[y] = pair
    return best


def _remembered(posseg):
    """POSSEG's viterbi: ours below, remembered by the run of characters it is given, since
    with posseg's own tables the path depends on nothing else. Spans of the same name in
    other contexts (记者从宏昌集团, 。宏昌集团) hand it the same unknown run again and again."""
    tables = (posseg.char_state_tab_P, posseg.start_P, posseg.trans_P, posseg.emit_P)

    @lru_cache(maxsize=8192)         # (2,700 distinct runs in 507 articles: bounded all the same)
    def of_run(obs: str):
        return viterbi(obs, *tables)

    def remembered(obs, *given):
        if isinstance(obs, str) and all(a is b for a, b in zip(given, tables)):
            return of_run(obs)                # (callers only read the path it returns)
        return viterbi(obs, *given)
    remembered.cache_info = of_run.cache_info
    return remembered


def viterbi(obs, states, start_p, trans_p, emit_p):
    all_states = trans_p.keys()
    first = obs[0]
    scores = {y: start_p[y] + emit_p[y].get(first, _MIN_FLOAT) for y in states.get(first, all_states)}
    paths = [dict.fromkeys(scores, "")]
    for t in range(1, len(obs)):
        char = obs[t]
        allowed = set(states.get(char, all_states))
        best = _best_into(paths[t - 1], scores, trans_p, allowed,
                          {y: emit_p[y].get(char, _MIN_FLOAT) for y in allowed})
        if not best:             # no allowed state is reachable: jieba tries every reachable one
            into = _reached(paths[t - 1], scores, trans_p, None)
            for y in (into.keys() if into else all_states):
                emit = emit_p[y].get(char, _MIN_FLOAT)
                best[y] = max((s + emit, x) for s, x in into[y])
        now, path = {}, {}
        for y, (score, x) in best.items():
            now[y], path[y] = score, x
        scores = now
        paths.append(path)
    prob, state = max((scores[y], y) for y in paths[-1])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return prob, route
