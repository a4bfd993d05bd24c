"""Stage 1: decide the script, convert traditional to simplified, fold widths.

Conversion must keep the text's length, character for character, so that every offset found on
the normalized text is an offset into the original. OpenCC's t2s, tw2s and hk2s are character
(and phrase) mappings of equal length; tw2sp/hk2sp rewrite words (新增 → 添加) and are refused.
"""
from __future__ import annotations

from functools import lru_cache

import opencc
import regex

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


# The fold as one str.translate table: a Python loop over every character was 2% of all time.
_FOLD = {**{ord(k): v for k, v in _PUNCT.items()},
         **{code: chr(code - 0xFEE0) for lo, hi in ((0xFF10, 0xFF19), (0xFF21, 0xFF3A), (0xFF41, 0xFF5A))
            for code in range(lo, hi + 1)}}
_HAN = regex.compile("[\u4e00-\u9fff]")


def fold_width(text: str) -> str:
    """Full-width ASCII (！ to ～) to ASCII and a few punctuation marks, one character each."""
    return text.translate(_FOLD)


def detect_script(text: str) -> str:
    """'traditional' when t2s would change a noticeable share of the Han characters."""
    return _script(text, converter("t2s").convert(text))


def _script(text: str, converted: str) -> str:
    """detect_script given CONVERTED, TEXT through t2s (normalize converts it once only)."""
    if converted == text:
        return "simplified"              # nothing changed: no count needed
    changed = sum(a != b for a, b in zip(text, converted))
    han = len(_HAN.findall(text)) or 1
    # A simplified article may hold a stray character t2s would touch; a traditional one,
    # even a single sentence, has many.
    return "traditional" if changed and changed / han >= 0.02 else "simplified"


def to_simplified(text: str, variant: str = "t2s") -> str:
    config = VARIANTS.get(variant)
    if config is None:
        raise NormalizeError(f"unknown variant {variant!r}: use one of {', '.join(VARIANTS)}")
    return _checked(converter(config).convert(text), text, config)


def _checked(converted: str, text: str, config: str = "t2s") -> str:
    if len(converted) != len(text):
        raise NormalizeError(f"OpenCC {config} changed the text's length "
                             f"({len(text)} -> {len(converted)}): offsets would shift")
    return converted


def normalize(doc, variant: str | None = None) -> None:
    """Fill doc.text, doc.script and doc.variant from doc.original."""
    converted = converter("t2s").convert(doc.original)
    doc.script = _script(doc.original, converted)
    text = doc.original
    if doc.script == "traditional":
        doc.variant = variant or "t2s"
        # t2s was just run to detect the script: its text is reused, not converted again
        text = _checked(converted, text) if doc.variant == "t2s" else to_simplified(text, doc.variant)
    doc.text = fold_width(text)
    assert len(doc.text) == len(doc.original)


def normalize_text(text: str, variant: str | None = None) -> str:
    """The normalized form of a piece of text: converted with VARIANT (None: simplified text,
    folded only). Used to check that a span of the original gives the item's text."""
    return fold_width(to_simplified(text, variant) if variant else text)
