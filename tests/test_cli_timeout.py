"""A user's regex that backtracks without end stops its article with a clear error naming the
rule and the article; the other articles are written. The time limit is lowered for speed."""
import json
import os
import subprocess
import sys
import time

import pytest

from pipeline.engine import matching
from pipeline.cli import main
from pipeline.engine.matching import RuleTimeout
from pipeline.engine.rules import load
from pipeline.stages import process

from conftest import ROOT

# (a|aa)+b on a long run of a's without a b: exponential backtracking, a classic.
SLOW_RULE = '''[[rule]]
id = "metric.mine.slow"
pattern = '(?P<indicator>(?:a|aa)+)b(?P<level>{quantity})'
examples = [ { text = "工业产值5亿元。", expect = [] } ]
'''
GOOD = "上半年,通州实现地区生产总值880.5亿元,同比增长7.8%。"
# the run of a's, then the b the pattern holds (a text without one is not searched at all:
# engine/holds.py), out of its reach
TRAP = "a" * 60 + "。b"


@pytest.fixture
def user_rules(tmp_path):
    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "metrics_slow.toml").write_text(SLOW_RULE, encoding="utf-8")
    return folder


@pytest.fixture
def articles(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    (src / "a_good.txt").write_text(GOOD, encoding="utf-8")
    (src / "b_trap.txt").write_text("型号" + TRAP + GOOD, encoding="utf-8")
    (src / "c_good.txt").write_text(GOOD.replace("880.5", "900"), encoding="utf-8")
    return src


def test_scan_stops_a_runaway_rule_in_about_the_timeout(user_rules, monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.2)
    rules = load(user_rules)
    started = time.process_time()       # the budget is CPU time: a loaded machine does not stretch it
    with pytest.raises(RuleTimeout) as err:
        process(TRAP, rules)
    assert time.process_time() - started < 3
    assert err.value.rule_id == "metric.mine.slow"
    assert "metrics_slow.toml:2" in str(err.value)


def test_batch_reports_rule_and_article_and_writes_the_others(user_rules, articles, tmp_path,
                                                             monkeypatch, capsys):
    monkeypatch.setattr(matching, "TIMEOUT", 0.2)
    out = tmp_path / "out"
    assert main(["run", str(articles), "-o", str(out), "--rules", str(user_rules), "-j", "1"]) == 1
    assert sorted(p.name for p in out.glob("*.json")) == ["a_good.json", "c_good.json"]
    [error] = [json.loads(line) for line in (out / "_errors.jsonl").read_text().splitlines()]
    assert error["path"].endswith("b_trap.txt") and error["rule"] == "metric.mine.slow"
    assert "took longer than 0.2 s" in error["error"]
    assert "b_trap.txt: rule metric.mine.slow" in capsys.readouterr().err


def test_cnie_run_honours_the_timeout_setting(user_rules, articles, tmp_path):
    out = tmp_path / "out"
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "pipeline", "run", str(articles), "-o", str(out),
                           "--rules", str(user_rules), "-j", "2"], cwd=ROOT, capture_output=True,
                          text=True, env={**os.environ, "CNIE_REGEX_TIMEOUT": "0.3"})
    assert done.returncode == 1, done.stderr
    assert time.perf_counter() - started < 30
    assert "b_trap.txt: rule metric.mine.slow" in done.stderr
    assert "took longer than 0.3 s" in done.stderr
    assert (out / "a_good.json").exists() and (out / "c_good.json").exists()
