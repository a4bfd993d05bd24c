"""Stage 5: the document as the JSON of docs/output.md, written atomically.

Numbers are Decimal inside; in JSON an integral value is written as an integer and any other
as the shortest float that reads back the same (7.8, never 7.800000000000001).
"""
from __future__ import annotations

import json
import os
import tempfile
from contextlib import contextmanager
from decimal import Decimal
from pathlib import Path

from pipeline.document import Doc, Item

SCHEMA_VERSION = 1
# Working fields that help the stages but mean nothing to a reader of the output.
_INTERNAL = {"priority", "carries_basis", "members", "records", "stated_at"}


def plain(value):
    """Decimals to JSON numbers, recursively."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    return value


def item_json(doc: Doc, item: Item) -> dict:
    """An item's fields, then its evidence: span, the span's normalized text, sentence, rule.
    (For an entity the span is its first mention, so `text` is its name.)"""
    fields = {k: v for k, v in item.fields.items() if k not in _INTERNAL}
    head = {"id": fields.pop("id", None)}
    if item.kind == "entity":
        head["type"] = fields.pop("type")
    evidence = {"span": [item.start, item.end], "text": doc.text[item.start:item.end],
                "sentence": doc.sentence_of(item.start), "rule": item.rule}
    return plain({**head, **fields, **evidence})


def doc_json(doc: Doc, source: dict, versions: dict) -> dict:
    return {
        "schema_version": SCHEMA_VERSION,
        "id": doc.id,
        "source": {**source, "script": doc.script, "variant": doc.variant},
        "versions": versions,
        "text": doc.text,
        "metrics": [item_json(doc, i) for i in doc.metrics],
        "targets": [item_json(doc, i) for i in doc.targets],
        "entities": [item_json(doc, i) for i in doc.entities],
        "checks": doc.checks,
        "warnings": doc.warnings,
    }


def dumps(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


@contextmanager
def atomic_path(dest: Path):
    """A temporary path beside DEST to write, renamed to DEST once the block is done: a reader
    never sees half a file, and a failure leaves no temporary file behind."""
    dest = Path(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=dest.parent, prefix=f".{dest.name}.", suffix=".tmp")
    os.close(fd)
    try:
        yield tmp
        # mkstemp makes the file private (0600); give it the usual umask-based mode.
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, dest)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: str) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="") as out:
        out.write(content)
