"""`cnie export --format parquet`: the CSV export's rows as typed Parquet, in row groups.

The columns are fixed by the output contract (docs/output.md), not by what one folder holds,
so that the parts a cluster writes chunk by chunk (`cnie run --dask ... --export parquet`)
share one schema and read as one dataset. Numbers are float64 (an integer float64 cannot hold
exactly is never rounded: it goes to `extra`), spans and sentences int64, flags bool, the
rest strings as in the CSV (lists as JSON). A field this build does not know, or a value
that does not fit its column, goes into `extra`, a JSON object: nothing is dropped.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipeline.inspect.export import FIELDS, article_rows, base_columns
from pipeline.inspect.output_files import KINDS, Article, each_output, load_output
from pipeline.output import atomic_path

ROW_GROUP = 50_000          # rows held in memory before they are written out as one group
PARTS = "items.parquet"     # the folder of parts under `cnie run -o OUT`
# Flat columns of the contract beyond export.FIELDS, per kind (docs/output.md).
MORE_COLUMNS = {
    "metrics": ("indicator_gloss", "indicator_span", "indicator_from", "period_norm",
                "period_from", "region_code", "region_from", "basis_from", "organization", "verb",
                "parent", "confidence", "compared_with", "compared_base", "estimate", "fraction",
                "population", "predicate"),
    "targets": ("indicator_id", "indicator_gloss", "indicator_span", "indicator_from", "value_max",
                "normalized_value", "normalized_value_max", "normalized_unit", "change_value",
                "change_value_max", "change_unit", "change_basis", "period", "period_norm",
                "period_from", "region", "region_code", "region_from", "basis_from",
                "organization", "parent", "confidence", "compared_with", "compared_base",
                "estimate", "fraction", "population", "predicate", "scope_rule"),
    "entities": ("normalized", "admin_code", "alias_mentions", "code", "short"),
}
FLOATS = {"value", "value_max", "normalized_value", "normalized_value_max", "change_value",
          "change_value_max"}
INTS = {"span_start", "span_end", "sentence"}
BOOLS = {"estimate", "compared_base"}


def columns(kind: str | None) -> list[str]:
    cols = base_columns(kind, FIELDS)
    for k in KINDS if kind is None else (kind,):
        cols += [c for c in MORE_COLUMNS[k] if c not in cols]
    return cols + ["extra"]


def schema(kind: str | None):
    import pyarrow as pa

    def type_of(col):
        return (pa.float64() if col in FLOATS else pa.int64() if col in INTS
                else pa.bool_() if col in BOOLS else pa.string())
    return pa.schema([(col, type_of(col)) for col in columns(kind)])


def _fits(col: str, value) -> bool:
    if value is None:
        return True
    if col in FLOATS:
        return isinstance(value, float) or (type(value) is int and int(float(value)) == value)
    if col in INTS:
        return type(value) is int
    if col in BOOLS:
        return isinstance(value, bool)
    return isinstance(value, str)


def typed_row(row: dict, known: set[str]) -> dict:
    """The row with every value in its typed column, the rest in `extra`."""
    out, extra = {}, {}
    for col, value in row.items():
        if col in known and _fits(col, value):
            # (pyarrow refuses ints past 2**53, even those a float64 holds exactly)
            out[col] = float(value) if col in FLOATS and value is not None else value
        else:
            extra[col] = value
    out["extra"] = json.dumps(extra, ensure_ascii=False) if extra else None
    return out


def write_parquet(articles, dest: Path, kind: str | None = None) -> int:
    """The rows of `articles` (an iterable, read as it goes) into dest, atomically, one row
    group per ROW_GROUP rows; returns the row count."""
    import pyarrow as pa
    import pyarrow.parquet as pq
    table_schema = schema(kind)
    known, rows, count = set(table_schema.names) - {"extra"}, [], 0
    with atomic_path(dest) as tmp, pq.ParquetWriter(tmp, table_schema) as writer:
        for article in articles:
            for row in article_rows(article, kind):
                rows.append(typed_row(row, known))
                if len(rows) >= ROW_GROUP:
                    writer.write_table(pa.Table.from_pylist(rows, schema=table_schema))
                    count, rows = count + len(rows), []
        if rows or not count:      # an empty export is still a file with the schema
            writer.write_table(pa.Table.from_pylist(rows, schema=table_schema))
    return count + len(rows)


def export_parquet(out_dir: Path, kind: str | None, dest: Path) -> tuple[int, list]:
    """`cnie export --format parquet`: (rows written, skipped files), one file at a time."""
    skipped: list = []

    def articles():
        for found in each_output(out_dir):
            if isinstance(found, Article):
                yield found
            else:
                skipped.append(found)
    return write_parquet(articles(), dest, kind), skipped


def write_part(out: Path, index: int, outputs: list[str]) -> int:
    """One part of OUT/items.parquet: the rows of these outputs (paths relative to OUT)."""
    articles = (Article(out / rel, rel, load_output(out / rel)) for rel in outputs)
    return write_parquet(articles, out / PARTS / f"part-{index:05d}.parquet")
