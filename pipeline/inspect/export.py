"""`cnie export`: every extracted item as one flat row, in CSV, JSON Lines or Parquet.

Rows are flat so that `pd.read_csv(path)` or `pd.read_json(path, lines=True)` gives
one column per field with no post-processing: nested objects are spread into
prefixed columns (change.value -> change_value), lists become JSON strings, and
`span` becomes span_start/span_end. Both formats carry the same columns. Parquet (parquet.py)
has the same rows and values, in typed columns, written a row group at a time.
"""
from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path

from pipeline.inspect.output_files import KINDS, SINGULAR, print_failures, read_folder
from pipeline.output import write_atomic

FORMATS = ("csv", "jsonl", "parquet")
# Objects the contract nests inside an item, with their fields. Listing them keeps
# the columns the same whether or not any item in this folder has, say, a change.
NESTED = {"normalized": ("value", "value_max", "unit"),
          "change": ("value", "value_max", "unit", "basis")}
# Contract fields per kind (docs/output.md), in a reading order; fields the contract
# gains later still export, as extra columns after these.
FIELDS = {
    "metrics": ("indicator", "indicator_id", "value", "value_max", "unit", "qualifier",
                "normalized", "change", "period", "region", "span", "text", "sentence", "rule"),
    "targets": ("indicator", "value", "unit", "qualifier", "comparator", "deadline", "verb",
                "span", "text", "sentence", "rule"),
    "entities": ("type", "text", "titles", "span", "mentions", "sentence", "rule"),
}


def _columns_of(field: str) -> list[str]:
    if field == "span":
        return ["span_start", "span_end"]
    if field in NESTED:
        return [f"{field}_{sub}" for sub in NESTED[field]]
    return [field]


def base_columns(kind: str | None, fields: dict) -> list[str]:
    """article_id, kind (all kinds only), id, then the flat columns of FIELDS-like `fields`."""
    columns = ["article_id"] + (["kind"] if kind is None else []) + ["id"]
    for k in KINDS if kind is None else (kind,):
        for field in fields[k]:
            columns += [c for c in _columns_of(field) if c not in columns]
    return columns


def flatten(item: dict) -> dict:
    """One item as a flat dict of scalars (see the module docstring)."""
    row = {}
    for key, value in item.items():
        if key == "span" and isinstance(value, list) and len(value) == 2:
            row["span_start"], row["span_end"] = value
        elif isinstance(value, dict):
            for sub, sub_value in flatten(value).items():
                row[f"{key}_{sub}"] = sub_value
        elif value is None and key in NESTED:
            continue  # an absent change: its change_* columns stay empty
        elif isinstance(value, list):
            row[key] = json.dumps(value, ensure_ascii=False)
        else:
            row[key] = value
    return row


def collect(out_dir: Path, kind: str | None) -> tuple[list[str], list[dict], list]:
    """(columns, rows, skipped files) for one kind, or for all with a `kind` column."""
    columns = base_columns(kind, FIELDS)
    folder = read_folder(out_dir)
    rows = []
    for article in folder.articles:
        for row in article_rows(article, kind):
            columns += [c for c in row if c not in columns]
            rows.append(row)
    return columns, rows, folder.skipped


def article_rows(article, kind: str | None):
    """The flat rows of one article's items: of one kind, or of all with a `kind` column."""
    for k in KINDS if kind is None else (kind,):
        for item in article.items(k):
            row = {"article_id": article.id}
            if kind is None:
                row["kind"] = SINGULAR[k]
            row.update(flatten(item))
            yield row


def to_csv(columns: list[str], rows: list[dict]) -> str:
    buf = io.StringIO()
    # Plain UTF-8, no BOM, "\n" line ends: pandas, csvkit and Python's csv read it as is.
    writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buf.getvalue()


def to_jsonl(columns: list[str], rows: list[dict]) -> str:
    # Every line has every column (null when absent), so all lines share one shape.
    return "".join(json.dumps({c: row.get(c) for c in columns}, ensure_ascii=False) + "\n"
                   for row in rows)


def export(out_dir: Path, fmt: str, kind: str | None, dest: Path) -> tuple[int, list]:
    """Write the rows to dest atomically; returns (rows written, skipped files)."""
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, not {fmt!r}")
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}, not {kind!r}")
    if fmt == "parquet":
        from pipeline.inspect.parquet import export_parquet
        return export_parquet(Path(out_dir), kind, Path(dest))
    columns, rows, skipped = collect(Path(out_dir), kind)
    write_atomic(Path(dest), (to_csv if fmt == "csv" else to_jsonl)(columns, rows))
    return len(rows), skipped


def usage_problem(command: str, out_dir: Path, dest: Path) -> str | None:
    """The one-line message for a folder or destination that cannot work, else None."""
    if not out_dir.is_dir():
        return f"cnie {command}: no such folder: {out_dir}"
    if not dest.parent.is_dir():
        return f"cnie {command}: cannot write {dest}: no such folder: {dest.parent}"
    return None


def export_main(args) -> int:
    """`cnie export OUT_DIR --format csv|jsonl|parquet -o FILE [--kind K]`: 0 ok, 2 usage error."""
    out_dir, dest = Path(args.out_dir), Path(args.output)
    problem = usage_problem("export", out_dir, dest)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    if args.format == "parquet" and not _have_pyarrow():
        print("cnie export: --format parquet needs pyarrow: pip install -e '.[analysis]'",
              file=sys.stderr)
        return 2
    count, skipped = export(out_dir, args.format, args.kind, dest)
    for rel, reason in skipped:
        print(f"cnie export: skipped {out_dir / rel}: {reason}", file=sys.stderr)
    print_failures("export", out_dir)
    print(f"wrote {count} rows to {dest}")
    return 0


def _have_pyarrow() -> bool:
    import importlib.util
    return importlib.util.find_spec("pyarrow") is not None
