"""The sub-patterns extractor code compiles with rules.compile (issue 9) run under the
article's time budget, as the rules' own patterns do: a user's sub-pattern that backtracks
without end stops the article with a RuleTimeout naming the rule being checked."""
import time
from types import SimpleNamespace

import pytest
import regex

from pipeline.document import Doc
from pipeline.engine import matching
from pipeline.engine.matching import RuleTimeout, article_budget, scan
from pipeline.engine.rules import load


@pytest.fixture
def slow_rules(tmp_path):
    folder = tmp_path / "myrules"
    folder.mkdir()
    (folder / "patterns.toml").write_text("[patterns]\nslow = '(?:a|aa)+b'\n", encoding="utf-8")
    return load(folder)


def test_a_runaway_sub_pattern_is_stopped_within_the_article_budget(slow_rules, monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.2)
    started = time.perf_counter()
    with article_budget(), pytest.raises(RuleTimeout) as err:
        slow_rules.compile("{slow}").search("a" * 60)
    assert time.perf_counter() - started < 3
    assert "the sub-pattern '{slow}' its check uses" in str(err.value)


def test_the_timeout_names_the_rule_whose_candidate_was_being_checked(slow_rules, monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.2)
    rule = SimpleNamespace(id="metric.mine.checked", pattern=regex.compile("x"), file="mine.toml",
                           line=3, options={})
    doc = Doc(original="x" + "a" * 60, text="x" + "a" * 60)
    doc.word_starts = {0}
    check = lambda m: slow_rules.compile("{slow}").search(doc.text)   # noqa: E731
    with article_budget(), pytest.raises(RuleTimeout) as err:
        list(scan(rule, doc, check))
    assert err.value.rule_id == "metric.mine.checked"


def test_compiled_sub_patterns_answer_as_patterns_do(rules):
    rate = rules.compile("{rate}")
    text = "同比增长7.8%,比上月提高0.5个百分点"
    assert rate.search(text).group() == "7.8%"
    assert [m.group() for m in rate.finditer(text)] == ["7.8%", "0.5个百分点"]
    assert rate.fullmatch("12%") is not None and rate.match(text) is None
    assert rules.compile("{sp}增长").sub("", "同比 增长7.8%") == "同比7.8%"
