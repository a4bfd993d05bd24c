"""One article's work in a batch: skip it when unchanged, else extract and write its JSON;
and the batch's error list, `_errors.jsonl`, kept as articles fail.

An output is unchanged when it records the same source sha256, rules hash, cnie version, code
hash, segmenter and run options as this run would: then the article is not redone (`--force`
redoes it, unless this very batch wrote it: a chunk retried after its worker died). An
article that fails loses its old output, so that report and export never show stale results.
"""
from __future__ import annotations

import hashlib
import json
from functools import lru_cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from pipeline import __version__
from pipeline.batch.reading import ArticleError, read_source, shown, valid_name
from pipeline.engine.matching import RuleTimeout
from pipeline.engine.rules import RuleSet
from pipeline.output import doc_json, dumps, write_atomic
from pipeline.resolve.confidence import confident
from pipeline.text import segment
from pipeline.stages import process

ERRORS = "_errors.jsonl"
_KINDS = ("metrics", "targets", "entities")


@lru_cache(maxsize=None)
def _version_of(name: str) -> str | None:
    """Installed packages do not change during a run; reading their metadata costs ~1 ms."""
    try:
        return version(name)
    except PackageNotFoundError:
        return None


@lru_cache(maxsize=None)
def code_digest() -> str:
    """A hash of the package's own source: a working copy edited since the last run has the
    same version number, and its outputs must not pass for this build's."""
    hasher = hashlib.sha256()
    for path in sorted(Path(__file__).resolve().parent.parent.rglob("*.py")):
        hasher.update(path.read_bytes())
    return "sha256:" + hasher.hexdigest()[:16]


def versions(rules: RuleSet) -> dict:
    return {"cnie": __version__, "code": code_digest(), "segmenter": segment.current(),
            "jieba": _version_of("jieba"), "opencc": _version_of("opencc"), "rules": rules.digest}


def article_json(path: Path, rel: Path, rules: RuleSet, variant: str | None,
                 date: str | None = None, encoding: str | None = None,
                 max_chars: int | None = None, min_confidence: str = "low") -> dict:
    article = read_source(path, encoding, max_chars)
    doc = process(article.text, rules, doc_id=rel.with_suffix("").as_posix(), path=str(path),
                  variant=variant, date=date)
    source = {"path": str(path), "sha256": article.sha256, "encoding": article.encoding,
              "options": options(variant, date, encoding, min_confidence)}
    data = doc_json(doc, source, versions(rules))
    for kind in ("metrics", "targets"):      # docs/output.md: confidence
        data[kind] = confident(data[kind], min_confidence)
    return data


def options(variant: str | None, date: str | None, encoding: str | None,
            min_confidence: str = "low") -> dict:
    """The run options that change an article's output: a rerun with others redoes it."""
    return {"variant": variant, "date": date, "encoding": encoding, "min_confidence": min_confidence}


def unchanged(out_file: Path, sha256: str, rules: RuleSet, opts: dict) -> dict | None:
    """The existing output when it was made from these bytes by these rules and this build."""
    try:
        old = json.loads(out_file.read_text(encoding="utf-8"))
        made = {k: old["versions"].get(k) for k in ("cnie", "code", "segmenter", "rules")}
        same = (old["source"]["sha256"] == sha256 and old["source"].get("options") == opts
                and made == {k: v for k, v in versions(rules).items() if k in made})
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return old if same else None


def work(path: Path, rel: Path, out: Path, rules: RuleSet, settings: dict) -> dict:
    """Do one article; a record {path, output, items, unchanged} or {path, output, error}."""
    record = {"path": shown(path), "output": shown(rel.with_suffix(".json"))}
    if not valid_name(path):
        return {**record, "error": "the file name is not valid UTF-8: rename the file"}
    out_file = out / rel.with_suffix(".json")
    try:
        own = _written_since(out_file, settings.get("since"))
        if own or not settings["force"]:
            sha = hashlib.sha256(path.read_bytes()).hexdigest()
            old = unchanged(out_file, sha, rules, options(settings["variant"], settings["date"],
                                                          settings["encoding"], settings["min_confidence"]))
            if old is not None:    # this batch's own output (a retried chunk) counts as done
                return {**record, "items": sum(len(old.get(k, [])) for k in _KINDS),
                        **({} if own else {"unchanged": True})}
        data = article_json(path, rel, rules, settings["variant"], settings["date"],
                            settings["encoding"], settings["max_chars"], settings["min_confidence"])
        write_atomic(out_file, dumps(data))
        return {**record, "items": sum(len(data[k]) for k in _KINDS)}
    except ArticleError as err:
        failed = {**record, "error": str(err)}
    except RuleTimeout as err:   # the rule to fix, by id; the other articles go on
        failed = {**record, "rule": err.rule_id, "error": str(err)}
    except Exception as err:  # a crash inside a rule must not stop the batch
        failed = {**record, "error": f"{type(err).__name__}: {err}".splitlines()[0]}
    out_file.unlink(missing_ok=True)     # an old output of an article that now fails is stale
    return failed


def _written_since(out_file: Path, since: float | None) -> bool:
    try:
        return since is not None and out_file.stat().st_mtime >= since
    except OSError:
        return False


class ErrorLog:
    """OUT/_errors.jsonl: the records of earlier runs for articles this run does not redo,
    then one line per failure, appended (and flushed) as it happens, so that a kill or a
    Ctrl-C keeps what was found. Empty at the end: the file is removed."""

    def __init__(self, out: Path, redone: set[str]):
        self.path = out / ERRORS
        # (a record without "output" was written by an older build: it cannot be matched)
        kept = [r for r in self._old() if r.get("output") and r["output"] not in redone]
        write_atomic(self.path, "".join(_line(r) for r in kept))
        self.count = len(kept)

    def _old(self) -> list[dict]:
        try:
            lines = self.path.read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError):
            return []
        records = []
        for line in lines:
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
        return [r for r in records if isinstance(r, dict)]

    def append(self, record: dict) -> None:
        with self.path.open("a", encoding="utf-8") as f:
            f.write(_line(record))
            f.flush()
        self.count += 1

    def close(self) -> None:
        if self.count == 0:
            self.path.unlink(missing_ok=True)   # a clean run leaves no stale error list behind


def _line(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False) + "\n"
