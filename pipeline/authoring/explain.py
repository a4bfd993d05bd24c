"""`cnie explain "句子"`: what the pipeline saw in one text and why it kept what it kept.

It runs the ordinary pipeline with the trace switched on (`process(trace=True)`): `scan`
records every regex hit with the rule and what the stage made of it, and `resolve_overlaps`
marks each candidate that lost with the one that beat it. Nothing is matched twice here, so
what explain shows is what `cnie run` does.

Overlap policy (matching.py): where candidates of one stage overlap, the higher `priority`
wins, then the longer, then the earlier; on a full tie, the rule read first (shipped rules
before a user's, then file order). So the outcome is deterministic.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

from pipeline.document import Doc, Item
from pipeline.engine.examples import brief, toml_inline
from pipeline.output import item_json, plain
from pipeline.engine.rules import SHIPPED, RuleSet
from pipeline.stages import process

# The order in which the stages run (stages.EXTRACTORS), and what each one's checks look at
# when they refuse a regex hit.
STAGES = {
    "entities": "cuts a jieba word, or not a name of its type: see lexicons non_names, "
                "non_places, generic_projects, org_lead_stop",
    "quantities": "starts or ends inside a jieba word, or not a number with a unit",
    "metrics": "indicator or change not on a jieba word start, or no value read",
    "targets": "",
}


def _where(rule) -> str:
    """The rule's file:line: a shipped rule as rules/NAME.toml wherever cnie is installed, a
    user's relative to the working folder when it lies below it."""
    path = Path(rule.file).resolve()
    for root in (SHIPPED.parent, Path.cwd()):
        if path.is_relative_to(root.resolve()):
            return f"{path.relative_to(root.resolve())}:{rule.line}"
    return f"{path}:{rule.line}"


def _priority(item: Item) -> int:
    return item.fields.get("priority") or 0


def why_lost(loser: Item, winner: Item) -> str:
    """The first step of the overlap policy that decides between the two."""
    if _priority(winner) != _priority(loser):
        return f"priority {_priority(winner)} > {_priority(loser)}"
    if winner.end - winner.start != loser.end - loser.start:
        return f"longer: {winner.end - winner.start} > {loser.end - loser.start} characters"
    if winner.start != loser.start:
        return f"earlier: starts at {winner.start} < {loser.start}"
    return "a tie on priority, length and start: the rule read first wins (shipped rules " \
           "before a user's, then file order); raise the priority to change that"


def _what(doc: Doc, item: Item) -> str:
    """A candidate in a few words: the quantity, the entity, or a metric match's records."""
    if item.kind == "match":
        return "; ".join(_what(doc, r) for r in item.fields["records"])
    if item.kind == "quantity":
        return toml_inline(plain({k: item.fields.get(k) for k in ("value", "value_max", "unit", "qualifier")}))
    data = brief(item_json(doc, item))
    return toml_inline({k: v for k, v in data.items() if k not in ("text", "rule")})


def candidates(doc: Doc, rules: RuleSet) -> list[dict]:
    """One row per candidate, in stage order: status won / lost / refused / scope, and fact
    for a metric a goal word's scope covers that stays a metric (the reason in why)."""
    rows = []
    for rule, start, end, result in doc.trace:
        items = result if isinstance(result, list) else [result] if isinstance(result, Item) else []
        base = {"kind": rule.kind, "rule": rule, "span": (start, end), "text": doc.text[start:end]}
        if rule.kind == "targets" and isinstance(result, str):     # a metric the scope leaves a fact
            rows.append({**base, "status": "fact", "why": result})
        elif rule.kind == "targets" and result:
            rows.append({**base, "status": "scope", "why": "metrics after this goal word, to the "
                         "end of its clause, become targets"})
        elif not items and start == end:
            continue    # a lookahead rule tried at a word start that names nothing there: no candidate
        elif not items:
            rows.append({**base, "status": "refused", "why": str(result) if isinstance(result, str) else ""})
        for item in items:
            row = {**base, "span": (item.start, item.end), "text": doc.text[item.start:item.end],
                   "what": _what(doc, item), "item": item}
            beat = item.lost_to
            if beat is None:
                rows.append({**row, "status": "won", "why": f"priority {_priority(item)}"})
            else:
                rows.append({**row, "status": "lost", "why": f"beaten by {beat.rule} "
                             f"[{beat.start}, {beat.end}): " + why_lost(item, beat)})
    for row in rows:   # a winner names the candidates it beat
        beaten = [r for r in rows if r.get("item") and r["item"].lost_to is row.get("item")]
        if row["status"] == "won" and beaten:
            row["why"] += "; beat " + ", ".join(f"{r['rule'].id} [{r['span'][0]}, {r['span'][1]})"
                                                for r in beaten)
    order = list(STAGES)
    return sorted(rows, key=lambda r: (order.index(r["kind"]), r["span"], r["rule"].id))


def _concerning(rows: list[dict], rule_id: str) -> list[dict]:
    """The rule's own candidates, those it beat, and those that beat it."""
    mine = [r for r in rows if r["rule"].id == rule_id]
    winners = {id(r["item"].lost_to) for r in mine if r.get("item") and r["item"].lost_to}
    return [r for r in rows if r["rule"].id == rule_id or f"beaten by {rule_id} " in r["why"]
            or id(r.get("item")) in winners]


def explain_text(text: str, rules: RuleSet, only: str | None = None,
                 variant: str | None = None) -> str:
    doc = process(text, rules, doc_id="-", variant=variant, trace=True)
    shown = lambda s: s.replace("\n", "⏎")   # noqa: E731  a line break stays on one line
    out = [f"normalized: {shown(doc.text)}",
           "tokens:     " + " | ".join(shown(t.word) for t in doc.tokens), ""]
    rows = candidates(doc, rules)
    rows = _concerning(rows, only) if only else rows
    out.append(f"candidates ({len(rows)}; spans are [start, end) in characters; where they "
               "overlap: higher priority, then longer, then earlier wins)")
    kind = None
    for row in rows:
        if row["kind"] != kind:
            kind = row["kind"]
            out.append(f"  {kind}" + (f" (refused: {STAGES[kind]})" if STAGES[kind] else ""))
        start, end = row["span"]
        out.append(f"    {row['status']:<7} [{start}, {end}) {shown(row['text'])}  "
                   f"{row['rule'].id} ({_where(row['rule'])})")
        if row.get("what"):
            out.append(f"              {row['what']}")
        if row["why"]:
            out.append(f"              {row['why']}")
    if only and not rows:
        out.append(f"  rule {only} found nothing in this text")
    out += ["", "result:"]
    for kind in ("metrics", "targets", "entities"):
        for item in getattr(doc, kind):
            if only is None or item.rule == only or item.fields.get("scope_rule") == only:
                data = item_json(doc, item)
                out.append(f"  {item.kind:<7} [{item.start}, {item.end}) {toml_inline(brief(data))}")
    if out[-1] == "result:":
        out.append("  nothing")
    if only is None:
        out += _not_reported(doc, rules)
    return "\n".join(out) + "\n"


_WHY_NOT = {"declined:no_indicator": "a quantity, but no metric or target rule says whose figure it is",
            "unaccounted": "no rule reads it"}


def _not_reported(doc: Doc, rules: RuleSet) -> list[str]:
    """Every number no item holds, and why (the categories of `cnie coverage`)."""
    from pipeline.authoring.coverage import classify
    data = {"metrics": [{"span": [i.start, i.end]} for i in doc.metrics + doc.targets],
            "entities": [{"span": [i.start, i.end]} for i in doc.entities]}
    rows = [(s, e, what) for s, e, what in
            classify(doc.text, data, rules, [(q.start, q.end) for q in doc.quantities]) if what != "extracted"]
    lines = [f"  [{s}, {e}) {doc.text[s:e]}  " + _WHY_NOT.get(what, "not a fact: " + what.split(":", 1)[-1])
             for s, e, what in rows]
    return ["", "numbers not reported:", *lines] if lines else []


def explain_main(args) -> int:
    from pipeline.cli import EXIT_OK, EXIT_USAGE, _rules_or_exit, text_argument
    text = text_argument(args, "explain")
    if text is None:
        return EXIT_USAGE
    rules = _rules_or_exit(args)
    if args.rule and args.rule not in {r.id for r in rules.all_rules()}:
        print(f"cnie explain: no rule with id {args.rule!r}", file=sys.stderr)
        return EXIT_USAGE
    sys.stdout.write(explain_text(text.rstrip(os.linesep), rules, args.rule, args.variant))
    return EXIT_OK
