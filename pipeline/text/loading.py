"""Loading jieba (or jieba_fast) and its tables cheaply, with the same contents.

Costs of a process's start-up that bring nothing:
- jieba's _compat imports pkg_resources only to open its own data files; with that import
  refused it opens them from its own folder, the same files.
- Tokenizer.initialize() reads jieba's cache with marshal.load(file), which reads the file in
  small pieces: ~0.6 s where marshal.loads of the same bytes takes ~0.2 s.
- importing posseg reads the tag of every word of the dictionary, line by line in Python
  (~0.3 s), for its module-level tagger.
So the prefix dictionary (what Tokenizer.gen_pfdict makes of the dictionary) and the tag table
(what POSTokenizer.load_word_tag makes of it) are kept together in one marshal file (caches.py)
keyed by the SHA-256 of the dictionary's bytes and the module; a missing or unreadable file is built by jieba's own
reader and written again. posseg is imported with its read pointed at an empty file, and its
module-level tagger then gets the table, so posseg.dt tags as it always did.
"""
from __future__ import annotations

import gc
import hashlib
import importlib
import io
import marshal
import os
import sys
from contextlib import contextmanager
from pathlib import Path

from pipeline import caches


def segmenter_module(name: str):
    """The module NAME (jieba, jieba_fast), imported without pkg_resources."""
    if name in sys.modules:
        return sys.modules[name]
    refused = "pkg_resources" not in sys.modules
    if refused:
        sys.modules["pkg_resources"] = None       # `import pkg_resources` raises ImportError
    try:
        return importlib.import_module(name)
    finally:
        if refused and sys.modules.get("pkg_resources", 0) is None:
            del sys.modules["pkg_resources"]     # anyone else may import it as usual


def initialize(tok, words: tuple[str, ...] = ()) -> None:
    """TOK.initialize() for the default dictionary: the same FREQ and total; then WORDS added
    as add_words() adds them."""
    tok.FREQ, tok.total, _ = _tables(type(tok).__module__, tok)
    tok.initialized = True
    if words:
        _with_words(tok, words)


def add_words(tok, words) -> None:
    """Our lexicons' words, each just frequent enough to be kept whole."""
    for word in words:
        tok.add_word(word, freq=tok.suggest_freq(word, tune=False) + 1)


def _with_words(tok, words: tuple[str, ...]) -> None:
    """add_words(TOK, WORDS), from a cache of the entries it sets (~7,000 words, each asked
    of the segmenter: 0.05 s of every start-up). The entries come in the order add_word
    first set them, so FREQ ends the same, order included; the file is named by the words
    and by this module's code (the frequency add_words gives)."""
    built = []

    def build():
        touched = {}                         # add_word sets the word, then its prefixes
        for word in words:
            touched.update(dict.fromkeys([word, *(word[:i + 1] for i in range(len(word) - 1))]))
        add_words(tok, words)
        built.append(True)
        return {key: tok.FREQ[key] for key in touched}, tok.total
    hasher = hashlib.sha256(Path(__file__).read_bytes())
    hasher.update("\n".join(words).encode())
    entries, total = _cached(f"{type(tok).__module__}-words", f"{_digest(tok)}-{hasher.hexdigest()[:16]}", build)
    if not built:                            # read from the file
        tok.FREQ.update(entries)
        tok.total = total


def posseg_module(name: str):
    """NAME.posseg with its module-level tagger's table loaded as described above."""
    posseg = sys.modules.get(name + ".posseg") or _bare_posseg(name)
    if not getattr(posseg.dt, "_cnie_tags", False):
        posseg.dt.word_tag_tab = word_tags(posseg, segmenter_module(name).dt)
        posseg.dt._cnie_tags = True
    return posseg


def _bare_posseg(name: str):
    """NAME.posseg imported without reading its tag table (its tagger is filled in after)."""
    full = name + ".posseg"
    if full in sys.modules:
        return sys.modules[full]
    base = segmenter_module(name)
    base.dt.get_dict_file = lambda: io.BytesIO()  # the import-time read finds no lines
    try:
        return importlib.import_module(full)
    finally:
        del base.dt.get_dict_file


def word_tags(posseg, tokenizer) -> dict[str, str]:
    """word -> tag for the dictionary of TOKENIZER, as posseg's load_word_tag reads it."""
    module = posseg.__name__.rsplit(".", 1)[0]
    return _TAGS.get(_tables_kind(module, tokenizer)) or _tables(module, tokenizer, posseg)[2]


# The tag table loaded with a prefix dictionary, by cache name, for the tagger made after.
_TAGS: dict[tuple[str, str], dict[str, str]] = {}


def _tables_kind(module: str, tok) -> tuple[str, str]:
    return f"{module}-tables", _digest(tok)


def _tables(module: str, tok, posseg=None) -> tuple[dict, int, dict]:
    """(prefix dictionary, total, tag table) of TOK's dictionary, in one cache file in which
    the tag table's words are the prefix dictionary's own strings: marshal writes a string
    held twice once, so 350,000 words are not made twice (~35 MB less per process, and
    faster to read). Each call gives a new prefix dictionary (a tokenizer adds its words)."""
    def build():
        freq, total = tok.gen_pfdict(tok.get_dict_file())
        tagger = (posseg or _bare_posseg(module)).POSTokenizer
        reader = tagger.__new__(tagger)
        reader.word_tag_tab = {}
        reader.load_word_tag(tok.get_dict_file())
        own = {word: word for word in freq}
        return freq, total, {own.get(word, word): tag for word, tag in reader.word_tag_tab.items()}
    kind = _tables_kind(module, tok)
    freq, total, tags = _cached(*kind, build)
    _TAGS.setdefault(kind, tags)
    return freq, total, tags


def _digest(tok) -> str:
    """The dictionary's SHA-256, read in pieces (the whole file in memory grew the heap);
    once per dictionary and process: the tokenizer, its words and the tagger each asked,
    ~0.008 s a time. A dictionary of the user's own is hashed again if its file changed."""
    path = tok.dictionary
    stamp = None
    if path is not None:
        info = os.stat(path)
        stamp = (info.st_size, info.st_mtime_ns)
    key = (type(tok).__module__, path, stamp)
    if key not in _DIGESTS:
        with tok.get_dict_file() as f:
            _DIGESTS[key] = hashlib.file_digest(f, "sha256").hexdigest()[:24]
    return _DIGESTS[key]


_DIGESTS: dict[tuple, str] = {}


def _cached(kind: str, digest: str, build):
    """BUILD()'s value for the dictionary of DIGEST, from its cache file when there is a
    readable one (marshal.load(file) reads in small pieces, 3x slower than loads)."""
    name = f"cnie-{kind}-{digest}.marshal"
    with caches.mapped(name) as raw:
        if raw is not None:
            try:
                with _no_gc():
                    return marshal.loads(raw)
            except (EOFError, ValueError, TypeError):
                pass                          # unreadable: build it again
    value = build()
    caches.write(name, marshal.dumps(value))
    return value


@contextmanager
def _no_gc():
    """Half a million new strings would start the cyclic collector over and over, each time
    walking every object the process holds (the rules' by then): 2-3x the load's own time.
    Strings and a dict of them hold no cycles, so nothing is left for it to find."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
