"""Rule examples are the specification: run each through the whole pipeline and compare.

An example's `expect` lists the items the text must give, each with only the fields that
matter (a number compares exactly as a Decimal); `expect = []` says the rule itself gives
nothing on the text (duckling's negative corpus). A failure shows what was expected and what
was produced, as TOML an author can paste. `cnie rules test` and the test suite both call
`check_example`.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from pipeline.engine.matching import RuleTimeout
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


def produced(rule: Rule, text: str, rules: RuleSet) -> list[dict]:
    doc = process(text, rules)
    items = getattr(doc, rule.kind)          # a rule's kind names the document's list
    return [plain({**i.fields, "text": i.fields.get("text", doc.text[i.start:i.end]), "rule": i.rule})
            if rule.kind == "quantities" else item_json(doc, i) for i in items]


def check_example(rule: Rule, index: int, rules: RuleSet) -> Failure | None:
    example = rule.examples[index]
    text, expect = example["text"], example.get("expect", [])
    try:
        got = produced(rule, text, rules)
    except RuleTimeout as err:
        return Failure(rule, index, text, str(err))
    if not expect:
        mine = [g for g in got if rule.id in (g.get("rule"), g.get("scope_rule"))]
        if mine:
            return Failure(rule, index, text, "expected nothing from this rule",
                           [f"produced: {toml_inline(brief(g))}" for g in mine])
        return None
    missing = [want for want in expect if not any(_same(want, g) for g in got)]
    if not missing:
        return None
    lines = []
    for want in missing:
        lines.append(f"expected: {toml_inline(want)}")
        near = max(got, key=lambda g: sum(_same(v, g.get(k)) for k, v in want.items()), default=None)
        if near is not None:
            differ = [f"{k} {toml_inline(v)} != {toml_inline(near.get(k))}"
                      for k, v in want.items() if not _same(v, near.get(k))]
            lines.append(f"closest:  {toml_inline(brief(near))}")
            lines.append(f"differs:  {'; '.join(differ)}")
    if len(got) != 1:
        lines += [f"produced: {toml_inline(brief(g))}" for g in got] or ["produced: nothing"]
    return Failure(rule, index, text, f"{len(missing)} expected item(s) not produced", lines)


def brief(item: dict) -> dict:
    keep = ("type", "indicator", "value", "value_max", "unit", "change", "qualifier", "comparator",
            "period", "region", "deadline", "titles", "text", "rule")
    return {k: item[k] for k in keep if item.get(k) not in (None, [], "")}


def run_examples(rules: RuleSet, only: str | None = None) -> tuple[int, list[Failure]]:
    count, failures = 0, []
    for rule in rules.all_rules():
        if only and rule.id != only:
            continue
        for index in range(len(rule.examples)):
            count += 1
            failure = check_example(rule, index, rules)
            if failure:
                failures.append(failure)
    return count, failures
