"""Compiled patterns kept for the next process: compiling the rules is most of loading them
(~0.45 s: the regex module parses in Python), while a pickled pattern holds its compiled
program and is rebuilt from it in microseconds (regex registers that pickling itself).

A pattern is looked up by its exact text and flags in a file named by the regex module's and
Python's versions (caches.py), so a stored pattern is the one regex.compile would make here;
a missing, unreadable or other-version file is simply compiled again. save() rewrites the
file when one of the patterns this process used was new.
"""
from __future__ import annotations

import pickle
import sys

import regex

from pipeline import caches

_NAME = f"cnie-patterns-regex{regex.__version__}-py{sys.version_info[0]}.{sys.version_info[1]}.pickle"
_known: dict | None = None        # (text, flags, default version) -> pattern, from the file
_used: dict = {}                  # the same for the patterns this process compiled or found
_new = [False]


def compile(text: str, flags: int = 0) -> regex.Pattern:
    """regex.compile(TEXT, FLAGS), or the same pattern from the cache."""
    key = (text, flags, regex.DEFAULT_VERSION)
    found = _stored().get(key)
    if found is None:
        found = regex.compile(text, flags)
        _new[0] = True
    _used[key] = found
    return found


def save() -> None:
    """Write the file when a pattern was new, with this process's patterns only: every
    process holds the whole file, and old rules' patterns would pile up in it."""
    if _new[0]:
        caches.write(_NAME, pickle.dumps(_used, protocol=pickle.HIGHEST_PROTOCOL))
        _new[0] = False


def _stored() -> dict:
    global _known
    if _known is None:
        raw = caches.read(_NAME)
        try:
            _known = pickle.loads(raw) if raw else {}
        except Exception:          # damaged or foreign: compile everything again
            _known = {}
        if not isinstance(_known, dict):
            _known = {}
    return _known
