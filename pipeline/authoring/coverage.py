"""`cnie coverage DIR`: is every number in a corpus accounted for?

Each number the rules' numeral grammar ({num}) finds in an article is, in this order:
- extracted: inside the span of an output item (metric, target or entity);
- claimed by a non-fact rule: inside a match of a sub-pattern `nonfact_WHY` of patterns.toml
  (a date, a code, a rank...: the rule says why it is no fact to report);
- part of a word: a Chinese numeral inside a word of jieba's dictionary that is no numeral
  (五洲, 十足, 重拾, 两难: its part of speech is none of {numeral_pos}), `nonfact:word`;
- declined: read by a quantity rule (a number with its unit, 8只, 2.5%) that no metric or
  target rule attributes: the rules cannot tell whose figure it is, so nothing is reported
  (`cnie explain` says so on the sentence). Grouped like the unaccounted ones, second;
- unaccounted: what the rules miss. These are grouped by their surroundings with digits and
  numerals masked (…实现#亿元…), most frequent first, so that a rule author sees which
  construction to write a rule for, with one example of each as FILE:LINE.
The articles are run in-process, or read back from a `cnie run` output folder (--outputs).
"""
from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from fnmatch import fnmatch
from pathlib import Path

import regex

from pipeline.batch import find_articles, read_article
from pipeline.document import Doc
from pipeline.engine.matching import article_budget
from pipeline.engine.rules import RuleSet
from pipeline.extract.quantities import find_quantities
from pipeline.text.normalize import normalize
from pipeline.text.segment import segment, tag_cached

NONFACT = "nonfact_"
IN_WORD = "nonfact:word"             # a numeral inside a word that is no numeral (五洲)
DECLINED = "declined:no_indicator"  # a quantity no metric or target rule attributes
_CONTEXT = 6                       # characters of surroundings kept on each side


def _spans(data: dict) -> list[tuple[int, int]]:
    """Every [start, end) an output item covers: metrics, targets, entity mentions."""
    spans = [tuple(i["span"]) for kind in ("metrics", "targets") for i in data.get(kind, [])]
    for entity in data.get("entities", []):
        spans += [tuple(m) for m in entity.get("mentions") or [entity["span"]]]
    return spans


def _nonfacts(text: str, rules: RuleSet) -> list[tuple[int, int, str]]:
    found = []
    for name in sorted(n for n in rules.patterns if n.startswith(NONFACT)):
        for m in rules.compile("{" + name + "}").finditer(text):
            found.append((m.start(), m.end(), name[len(NONFACT):]))
    return found


def _read(text: str, rules: RuleSet) -> Doc:
    doc = Doc(original=text)
    normalize(doc, None)
    segment(doc, rules.user_words())
    return doc


def quantity_spans(text: str, rules: RuleSet, doc: Doc | None = None) -> list[tuple[int, int]]:
    """The spans of the quantities the quantity rules read in `text` (an output file holds
    only the items made of them)."""
    doc = doc or _read(text, rules)
    with article_budget():
        find_quantities(doc, rules)
    return [(q.start, q.end) for q in doc.quantities]


def word_spans(doc: Doc, rules: RuleSet) -> list[tuple[int, int]]:
    """The jieba words that hold a Chinese numeral and more, and whose dictionary part of
    speech is no numeral's ({numeral_pos}): 五洲, 十足, 重拾, 两难 (not 两位, 三家, 一点: m),
    and where no unit follows the numeral (两块钱 is an amount, whatever its tag)."""
    numeral, pos = rules.compile("{numeral_char}"), rules.compile("(?:{numeral_pos})")
    run = rules.compile("(?:{numeral_run})")
    counted = rules.compile("(?:{numeral_run})(?:{magnitude}|{units}|{classifiers})")
    out = []
    for t in doc.tokens:
        if (len(t.word) < 2 or not numeral.search(t.word) or run.fullmatch(t.word)
                or counted.search(t.word)):
            continue
        tags = tag_cached(t.word)
        if len(tags) == 1 and tags[0][0] == t.word and not pos.fullmatch(tags[0][1]):
            out.append((t.start, t.end))
    return out


def classify(text: str, data: dict, rules: RuleSet, quantities: list[tuple[int, int]] = (),
             words: list[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
    """(start, end, 'extracted' | 'nonfact:WHY' | DECLINED | 'unaccounted') for each number
    of `text`; `quantities` are the spans the quantity rules read (quantity_spans), `words`
    those of the words that hold a numeral and are none (word_spans; read here if None)."""
    spans, nonfacts = _spans(data), _nonfacts(text, rules)
    if words is None:
        words = word_spans(_read(text, rules), rules)
    out = []
    for m in rules.compile("{num}").finditer(text):
        s, e = m.span()
        if any(a <= s and e <= b for a, b in spans):
            out.append((s, e, "extracted"))
        elif why := next((w for a, b, w in nonfacts if a <= s and e <= b), None):
            out.append((s, e, "nonfact:" + why))
        elif any(a <= s and e <= b for a, b in quantities):
            out.append((s, e, DECLINED))
        elif not regex.search("[0-9]", text[s:e]) and any(a <= s and e <= b for a, b in words):
            out.append((s, e, IN_WORD))
        else:
            out.append((s, e, "unaccounted"))
    return out


def masked(text: str, start: int, end: int, rules: RuleSet) -> str:
    """The number as # in its surroundings, digits around it masked too ({numeral_run}):
    …实现#亿元…"""
    mask = rules.compile("{numeral_run}")
    left = text[max(0, start - _CONTEXT):start].split("\n")[-1]
    right = text[end:end + _CONTEXT].split("\n")[0]
    return "…" + mask.sub("#", left) + "#" + mask.sub("#", right) + "…"


def _article_data(path: Path, rel: Path, rules: RuleSet, outputs: Path | None) -> dict:
    if outputs is not None:
        return json.loads((outputs / rel.with_suffix(".json")).read_text(encoding="utf-8"))
    from pipeline.batch import article_json
    return article_json(path, rel, rules, None)


def coverage(paths: list[Path], rules: RuleSet, outputs: Path | None = None,
             globs: list[str] | None = None) -> dict:
    """Counts per category and the unaccounted groups, most frequent first."""
    counts: Counter = Counter()
    groups: dict[str, dict[str, list]] = {"unaccounted": defaultdict(list), DECLINED: defaultdict(list)}
    articles = [(p, r) for p, r in find_articles(paths)
                if not globs or any(fnmatch(p.name, g) for g in globs)]
    for path, rel in articles:
        data = _article_data(path, rel, rules, outputs)
        text = data.get("text") or read_article(path)
        doc = _read(text, rules)
        for start, end, what in classify(text, data, rules, quantity_spans(text, rules, doc),
                                         word_spans(doc, rules)):
            counts[what] += 1
            if what in groups:
                line = text.count("\n", 0, start) + 1
                groups[what][masked(text, start, end, rules)].append(f"{path}:{line} {text[start:end]}")
    total = sum(counts.values())
    return {"articles": len(articles), "numbers": total, "counts": dict(counts.most_common()),
            "unaccounted": _ranked(groups["unaccounted"]), "declined": _ranked(groups[DECLINED])}


def _ranked(groups: dict[str, list]) -> list[dict]:
    ranked = sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    return [{"surroundings": k, "count": len(v), "example": v[0]} for k, v in ranked]


def report(result: dict, top: int) -> str:
    total = result["numbers"] or 1
    lines = [f"{result['articles']} articles, {result['numbers']} numbers"]
    for what, n in result["counts"].items():
        lines.append(f"  {what:<22} {n:>7}  {n / total:6.1%}")
    for what, title in (("unaccounted", "unaccounted"),
                        ("declined", "declined (a quantity no metric or target rule attributes)")):
        lines.append(f"{title}, by surroundings (top {top}):")
        for g in result.get(what, [])[:top]:
            lines.append(f"  {g['count']:>5}  {g['surroundings']}  e.g. {g['example']}")
    return "\n".join(lines)


def coverage_main(args) -> int:
    from pipeline.cli import _rules_or_exit
    rules = _rules_or_exit(args)
    outputs = Path(args.outputs) if args.outputs else None
    result = coverage([Path(p) for p in args.paths], rules, outputs, args.glob)
    print(json.dumps(result, ensure_ascii=False, indent=1) if args.json
          else report(result, args.top), file=sys.stdout)
    return 0
