"""Stage 2: jieba words with offsets, sentences and paragraphs.

jieba cuts numbers apart (880.5 / 亿元), so quantities are matched on characters; the words
found here serve to veto candidate spans that begin or end inside a word (统一, 万一, 一批).
A private jieba.Tokenizer keeps our user dictionary out of the global one that other code uses.
"""
from __future__ import annotations

import logging
from functools import lru_cache

import jieba
import jieba.posseg
import regex

from pipeline.document import Doc, Token

jieba.setLogLevel(logging.WARNING)

_SENTENCE_END = regex.compile(r"[。!?！？]+[”’」』)]*|[\r\n]+")   # CR alone ends a line too


@lru_cache(maxsize=8)
def tokenizer(user_words: tuple[str, ...]) -> jieba.Tokenizer:
    """A jieba tokenizer that knows our lexicons' words (companies, titles, indicators ...)."""
    tok = jieba.Tokenizer()
    tok.initialize()
    for word in user_words:
        tok.add_word(word, freq=tok.suggest_freq(word, tune=False) + 1)
    return tok


def split_spans(text: str, pattern: regex.Pattern) -> list[tuple[int, int]]:
    """Cut text after every match of pattern; spans cover the whole text, blanks dropped."""
    spans, start = [], 0
    for m in pattern.finditer(text):
        spans.append((start, m.end()))
        start = m.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def segment(doc: Doc, user_words: tuple[str, ...] = ()) -> None:
    tok = tokenizer(user_words)
    doc.tokens = [Token(s, e, w) for w, s, e in tok.tokenize(doc.text)]
    doc.word_starts = {t.start for t in doc.tokens} | {len(doc.text)}
    doc.word_ends = {t.end for t in doc.tokens} | {0}
    doc.sentences = split_spans(doc.text, _SENTENCE_END)
    doc.paragraphs = split_spans(doc.text, regex.compile(r"[\r\n]+"))


@lru_cache(maxsize=8)
def _tagger(user_words: tuple[str, ...]) -> jieba.posseg.POSTokenizer:
    return jieba.posseg.POSTokenizer(tokenizer(user_words))


def tag(text: str, user_words: tuple[str, ...] = ()) -> list[tuple[str, str]]:
    """(word, part of speech) for a short candidate span. The tagger is ~7x slower than
    tokenize, so it runs on candidates only, never over the whole article."""
    return [(p.word, p.flag) for p in _tagger(user_words).cut(text)]


def token_at(doc: Doc, pos: int) -> Token | None:
    """The word that starts at POS, if any (an index built once per document)."""
    index = doc.__dict__.get("_token_starts")
    if index is None:
        index = doc.__dict__["_token_starts"] = {t.start: t for t in doc.tokens}
    return index.get(pos)


def token_over(doc: Doc, pos: int) -> Token | None:
    """The word that holds POS strictly inside it (start < POS < end), if any."""
    cover = doc.__dict__.get("_token_cover")
    if cover is None:
        cover = doc.__dict__["_token_cover"] = {}
        for t in doc.tokens:
            for i in range(t.start + 1, t.end):
                cover[i] = t
    return cover.get(pos)


@lru_cache(maxsize=65536)
def tag_cached(text: str, user_words: tuple[str, ...] = ()) -> tuple[tuple[str, str], ...]:
    """tag() remembered: entity checks ask about the same short names again and again."""
    return tuple(tag(text, user_words))
