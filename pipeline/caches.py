"""Files one process leaves for the next to start faster (jieba's tables, compiled patterns):
where they live and how they are read and written. Each file is named by a digest or by
the exact versions that made it, so a file is either right or absent; one that cannot be
read is rebuilt by its user, one that cannot be written only costs the next start-up.

They live in a private folder, $CNIE_CACHE_DIR or ~/.cache/cnie (made 0700): the pattern
cache is a pickle, which runs code when read, so it is never read from a folder that
another user could write (a shared /tmp), nor from one that is not ours.
"""
from __future__ import annotations

import mmap
import os
import stat
import tempfile
from contextlib import contextmanager
from pathlib import Path


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
