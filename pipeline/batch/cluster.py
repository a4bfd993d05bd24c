"""The Dask back-end of runner.py (`cnie run --dask ADDRESS`): the same batch, run by workers.

`--dask local` starts a LocalCluster on this machine, one single-threaded worker process per
job (the work holds the GIL); any other ADDRESS is a running scheduler (tcp://host:8786). A
worker plugin loads the rules, the gazetteer and the segmenter once per worker process, as the
local pool's _init does. Articles go out in chunks: CHUNKS_PER_THREAD per worker thread, so
that the workers end together, and at most CHUNK_MAX, so that a chunk stays seconds long. The
workers write the outputs into OUT themselves, through records.work: the same atomic writes,
incremental skips and error records. The client records each chunk's results as it ends, so
the progress bar follows the cluster.

A worker that dies: the scheduler gives its chunk to another worker, which finds the outputs
this batch already wrote (records.work, `since`) and writes only the rest: nothing is lost or
written twice. A chunk that killed its workers too often (Dask's allowed-failures) is split
into its articles; an article that kills its worker again is an error record.
"""
from __future__ import annotations

import itertools
import logging
import math
from contextlib import contextmanager
from pathlib import Path

from distributed import Client, KilledWorker, LocalCluster, WorkerPlugin, as_completed

from pipeline.batch import runner
from pipeline.batch.reading import shown
from pipeline.engine.rules import load
from pipeline.text import segment

CHUNKS_PER_THREAD = 16
CHUNK_MAX = 200      # ~10 s of work: scheduling costs ~1 ms a chunk, a part stays small
CONNECT_TIMEOUT = "10s"


class LoadOnce(WorkerPlugin):
    """Loads the batch's rules in each worker process as it starts (and restarts)."""
    name = "cnie-batch"

    def __init__(self, initargs: tuple, segmenter: str, digest: str):
        self.args = (initargs, segmenter, digest)

    def setup(self, worker) -> None:
        try:
            _ready(*self.args)
        except RulesDiffer:
            pass                 # each chunk this worker is given says so, as error records


class RulesDiffer(Exception):
    """A worker whose rules are not the client's: the rules folder is not shared."""


def _ready(initargs: tuple, segmenter: str, digest: str) -> None:
    """The worker's state for this batch. The rules are loaded once per process (the plugin
    has done it, unless the worker joined late), again only when the client's have changed:
    a long-lived cluster serves many batches."""
    if runner._WORKER.get("loaded") != (initargs[0], segmenter, digest):
        if segment.current() != segmenter:
            segment.use(segmenter)
        runner._preload(initargs[0])      # rules, segmenter, gazetteer and lazy tables
        runner.load_worker(*initargs)
        runner._PRELOADED.clear()
        runner._WORKER["loaded"] = (initargs[0], segmenter, runner._WORKER["rules"].digest)
        if runner._WORKER["rules"].digest != digest:
            raise RulesDiffer(f"this worker's rules are {runner._WORKER['rules'].digest}, the "
                              f"client's {digest}: share the rules folder and the cnie version")
    runner._WORKER.update(out=Path(initargs[1]), settings=initargs[2])   # this batch's


def _chunk(tasks: list, initargs: tuple, segmenter: str, digest: str, index: int,
           export: str | None) -> list:
    """Runs on a worker: each article of the chunk, then its Parquet part."""
    _ready(initargs, segmenter, digest)
    results = [runner._work(task) for task in tasks]
    if export:
        runner.write_part(Path(initargs[1]), index,
                          [r["output"] for r in results if "error" not in r])
    return results


def chunk_size(articles: int, threads: int) -> int:
    return max(1, min(CHUNK_MAX, math.ceil(articles / (max(1, threads) * CHUNKS_PER_THREAD))))


def on_dask(address: str, tasks: list, initargs: tuple, record, jobs: int,
            export: str | None) -> None:
    """Every task through the cluster at `address`, each result given to `record`."""
    seg, digest = segment.current(), load(initargs[0]).digest    # (loaded already: ~0.1 s)
    with _client(address, jobs) as client:
        client.register_plugin(LoadOnce(initargs, seg, digest))
        size = chunk_size(len(tasks), sum(client.nthreads().values()))
        chunks, running, parts = {}, as_completed(), itertools.count()

        def submit(chunk: list) -> None:
            future = client.submit(_chunk, chunk, initargs, seg, digest, next(parts), export,
                                   pure=False)
            chunks[future] = chunk
            running.add(future)
        for start in range(0, len(tasks), size):
            submit(tasks[start:start + size])
        try:
            for future in running:
                _finish(future, chunks.pop(future), submit, record)
                future.release()
        except BaseException:         # Ctrl-C: what has not started never will
            client.cancel(list(chunks))
            raise


def _finish(future, chunk: list, submit, record) -> None:
    """Record a chunk's results; a chunk whose workers died goes out again article by article."""
    try:
        results = future.result()
    except KilledWorker:
        if len(chunk) > 1:
            for task in chunk:
                submit([task])
            return
        results = [_failed(chunk[0], "the worker process died while processing it, "
                                     "each time it was tried (out of memory?)")]
    except Exception as err:     # the worker could not run cnie at all (not installed?)
        results = [_failed(t, f"on the Dask worker: {type(err).__name__}: {err}") for t in chunk]
    for result in results:
        record(result)


def _failed(task: tuple, error: str) -> dict:
    return {"path": shown(task[0]), "output": shown(Path(task[1]).with_suffix(".json")),
            "error": error}


def unreachable(address: str) -> str | None:
    """Why the scheduler at address cannot be used, before the batch touches OUT; else None."""
    try:
        with Client(address, timeout=CONNECT_TIMEOUT):
            return None
    except (OSError, ValueError, TypeError) as err:    # refused, timed out, not an address
        return f"--dask {address}: no Dask scheduler there ({type(err).__name__}: {err})"


@contextmanager
def _client(address: str, jobs: int):
    """A client of the scheduler at address, or of a LocalCluster (loopback only) for "local"."""
    if address != "local":
        with Client(address) as client:
            yield client
        return
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, host="127.0.0.1",
                      dashboard_address=None, silence_logs=logging.ERROR) as cluster, \
            Client(cluster) as client:
        yield client
