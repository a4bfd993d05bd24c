"""Files one process leaves for the next to start faster (jieba's tables, text/loading.py;
compiled patterns, below; the loaded rule set, engine/rules.py, and the gazetteer: stored()
pickles, named by files_digest() of every file they are made from): where they live and how they are read and written. Each file is
named by a digest or by the exact versions that made it, so a file is either right or
absent; one that cannot be read is rebuilt, one that cannot be written only costs the next
start-up.

They live in a private folder, $CNIE_CACHE_DIR or ~/.cache/cnie (made 0700): the pattern
cache is a pickle, which runs code when read, so it is never read from a folder that
another user could write (a shared /tmp), nor from one that is not ours.

Compiled patterns: compiling the rules was most of loading them (~0.45 s: the regex module
parses in Python), while a pickled pattern holds its compiled program and is rebuilt from it
in microseconds (regex registers that pickling itself). A pattern is looked up by its exact
text and flags in a file named by the regex module's and Python's versions (one for the
rules, one for the extractors' sub-patterns), so a stored pattern is the one regex.compile
would make here; a missing, unreadable or other-version file is simply compiled again.
save_patterns() rewrites a file when one of the patterns this process used was new, keeping
the file's other patterns up to as many again. The openings file keeps, the same way, the
class of first characters engine/firsts.py reads off each sub-pattern (stored_value: any
value named by a key that says all it depends on).
"""
from __future__ import annotations

import functools
import hashlib
import importlib.util
import mmap
import os
import pickle
import stat
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

import regex


def folder() -> Path | None:
    """The cache folder, made if need be; None when it cannot be used safely."""
    base = os.environ.get("CNIE_CACHE_DIR") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"), "cnie")
    try:
        os.makedirs(base, mode=0o700, exist_ok=True)
        info = os.stat(base)
    except OSError:
        return None
    if info.st_uid != os.getuid() or info.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return None
    return Path(base)


@contextmanager
def mapped(name: str):
    """The file's bytes, mapped rather than read into the heap (None when there is no file):
    a read of ~10 MB left the heap that much larger for the whole life of the process."""
    where = folder()
    try:
        handle = open(where / name, "rb") if where else None
    except OSError:
        handle = None
    if handle is None:
        yield None
        return
    with handle:
        try:
            view = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)
        except (OSError, ValueError):          # (an empty file cannot be mapped)
            view = None
        if view is None:
            yield None
            return
        with view:
            yield view


def read(name: str) -> bytes | None:
    where = folder()
    try:
        return (where / name).read_bytes() if where else None
    except OSError:
        return None


def write(name: str, data: bytes) -> None:
    """Write atomically (a reader never sees half a file), private to this user."""
    where = folder()
    if where is None:
        return
    try:
        fd, tmp = tempfile.mkstemp(dir=where, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "wb") as f:
            f.write(data)
        os.replace(tmp, where / name)
    except OSError:
        Path(tmp).unlink(missing_ok=True) if "tmp" in locals() else None


def files_digest(paths, extra: str = "") -> str:
    """A digest of the PATHS (names and bytes; a missing file counts as missing), of EXTRA
    and of the versions that read them."""
    hasher = hashlib.sha256(f"{sys.version}|{regex.__version__}|{_ahocorasick_version()}|{extra}".encode())
    for path in paths:
        hasher.update(f"\0{path}\0".encode())
        try:
            hasher.update(Path(path).read_bytes())
        except FileNotFoundError:
            hasher.update(b"\0missing")
    return hasher.hexdigest()[:24]


def stored(kind: str, inputs):
    """A decorator: BUILD(*args)'s value kept in a pickle for the next process, named by the
    files INPUTS() returns (data and the code that reads it) and by the arguments; for a
    value built from files in Python at every start-up (the gazetteer)."""
    def decorate(build):
        @functools.wraps(build)
        def cached(*args):
            name = f"cnie-{kind}-{files_digest(inputs(), repr(args))}.pickle"
            value = read_pickle(name)
            if value is None:
                value = build(*args)
                write_pickle(name, value, keep=f"cnie-{kind}-")
            return value
        return cached
    return decorate


@functools.cache
def _ahocorasick_version() -> str:
    """The installed ahocorasick_rs (the trigger pass builds its automata from the pickled
    rules), known by its module file's size and time: any install or upgrade changes them.
    Asking importlib.metadata for its version cost ~0.015 s of every start-up, the import alone."""
    spec = importlib.util.find_spec("ahocorasick_rs")
    if spec is None or not spec.origin:
        return "-"
    try:
        info = os.stat(spec.origin)
    except OSError:
        return "-"
    return f"{spec.origin}:{info.st_size}:{info.st_mtime_ns}"


def read_pickle(name: str):
    """The object pickled in NAME, or None (no file, or one that cannot be read)."""
    raw = read(name)
    try:
        return pickle.loads(raw) if raw else None
    except Exception:              # damaged, or made by code that is gone: build it again
        return None


def write_pickle(name: str, value, keep: str, most: int = 6) -> None:
    """Pickle VALUE into NAME, and drop all but the MOST newest files named KEEP...: each
    change to the rules makes a new file, and the old ones would pile up."""
    try:
        data = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:              # something unpicklable: only the next start-up pays
        return
    write(name, data)
    where = folder()
    if where is None:
        return
    try:
        old = sorted(where.glob(keep + "*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
        for path in old[most:]:
            path.unlink(missing_ok=True)
    except OSError:
        pass


class _Store:
    """One file of compiled patterns: the rules' (compiled only when the rule set is not in
    its own pickle, i.e. after a rule edit) or the extractors' sub-patterns (compiled by every
    process). Kept apart, a process that has the rule set from its pickle reads only the
    second, ~30 patterns, where one file of both was ~320 (3 MB read, ~15 MB of heap, 0.03 s)."""

    def __init__(self, kind: str):
        self.name = f"cnie-{kind}-regex{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}.pickle"
        self.known: dict | None = None   # (text, flags, default version) -> pattern, from the file
        self.used: dict = {}             # the same for the patterns this process compiled or found
        self.new = False

    def stored(self) -> dict:
        """The patterns of the file, read once per process."""
        if self.known is None:
            known = read_pickle(self.name)       # (damaged or foreign: compile everything again)
            self.known = known if isinstance(known, dict) else {}
        return self.known


# (the openings store: the first characters of the sub-patterns, engine/firsts.refusing)
_STORES = {"rules": _Store("patterns"), "extractors": _Store("sub-patterns"), "openings": _Store("openings")}


def compile_pattern(text: str, flags: int = 0, store: str = "rules") -> regex.Pattern:
    """regex.compile(TEXT, FLAGS), or the same pattern from STORE's file."""
    return stored_value(store, (text, flags, regex.DEFAULT_VERSION), lambda: regex.compile(text, flags))


def stored_value(store: str, key, build):
    """BUILD()'s value for KEY, or the value STORE's file holds for KEY (KEY must say all the
    value depends on), kept for save_patterns to write."""
    kept = _STORES[store]
    found = kept.stored().get(key, _NONE)
    if found is _NONE:
        found = build()
        kept.new = True
    kept.used[key] = found
    return found


_NONE = object()


def save_patterns() -> None:
    """Write each file to which a pattern was new: this process's patterns, then the file's
    others up to as many again. Written with this process's only, a file lost what other
    texts need (a run's file lacked 6 of the 55 sub-patterns one sentence needs, ~0.015 s of
    every such start-up), and processes undid each other's saves; the bound keeps old rules'
    patterns from piling up (every process reads the whole file)."""
    for kept in _STORES.values():
        if kept.new:
            merged = dict(kept.used)
            for key, pattern in (kept.known or {}).items():
                if len(merged) >= 2 * len(kept.used):
                    break
                merged.setdefault(key, pattern)
            write(kept.name, pickle.dumps(merged, protocol=pickle.HIGHEST_PROTOCOL))
            kept.new = False
