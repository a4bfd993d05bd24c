"""Every example of every rule is a test case: the examples are the specification."""
import pytest

from pipeline.engine.examples import check_example
from pipeline.engine.rules import load

_RULES = load()
CASES = [(rule.id, i) for rule in _RULES.all_rules() for i in range(len(rule.examples))]


@pytest.mark.parametrize("rule_id,index", CASES, ids=[f"{r}#{i + 1}" for r, i in CASES])
def test_rule_example(rule_id, index, rules):
    rule = next(r for r in rules.all_rules() if r.id == rule_id)
    failure = check_example(rule, index, rules)
    assert failure is None, str(failure)


def test_every_kind_has_examples():
    kinds = {rule.kind for rule in _RULES.all_rules() if rule.examples}
    assert kinds == {"quantities", "metrics", "targets", "entities"}
