"""`cnie eval GOLD_DIR OUT_DIR`: precision, recall and F1 of `cnie run` output against gold files,
so a rule author can keep a benchmark of their own.

GOLD_DIR holds NAME.gold.json (docs/eval.md: the output's fields plus `optional`,
`indicator_alts`, `unit_alts`, `alts`, and `type` lists); OUT_DIR holds NAME.json. Matching:
- a metric or target matches a gold item when the same numbers with the same units and signs
  are there (magnitudes folded: 880.5亿元 = 88050000000元; currencies folded: 亿元新台币 =
  新台币亿元; a bare 30亿 = 30亿元), whichever slot holds them, and the indicators are alike
  (one holds the other and is at least half of it, or they are 60% alike). Pairs are made
  greedily, gold in file order against the first free output item;
- `*.quantities` rows count numbers with units alone; entities are a set per article, matched
  by type and text (or an alt) after folding width, spaces, quotes and brackets;
- optional gold items earn and cost nothing; accuracy rows score an attribute (slot, period,
  region, basis, qualifier, comparator) among matched pairs whose gold states it.
The unit folds are data: rules/lexicons/eval_folds.txt.
"""
from __future__ import annotations

import json
import math
import sys
import unicodedata
from collections import Counter
from difflib import SequenceMatcher
from pathlib import Path

from ..engine.rule_files import read_lexicon
from ..engine.rules import SHIPPED

ENTITY_TYPES = ("person", "organization", "place", "project", "document", "date")
_IGNORED = set("《》“”\"'‘’「」()（）")


def _folds() -> tuple[tuple, dict, dict, dict]:
    """The referee's unit folds, from rules/lexicons/eval_folds.txt: magnitudes longest first
    (so that 万亿 is not read as 万), currencies, other spellings, subunits."""
    lex = read_lexicon(SHIPPED / "lexicons" / "eval_folds.txt", problems := [])
    if problems:
        raise ValueError("; ".join(problems))
    rows = {kind: {w: cols[1:] for w, cols in lex.columns.items() if cols[0] == kind}
            for kind in ("magnitude", "currency", "same", "subunit")}
    magnitudes = sorted(((w, 10.0 ** int(p)) for w, (p,) in rows["magnitude"].items()),
                        key=lambda pair: -len(pair[0]))
    return (tuple(magnitudes), {w: c for w, (c,) in rows["currency"].items()},
            {w: u for w, (u,) in rows["same"].items()},
            {w: (float(f), c) for w, (f, c) in rows["subunit"].items()})


_MAGNITUDES, _CURRENCY, _SAME_UNIT, _SUBUNITS = _folds()


def fold(text) -> str:
    text = unicodedata.normalize("NFKC", str(text)) if text else ""
    return "".join(c for c in text if not c.isspace() and c not in _IGNORED)


def base(value, unit):
    """(number in base units, base unit), or None when VALUE is not a number."""
    if value is None or isinstance(value, bool):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        return None
    if math.isnan(number):
        return None
    unit = fold(unit)
    if unit in _SUBUNITS:
        factor, unit = _SUBUNITS[unit]
        number *= factor
    currency = max((c for c in _CURRENCY if c in unit), key=len, default=None)
    if currency:
        unit = unit.replace(currency, "", 1)
    word, factor = next(((w, f) for w, f in _MAGNITUDES if unit.startswith(w)), ("", 1))
    number, unit = number * factor, unit[len(word):]
    if currency and unit in ("", "元"):
        return number, _CURRENCY[currency]
    return number, _SAME_UNIT.get(unit, unit)


def _span(low, high):
    """One comparable value: the low end, or ((low, high), unit) for a range."""
    if low and high:
        return (low[0], high[0]), low[1]
    return low


def level(item: dict):
    return _span(base(item.get("value"), item.get("unit")), base(item.get("value_max"), item.get("unit")))


def change(item: dict):
    ch = item.get("change")
    if not isinstance(ch, dict):
        return None
    return _span(base(ch.get("value"), ch.get("unit")), base(ch.get("value_max"), ch.get("unit")))


def same(a, b) -> bool:
    if a is None or b is None:
        return a is None and b is None
    if a[1] != b[1] and {a[1], b[1]} != {"", "元"}:      # news drops the 元 of 30亿元
        return False
    ranged = isinstance(a[0], tuple)
    if ranged != isinstance(b[0], tuple):
        return False
    pairs = zip(a[0], b[0]) if ranged else [(a[0], b[0])]
    return all(math.isclose(x, y, rel_tol=1e-6, abs_tol=1e-9) for x, y in pairs)


def alike(a, b) -> bool:
    a, b = fold(a), fold(b)
    if not (a and b):
        return False
    short, long_ = sorted((a, b), key=len)
    if short in long_ and len(short) >= max(2, len(long_) / 2):
        return True
    return SequenceMatcher(None, a, b).ratio() >= 0.6


def numbers_agree(gold: dict, out: dict) -> bool:
    said = [q for q in (level(out), change(out)) if q]
    for unit in [gold.get("unit"), *(gold.get("unit_alts") or [])]:
        want = [q for q in (level({**gold, "unit": unit}), change(gold)) if q]
        if len(want) == len(said) and any(all(map(same, want, order)) for order in (said, said[::-1])):
            return True
    return False


def item_matches(gold: dict, out: dict) -> bool:
    names = [n for n in [gold.get("indicator"), *(gold.get("indicator_alts") or [])] if n]
    return numbers_agree(gold, out) and any(alike(n, out.get("indicator") or "") for n in names)


def entity_matches(gold: dict, out: dict) -> bool:
    types = gold["type"] if isinstance(gold["type"], list) else [gold["type"]]
    said = out.get("type")
    said = said[0] if isinstance(said, list) and said else said
    names = {fold(n) for n in [gold.get("text"), *(gold.get("alts") or [])]}
    return said in types and fold(out.get("text")) in names


def pair_up(golds: list, outs: list, matches) -> tuple[list, list, list]:
    """Greedy one-to-one pairs; the gold items left unmatched; the output items left over.
    Required gold items claim outputs first: an optional restatement never takes their match."""
    free, pairs, missed = list(outs), [], []
    for gold in sorted(golds, key=lambda g: bool(g.get("optional"))):
        hit = next((o for o in free if matches(gold, o)), None)
        if hit is None:
            missed.append(gold)
        else:
            free.remove(hit)
            pairs.append((gold, hit))
    return pairs, missed, free


def _needed(items) -> int:
    return sum(1 for i in items if not i.get("optional"))


def numbers_of(items: list) -> list:
    found = []
    for i in items:
        ch = i.get("change") or {}
        found += [base(i.get("value"), i.get("unit")), base(i.get("value_max"), i.get("unit")),
                  change(i), base(ch.get("value_max"), ch.get("unit"))]
    return [q for q in found if q]


def count_numbers(golds: list, outs: list) -> tuple[int, int, int]:
    said, hits = numbers_of(outs), 0
    for optional in (False, True):          # required numbers claim output numbers first
        for q in numbers_of([g for g in golds if bool(g.get("optional")) == optional]):
            at = next((n for n, s in enumerate(said) if same(q, s)), None)
            if at is not None:
                said.pop(at)
                hits += not optional
    return hits, len(said), len(numbers_of([g for g in golds if not g.get("optional")])) - hits


def _basis(item: dict):
    return (item.get("change") or {}).get("basis") or item.get("basis")


ATTRIBUTES = {
    "slot": (lambda g: True, lambda g, o: same(level(g), level(o)) and same(change(g), change(o))),
    "period": (lambda g: g.get("period") is not None, lambda g, o: alike(g["period"], o.get("period") or "")),
    "region": (lambda g: g.get("region") is not None, lambda g, o: alike(g["region"], o.get("region") or "")),
    "qualifier": (lambda g: g.get("qualifier") is not None, lambda g, o: g["qualifier"] == o.get("qualifier")),
    "basis": (lambda g: _basis(g) is not None, lambda g, o: _basis(g) == _basis(o)),
    "comparator": (lambda g: g.get("comparator") is not None, lambda g, o: g["comparator"] == o.get("comparator")),
}


def _brief(item: dict) -> str:
    """An output item as a reader checks it: what, how much, where in the text."""
    keys = ("indicator", "value", "value_max", "unit", "change", "deadline", "span", "text")
    return json.dumps({k: item[k] for k in keys if item.get(k) is not None}, ensure_ascii=False)


def score_article(gold: dict, out: dict, counts: Counter, name: str, missed: list,
                  wrong: list | None = None) -> None:
    """Add one article's tp/fp/fn (counts[row, "tp"]) and attribute hits to COUNTS; the gold
    items missed go to MISSED, the output items no gold item claims to WRONG as (rule, line)."""
    wrong = [] if wrong is None else wrong
    for kind in ("metrics", "targets"):
        golds, outs = gold.get(kind) or [], [o for o in out.get(kind) or [] if isinstance(o, dict)]
        pairs, lost, left = pair_up(golds, outs, item_matches)
        _add(counts, kind, _needed(g for g, _ in pairs), len(left), _needed(lost))
        _add(counts, kind + ".quantities", *count_numbers(golds, outs))
        for attr, (stated, right) in ATTRIBUTES.items():
            judged = [(g, o) for g, o in pairs if stated(g)]
            counts[f"{kind}.{attr}", "stated"] += len(judged)
            counts[f"{kind}.{attr}", "right"] += sum(1 for g, o in judged if right(g, o))
        missed += [f"{name}: missed {kind[:-1]} {json.dumps(g, ensure_ascii=False)}" for g in lost if not g.get("optional")]
        wrong += [(" + ".join(filter(None, (o.get("rule"), o.get("scope_rule")))) or "-",
                   f"{name}: wrong {kind[:-1]} {_brief(o)}") for o in left]
    outs, seen = [], set()
    for o in out.get("entities") or []:     # a set: naming 张建华 once is enough
        key = isinstance(o, dict) and (str(o.get("type")), fold(o.get("text")))
        if key and key not in seen:
            seen.add(key)
            outs.append(o)
    golds = gold.get("entities") or []
    pairs, lost, left = pair_up(golds, outs, entity_matches)
    for etype in ENTITY_TYPES:
        first = lambda g: g["type"][0] if isinstance(g["type"], list) else g["type"]   # noqa: E731
        row = (_needed(g for g, _ in pairs if first(g) == etype), sum(1 for o in left if o.get("type") == etype),
               _needed(g for g in lost if first(g) == etype))
        _add(counts, "entities." + etype, *row)
        _add(counts, "entities", *row)
    missed += [f"{name}: missed entity {json.dumps(g, ensure_ascii=False)}" for g in lost if not g.get("optional")]


def _add(counts: Counter, row: str, tp: int, fp: int, fn: int) -> None:
    counts[row, "tp"] += tp
    counts[row, "fp"] += fp
    counts[row, "fn"] += fn


def table(counts: Counter) -> dict:
    rows = {}
    for row in sorted({r for r, what in counts if what == "tp"}):
        tp, fp, fn = counts[row, "tp"], counts[row, "fp"], counts[row, "fn"]
        p = tp / (tp + fp) if tp + fp else 1.0
        r = tp / (tp + fn) if tp + fn else 1.0
        rows[row] = {"tp": tp, "fp": fp, "fn": fn, "precision": round(p, 4), "recall": round(r, 4),
                     "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0}
    for row in sorted({r for r, what in counts if what == "stated" and counts[r, "stated"]}):
        rows[row] = {"right": counts[row, "right"], "stated": counts[row, "stated"],
                     "accuracy": round(counts[row, "right"] / counts[row, "stated"], 4)}
    return rows


def evaluate(gold_dir: Path, out_dir: Path) -> dict:
    counts, missed, absent, wrong = Counter(), [], [], []
    for path in sorted(gold_dir.glob("*.gold.json")):
        name = path.name.removesuffix(".gold.json")
        out_path = out_dir / f"{name}.json"
        if not out_path.exists():
            absent.append(name)
        out = json.loads(out_path.read_text(encoding="utf-8")) if out_path.exists() else {}
        score_article(json.loads(path.read_text(encoding="utf-8")), out, counts, name, missed, wrong)
    by_rule: dict[str, list[str]] = {}
    for rule, line in wrong:
        by_rule.setdefault(rule, []).append(line)
    return {"documents_missing": absent, "rows": table(counts), "missed": missed, "wrong": by_rule}


def _wrong_lines(by_rule: dict[str, list[str]]) -> list[str]:
    """False positives grouped by the rule that produced them, the worst rule first, so a
    rule that makes wrong facts is found by its id."""
    lines = []
    for rule, items in sorted(by_rule.items(), key=lambda kv: (-len(kv[1]), kv[0])):
        lines.append(f"{rule}: {len(items)} wrong")
        lines += ["  " + line for line in items]
    return lines


def render(result: dict, errors: bool) -> str:
    out = [f"{'row':28} {'P':>6} {'R':>6} {'F1':>6}   tp/fp/fn"]
    rows = result["rows"]
    out += [f"{n:28} {r['precision']:6.3f} {r['recall']:6.3f} {r['f1']:6.3f}   {r['tp']}/{r['fp']}/{r['fn']}"
            for n, r in rows.items() if "f1" in r and r["tp"] + r["fp"] + r["fn"]]   # rows with nothing in them say nothing
    out += [f"{n:28} accuracy {r['accuracy']:.3f} of {r['stated']} stated" for n, r in rows.items() if "accuracy" in r]
    if result["documents_missing"]:
        out.append(f"no output for: {', '.join(result['documents_missing'])}")
    detail = result["missed"] + _wrong_lines(result.get("wrong") or {}) if errors else []
    return "\n".join(out + detail) + "\n"


def eval_main(args) -> int:
    gold, out = Path(args.gold_dir), Path(args.out_dir)
    for folder in (gold, out):
        if not folder.is_dir():
            print(f"cnie eval: no such folder: {folder}", file=sys.stderr)
            return 2
    if not any(gold.glob("*.gold.json")):
        print(f"cnie eval: no *.gold.json files in {gold}", file=sys.stderr)
        return 2
    result = evaluate(gold, out)
    sys.stdout.write(json.dumps(result, ensure_ascii=False, indent=1) + "\n" if args.json
                     else render(result, args.errors))
    return 0
