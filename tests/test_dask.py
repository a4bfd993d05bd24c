"""The batch on a Dask cluster (issue 15): a real LocalCluster of two worker processes on the
loopback, shared by the module. The same files as a local run, the same incremental skips and
error records, a worker killed mid-batch losing nothing and writing nothing twice, and one
Parquet part per chunk."""
import json
import logging
import os
import shutil
import signal
import threading
import time

import pytest

distributed = pytest.importorskip("distributed", reason="the dask extra is not installed")

import pyarrow.parquet as pq  # noqa: E402

from conftest import CORPUS  # noqa: E402
from pipeline.batch import cluster as dask_backend  # noqa: E402
from pipeline.cli import main  # noqa: E402

GOOD = "前三季度,东川区实现地区生产总值356.2亿元,同比增长6.4%。"
FILLER = "座谈会上,与会人员围绕优化营商环境、扩大有效投资、稳定就业等议题深入交流了意见。"


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                                  host="127.0.0.1", dashboard_address=None,
                                  silence_logs=logging.CRITICAL) as cluster, \
            distributed.Client(cluster) as client:
        yield cluster.scheduler_address, client


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The shipped corpus, a few more articles, and two that fail."""
    src = tmp_path_factory.mktemp("dask") / "in"
    shutil.copytree(CORPUS, src)
    (src / "sub").mkdir()
    for i in range(6):
        (src / "sub" / f"a{i}.txt").write_text(FILLER * i + GOOD.replace("356.2", f"{300 + i}.5"),
                                               encoding="utf-8")
    (src / "nul.txt").write_bytes(b"ab\x00cd")
    (src / "garbage.txt").write_bytes(bytes(range(128, 256)) * 3)
    return src


def _files(out):
    """Every output's bytes, and the error records (appended as articles fail: in any order)."""
    files = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*.json"))}
    files["_errors.jsonl"] = sorted((out / "_errors.jsonl").read_text("utf-8").splitlines())
    return files


def test_the_same_files_as_a_local_run(cluster, corpus, tmp_path, capsys):
    assert main(["run", str(corpus), "-o", str(tmp_path / "local"), "-j", "2"]) == 1
    assert main(["run", str(corpus), "-o", str(tmp_path / "dask"), "--dask", cluster[0]]) == 1
    local, dask = _files(tmp_path / "local"), _files(tmp_path / "dask")
    assert len(local) == 11 and "sub/a5.json" in local and "_errors.jsonl" in local
    assert [name for name in local if dask.get(name) != local[name]] == [] and dask.keys() == local.keys()
    assert "12 articles, " in capsys.readouterr().err.splitlines()[-1]


def test_reruns_skip_unchanged_articles_and_redo_failures(cluster, corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["run", str(corpus), "-o", str(out), "--dask", cluster[0]]) == 1
    capsys.readouterr()
    assert main(["run", str(corpus), "-o", str(out), "--dask", cluster[0]]) == 1
    assert "12 articles (2 processed, 10 unchanged)" in capsys.readouterr().err
    assert {json.loads(line)["output"] for line in (out / "_errors.jsonl").read_text().splitlines()} \
        == {"nul.json", "garbage.json"}


def test_export_parquet_writes_one_part_per_chunk(cluster, corpus, tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(corpus), "-o", str(out), "--dask", cluster[0],
                 "--export", "parquet"]) == 1
    size = dask_backend.chunk_size(12, threads=2)
    parts = sorted((out / "items.parquet").glob("part-*.parquet"))
    assert len(parts) == -(-12 // size)
    assert main(["export", str(out), "--format", "parquet", "-o", str(tmp_path / "all.parquet")]) == 0

    def rows(table):
        return sorted(table.to_pylist(), key=lambda r: (r["article_id"], r["kind"], r["id"]))
    together = rows(pq.read_table(out / "items.parquet"))
    assert together == rows(pq.read_table(tmp_path / "all.parquet")) and len(together) > 20


def test_a_worker_killed_mid_batch_loses_nothing_and_writes_nothing_twice(cluster, tmp_path,
                                                                          monkeypatch, capsys):
    address, client = cluster
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    for i in range(16):     # about a second each: the batch is still running when the kill comes
        paras = [FILLER * 30 + GOOD.replace("356.2", f"{i}{p}.5") for p in range(12)]
        (src / f"b{i:02d}.txt").write_text("\n".join(paras), encoding="utf-8")
    # two chunks of eight: the killed worker's chunk has outputs written when it is retried
    monkeypatch.setattr(dask_backend, "CHUNKS_PER_THREAD", 1)
    ended = {}
    batch = threading.Thread(target=lambda: ended.update(
        code=main(["run", str(src), "-o", str(out), "--dask", address])))
    batch.start()
    while len(list(out.glob("*.json"))) < 3 and batch.is_alive():
        time.sleep(0.05)
    os.kill(next(iter(client.run(os.getpid).values())), signal.SIGKILL)
    before = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.glob("*.json")}
    batch.join(timeout=180)
    assert ended["code"] == 0 and 3 <= len(before) < 16
    summary = capsys.readouterr().err.splitlines()[-1]
    assert summary.startswith("16 articles, ") and "unchanged" not in summary and "0 errors" in summary
    after = {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in out.glob("*.json")}
    assert len(after) == 16 and all(after[name] == seen for name, seen in before.items())
    client.wait_for_workers(2, timeout=60)     # the nanny restarts it, for the tests after


def test_an_address_with_no_scheduler_is_a_usage_error(corpus, tmp_path, capsys):
    assert main(["run", str(corpus), "-o", str(tmp_path / "out"), "--dask", "nowhere"]) == 2
    assert "--dask nowhere: no Dask scheduler there" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
