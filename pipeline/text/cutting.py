"""A whole article's words as jieba_fast's lcut gives them, without its generator layers.

jieba_fast's Tokenizer.cut (jieba_fast/__init__.py) finds each block's route in C
(_get_DAG_and_calc) but walks the route, and hands every word up, through two Python
generators (cut, __cut_DAG): a step per word, ~25% of the segment stage. cut_words below is
that cut with HMM, step for step, appending to one list: the same block pattern (the one the
tokenizer's module reads, set by segment._tokenizer), the same route, the same runs of single
characters given to finalseg (the unknown ones) or kept one by one (a dictionary word), the
same skip pattern for what lies between blocks. tests/test_segmenter.py holds its words to
lcut's on real articles.
"""
from __future__ import annotations

import sys
from functools import lru_cache


def route_function(tok):
    """jieba_fast's C route for TOK if TOK is a jieba_fast Tokenizer, else None."""
    module = sys.modules.get(type(tok).__module__.split(".")[0])
    functions = getattr(module, "_jieba_fast_functions", None)
    return getattr(functions, "_get_DAG_and_calc", None)


def cut_words(tok, text: str) -> list[str] | None:
    """TOK.lcut(TEXT) for a jieba_fast tokenizer; None for any other (its own lcut serves)."""
    route_of = route_function(tok)
    if route_of is None:
        return None
    module = sys.modules[type(tok).__module__]
    blocks, skip, finalseg = module.re_han_default, module.re_skip_default, module.finalseg
    tok.check_initialized()
    freq, total, words = tok.FREQ, float(tok.total), []
    # split() with the pattern's one group: the blocks stand at the odd places, what lies
    # between them (never matching: the blocks are maximal) at the even ones
    for i, blk in enumerate(blocks.split(text)):
        if i % 2:
            _cut_block(blk, route_of, freq, total, finalseg, words)
        elif blk:
            for x in skip.split(blk):
                if skip.match(x):
                    words.append(x)
                else:
                    words.extend(x)
    return words


def _cut_block(blk: str, route_of, freq: dict, total: float, finalseg, words: list) -> None:
    """__cut_DAG: the route's words, its runs of single characters flushed as they end."""
    route: list = []
    route_of(freq, blk, route, total)
    x, n, run = 0, len(blk), 0          # the run of single characters: blk[x - run:x]
    while x < n:
        y = route[x] + 1
        if y - x == 1:
            run += 1
        else:
            if run:
                _flush(blk[x - run:x], freq, finalseg, words)
                run = 0
            words.append(blk[x:y])
        x = y
    if run:
        _flush(blk[n - run:], freq, finalseg, words)


def _flush(buf: str, freq: dict, finalseg, words: list) -> None:
    if len(buf) == 1:
        words.append(buf)
    elif not freq.get(buf):
        words.extend(_hmm_words(buf, finalseg))     # unknown to the dictionary: the HMM's words
    else:
        words.extend(buf)


@lru_cache(maxsize=4096)
def _hmm_words(buf: str, finalseg) -> tuple[str, ...]:
    """finalseg.cut(BUF), remembered: its words depend on BUF alone (its tables are fixed and
    nothing here forces a split), and the same unknown names come back through an article."""
    return tuple(finalseg.cut(buf))
