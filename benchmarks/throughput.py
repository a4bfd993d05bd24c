#!/usr/bin/env python3
"""Throughput: the whole pipeline's characters per second beside jieba's tokenize alone,
on the same texts in the same run, and the ratio. Start-up (jieba's dictionary, the rules) is
timed apart, since a batch pays it once per worker.

    python benchmarks/throughput.py [FILES or FOLDERS ...]   (default: corpus/)
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.batch import find_articles, read_article  # noqa: E402
from pipeline.text.normalize import normalize_text  # noqa: E402
from pipeline.engine.rules import load  # noqa: E402
from pipeline.text.segment import tokenizer  # noqa: E402
from pipeline.stages import process  # noqa: E402


def best_of(runs: int, work) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def main(argv: list[str]) -> None:
    paths = [Path(p) for p in argv] or [Path(__file__).resolve().parent.parent / "corpus"]
    texts = [read_article(p) for p, _ in find_articles(paths)]
    chars = sum(len(t) for t in texts)
    started = time.perf_counter()
    rules = load()
    tok = tokenizer(rules.user_words())
    startup = time.perf_counter() - started
    simplified = [normalize_text(t, "t2s") for t in texts]
    process("上半年,全市实现地区生产总值880.5亿元,同比增长7.8%。", rules)   # warm up the tagger
    # One pass over distinct texts, as a batch meets them: a second pass would hit the
    # caches of short tagged spans and flatter the figure.
    jieba_s = best_of(1, lambda: [list(tok.tokenize(t)) for t in simplified])
    pipe_s = best_of(1, lambda: [process(t, rules) for t in texts])
    print(f"articles            {len(texts)}")
    print(f"characters          {chars}")
    print(f"start-up            {startup:.2f} s (jieba dictionary + rules, once per worker)")
    print(f"jieba tokenize      {chars / jieba_s:,.0f} chars/s")
    print(f"cnie pipeline       {chars / pipe_s:,.0f} chars/s (one pass: {pipe_s:.2f} s)")
    print(f"ratio               {jieba_s / pipe_s:.2f} (pipeline speed / jieba speed)")


if __name__ == "__main__":
    main(sys.argv[1:])
