#!/usr/bin/env python3
"""Throughput on real text: the pipeline's CPU chars/s beside the floor it cannot go below
(OpenCC t2s + the segmenter's cut + one regex scan for numbers), with the same segmenter, in
the same run; where the time goes (per stage, top-10 rules); start-up; peak RSS of a worker;
-j 1 against -j 2 wall time; and a check that the output is byte-identical across -j and
segmenters. Every timing is repeated: min / median / max.

    python benchmarks/throughput.py [FOLDERS ...] [--quick] [--repeats N] [--segmenter NAME]
    (default: ../shared/corpora/thucnews, distinct articles only)
"""
from __future__ import annotations

import argparse
import hashlib
import multiprocessing
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import regex  # noqa: E402

from pipeline import batch, stages  # noqa: E402
from pipeline.batch import runner  # noqa: E402
from pipeline.engine import matching  # noqa: E402
from pipeline.engine.rules import load  # noqa: E402
from pipeline.text import segment as seg  # noqa: E402
from pipeline.text.normalize import converter  # noqa: E402

from compare_outputs import comparable  # noqa: E402  (beside this script)

THUCNEWS = ROOT.parent / "shared" / "corpora" / "thucnews"
_NUMBER = regex.compile(r"[0-9０-９][0-9０-９.,%％]*|[零〇一二两三四五六七八九十百千万亿]+")
STARTUP = ("import time; t, c = time.perf_counter(), time.process_time(); "
           "from pipeline.engine.rules import load; from pipeline.stages import process; r = load(); "
           "process('今年一季度全省工业增加值增长6.1%。', r); "
           "print(time.perf_counter() - t, time.process_time() - c)")


def distinct_articles(paths: list[Path], limit: int | None, into: Path) -> list[Path]:
    """Symlinks to the distinct texts under PATHS (the corpus repeats a few), in INTO."""
    seen, kept = set(), []
    for path, _ in batch.find_articles(paths):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest not in seen and (limit is None or len(kept) < limit):
            seen.add(digest)
            link = into / f"{len(kept):05d}_{path.name}"
            link.symlink_to(path.resolve())
            kept.append(link)
    return kept


def spread(values: list[float], fmt: str = "{:,.0f}") -> str:
    return " / ".join(fmt.format(v) for v in (min(values), statistics.median(values), max(values)))


def cpu_seconds(work, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        began = time.process_time()
        work()
        times.append(time.process_time() - began)
    return times


def pipeline_pass(texts: list[str], rules) -> int:
    """Every text through the pipeline; the number that crashed (a batch records and goes on)."""
    crashed = 0
    for text in texts:
        try:
            stages.process(text, rules)
        except Exception:
            crashed += 1
    return crashed


def floor_pass(texts: list[str], tok) -> None:
    cut = getattr(tok, "lcut", None) or (lambda t: list(tok.tokenize(t)))
    t2s = converter("t2s")
    for text in texts:
        cut(t2s.convert(text))
        _NUMBER.findall(text)


def _timed(fn, name: str, into: Counter):
    def wrapper(*args, **kwargs):
        began = time.process_time()
        try:
            return fn(*args, **kwargs)
        finally:
            into[name] += time.process_time() - began
    return wrapper


def _timed_scan(scan, into: Counter, nested: list):
    """scan() is a generator: its rule's time is the time spent inside each next(), less the
    time of scans run from inside it (an accept check that scans again): exclusive time."""
    def wrapper(rule, *args, **kwargs):
        it = scan(rule, *args, **kwargs)
        while True:
            nested.append(0.0)
            began = time.process_time()
            try:
                m = next(it)
            except StopIteration:
                return
            finally:
                spent = time.process_time() - began
                into[rule.id] += spent - nested.pop()
                if nested:
                    nested[-1] += spent
            yield m
    return wrapper


def profile_pass(texts: list[str], rules) -> tuple[Counter, Counter]:
    """One pass with stage and rule timers patched in (they cost time, so a separate pass)."""
    stage_t, rule_t = Counter(), Counter()
    saved = stages.normalize, stages.segment, stages.EXTRACTORS
    scanners = [m for m in list(sys.modules.values())
                if m and m.__name__.startswith("pipeline") and getattr(m, "scan", None) is matching.scan]
    try:
        stages.normalize = _timed(stages.normalize, "normalize", stage_t)
        stages.segment = _timed(stages.segment, "segment", stage_t)
        stages.EXTRACTORS = tuple(_timed(f, f.__name__, stage_t) for f in saved[2])
        timed = _timed_scan(matching.scan, rule_t, [])
        for module in scanners:
            module.scan = timed
        pipeline_pass(texts, rules)
    finally:
        stages.normalize, stages.segment, stages.EXTRACTORS = saved
        for module in scanners:
            module.scan = matching.scan
    return stage_t, rule_t


def _ready(_) -> int:
    return 0


def worker_startup(repeats: int) -> list[float]:
    """Fork to first task done, for a pool of 2, with everything loaded before the fork."""
    runner._preload(None)
    ctx = multiprocessing.get_context("fork")
    times = []
    for _ in range(repeats):
        began = time.perf_counter()
        with ctx.Pool(2, initializer=runner._init,
                      initargs=(None, tempfile.gettempdir(), {})) as pool:
            pool.map(_ready, [0, 1])
            times.append(time.perf_counter() - began)
    runner._PRELOADED.clear()
    return times


def process_startup(repeats: int) -> list[tuple[float, float]]:
    """(wall, CPU) seconds of a fresh process's start-up; CPU is what a busy machine changes least."""
    run = lambda: subprocess.run([sys.executable, "-c", STARTUP], cwd=ROOT, capture_output=True,  # noqa: E731
                                 text=True, check=True).stdout.split()[-2:]
    return [tuple(map(float, run())) for _ in range(repeats)]


# One batch as `cnie run -j N --force` runs it, in a fresh process (start-up included, no
# cache warmed by this script's passes), which prints its wall time, the peak RSS of its
# largest child (a worker: its only children) and its own, and the number of errors.
BATCH = ("import resource, sys, time; from pathlib import Path; t = time.perf_counter(); "
         "from pipeline.batch import run_batch; "
         "s = run_batch([Path(sys.argv[1])], Path(sys.argv[2]), jobs=int(sys.argv[3]), force=True); "
         "print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, "
         "resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, len(s.errors))")


def one_batch(folder: Path, out: Path, jobs: int) -> tuple[float, float, float]:
    """(wall s, peak RSS MB of a worker, of the batch's own process) for one fresh batch; with
    -j 1 the process is the worker."""
    done = subprocess.run([sys.executable, "-c", BATCH, str(folder), str(out), str(jobs)], cwd=ROOT,
                          capture_output=True, text=True, check=True).stdout.split()
    wall, child_kb, own_kb, errors = float(done[-4]), int(done[-3]), int(done[-2]), int(done[-1])
    if errors:
        print(f"    {errors} errors with -j {jobs}: see {out / '_errors.jsonl'}")
    return wall, (child_kb if jobs > 1 else own_kb) / 1024, own_kb / 1024


def batches(folder: Path, work: Path, repeats: int) -> dict:
    """-j 1 and -j 2 back to back in each repeat, so that what else runs on the machine
    weighs on both alike: the speed-up is taken per repeat."""
    runs: dict = {1: [], 2: []}
    for _ in range(repeats):
        for jobs in (1, 2):
            runs[jobs].append(one_batch(folder, work / f"j{jobs}", jobs))
    return runs


def outputs(out: Path) -> dict[str, str]:
    """Each output as compare_outputs.py reads it: without its versions block, which names the
    segmenter and so differs by design."""
    return {p.name: comparable(p) for p in sorted(out.glob("*.json"))}


def differing(a: dict[str, str], b: dict[str, str]) -> int:
    return sum(a.get(k) != b.get(k) for k in set(a) | set(b))


def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("paths", nargs="*", type=Path)
    ap.add_argument("--quick", action="store_true", help="the first 100 distinct articles")
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--segmenter", choices=seg.SEGMENTERS, default=seg.DEFAULT)
    args = ap.parse_args(argv)
    seg.use(args.segmenter)
    work = Path(tempfile.mkdtemp(prefix="cnie-throughput-"))
    (work / "in").mkdir()
    files = distinct_articles(args.paths or [THUCNEWS], 100 if args.quick else None, work / "in")
    texts = [batch.read_article(p) for p in files]
    chars = sum(map(len, texts))
    rules = load()
    tok = seg.tokenizer(rules.user_words())
    stages.process("上半年全市实现地区生产总值880.5亿元,同比增长7.8%。", rules)   # warm up
    print(f"articles            {len(texts)} distinct, {chars:,} characters; segmenter {args.segmenter}")
    print(f"repeats             {args.repeats} (figures: min / median / max)")

    floor_s = cpu_seconds(lambda: floor_pass(texts, tok), args.repeats)
    # Each pass meets the texts as a batch does; later passes hit the tag cache, so the
    # first pass's figure is the honest one and the spread shows how much the cache flatters.
    seg.tag_cached.cache_clear()
    pipe_s = cpu_seconds(lambda: pipeline_pass(texts, rules), args.repeats)
    print(f"floor CPU           {spread([chars / s for s in floor_s])} chars/s "
          "(OpenCC t2s + lcut + number regex)")
    print(f"pipeline CPU        {spread([chars / s for s in pipe_s])} chars/s "
          f"(first pass {chars / pipe_s[0]:,.0f})")
    print(f"ratio               {statistics.median(floor_s) / statistics.median(pipe_s):.3f} "
          "(pipeline speed / floor speed, medians)")

    seg.tag_cached.cache_clear()
    stage_t, rule_t = profile_pass(texts, rules)
    total = sum(stage_t.values())
    print("per stage (CPU s, share)   " + ", ".join(
        f"{name} {s:.2f} {s / total:.0%}" for name, s in stage_t.most_common()))
    print("top-10 rules (CPU s, share of all; exclusive: a scan inside a scan counts apart)")
    for rule_id, s in rule_t.most_common(10):
        print(f"    {rule_id:38s} {s:7.2f} {s / total:5.1%}")

    startups = process_startup(args.repeats)
    print(f"start-up, process   {spread([w for w, _ in startups], '{:.2f}')} s wall, "
          f"{spread([c for _, c in startups], '{:.2f}')} s CPU (import, rules, segmenter, tagger, "
          "gazetteer, one sentence)")
    print(f"start-up, worker    {spread(worker_startup(args.repeats), '{:.3f}')} s "
          "(pool of 2 forked after loading, to first task done)")

    runs = batches(work / "in", work, args.repeats)
    results = {jobs: outputs(work / f"j{jobs}") for jobs in (1, 2)}
    walls = {jobs: [run[0] for run in runs[jobs]] for jobs in (1, 2)}
    print(f"wall -j 1           {spread(walls[1], '{:.1f}')} s (a fresh `run --force`, start-up included)")
    print(f"wall -j 2           {spread(walls[2], '{:.1f}')} s")
    print(f"speed-up -j 2       {spread([a / b for a, b in zip(walls[1], walls[2])], '{:.2f}')}x "
          "(-j 1 wall / -j 2 wall, run back to back in each repeat)")
    print(f"peak RSS, worker    {spread([run[1] for run in runs[2]], '{:.0f}')} MB "
          f"(-j 2's largest worker); -j 1 process {max(run[1] for run in runs[1]):.0f} MB, "
          f"-j 2 parent {max(run[2] for run in runs[2]):.0f} MB")

    same = differing(results[1], results[2]) == 0
    print(f"output -j 1 = -j 2  {'identical' if same else 'DIFFERENT'} ({len(results[1])} files)")
    for other in seg.SEGMENTERS:
        if other == args.segmenter or not seg._installed(other):
            continue
        seg.use(other)               # (CNIE_SEGMENTER: the fresh batch segments with it)
        one_batch(work / "in", work / other, 2)
        n = differing(results[2], outputs(work / other))
        print(f"output vs {other:11s}{'identical' if n == 0 else f'{n} files differ'}")
        same = same and (n == 0 or other == "rjieba")   # rjieba is known to cut otherwise
    seg.use(args.segmenter)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
