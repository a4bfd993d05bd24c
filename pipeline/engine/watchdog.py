"""Stopping a runaway search by CPU time without making the regex module watch the clock.

`timeout=` makes the regex module read the process CPU clock (C `clock()`, a system call)
when a search starts and again every few thousand steps: about 9 µs on every call here,
more than most of the engine's short `match` calls cost, and a quarter of the pipeline's
time (measured on 100 real articles: 2.1-2.6 s with it, 1.6-1.7 s without). The module
also checks for signals at those same points. So on the main thread the engine arms a CPU
interval timer (ITIMER_VIRTUAL: it runs only while this process computes, so a search that
waits for the processor on a busy machine is not stopped) for what the rule's budget has
left, runs the searches untimed, and disarms it; if it fires, the handler raises Expired
inside the search, which stops it. Signals reach only the main thread: elsewhere (a Dask
thread), inside a region already armed, or where another handler owns SIGVTALRM, the engine
passes `timeout=` as before (matching.Budget).
"""
from __future__ import annotations

import signal
import threading

_SIGNAL = getattr(signal, "SIGVTALRM", None)
_armed = [False]
_installed = [False]


class Expired(Exception):
    """The CPU time armed for a search ran out while it ran."""


def _on_signal(signum, frame):
    if _armed[0]:
        _armed[0] = False            # raised once: the region's finally disarms the timer
        raise Expired()


def available() -> bool:
    """Whether this thread may arm the timer now."""
    if _SIGNAL is None or _armed[0] or threading.current_thread() is not threading.main_thread():
        return False
    if not _installed[0]:
        if signal.getsignal(_SIGNAL) not in (signal.SIG_DFL, _on_signal):
            return False             # someone else's timer: leave it alone
        signal.signal(_SIGNAL, _on_signal)
        _installed[0] = True
    return True


def run(seconds: float, method, args, kwargs):
    """METHOD(*ARGS, **KWARGS, timeout=None), stopped with Expired after SECONDS of CPU."""
    _armed[0] = True
    signal.setitimer(signal.ITIMER_VIRTUAL, max(seconds, 1e-6))   # 0 would disarm it
    try:
        return method(*args, timeout=None, **kwargs)
    finally:
        _armed[0] = False            # first: a signal from here on is ignored, not raised
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
