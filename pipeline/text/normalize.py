"""Stage 1: decide the script, convert traditional to simplified, fold widths.

Conversion must keep the text's length, character for character, so that every offset found on
the normalized text is an offset into the original. OpenCC's t2s, tw2s and hk2s are character
(and phrase) mappings of equal length; tw2sp/hk2sp rewrite words (新增 → 添加) and are refused.
"""
from __future__ import annotations

from functools import lru_cache

import opencc

VARIANTS = {"t2s": "t2s", "tw": "tw2s", "hk": "hk2s"}

# Full-width punctuation that news copy uses inside numbers and clauses, folded one to one.
# No blanket NFKC: it expands characters such as ㎡ and would shift offsets.
_PUNCT = {"％": "%", "．": ".", "，": ",", "：": ":", "﹔": ";", "；": ";", "\u3000": " ",
          "（": "(", "）": ")", "－": "-", "～": "~", "＋": "+"}


class NormalizeError(ValueError):
    pass


@lru_cache(maxsize=None)
def converter(config: str) -> opencc.OpenCC:
    return opencc.OpenCC(config)


def fold_width(text: str) -> str:
    """Full-width ASCII (！ to ～) to ASCII and a few punctuation marks, one character each."""
    out = []
    for ch in text:
        code = ord(ch)
        if ch in _PUNCT:
            out.append(_PUNCT[ch])
        elif 0xFF10 <= code <= 0xFF19 or 0xFF21 <= code <= 0xFF3A or 0xFF41 <= code <= 0xFF5A:
            out.append(chr(code - 0xFEE0))
        else:
            out.append(ch)
    return "".join(out)


def detect_script(text: str) -> str:
    """'traditional' when t2s would change a noticeable share of the Han characters."""
    changed = sum(a != b for a, b in zip(text, converter("t2s").convert(text)))
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff") or 1
    # A simplified article may hold a stray character t2s would touch; a traditional one,
    # even a single sentence, has many.
    return "traditional" if changed and changed / han >= 0.02 else "simplified"


def to_simplified(text: str, variant: str = "t2s") -> str:
    config = VARIANTS.get(variant)
    if config is None:
        raise NormalizeError(f"unknown variant {variant!r}: use one of {', '.join(VARIANTS)}")
    converted = converter(config).convert(text)
    if len(converted) != len(text):
        raise NormalizeError(f"OpenCC {config} changed the text's length "
                             f"({len(text)} -> {len(converted)}): offsets would shift")
    return converted


def normalize(doc, variant: str | None = None) -> None:
    """Fill doc.text, doc.script and doc.variant from doc.original."""
    doc.script = detect_script(doc.original)
    text = doc.original
    if doc.script == "traditional":
        doc.variant = variant or "t2s"
        text = to_simplified(text, doc.variant)
    doc.text = fold_width(text)
    assert len(doc.text) == len(doc.original)


def normalize_text(text: str, variant: str | None = None) -> str:
    """The normalized form of a piece of text: converted with VARIANT (None: simplified text,
    folded only). Used to check that a span of the original gives the item's text."""
    return fold_width(to_simplified(text, variant) if variant else text)
