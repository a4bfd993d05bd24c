"""`cnie diff OLD NEW`: what an edit to the rules changed across a corpus.

Both folders are outputs of `cnie run` over the same articles. Items of an article are paired
in passes, each on what is left by the one before: same kind, span, rule and content; same
kind, span and rule; same kind and span; for entities, the same type and name (an entity's
span is its first mention, which moves when an earlier mention is found); last, same kind and
overlapping spans (an edit that widens an indicator moves the item's start). What is left is
added or removed; a pair whose fields differ is changed, with the fields that differ.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from pipeline.engine.examples import brief, toml_inline
from pipeline.inspect.output_files import KINDS, SINGULAR, read_folder

_PASSES = (
    lambda k, i: (k, tuple(i.get("span") or ()), i.get("rule"), _content(i)),
    lambda k, i: (k, tuple(i.get("span") or ()), i.get("rule")),
    lambda k, i: (k, tuple(i.get("span") or ())),
    lambda k, i: (k, i.get("type"), i.get("text")) if k == "entities" else None,
    None,   # last: overlapping spans, the same item with an edge moved by the edit
)


def _content(item: dict) -> str:
    return json.dumps({k: v for k, v in item.items() if k != "id"}, sort_keys=True, ensure_ascii=False)


def _flat(item: dict, prefix: str = "") -> dict:
    """change = {value: 7.8} -> change.value = 7.8, so a change names the field inside."""
    out = {}
    for key, value in item.items():
        if isinstance(value, dict):
            out.update(_flat(value, f"{prefix}{key}."))
        else:
            out[prefix + key] = value
    return out


def changed_fields(old: dict, new: dict) -> dict[str, list]:
    """Field -> [old, new] for every field that differs (ids are numbering only)."""
    a, b = _flat(old), _flat(new)
    return {k: [a.get(k), b.get(k)] for k in dict.fromkeys([*a, *b])
            if k != "id" and a.get(k) != b.get(k)}


def _same_item(key, kind: str, old: dict, new: dict) -> bool:
    if key is None:
        (a, b), (c, d) = old.get("span") or (0, 0), new.get("span") or (0, 0)
        return a < d and c < b
    mine = key(kind, old)
    return mine is not None and key(kind, new) == mine


def _by_span(doc: dict) -> dict:
    """A copy of the doc's items where a reference to another item (parent = "m21") names
    that item by kind and span instead: ids are numbering and shift when an item is added."""
    names = {i.get("id"): f"{SINGULAR[kind]} {i.get('span')}" for kind in KINDS for i in doc.get(kind, [])}
    name = lambda v: names.get(v, v) if isinstance(v, str) else v   # noqa: E731
    return {kind: [{k: (v if k == "id" else [name(x) for x in v] if isinstance(v, list) else name(v))
                    for k, v in i.items()} for i in doc.get(kind, [])] for kind in KINDS}


def diff_article(old: dict, new: dict) -> dict:
    added, removed, changed = [], [], []
    old, new = _by_span(old), _by_span(new)
    for kind in KINDS:
        olds, news = list(old.get(kind, [])), list(new.get(kind, []))
        for key in _PASSES:
            for item in list(olds):
                twin = next((n for n in news if _same_item(key, kind, item, n)), None)
                if twin is None:
                    continue
                olds.remove(item)
                news.remove(twin)
                if fields := changed_fields(item, twin):
                    changed.append({"kind": kind, "old": item, "new": twin, "fields": fields})
        removed += [{"kind": kind, **i} for i in olds]
        added += [{"kind": kind, **i} for i in news]
    changed.sort(key=lambda c: (KINDS.index(c["kind"]), c["new"].get("span") or []))
    return {"added": added, "removed": removed, "changed": changed}


def diff_folders(old_dir: Path, new_dir: Path) -> dict:
    old = {a.rel: a.doc for a in read_folder(old_dir).articles}
    new = {a.rel: a.doc for a in read_folder(new_dir).articles}
    articles, totals = [], {kind: {"added": 0, "removed": 0, "changed": 0} for kind in KINDS}
    for rel in sorted(set(old) & set(new)):
        found = diff_article(old[rel], new[rel])
        for change in ("added", "removed", "changed"):
            for entry in found[change]:
                totals[entry["kind"]][change] += 1
        if any(found.values()):
            articles.append({"article": rel, "same_text": old[rel]["text"] == new[rel]["text"], **found})
    return {"compared": len(set(old) & set(new)), "articles": articles, "totals": totals,
            "only_old": sorted(set(old) - set(new)), "only_new": sorted(set(new) - set(old))}


def _line(sign: str, item: dict) -> str:
    start, end = item.get("span") or (0, 0)
    fields = {k: v for k, v in brief(item).items() if k not in ("text", "rule")}
    return f"  {sign} {SINGULAR[item['kind']]:<6} [{start}, {end}) {item.get('text', '')}  " \
           f"{toml_inline(fields)}  {item.get('rule')}"


def render(result: dict, old_dir, new_dir) -> str:
    out = []
    for art in result["articles"]:
        counts = ", ".join(f"{len(art[c])} {c}" for c in ("added", "removed", "changed"))
        out.append(f"{art['article']}: {counts}" + ("" if art["same_text"] else
                   "  (the article's text differs between the runs: spans may not line up)"))
        out += [_line("+", i) for i in art["added"]] + [_line("-", i) for i in art["removed"]]
        for c in art["changed"]:
            what = "; ".join(f"{k} {toml_inline(a)} -> {toml_inline(b)}" for k, (a, b) in c["fields"].items())
            out.append(_line("~", {**c["new"], "kind": c["kind"]}) + f"\n      {what}")
    for key, folder in (("only_old", old_dir), ("only_new", new_dir)):
        if result[key]:
            out.append(f"only in {folder}: {', '.join(result[key])}")
    totals = result["totals"]
    per_kind = "; ".join(f"{kind} +{t['added']} -{t['removed']} ~{t['changed']}" for kind, t in totals.items())
    out.append(f"{result['compared']} articles compared, {len(result['articles'])} with changes: {per_kind}")
    return "\n".join(out) + "\n"


def diff_main(args) -> int:
    for folder in (args.old_dir, args.new_dir):
        if not Path(folder).is_dir():
            print(f"cnie diff: no such folder: {folder}", file=sys.stderr)
            return 2
    result = diff_folders(Path(args.old_dir), Path(args.new_dir))
    if args.json:
        sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n")
    else:
        sys.stdout.write(render(result, args.old_dir, args.new_dir))
    return 0
