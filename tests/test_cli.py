"""The command line as a user drives it: batches with bad files, exit codes, stdin."""
import json
import subprocess
import sys

from pipeline.cli import main

from conftest import CORPUS, ROOT

GOOD = "上半年,通州实现地区生产总值880.5亿元,同比增长7.8%。"


def test_batch_with_bad_files_writes_good_outputs_and_error_records(tmp_path, capsys):
    src, out = tmp_path / "in", tmp_path / "out"
    (src / "sub").mkdir(parents=True)
    (src / "good.txt").write_text(GOOD, encoding="utf-8")
    (src / "sub" / "good2.txt").write_text("\ufeff" + GOOD.replace("\n", "\r\n"), encoding="utf-8")
    (src / "broken.txt").write_bytes(b"\xff\xfe\x00garbage \xc3\x28")
    (src / "empty.txt").write_text("  \n", encoding="utf-8")
    code = main(["run", str(src), "-o", str(out), "-j", "2"])
    assert code == 1
    assert (out / "good.json").exists() and (out / "sub" / "good2.json").exists()
    data = json.loads((out / "good.json").read_text(encoding="utf-8"))
    assert data["metrics"][0]["value"] == 880.5
    errors = [json.loads(line) for line in (out / "_errors.jsonl").read_text().splitlines()]
    assert sorted(e["path"].rsplit("/", 1)[-1] for e in errors) == ["broken.txt", "empty.txt"]
    assert all(e["error"] and "\n" not in e["error"] for e in errors)
    assert "4 articles" in capsys.readouterr().err
    assert not list(out.rglob("*.tmp"))   # atomic writes leave no temporary files


def test_clean_run_exits_zero_and_clears_old_errors(tmp_path):
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    out.mkdir()
    (out / "_errors.jsonl").write_text('{"path": "old", "error": "stale"}\n')
    assert main(["run", str(src), "-o", str(out), "-j", "1"]) == 0
    assert not (out / "_errors.jsonl").exists()


def test_missing_input_is_a_usage_error(tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope"), "-o", str(tmp_path / "o")]) == 2
    assert "nope" in capsys.readouterr().err


def test_broken_rules_stop_before_any_article(tmp_path, capsys):
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "metrics_mine.toml").write_text('[[rule]]\nid = "x"\npattern = "(unclosed"\n'
                                             'examples = [{ text = "a", expect = [] }]\n')
    src = tmp_path / "in"
    src.mkdir()
    (src / "a.txt").write_text(GOOD, encoding="utf-8")
    assert main(["run", str(src), "-o", str(tmp_path / "o"), "--rules", str(rules)]) == 2
    err = capsys.readouterr().err
    assert "metrics_mine.toml:3 x: pattern does not compile" in err
    assert not (tmp_path / "o").exists()


def test_extract_reads_stdin():
    done = subprocess.run([sys.executable, "-m", "pipeline", "extract"], input=GOOD, cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", check=True)
    data = json.loads(done.stdout)
    assert data["metrics"][0]["indicator"] == "地区生产总值"
    assert data["metrics"][0]["change"] == {"value": 7.8, "value_max": None, "unit": "%", "basis": "同比"}


def test_run_defaults_to_corpus_into_outputs(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "seed.txt").write_text((CORPUS / "000_0d6ca765d7ace66e.txt").read_text(encoding="utf-8"),
                                                  encoding="utf-8")
    assert main(["run", "-j", "1"]) == 0
    assert (tmp_path / "outputs" / "seed.json").exists()


def test_date_pins_the_year_of_relative_periods(capsys):
    assert main(["extract", "--date", "2024-07-20", "今年上半年,全市实现地区生产总值880.5亿元。"]) == 0
    metric = json.loads(capsys.readouterr().out)["metrics"][0]
    assert (metric["period"], metric["period_norm"]) == ("上半年", "2024-H1")


def test_a_bad_date_is_a_usage_error(capsys):
    assert main(["extract", "--date", "2024-13-01", "上半年"]) == 2
    assert "not a date" in capsys.readouterr().err
