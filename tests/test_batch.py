"""Batch runs with hostile input: every good article written, each bad one a clear record,
nothing lost after a kill or a Ctrl-C, nothing redone on a rerun (issue 14)."""
import json
import os
import signal
import subprocess
import sys
import time

import pytest

from pipeline.cli import main

from conftest import ROOT

GOOD = "上半年,通州实现地区生产总值880.5亿元,同比增长7.8%。"
GBK = "今年前三季度,全区规模以上工业增加值增长6.2%,固定资产投资完成320亿元。"
BIG5 = "臺北市上半年觀光收入達到120億元,年增15%,旅客人數持續回升。"
FILLER = "会议强调,要坚持稳中求进工作总基调,推动经济高质量发展,做好民生保障工作。"


def long_article(chars: int) -> str:
    """Paragraphs of filler, each closing on its own figure (one figure repeated would be a
    restatement, reported once)."""
    paras, size, i = [], 0, 0
    while size < chars:
        para = FILLER * 19 + GOOD.replace("880.5", f"{100 + i}.5") + "\n"
        paras.append(para)
        size, i = size + len(para), i + 1
    return "".join(paras)[:chars]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """One run over two folders holding every kind of file a real folder has."""
    root = tmp_path_factory.mktemp("hostile")
    a, b, out = root / "dirA", root / "dirB", root / "out"
    (a / "folder.txt").mkdir(parents=True)          # a directory named *.txt is no article
    b.mkdir()
    (a / "same.txt").write_text(GOOD, encoding="utf-8")
    (b / "same.txt").write_text(GBK, encoding="utf-8")
    (a / "gbk.txt").write_bytes(GBK.encode("gbk"))
    (a / "big5.txt").write_bytes(BIG5.encode("big5"))
    (a / "utf16.txt").write_bytes(GOOD.encode("utf-16"))       # with its BOM
    (a / "UPPER.TXT").write_text(GOOD, encoding="utf-8")
    (a / "cr.txt").write_text(GOOD + "\r" + GBK, encoding="utf-8", newline="")
    (a / "long.txt").write_text(long_article(200_000), encoding="utf-8")
    (a / "digits.txt").write_text("附表:" + "1234567890" * 20 + "亿元。" + GOOD, encoding="utf-8")
    (a / "nul.txt").write_bytes(b"abc\x00def")
    (a / "garbage.txt").write_bytes(bytes(range(128, 256)) * 3)
    (a / os.fsdecode(b"bad\xffname.txt")).write_text(GOOD, encoding="utf-8")
    started = time.perf_counter()
    code = main(["run", str(a), str(b), "-o", str(out), "-j", "2"])
    return out, code, time.perf_counter() - started


def output(out, rel):
    return json.loads((out / rel).read_text(encoding="utf-8"))


def errors(out):
    return {e["output"]: e for e in map(json.loads, (out / "_errors.jsonl").read_text().splitlines())}


def test_every_good_article_is_written_and_each_bad_one_recorded(hostile):
    out, code, seconds = hostile
    assert code == 1
    assert set(errors(out)) == {"dirA/nul.json", "dirA/garbage.json", "dirA/bad\\xffname.json"}
    assert "NUL" in errors(out)["dirA/nul.json"]["error"]
    assert "--encoding" in errors(out)["dirA/garbage.json"]["error"]
    assert "not valid UTF-8" in errors(out)["dirA/bad\\xffname.json"]["error"]
    assert not (out / "dirA" / "folder.json").exists()
    assert seconds < 60


def test_legacy_encodings_are_decoded_and_recorded(hostile):
    out = hostile[0]
    for name, encoding, value in (("gbk", "gb18030", 320), ("big5", "big5", 120), ("utf16", "utf-16", 880.5)):
        data = output(out, f"dirA/{name}.json")
        assert data["source"]["encoding"] == encoding
        assert value in [m["value"] for m in data["metrics"]]


def test_same_named_files_keep_their_own_folders(hostile):
    out = hostile[0]
    assert output(out, "dirA/same.json")["metrics"][0]["value"] == 880.5
    assert output(out, "dirB/same.json")["text"] == GBK


def test_upper_case_suffix_and_cr_line_ends(hostile):
    out = hostile[0]
    assert output(out, "dirA/UPPER.json")["metrics"]
    cr = output(out, "dirA/cr.json")
    assert [m["sentence"] for m in cr["metrics"]][:1] == [0] and cr["metrics"][-1]["sentence"] >= 1


def test_a_200_digit_string_loses_nothing_else(hostile):
    data = output(hostile[0], "dirA/digits.json")
    assert 880.5 in [m["value"] for m in data["metrics"]]
    assert all(len(str(m.get("value"))) < 30 for m in data["metrics"])


def test_a_long_article_is_written(hostile):
    data = output(hostile[0], "dirA/long.json")
    assert len(data["text"]) == 200_000 and len(data["metrics"]) > 100


def test_max_chars_makes_an_error_record(tmp_path, capsys):
    src = tmp_path / "in"
    src.mkdir()
    (src / "long.txt").write_text(long_article(5_000), encoding="utf-8")
    (src / "short.txt").write_text(GOOD, encoding="utf-8")
    assert main(["run", str(src), "-o", str(tmp_path / "o"), "-j", "1", "--max-chars", "1000"]) == 1
    assert "longer than --max-chars 1000" in errors(tmp_path / "o")["long.json"]["error"]
    assert (tmp_path / "o" / "short.json").exists()


def test_forced_encoding(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_bytes(GOOD.encode("utf-16-le"))      # no BOM: only --encoding knows
    assert main(["run", str(src), "-o", str(tmp_path / "o"), "-j", "1"]) == 1
    assert main(["run", str(src), "-o", str(tmp_path / "o"), "-j", "1", "--encoding", "utf-16-le"]) == 0
    assert output(tmp_path / "o", "a.json")["source"]["encoding"] == "utf-16-le"
    assert not (tmp_path / "o" / "_errors.jsonl").exists()


def _small_batch(src, n=6):
    src.mkdir(parents=True)
    for i in range(n):
        (src / f"a{i}.txt").write_text(FILLER * (i + 1) + GOOD, encoding="utf-8")


def test_rerun_skips_unchanged_and_force_redoes(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    _small_batch(src, 3)
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 0
    (src / "a1.txt").write_text(GBK, encoding="utf-8")
    capsys.readouterr()
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 0
    assert "3 articles (1 processed, 2 unchanged)" in capsys.readouterr().err
    assert output(out, "a1.json")["text"] == GBK
    assert main(["run", str(src), "-o", str(out), "-j", "1", "--force"]) == 0
    assert "unchanged" not in capsys.readouterr().err


def test_an_edited_build_or_another_segmenter_redoes_every_article(tmp_path, capsys, monkeypatch):
    from pipeline.batch import records
    src, out = tmp_path / "in", tmp_path / "out"
    _small_batch(src, 2)
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 0
    # same version number, other source: a working copy edited since the last run
    monkeypatch.setattr(records, "code_digest", lambda: "sha256:edited")
    capsys.readouterr()
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 0
    assert "unchanged" not in capsys.readouterr().err
    assert output(out, "a0.json")["versions"]["code"] == "sha256:edited"
    assert main(["run", str(src), "-o", str(out), "-j", "1", "--segmenter", "jieba"]) == 0
    assert "unchanged" not in capsys.readouterr().err
    assert output(out, "a0.json")["versions"]["segmenter"] == "jieba"


def test_a_failing_article_loses_its_old_output_and_reruns_replace_records(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _small_batch(src, 2)
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 0
    (src / "a0.txt").write_bytes(b"\x00\x01")
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 1
    assert not (out / "a0.json").exists() and set(errors(out)) == {"a0.json"}
    (src / "a0.txt").write_text(GOOD, encoding="utf-8")
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 0
    assert not (out / "_errors.jsonl").exists()


def _cli(args, **kw):
    return subprocess.Popen([sys.executable, "-m", "pipeline", "run", *args], cwd=ROOT,
                            stderr=subprocess.PIPE, text=True, **kw)


def _wait_for_outputs(out, n, proc):
    while len(list(out.glob("*.json"))) < n and proc.poll() is None:
        time.sleep(0.05)


def test_kill_then_rerun_does_only_the_missing_articles(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    _small_batch(src, 8)
    (src / "bad.txt").write_bytes(b"\x00")
    proc = _cli([str(src), "-o", str(out), "-j", "1"])
    _wait_for_outputs(out, 3, proc)
    proc.kill()
    proc.wait()
    done = len(list(out.glob("*.json")))
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 1
    assert f"9 articles ({9 - done} processed, {done} unchanged)" in capsys.readouterr().err
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 1
    assert "9 articles (1 processed, 8 unchanged)" in capsys.readouterr().err   # only bad.txt again
    assert set(errors(out)) == {"bad.json"}


def test_ctrl_c_stops_the_batch_and_keeps_the_records(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    _small_batch(src, 8)
    for i in range(1, 8):    # long enough to be still running when Ctrl-C comes
        (src / f"a{i}.txt").write_text(long_article(30_000), encoding="utf-8")
    # the largest article goes first: the bad one is the largest, so that its record is
    # written while the long ones are still to run
    (src / "a0.txt").write_bytes(b"\x00" * 200_000)
    proc = _cli([str(src), "-o", str(out), "-j", "2"])
    while proc.poll() is None and not ((out / "_errors.jsonl").exists() and errors(out)):
        time.sleep(0.05)    # the bad article's record is written as it fails, not at the end
    proc.send_signal(signal.SIGINT)
    err = proc.communicate(timeout=60)[1]
    assert proc.returncode == 130
    assert "interrupted: " in err and "Traceback" not in err
    assert "a0.json" in errors(out)
    assert not list(out.glob(".*.tmp"))


def test_ctrl_c_outside_the_batch_loop_exits_130_without_a_traceback(tmp_path, capsys, monkeypatch):
    import pipeline.batch
    src = tmp_path / "in"
    _small_batch(src, 2)

    def interrupted(*args, **kw):     # Ctrl-C just as the batch ends, before the summary
        raise KeyboardInterrupt
    monkeypatch.setattr(pipeline.batch, "run_batch", interrupted)
    assert main(["run", str(src), "-o", str(tmp_path / "out")]) == 130
    assert "cnie run: interrupted" in capsys.readouterr().err


def test_parallel_output_is_identical_to_serial(tmp_path):
    src = tmp_path / "in"
    _small_batch(src, 8)
    assert main(["run", str(src), "-o", str(tmp_path / "one"), "-j", "1"]) == 0
    assert main(["run", str(src), "-o", str(tmp_path / "six"), "-j", "6"]) == 0
    for path in sorted((tmp_path / "one").glob("*.json")):
        assert path.read_text(encoding="utf-8") == (tmp_path / "six" / path.name).read_text(encoding="utf-8")


def test_output_naming_a_file_is_a_usage_error(tmp_path, capsys):
    (tmp_path / "a.txt").write_text(GOOD, encoding="utf-8")
    (tmp_path / "o").write_text("")
    assert main(["run", str(tmp_path / "a.txt"), "-o", str(tmp_path / "o")]) == 2
    assert "is a file" in capsys.readouterr().err


def test_extract_reads_legacy_stdin_and_refuses_garbage():
    run = [sys.executable, "-m", "pipeline", "extract"]
    done = subprocess.run(run, input=GBK.encode("gbk"), cwd=ROOT, capture_output=True, check=True)
    assert json.loads(done.stdout)["text"] == GBK
    bad = subprocess.run(run, input=bytes(range(128, 256)) * 3, cwd=ROOT, capture_output=True)
    assert bad.returncode == 2 and b"Traceback" not in bad.stderr and b"standard input" in bad.stderr


def test_report_and_export_say_which_articles_failed(hostile, tmp_path, capsys):
    out = hostile[0]
    assert main(["export", str(out), "-o", str(tmp_path / "items.csv")]) == 0
    assert "3 articles failed" in capsys.readouterr().err
    assert main(["report", str(out), "-o", str(tmp_path / "r.html")]) == 0
    err = capsys.readouterr().err
    assert "3 articles failed" in err and "nul.txt: contains NUL bytes" in err
    assert "contains NUL bytes" in (tmp_path / "r.html").read_text(encoding="utf-8")


def test_a_rule_failing_on_one_match_is_a_warning(monkeypatch, rules):
    from pipeline.extract import quantities
    from pipeline.stages import process
    real = quantities.parse_quantity

    def flaky(text, rules):
        if text.startswith("880.5"):
            raise ArithmeticError("cannot read this one")
        return real(text, rules)
    monkeypatch.setattr(quantities, "parse_quantity", flaky)
    doc = process(GOOD + "全区工业投资增长12%。", rules, doc_id="x")
    [warning] = doc.warnings
    assert warning["error"].startswith(f"rule {warning['rule']} (") and \
        warning["error"].endswith("failed on its match [14, 21) '880.5亿元': ArithmeticError: cannot read this one")
    start, end = doc.warnings[0]["span"]
    assert doc.text[start:end].startswith("880.5") and doc.warnings[0]["rule"].startswith("quantity")
    assert 12 in [q["value"] for q in doc.quantities]
