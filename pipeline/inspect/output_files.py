"""Read a folder of cnie output JSONs back in, and write files atomically.

Shared by the inspection tools (show, report, export). They read only the output
contract (docs/output.md), never the pipeline's internals, so they keep working on
outputs written by an older or newer build as long as schema_version matches.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

SCHEMA_VERSION = 1
KINDS = ("metrics", "targets", "entities")
# Singular names are what the report's legend, CSS classes and export's `kind` use.
SINGULAR = {"metrics": "metric", "targets": "target", "entities": "entity"}


class OutputError(Exception):
    """A file that is not a usable cnie output; the message names the file."""


@dataclass
class Article:
    path: Path          # the JSON file
    rel: str            # path relative to the output folder, for display
    doc: dict           # the parsed JSON, lists of items guaranteed present

    @property
    def id(self) -> str:
        return str(self.doc.get("id") or Path(self.rel).stem)

    @property
    def text(self) -> str:
        return self.doc["text"]

    def items(self, kind: str) -> list[dict]:
        return self.doc[kind]


@dataclass
class OutputFolder:
    articles: list[Article] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)  # (rel path, reason)
    # (article path, error) from the run's _errors.jsonl: articles that have no output
    failed: list[tuple[str, str]] = field(default_factory=list)


def load_output(path: Path) -> dict:
    """Parse one output JSON and check the little the inspection tools rely on."""
    try:
        doc = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise OutputError(f"{path}: not readable as JSON ({exc})") from exc
    if not isinstance(doc, dict) or "schema_version" not in doc:
        raise OutputError(f"{path}: not a cnie output (no schema_version)")
    if doc["schema_version"] != SCHEMA_VERSION:
        raise OutputError(
            f"{path}: schema_version {doc['schema_version']!r} is not supported "
            f"(this build reads {SCHEMA_VERSION})")
    if not isinstance(doc.get("text"), str):
        raise OutputError(f"{path}: no article text")
    for kind in (*KINDS, "checks"):
        items = doc.setdefault(kind, [])
        if not isinstance(items, list) or not all(isinstance(i, dict) for i in items):
            raise OutputError(f"{path}: {kind} is not a list of objects")
    return doc


def read_folder(out_dir: Path) -> OutputFolder:
    """Every output JSON under out_dir, sorted by path; the rest listed as skipped.

    `_errors.jsonl` and other non-JSON files are never looked at; a `.json` that is
    not a cnie output is skipped with the reason, so the report can say so.
    """
    folder = OutputFolder()
    for found in each_output(out_dir):
        if isinstance(found, Article):
            folder.articles.append(found)
        else:
            folder.skipped.append(found)
    folder.failed = read_failures(out_dir)
    return folder


def each_output(out_dir: Path):
    """read_folder one file at a time, for a folder too big to hold: an Article for each
    output, a (rel path, reason) for each skipped file."""
    for path in sorted(out_dir.rglob("*.json")):
        if not path.is_file():
            continue
        rel = path.relative_to(out_dir).as_posix()
        try:
            yield Article(path, rel, load_output(path))
        except OutputError as exc:
            # The message starts with the full path; the report shows it relative.
            yield rel, str(exc).split(": ", 1)[-1]


def read_failures(out_dir: Path) -> list[tuple[str, str]]:
    """(article path, error) for every record of OUT/_errors.jsonl (unreadable lines skipped)."""
    try:
        lines = (out_dir / "_errors.jsonl").read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return []
    failed = []
    for line in lines:
        try:
            record = json.loads(line)
        except ValueError:
            continue
        if isinstance(record, dict):
            failed.append((str(record.get("path")), str(record.get("error"))))
    return failed


def print_failures(command: str, out_dir: Path) -> None:
    """Say which articles failed: they are missing from what report and export show."""
    import sys
    failed = read_failures(out_dir)
    if failed:
        print(f"cnie {command}: {len(failed)} articles failed and are not included "
              f"(see {out_dir / '_errors.jsonl'}):", file=sys.stderr)
    for path, error in failed:
        print(f"  {path}: {error}", file=sys.stderr)


def span_of(item: dict, text_len: int) -> tuple[int, int] | None:
    """The item's half-open span if it is usable for highlighting, else None.

    The JSON's `text` is the normalized text, the same length as the original, so a
    span into the original slices `text` correctly. Empty or out-of-range spans are
    not highlighted (they are still listed in tables).
    """
    span = item.get("span")
    if not (isinstance(span, list) and len(span) == 2
            and all(isinstance(x, int) for x in span)):
        return None
    start, end = span
    if 0 <= start < end <= text_len:
        return start, end
    return None
