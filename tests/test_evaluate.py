"""`cnie eval`: the matching rules on small cases, and the same figures as the benchmark's own
scorer on its dev set (when ../shared/eval sits beside the repo)."""
import json
import subprocess
import sys

import pytest

from pipeline.batch import run_batch
from pipeline.cli import main
from pipeline.authoring.evaluate import evaluate

from conftest import DEV

SCORER = DEV.parent / "score.py"


def write(folder, name, data):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def rows_of(tmp_path, gold, out):
    write(tmp_path / "gold", "a.gold.json", gold)
    write(tmp_path / "out", "a.json", out)
    return evaluate(tmp_path / "gold", tmp_path / "out")["rows"]


def test_magnitudes_currencies_and_bare_yi_fold(tmp_path):
    gold = {"metrics": [
        {"indicator": "地区生产总值", "value": 880.5, "unit": "亿元"},
        {"indicator": "营收", "value": 3, "unit": "亿元新台币"},
        {"indicator": "投资", "value": 30, "unit": "亿元"},
        {"indicator": "出口", "value": None, "unit": None, "change": {"value": -3.2, "unit": "%"}}]}
    out = {"metrics": [
        {"indicator": "地区生产总值", "value": 88050000000, "unit": "元"},
        {"indicator": "营收", "value": 3, "unit": "新台币亿元"},
        {"indicator": "总投资", "value": 30, "unit": "亿"},
        {"indicator": "出口总额", "change": {"value": 3.2, "unit": "%"}}]}   # sign wrong
    row = rows_of(tmp_path, gold, out)["metrics"]
    assert (row["tp"], row["fp"], row["fn"]) == (3, 1, 1)


def test_zhao_is_wan_yi_and_cents_are_hundredths(tmp_path):
    gold = {"metrics": [{"indicator": "营收", "value": 1.2, "unit": "兆元"},
                        {"indicator": "股息", "value": 36, "unit": "港仙"},
                        {"indicator": "股价", "value": 85, "unit": "美分"}]}
    out = {"metrics": [{"indicator": "营收", "value": 1.2, "unit": "万亿元"},
                       {"indicator": "股息", "value": 0.36, "unit": "港元"},
                       {"indicator": "股价", "value": 0.85, "unit": "美元"}]}
    row = rows_of(tmp_path, gold, out)["metrics"]
    assert (row["tp"], row["fp"], row["fn"]) == (3, 0, 0)


def test_required_items_claim_an_output_before_optional_ones(tmp_path):
    # the optional restatement comes first in the file; it must not take the only output
    gold = {"metrics": [{"indicator": "出口", "value": 5, "unit": "亿元", "optional": True},
                        {"indicator": "出口额", "value": 5, "unit": "亿元"}]}
    out = {"metrics": [{"indicator": "出口额", "value": 5, "unit": "亿元"}]}
    row = rows_of(tmp_path, gold, out)["metrics"]
    assert (row["tp"], row["fp"], row["fn"]) == (1, 0, 0)


def test_errors_list_false_positives_under_the_rule_that_made_them(tmp_path, capsys):
    write(tmp_path / "gold", "a.gold.json", {"metrics": [{"indicator": "出口", "value": 5, "unit": "亿元"}]})
    write(tmp_path / "out", "a.json", {"metrics": [
        {"indicator": "出口", "value": 5, "unit": "亿元", "rule": "metric.level"},
        {"indicator": "球员", "value": 8, "unit": "次", "rule": "metric.level"},
        {"indicator": "进口", "value": 2, "unit": "亿元", "rule": "metric.other"}]})
    assert main(["eval", str(tmp_path / "gold"), str(tmp_path / "out"), "--errors"]) == 0
    printed = capsys.readouterr().out
    assert "metric.level: 1 wrong" in printed and "metric.other: 1 wrong" in printed
    assert printed.count("a: wrong metric") == 2 and "球员" in printed      # the matched 出口 is not wrong


def test_optional_items_and_slots(tmp_path):
    gold = {"targets": [{"indicator": "新招引科创项目", "value": 180, "unit": "个", "comparator": ">="},
                        {"indicator": "新开工项目", "value": 27, "unit": "个", "optional": True}]}
    out = {"targets": [{"indicator": "科创项目", "value": 180, "unit": "个", "comparator": ">"}]}
    rows = rows_of(tmp_path, gold, out)
    assert (rows["targets"]["tp"], rows["targets"]["fp"], rows["targets"]["fn"]) == (1, 0, 0)
    assert rows["targets.comparator"] == {"right": 0, "stated": 1, "accuracy": 0.0}
    assert rows["targets.slot"]["accuracy"] == 1.0


def test_entities_are_a_set_with_type_lists_and_alts(tmp_path):
    gold = {"entities": [{"type": "person", "text": "张建华"},
                         {"type": ["organization", "place"], "text": "南通高新区", "alts": ["高新区"]}]}
    out = {"entities": [{"type": "person", "text": "张建华"}, {"type": "person", "text": "张建华"},
                        {"type": "place", "text": "“高新区”"}, {"type": "person", "text": "李四"}]}
    rows = rows_of(tmp_path, gold, out)
    assert (rows["entities"]["tp"], rows["entities"]["fp"], rows["entities"]["fn"]) == (2, 1, 0)
    assert rows["entities.organization"]["tp"] == 1      # counted under its first type


def test_cli_usage_errors_and_missing_outputs(tmp_path, capsys):
    assert main(["eval", str(tmp_path / "nope"), str(tmp_path)]) == 2
    assert "no such folder" in capsys.readouterr().err
    write(tmp_path / "gold", "a.gold.json", {"metrics": [{"indicator": "x", "value": 1, "unit": "个"}]})
    (tmp_path / "out").mkdir()
    assert main(["eval", str(tmp_path / "gold"), str(tmp_path / "out"), "--errors"]) == 0
    printed = capsys.readouterr().out
    assert "no output for: a" in printed and "a: missed metric" in printed


@pytest.mark.skipif(not SCORER.exists(), reason="the benchmark (../shared/eval) is not beside the repo")
def test_same_figures_as_the_benchmark_scorer_on_dev(tmp_path):
    out = tmp_path / "dev"
    summary = run_batch([DEV], out, jobs=4)
    assert not summary.errors
    theirs = subprocess.run([sys.executable, str(SCORER), str(DEV), str(out), "--json"],
                            capture_output=True, text=True, check=True)
    ours = evaluate(DEV, out)
    assert ours["rows"] == json.loads(theirs.stdout)["rows"]
    assert ours["rows"]["metrics"]["tp"] > 0
