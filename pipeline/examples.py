"""Rule examples are the specification: run each through the whole pipeline and compare.

An example's `expect` lists the items the text must give, each with only the fields that
matter (a number compares exactly as a Decimal); `expect = []` says the text gives no item of
the rule's kind. `expect = []` says the rule itself gives nothing on the text (duckling's
negative corpus). `cnie rules test` and the test suite both call `check_example`.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .output import item_json, plain
from .rules import Rule, RuleSet
from .stages import process

# Which document list a rule's kind fills.
_LISTS = {"quantities": "quantities", "metrics": "metrics", "targets": "targets", "entities": "entities"}


@dataclass
class Failure:
    rule: Rule
    index: int
    text: str
    message: str

    def __str__(self) -> str:
        return f"{self.rule.file}:{self.rule.line} {self.rule.id}: example {self.index + 1} " \
               f"{self.text!r}: {self.message}"


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
    items = getattr(doc, _LISTS[rule.kind])
    return [plain({**i.fields, "text": i.fields.get("text", doc.text[i.start:i.end]), "rule": i.rule})
            if rule.kind == "quantities" else item_json(doc, i) for i in items]


def check_example(rule: Rule, index: int, rules: RuleSet) -> Failure | None:
    example = rule.examples[index]
    text, expect = example["text"], example.get("expect", [])
    got = produced(rule, text, rules)
    if not expect:
        mine = [g for g in got if rule.id in (g.get("rule"), g.get("scope_rule"))]
        if mine:
            return Failure(rule, index, text, f"expected nothing from this rule, produced {_brief(mine)}")
        return None
    missing = [want for want in expect if not any(_same(want, g) for g in got)]
    if missing:
        return Failure(rule, index, text, f"expected {missing}, produced {_brief(got)}")
    return None


def _brief(items: list[dict]) -> str:
    keep = ("type", "indicator", "value", "value_max", "unit", "change", "qualifier", "comparator",
            "period", "region", "deadline", "titles", "text", "rule")
    return str([{k: i[k] for k in keep if i.get(k) not in (None, [], "")} for i in items])


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
