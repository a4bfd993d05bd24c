"""Charging and stopping searches by CPU time without reading a clock on every call.

`timeout=` makes the regex module read the process CPU clock (C `clock()`, a system call)
when a search starts and again every few thousand steps, and the budget read this thread's
CPU clock before and after: ~10 µs of system calls on each of ~36,000 calls per 100
articles, more than most of the engine's short `match` calls cost. The regex module also
checks for signals at those points. So while an article is processed on the main thread
of a single-threaded process, a CPU interval timer (ITIMER_VIRTUAL: it runs only while this
process computes, so waiting for the processor on a busy machine is never charged) ticks
every _TICK seconds of CPU; a tick that lands inside a search is charged to that search's
budget (the CPU time a rule spends is sampled, as a profiler samples), and the tick that
spends the budget raises Expired inside the search, which stops it. Entering and leaving a
search is then two assignments. Elsewhere (a Dask thread, a process with other threads,
outside an article, or where another handler owns SIGVTALRM) matching.Budget reads the
clock and passes `timeout=` as before.
"""
from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

_SIGNAL = getattr(signal, "SIGVTALRM", None)
_TICK = 0.01
_ticking = [False]
_charged = [None]            # the budget of the search running now, if any
# The thread that started the timer (the main thread: _allowed), which available() compares
# with the caller's ident: 28 ns, against 70 ns for current_thread() is main_thread(), asked
# before each of ~600 searches per article.
_owner = [None]


class Expired(Exception):
    """The budget of the search that was running ran out."""


def _on_tick(signum, frame):
    budget = _charged[0]
    if budget is None:
        return
    budget.spent += _TICK
    if budget.spent >= budget.seconds:
        _charged[0] = None   # raised once; Budget reports the rule
        raise Expired()


@contextmanager
def ticking():
    """While it lasts (one article), the timer ticks, if this thread and process allow it."""
    if _ticking[0] or not _allowed():
        yield
        return
    signal.signal(_SIGNAL, _on_tick)
    signal.setitimer(signal.ITIMER_VIRTUAL, _TICK, _TICK)
    _ticking[0], _owner[0] = True, threading.get_ident()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        _ticking[0] = False


def _allowed() -> bool:
    return (_SIGNAL is not None and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1
            and signal.getsignal(_SIGNAL) in (signal.SIG_DFL, _on_tick))


def available() -> bool:
    """Whether a search may be charged by the ticks now (not inside another one)."""
    return _ticking[0] and _charged[0] is None and threading.get_ident() == _owner[0]


def run(budget, method, args, kwargs):
    """METHOD(*ARGS, **KWARGS, timeout=None), its ticks charged to BUDGET (.spent, .seconds);
    Expired when they spend it."""
    _charged[0] = budget
    try:
        return method(*args, timeout=None, **kwargs)
    finally:
        _charged[0] = None


def _forked() -> None:
    _ticking[0], _charged[0], _owner[0] = False, None, None     # a child has no timer of its own yet


os.register_at_fork(after_in_child=_forked)
