"""Finding a batch's articles and reading them: strict decoding, never mojibake.

UTF-8 (with or without a BOM) and UTF-16 with a BOM are recognised by their bytes. Any other
file is tried as GB18030 (which includes GBK) and as Big5; a decoding is accepted only when
it reads as Chinese (many of its character pairs are words jieba knows, after OpenCC's t2s)
and clearly better than the other. A file that fits none is an error record, never guessed.
"""
from __future__ import annotations

import codecs
import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

# (BOM, codec, the name source.encoding records)
_BOMS = ((codecs.BOM_UTF8, "utf-8-sig", "utf-8-bom"), (codecs.BOM_UTF16_LE, "utf-16", "utf-16"),
         (codecs.BOM_UTF16_BE, "utf-16", "utf-16"))
_LEGACY = ("gb18030", "big5")
_MIN_PLAUSIBLE = 0.2     # share of CJK characters that start a known two-character word
_MARGIN = 1.5            # the chosen legacy decoding reads this much better than the other


class ArticleError(Exception):
    """An article that cannot be read: undecodable, empty, too long, a bad file name."""


@dataclass
class Article:
    text: str
    encoding: str
    sha256: str


def read_article(path: Path) -> str:
    """The article's text as stored, decoded; CRLF kept (offsets count it)."""
    return read_source(path).text


def read_source(path: Path, encoding: str | None = None, max_chars: int | None = None) -> Article:
    """The article decoded, with its encoding and the sha256 of its bytes."""
    if max_chars and path.stat().st_size > 4 * max_chars + 4:   # never read a huge file whole
        raise ArticleError(f"{path.stat().st_size} bytes: longer than --max-chars {max_chars}")
    raw = path.read_bytes()
    text, used = decode(raw, encoding)
    if "\x00" in text:
        raise ArticleError("contains NUL bytes: a binary file, or UTF-16 without a BOM "
                           "(try --encoding utf-16-le)")
    if not text.strip():
        raise ArticleError("empty article")
    if max_chars and len(text) > max_chars:
        raise ArticleError(f"{len(text)} characters: longer than --max-chars {max_chars}")
    return Article(text, used, hashlib.sha256(raw).hexdigest())


def decode(raw: bytes, encoding: str | None = None) -> tuple[str, str]:
    """(text, encoding name) or ArticleError saying what was tried."""
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as err:
            raise ArticleError(f"not {encoding}: byte 0x{raw[err.start]:02x} at offset {err.start}") from None
    for bom, codec, name in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(codec), name
            except UnicodeDecodeError as err:
                raise ArticleError(f"starts with a {name} BOM but is not {name}: byte "
                                   f"0x{raw[err.start]:02x} at offset {err.start}") from None
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as err:
        first_bad = f"byte 0x{raw[err.start]:02x} at offset {err.start}"
    scored = []
    for codec in _LEGACY:
        try:
            text = raw.decode(codec)
        except UnicodeDecodeError:
            continue
        scored.append((plausibility(text), codec, text))
    scored.sort(reverse=True)
    if scored and scored[0][0] >= _MIN_PLAUSIBLE and (
            len(scored) == 1 or scored[0][0] >= _MARGIN * scored[1][0]):
        return scored[0][2], scored[0][1]
    raise ArticleError(f"encoding not recognised (not UTF-8: {first_bad}; not plausibly GB18030 "
                       "or Big5): give it with --encoding")


def plausibility(text: str) -> float:
    """The share of CJK characters that begin a two-character word jieba knows: near 0.5 for
    Chinese, near 0 for the random characters of a wrong decoding."""
    from pipeline.text.normalize import converter
    from pipeline.text.segment import tokenizer
    words = tokenizer(()).FREQ
    text = converter("t2s").convert(text)
    cjk = [i for i, ch in enumerate(text) if "\u4e00" <= ch <= "\u9fff"]
    if not cjk:
        return 0.0
    return sum(1 for i in cjk if words.get(text[i:i + 2])) / len(cjk)


def shown(path: Path | str) -> str:
    """A path as text that can always be printed and written as JSON (bad bytes escaped)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def valid_name(path: Path) -> bool:
    try:
        str(path).encode("utf-8")
        return True
    except UnicodeEncodeError:
        return False


def find_articles(paths: list[Path]) -> list[tuple[Path, Path]]:
    """(article, output name) for every *.txt (any case) file, sorted. With one input an article
    keeps its path relative to it; with several, each input's articles go under its own name
    (dirA/x.txt, dirB/x.txt), so that same-named files never overwrite each other."""
    found = []
    for root in paths:
        prefix = Path(root.name) if len(paths) > 1 and root.is_dir() else Path()
        if root.is_file():
            found.append((root, Path(root.name)))
            continue
        found += [(p, prefix / p.relative_to(root)) for p in sorted(root.rglob("*"))
                  if p.suffix.lower() == ".txt" and p.is_file()]
    return found
