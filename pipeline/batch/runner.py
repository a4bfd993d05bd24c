"""The batch runner: articles in, one JSON each out, errors recorded, nothing lost or redone.

One batch, three back-ends for its articles: this process (-j 1), local worker processes
(-j N), or a Dask cluster (--dask ADDRESS, cluster.py); the task list, the error log, the
summary and the optional Parquet export are this module's, whichever runs the articles.
Each worker process loads jieba and the rules once. Articles go out a few at a time; a worker
that dies (killed, out of memory) fails only the articles it held, each retried once in a
fresh pool. Ctrl-C stops the batch: no new articles, the ones in flight abandoned, the error
list and the summary written (the caller exits 130).
"""
from __future__ import annotations

import ctypes
import gc
import multiprocessing
import os
import signal
import time
from contextlib import contextmanager
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.batch.reading import find_articles, shown
from pipeline.batch.records import ErrorLog, work
from pipeline import caches
from pipeline.engine.rules import load
from pipeline.inspect.parquet import PARTS, write_part  # noqa: F401 (cluster.py's too)
from pipeline.resolve.confidence import DEFAULT_MINIMUM
from pipeline.stages import process

DEFAULT_MAX_CHARS = 2_000_000   # a long government report is ~200k; 2M still ends in minutes


@dataclass
class Summary:
    articles: int = 0
    unchanged: int = 0
    items: int = 0
    errors: list[dict] = field(default_factory=list)
    seconds: float = 0.0
    interrupted: bool = False

    def line(self) -> str:
        done = f" ({self.articles - self.unchanged} processed, {self.unchanged} unchanged)" \
            if self.unchanged else ""
        stop = "interrupted: " if self.interrupted else ""
        return (f"{stop}{self.articles} articles{done}, {self.items} items, {len(self.errors)} errors, "
                f"{self.seconds:.1f} s")


# Worker state: loaded once per process by _init (or cluster.py), used by _work.
_WORKER: dict = {}
# Rules loaded by _preload for the workers about to be forked, by rules folder.
_PRELOADED: dict = {}


def _init(rules_dir: str | None, out_dir: str, settings: dict) -> None:
    """A worker's start: the rules once; Ctrl-C is the parent's to handle."""
    if multiprocessing.parent_process() is not None:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
    load_worker(rules_dir, out_dir, settings)


def load_worker(rules_dir: str | None, out_dir: str, settings: dict) -> None:
    rules = _PRELOADED.get(rules_dir) or load(rules_dir)   # forked: loaded already
    _WORKER.update(rules=rules, out=Path(out_dir), settings=settings)


def _preload(rules_dir: str | None) -> None:
    """Load the rules, segmenter, tagger and gazetteer once, before forking: workers share
    them instead of each paying ~2.5 s (jieba's dictionary alone is 0.6 s)."""
    _PRELOADED[rules_dir] = rules = load(rules_dir)
    process("2024年上半年,北京市地区生产总值增长5.2%,张明表示。", rules)   # lazy tables built
    caches.save_patterns()       # with the extractors' sub-patterns compiled just now


@contextmanager
def _settled():
    """What is loaded now (~290,000 objects: rules, jieba's tables) is kept out of the
    collector's full passes while the batch runs, and the heap left by loading is handed back.
    A full pass visited every one of them (~0.1-0.3 s each, a few times per 100 articles) and,
    in a forked worker, wrote to each one's header, copying the pages it shares with the
    parent; loading's freed scratch (marshal's) stayed in the heap, and in every fork's RSS."""
    gc.collect()
    gc.freeze()
    _trim_heap()
    try:
        yield
    finally:
        gc.unfreeze()    # a later batch in this process loads its rules afresh


def _trim_heap() -> None:
    """glibc's malloc_trim(0): free pages of the heap back to the system (~6-10 MB here)."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (AttributeError, OSError):     # not glibc: nothing to hand back this way
        pass


def clear_parts(out: Path) -> None:
    for part in (out / PARTS).glob("part-*.parquet"):
        part.unlink()


def _work(task: tuple[str, str]) -> dict:
    return work(Path(task[0]), Path(task[1]), _WORKER["out"], _WORKER["rules"], _WORKER["settings"])


def run_batch(paths: list[Path], out: Path, rules_dir: str | None = None, jobs: int | None = None,
              variant: str | None = None, progress=None, date: str | None = None, *,
              encoding: str | None = None, max_chars: int | None = DEFAULT_MAX_CHARS,
              force: bool = False, min_confidence: str = DEFAULT_MINIMUM,
              dask: str | None = None, export: str | None = None) -> Summary:
    """The batch; `dask` is a scheduler address or "local"; `export="parquet"` also writes
    OUT/items.parquet/ (one part per Dask chunk, else one part)."""
    started = time.perf_counter()
    tasks = [(os.fsdecode(p), os.fsdecode(rel)) for p, rel in find_articles(paths)]
    out.mkdir(parents=True, exist_ok=True)
    errors = ErrorLog(out, {shown(Path(rel).with_suffix(".json")) for _, rel in tasks})
    # since: an output written after this moment is this batch's own (a retried Dask chunk
    # finds it and does not write it again, even under --force)
    settings = {"variant": variant, "date": date, "encoding": encoding, "max_chars": max_chars,
                "force": force, "min_confidence": min_confidence, "since": time.time()}
    summary, written = Summary(), []
    if export:
        clear_parts(out)     # parts of an earlier run were chunked otherwise

    def record(result: dict) -> None:
        summary.articles += 1
        if "error" in result:
            summary.errors.append(result)
            errors.append(result)
        else:
            summary.items += result["items"]
            summary.unchanged += bool(result.get("unchanged"))
            if export:
                written.append(result["output"])
        if progress:
            progress()

    jobs = max(1, min(jobs or os.cpu_count() or 1, len(tasks) or 1))
    try:
        if dask:
            from pipeline.batch.cluster import on_dask
            on_dask(dask, tasks, (rules_dir, str(out), settings), record, jobs, export)
        elif jobs == 1:
            _in_process(tasks, (rules_dir, str(out), settings), record)
        else:
            _in_pool(tasks, jobs, (rules_dir, str(out), settings), record)
        if export and not dask:
            write_part(out, 0, written)
    except KeyboardInterrupt:
        summary.interrupted = True
    errors.close()
    summary.errors.sort(key=lambda e: e["path"])
    summary.seconds = time.perf_counter() - started
    return summary


def _in_process(tasks: list, initargs: tuple, record) -> None:
    """Every task here, after the same loading and settling as before forking workers."""
    _preload(initargs[0])
    try:
        with _settled():
            _init(*initargs)
            for task in tasks:
                record(_work(task))
    finally:
        _PRELOADED.clear()
    caches.save_patterns()       # any sub-pattern the articles needed that the warm-up did not


def _in_pool(tasks: list, jobs: int, initargs: tuple, record) -> None:
    """Every task through worker processes. When a worker dies the pool breaks: the tasks it
    had in flight are retried once in a fresh pool, then recorded as errors."""
    ctx = multiprocessing.get_context("fork" if hasattr(os, "fork") else "spawn")
    if ctx.get_start_method() == "fork":
        _preload(initargs[0])
    try:
        with _settled():
            _pools(list(reversed(_largest_first(tasks))), jobs, initargs, record, ctx)
    finally:
        _PRELOADED.clear()    # a later batch in this process loads the rules as they are then


def _largest_first(tasks: list) -> list:
    """The longest articles first, so that the batch does not end with one worker alone on
    a long one while the others wait: the order changes no output, only the tail's length."""
    def size(task) -> int:
        try:
            return os.path.getsize(task[0])
        except OSError:            # (gone: its task records the error)
            return 0
    return sorted(tasks, key=size, reverse=True)


def _pools(pending: list, jobs: int, initargs: tuple, record, ctx) -> None:
    retried: set = set()
    while pending:
        pool = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init, initargs=initargs)
        running: dict = {}
        broken = False
        try:
            while (pending or running) and not broken:
                while pending and len(running) < 2 * jobs:   # a few ahead, never the whole list
                    task = pending.pop()
                    running[pool.submit(_work, task)] = task
                done, _ = wait(running, return_when=FIRST_COMPLETED)
                for future in done:
                    try:
                        result = future.result()
                    except BrokenProcessPool:
                        broken = True
                        continue
                    record(result)
                    del running[future]
        except BaseException:
            _abandon(pool)
            raise
        _abandon(pool)
        for task in running.values():
            if task in retried:
                record({"path": shown(task[0]), "output": shown(Path(task[1]).with_suffix(".json")),
                        "error": "the worker process died while processing it, twice (out of memory?)"})
            else:
                retried.add(task)
                pending.append(task)


def _abandon(pool: ProcessPoolExecutor) -> None:
    """Stop at once: cancel what has not started and end the workers holding the rest."""
    for proc in list((pool._processes or {}).values()):   # no public way to kill the workers
        proc.terminate()
    pool.shutdown(wait=True, cancel_futures=True)
