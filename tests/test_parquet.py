"""`cnie export --format parquet`: the CSV export's rows and values, in typed columns, written
in row groups, read as they are by pandas and DuckDB (issue 15)."""
import csv
import json
import math
import shutil

import duckdb
import pandas as pd
import pyarrow.parquet as pq
import pytest

from conftest import ROOT
from inspect_fixtures import make_output, write_corpus
from pipeline.cli import main
from pipeline.inspect import parquet
from pipeline.inspect.export import export


@pytest.fixture
def out_dir(tmp_path):
    """The inspection fixtures (hostile text included) beside a real output of the pipeline."""
    out = write_corpus(tmp_path / "outputs")
    shutil.copy(ROOT / "tests" / "golden" / "000_0d6ca765d7ace66e.json", out / "real.json")
    return out


def _csv(path):
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _as_csv_text(value) -> str:
    """A Parquet value as the CSV export writes it (empty for null)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


@pytest.mark.parametrize("kind", [None, "metrics", "entities"])
def test_parquet_has_the_csv_rows_and_values(out_dir, tmp_path, kind):
    assert main(["export", str(out_dir), "--format", "csv", "-o", str(tmp_path / "a.csv")]
                + (["--kind", kind] if kind else [])) == 0
    assert main(["export", str(out_dir), "--format", "parquet", "-o", str(tmp_path / "a.parquet")]
                + (["--kind", kind] if kind else [])) == 0
    rows = _csv(tmp_path / "a.csv")
    table = pq.read_table(tmp_path / "a.parquet").to_pylist()
    assert len(table) == len(rows) > 0
    for csv_row, pq_row in zip(rows, table):
        assert {c: _as_csv_text(pq_row[c]) for c in csv_row} == csv_row
        assert pq_row["extra"] is None


def test_columns_are_typed_for_dataframes(out_dir, tmp_path):
    export(out_dir, "parquet", None, tmp_path / "a.parquet")
    frame = pd.read_parquet(tmp_path / "a.parquet")
    assert frame.span_start.dtype == "int64" and frame.sentence.dtype == "int64"
    assert frame.value.dtype == frame.normalized_value.dtype == "float64"
    gdp = frame[(frame.article_id == "000_tongzhou") & (frame.id == "m1")].iloc[0]
    assert (gdp.value, gdp.normalized_value, gdp.change_value) == (880.5, 88050000000.0, 7.8)
    counts = duckdb.sql(f"select kind, count(*) from '{tmp_path / 'a.parquet'}' "
                        "group by kind order by kind").fetchall()
    assert counts == [(k, int((frame.kind == k).sum())) for k in ("entity", "metric", "target")]


def test_rows_are_written_a_row_group_at_a_time(out_dir, tmp_path, monkeypatch):
    monkeypatch.setattr(parquet, "ROW_GROUP", 4)
    count, _ = export(out_dir, "parquet", None, tmp_path / "a.parquet")
    assert count > 8
    assert pq.ParquetFile(tmp_path / "a.parquet").num_row_groups == math.ceil(count / 4)


def test_unknown_fields_and_misfit_values_are_kept_in_extra(tmp_path):
    out = tmp_path / "outputs"
    out.mkdir()
    doc = make_output("x", "全年完成投资12亿元。", metrics=[
        {"text": "投资12亿元", "indicator": "投资", "value": 12, "unit": "亿元",
         "sentence": "3", "new_field": [1, 2], "normalized": {"value": 2 ** 60 + 1, "unit": "元"}}])
    (out / "x.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    export(out, "parquet", "metrics", tmp_path / "m.parquet")
    [row] = pq.read_table(tmp_path / "m.parquet").to_pylist()
    assert row["value"] == 12.0 and row["sentence"] is None and row["normalized_value"] is None
    assert json.loads(row["extra"]) == {"sentence": "3", "new_field": "[1, 2]",
                                        "normalized_value": 2 ** 60 + 1}


def test_an_empty_folder_gives_a_file_with_the_schema(tmp_path):
    (tmp_path / "empty").mkdir()
    assert export(tmp_path / "empty", "parquet", "targets", tmp_path / "t.parquet") == (0, [])
    table = pq.read_table(tmp_path / "t.parquet")
    assert table.num_rows == 0 and table.schema.field("span_start").type == "int64"


def test_a_local_run_exports_one_part_with_the_folder_rows(tmp_path):
    out = tmp_path / "out"
    assert main(["run", str(ROOT / "corpus"), "-o", str(out), "-j", "1", "--export", "parquet"]) == 0
    [part] = (out / "items.parquet").glob("*.parquet")
    export(out, "parquet", None, tmp_path / "all.parquet")
    assert pq.read_table(part).to_pylist() == pq.read_table(tmp_path / "all.parquet").to_pylist()
    assert pq.read_table(part).num_rows > 20
