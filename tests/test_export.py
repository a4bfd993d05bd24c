"""`cnie export`: one flat row per item, the same columns in CSV and JSON Lines."""
import csv
import json
from argparse import Namespace

import pytest

from inspect_fixtures import HOSTILE, write_corpus
from pipeline.inspect.export import export, export_main, flatten


@pytest.fixture
def out_dir(tmp_path):
    return write_corpus(tmp_path / "outputs")


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def test_flatten_spreads_objects_and_keeps_lists_as_json():
    row = flatten({"id": "m1", "span": [3, 9], "change": {"value": 7.8, "basis": "同比"},
                   "normalized": None, "titles": ["市委常委", "区委书记"], "mentions": [[3, 9]]})
    assert row == {"id": "m1", "span_start": 3, "span_end": 9, "change_value": 7.8,
                   "change_basis": "同比", "titles": '["市委常委", "区委书记"]',
                   "mentions": "[[3, 9]]"}


def test_csv_of_all_kinds_has_a_kind_column_and_every_item(out_dir, tmp_path):
    dest = tmp_path / "all.csv"
    count, skipped = export(out_dir, "csv", None, dest)
    rows = _csv(dest)
    assert count == len(rows) == 10
    assert sorted(r for r, _ in skipped) == [
        "<img src=x onerror=window.__pwned=5>.json", "_summary.json", "broken.json"]
    assert not dest.read_bytes().startswith(b"\xef\xbb\xbf")
    m1 = next(r for r in rows if r["article_id"] == "000_tongzhou" and r["id"] == "m1")
    assert (m1["kind"], m1["indicator_id"], m1["value"], m1["unit"]) == ("metric", "gdp", "880.5", "亿元")
    assert (m1["normalized_value"], m1["normalized_unit"]) == ("88050000000", "元")
    assert (m1["change_value"], m1["change_unit"], m1["change_basis"]) == ("7.8", "%", "同比")
    assert (m1["span_start"], m1["span_end"], m1["rule"]) == ("28", "58", "metric.level_then_change")
    entity = next(r for r in rows if r["kind"] == "entity" and r["text"] == "张建华")
    assert json.loads(entity["titles"]) == ["区委书记"] and entity["value"] == ""
    assert {r["kind"] for r in rows} == {"metric", "target", "entity"}


def test_hostile_text_round_trips_exactly(out_dir, tmp_path):
    export(out_dir, "csv", "entities", tmp_path / "e.csv")
    rows = [r for r in _csv(tmp_path / "e.csv") if r["article_id"].startswith("002_")]
    assert rows[0]["text"] == "<script>window.__pwned=1</script>"
    assert rows[0]["article_id"] == "002_<b>hostile</b>\"'"
    start, end = int(rows[0]["span_start"]), int(rows[0]["span_end"])
    assert HOSTILE[start:end] == rows[0]["text"]


def test_jsonl_lines_share_the_csv_columns(out_dir, tmp_path):
    export(out_dir, "csv", "metrics", tmp_path / "m.csv")
    export(out_dir, "jsonl", "metrics", tmp_path / "m.jsonl")
    header = _csv(tmp_path / "m.csv")[0].keys()
    lines = [json.loads(line) for line in (tmp_path / "m.jsonl").read_text("utf-8").splitlines()]
    assert len(lines) == 5 and all(list(line) == list(header) for line in lines)
    assert "kind" not in header
    gdp = [line for line in lines if line["indicator_id"] == "gdp" and line["region"] == "通州"]
    assert gdp[0]["normalized_value"] == 88050000000 and gdp[0]["value_max"] is None


def test_empty_folder_gives_a_header_only(tmp_path):
    (tmp_path / "empty").mkdir()
    assert export(tmp_path / "empty", "csv", "targets", tmp_path / "t.csv") == (0, [])
    assert (tmp_path / "t.csv").read_text("utf-8").startswith("article_id,id,indicator,")


def test_main_reports_usage_errors_on_one_line(out_dir, tmp_path, capsys):
    args = Namespace(out_dir=str(tmp_path / "nope"), format="csv", output=str(tmp_path / "x.csv"),
                     kind=None)
    assert export_main(args) == 2
    assert capsys.readouterr().err == f"cnie export: no such folder: {tmp_path / 'nope'}\n"
    args.out_dir, args.output = str(out_dir), str(tmp_path / "missing" / "x.csv")
    assert export_main(args) == 2
    assert "no such folder" in capsys.readouterr().err
    args.output = str(tmp_path / "x.csv")
    assert export_main(args) == 0
    captured = capsys.readouterr()
    assert captured.out == f"wrote 10 rows to {tmp_path / 'x.csv'}\n"
    assert "skipped" in captured.err and "broken.json" in captured.err
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
