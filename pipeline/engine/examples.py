"""Rule examples are the specification: run each through the whole pipeline and compare.

An example's `expect` lists the items the text must give FROM THIS RULE (an item may name
another rule with `rule = "..."`), each with only the fields that matter (a number compares
exactly as a Decimal); `expect = []` says the rule itself gives nothing on the text (duckling's
negative corpus). Every other item of the rule's kind the text gives must be declared in
`also = [...]` (from any rule; for entities, those of the rule's type), or the example says
`extra = true`; without `also`, a negative
example only forbids the rule's own items. A failure shows what was expected and what
was produced, as TOML an author can paste. `cnie rules test` and the test suite both call
`check_example`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipeline.engine.matching import RuleError
from pipeline.output import item_json, plain
from pipeline.engine.rules import Rule, RuleSet
from pipeline.stages import process


@dataclass
class Failure:
    rule: Rule
    index: int
    text: str
    message: str
    lines: list[str] = field(default_factory=list)   # expected / produced, one per line

    def __str__(self) -> str:
        if self.index < 0:     # about the rule's examples as a whole
            return f"{self.rule.file}:{self.rule.line} {self.rule.id}: {self.message}"
        head = f"{self.rule.file}:{_example_line(self.rule, self.index)} {self.rule.id}: " \
               f"example {self.index + 1} {self.text!r}: {self.message}"
        return "\n".join([head] + [f"    {line}" for line in self.lines])


def _example_line(rule: Rule, index: int) -> int:
    """The line of example INDEX in the rule's file (the rule's own line if not found)."""
    text = rule.examples[index]["text"]
    try:
        lines = Path(rule.file).read_text(encoding="utf-8-sig").splitlines()
    except OSError:
        return rule.line
    found = [no for no in range(rule.line, len(lines) + 1) if text in lines[no - 1]]
    twins = sum(1 for ex in rule.examples[:index] if ex.get("text") == text)
    return found[twins] if twins < len(found) else rule.line


def toml_inline(value) -> str:
    """An item as a TOML inline table, the way `expect` is written (empty fields left out),
    so a produced item can be pasted into the rule file."""
    if isinstance(value, dict):
        inner = ", ".join(f"{k} = {toml_inline(v)}" for k, v in value.items() if v not in (None, [], ""))
        return "{ " + inner + " }" if inner else "{}"
    if isinstance(value, list):
        return "[" + ", ".join(toml_inline(v) for v in value) + "]"
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"       # not TOML, but says "no value" plainly
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _same(want, got) -> bool:
    if isinstance(want, dict):
        return isinstance(got, dict) and all(_same(v, got.get(k)) for k, v in want.items())
    if isinstance(want, (int, float)) and not isinstance(want, bool):
        return got is not None and not isinstance(got, (str, bool)) and \
            Decimal(str(want)) == Decimal(str(got))
    if isinstance(want, list):
        return isinstance(got, list) and len(want) == len(got) and all(map(_same, want, got))
    return want == got


def produced(rule: Rule, text: str, rules: RuleSet, date: str | None = None) -> list[dict]:
    """What the pipeline gives on TEXT, as `run` writes it; DATE (an example's `date`) pins
    the article's date, as `run --date` does, so 今年 resolves."""
    doc = process(text, rules, date=date)
    if doc.warnings:                         # a check failed on a match: the rule to fix
        raise RuleError(doc.warnings[0]["error"])
    items = getattr(doc, rule.kind)          # a rule's kind names the document's list
    return [plain({**i.fields, "text": i.fields.get("text", doc.text[i.start:i.end]), "rule": i.rule})
            if rule.kind == "quantities" else item_json(doc, i) for i in items]


def _from(rule_id: str, item: dict) -> bool:
    return rule_id in (item.get("rule"), item.get("scope_rule"))


def _owned(rule: Rule, want: dict) -> dict:
    """An expected item comes from the example's own rule unless it names another with `rule`."""
    return want if "rule" in want else {**want, "rule": rule.id}


def _owned_by(rule_id: str, want: dict, got: dict) -> bool:
    if "rule" in want:
        return _same(want, got)
    return _from(rule_id, got) and _same({k: v for k, v in want.items()}, got)


def _same_sort(rule: Rule, item: dict) -> bool:
    """Extras count within the rule's own sort: an entities rule's type (a place rule's example
    need not list the dates of its sentence), every item for the other kinds."""
    return rule.kind != "entities" or item.get("type") == rule.options.get("type")


def check_example(rule: Rule, index: int, rules: RuleSet) -> Failure | None:
    """The example's `expect` items must come from its rule (or the rule an item names with
    `rule = "..."`); any other item of the kind must be declared in `also` (from any rule),
    or the example says `extra = true`. So a rule that gives nothing, or gives more than its
    author wrote down, fails."""
    example = rule.examples[index]
    text, expect, also = example["text"], example.get("expect", []), example.get("also", [])
    try:
        got = produced(rule, text, rules, example.get("date"))
    except RuleError as err:          # a timeout, or a check that failed: the rule to fix
        return Failure(rule, index, text, str(err))
    missing = [want for want in expect if not any(_owned_by(rule.id, want, g) for g in got)]
    missing += [want for want in also if not any(_same(want, g) for g in got)]
    declared = expect + also
    extra = [] if example.get("extra") else \
        [g for g in got if _same_sort(rule, g) and not any(_same(want, g) for want in declared)]
    if not expect:
        extra = [g for g in extra if _from(rule.id, g)] if not also else extra
    if not missing and not extra:
        return None
    lines = []
    for want in missing:
        lines += _missing_lines(rule, want, got, want in also)
    if extra:
        lines += [f"undeclared: {toml_inline(brief(g))}" for g in extra]
        lines.append("(declare what else the text gives with also = [ ... ], or extra = true)")
    elif len(got) != 1:
        lines += [f"produced: {toml_inline(brief(g))}" for g in got] or ["produced: nothing"]
    if not expect and not missing:
        return Failure(rule, index, text, "expected nothing from this rule", lines)
    message = f"{len(missing)} expected item(s) not produced" if missing else \
        f"{len(extra)} item(s) produced that the example does not declare"
    return Failure(rule, index, text, message, lines)


def _missing_lines(rule: Rule, want: dict, got: list[dict], anyone: bool) -> list[str]:
    lines = [f"expected: {toml_inline(want)}"]
    target = want if anyone else _owned(rule, want)
    near = max(got, key=lambda g: sum(_same(v, g.get(k)) for k, v in target.items()), default=None)
    if near is not None:
        differ = [f"{k} {toml_inline(v)} != {toml_inline(near.get(k))}"
                  for k, v in target.items() if not _same(v, near.get(k))]
        lines.append(f"closest:  {toml_inline(brief(near))}")
        lines.append(f"differs:  {'; '.join(differ)}")
    return lines


def brief(item: dict) -> dict:
    keep = ("type", "indicator", "value", "value_max", "unit", "change", "qualifier", "comparator",
            "period", "region", "deadline", "titles", "text", "rule")
    return {k: item[k] for k in keep if item.get(k) not in (None, [], "")}


def _named_in_expects(rules: RuleSet) -> set[str]:
    """Rules that an example elsewhere expects by name (`rule = "..."`): a metric rule whose
    figures are always goals (metric.revised_forecast) is specified among the targets."""
    return {want["rule"] for other in rules.all_rules() for ex in other.examples
            for want in ex.get("expect", []) if "rule" in want}


def run_examples(rules: RuleSet, only: str | None = None) -> tuple[int, list[Failure]]:
    count, failures = 0, []
    named = _named_in_expects(rules)
    for rule in rules.all_rules():
        if only and rule.id != only:
            continue
        for index in range(len(rule.examples)):
            count += 1
            failure = check_example(rule, index, rules)
            if failure:
                failures.append(failure)
        if not any(ex.get("expect") for ex in rule.examples) and rule.id not in named:
            count += 1          # negatives alone would pass for a rule that finds nothing
            failures.append(Failure(rule, -1, "", "no example expects anything from this rule "
                                    "(add one with expect = [ { ... } ])"))
    return count, failures


def report(rules: RuleSet, only: str | None = None) -> tuple[list[str], bool]:
    """What `cnie rules test` prints: each failure, a line per rule with its counts (and, for a
    rule that overrides a shipped one, whose examples ran), then the totals; and whether all passed."""
    count, failures = run_examples(rules, only)
    lines = [str(f) for f in failures]
    failed = {}
    for f in failures:
        failed[f.rule.id] = failed.get(f.rule.id, 0) + 1
    for rule in rules.all_rules():
        if only and rule.id != only:
            continue
        bad = failed.get(rule.id, 0)
        ran = len(rule.examples) + (0 if any(ex.get("expect") for ex in rule.examples) else 1)
        note = f" (replaces the shipped rule at {rule.replaces}: its examples were not run, these were)" \
            if rule.replaces else ""
        lines.append(f"  {rule.id}: {ran - bad} passed, {bad} failed{note}")
    for rule_id, where in sorted(rules.disabled.items()):
        if not only or rule_id == only:
            lines.append(f"  {rule_id}: not run (disabled at {where})")
    if failures and rules.disabled:
        lines.append(f"  note: with {', '.join(sorted(rules.disabled))} disabled, examples of other "
                     "rules that build on what it found fail too")
    lines.append(f"{count - len(failures)} passed, {len(failures)} failed")
    return lines, not failures
