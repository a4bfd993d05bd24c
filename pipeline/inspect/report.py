"""`cnie report`: one self-contained HTML file for browsing an output folder.

Python prepares everything a reader sees (table cells, hover lines, the span tree,
the corpus summary) and embeds it as JSON; the page's small script only builds DOM
nodes from it with textContent. Article text and rule output are therefore never
parsed as HTML, and the JSON is escaped so that no `</script>` in an article can end
the data block. A Content-Security-Policy allows only the page's own script and
style (by hash), as a second line of defence.
"""
from __future__ import annotations

import base64
import hashlib
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

from pipeline.inspect.export import usage_problem
from pipeline.inspect.items import COLUMNS, check_row, fmt_amount, hover, marks, nest, row
from pipeline.inspect.output_files import KINDS, Article, print_failures, read_folder, span_of
from pipeline.output import write_atomic

TEMPLATE = Path(__file__).with_name("report_template.html")
TOP_INDICATORS = 20
CHART_POINTS = 60


def _tree(nodes: list) -> list:
    """nest()'s tree in the compact form the page's script walks."""
    return [n if isinstance(n, str) else {"k": n["key"][0], "i": n["key"][1], "c": _tree(n["children"])}
            for n in nodes]


def _problems(doc: dict) -> list[str]:
    """Items the page cannot highlight, said plainly instead of silently dropped."""
    out = []
    for kind in KINDS:
        for item in doc[kind]:
            if span_of(item, len(doc["text"])) is None:
                out.append(f"{item.get('id', '?')}: span {item.get('span')!r} is empty or outside "
                           f"the text ({len(doc['text'])} characters); not highlighted")
    return out


def _searchable(item: dict) -> str:
    return " ".join(str(item.get(k) or "") for k in ("indicator", "indicator_id")).lower()


def article_data(article: Article) -> dict:
    doc = article.doc
    return {
        "id": article.id, "path": article.rel,
        "source": str((doc.get("source") or {}).get("path") or ""),
        "counts": {kind: len(doc[kind]) for kind in KINDS},
        "tree": _tree(nest(doc["text"], marks(doc))),
        "items": {kind: [{"id": str(item.get("id", "")), "row": row(kind, item),
                          "hover": hover(kind, item),
                          "q": _searchable(item) if kind != "entities" else None}
                         for item in doc[kind]] for kind in KINDS},
        "checks": [check_row(c) for c in doc["checks"]],
        "problems": _problems(doc),
    }


def _plotted(metric: dict) -> tuple[float, str, str] | None:
    """(number, unit, display) to chart: the normalized value when there is one,
    since 880.5亿元 and 1350亿元 only compare once both are in 元."""
    norm = metric.get("normalized") or {}
    for source in (norm, metric):
        value = source.get("value")
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return value, source.get("unit") or "", fmt_amount(value, source.get("value_max"),
                                                               source.get("unit"))
    return None


def summary(articles: list[Article]) -> list[dict]:
    """The most frequent metric indicators, their values by region and period, and a chart."""
    groups: dict[str, list] = defaultdict(list)
    for article in articles:
        for metric in article.items("metrics"):
            key = str(metric.get("indicator_id") or metric.get("indicator") or "")
            if key:
                groups[key].append((article, metric))
    value, change = COLUMNS["metrics"]["value"], COLUMNS["metrics"]["change"]
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))[:TOP_INDICATORS]
    out = []
    for key, found in ranked:
        names = Counter(str(m.get("indicator") or key) for _, m in found)
        found.sort(key=lambda am: (str(am[1].get("region") or ""), str(am[1].get("period") or ""),
                                   am[0].rel))
        rows = [{"path": a.rel, "article": a.id, "item": str(m.get("id", "")),
                 "cells": [str(m.get("region") or ""), str(m.get("period") or ""),
                           value(m), change(m), a.id]}
                for a, m in found]
        plotted = [(a, m, p) for a, m in found if (p := _plotted(m))]
        unit = Counter(p[1] for _, _, p in plotted).most_common(1)[0][0] if plotted else ""
        points = [{"v": p[0], "text": p[2], "path": a.rel, "item": str(m.get("id", "")),
                   "label": " ".join(filter(None, [a.id[:24], str(m.get("region") or ""),
                                                   str(m.get("period") or "")]))}
                  for a, m, p in plotted if p[1] == unit][:CHART_POINTS]
        out.append({"key": key, "name": names.most_common(1)[0][0], "count": len(found),
                    "articles": len({a.rel for a, _ in found}), "rows": rows,
                    "chart": {"unit": unit, "points": points,
                              "omitted": len(found) - len(points)}})
    return out


def report_data(out_dir: Path) -> dict:
    folder = read_folder(out_dir)
    return {
        "title": f"cnie report: {out_dir}",
        "kinds": list(KINDS),
        "columns": {kind: list(COLUMNS[kind]) for kind in KINDS},
        "articles": [article_data(a) for a in folder.articles],
        "skipped": [{"path": rel, "reason": reason} for rel, reason in folder.skipped],
        "failed": [{"path": path, "error": error} for path, error in folder.failed],
        "summary": summary(folder.articles),
    }


def embed_json(data) -> str:
    """JSON that is safe inside <script type="application/json">.

    `<`, `>` and `&` are written as \\u escapes, which JSON.parse reads back as the
    same characters but the HTML parser never sees: no `</script>` or `<!--` can
    appear, whatever the article says.
    """
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return text


def _csp(template: str) -> str:
    """A policy allowing exactly the template's own <style> and <script> blocks."""
    def digest(tag: str) -> str:
        body = re.search(rf"<{tag}>(.*?)</{tag}>", template, re.S).group(1)
        return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"
    return (f"default-src 'none'; script-src {digest('script')}; style-src {digest('style')}; "
            "img-src 'none'; base-uri 'none'; form-action 'none'")


def render(data: dict) -> str:
    template = TEMPLATE.read_text(encoding="utf-8")
    html = template.replace("__CSP__", _csp(template), 1)
    # The data goes in last, so nothing in it is ever taken for a placeholder.
    return html.replace("__DATA__", embed_json(data), 1)


def build_report(out_dir: Path) -> str:
    """The whole report as one HTML string (no external assets; works offline)."""
    return render(report_data(Path(out_dir)))


def write_report(out_dir: Path, dest: Path) -> None:
    write_atomic(Path(dest), build_report(Path(out_dir)))


def report_main(args) -> int:
    """`cnie report OUT_DIR -o report.html`: 0 ok, 2 usage error (one line on stderr)."""
    out_dir, dest = Path(args.out_dir), Path(args.output)
    problem = usage_problem("report", out_dir, dest)
    if problem:
        print(problem, file=sys.stderr)
        return 2
    data = report_data(out_dir)
    write_atomic(dest, render(data))
    for skipped in data["skipped"]:
        print(f"cnie report: skipped {out_dir / skipped['path']}: {skipped['reason']}",
              file=sys.stderr)
    print_failures("report", out_dir)
    print(f"wrote {dest}: {len(data['articles'])} articles")
    return 0
