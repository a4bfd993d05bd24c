"""The regex time budget: charged by work done (CPU time), so a busy machine never fails an
article, while a pattern that backtracks without end is still stopped with its rule id; and
every kind of rule, word-start ones included, is searched under it and seen by `explain`."""
import threading
import time
from types import SimpleNamespace

import pytest
import regex

from pipeline.authoring.explain import explain_text
from pipeline.engine import matching
from pipeline.engine.matching import Budget, RuleTimeout, scan


def _rule(pattern: str, fields=None):
    return SimpleNamespace(id="metric.mine.runaway", pattern=regex.compile(pattern), file="mine.toml",
                           line=3, options={"fields": fields} if fields else {}, kind="metrics")


def test_a_runaway_pattern_is_stopped_and_named(monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.3)
    doc = SimpleNamespace(text="a" * 5000, word_starts={0}, trace=None)
    with pytest.raises(RuleTimeout) as err:
        list(scan(_rule(r"(a|aa)+b"), doc, lambda m: m))
    assert "rule metric.mine.runaway (mine.toml:3) took longer than 0.3 s" in str(err.value)


def test_a_word_start_rule_is_stopped_too(monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.3)
    doc = SimpleNamespace(text="a" * 5000, word_starts=set(range(0, 5000, 50)), trace=None)
    with pytest.raises(RuleTimeout):
        list(scan(_rule(r"(a|aa)+b", {"anchor": "word_start"}), doc, lambda m: m))


def test_waiting_for_the_processor_is_not_charged():
    # a search that waits (as on a machine running six jobs on two cores) spends wall-clock
    # time but almost no CPU time: it must not use up the rule's budget
    budget = Budget(_rule("x"), seconds=0.1)

    def waits(text, pos, timeout):
        time.sleep(0.3)          # longer than the whole budget, but no work
        return None
    for _ in range(2):
        assert budget.run(waits, "text", 0) is None
    assert budget.spent < 0.1


def test_word_start_rules_show_in_explain(rules):
    town = next(r for r in rules.all_rules() if matching.word_start_only(r))
    out = explain_text("项目落在城西镇和东湖街道。", rules, only=town.id)
    assert town.id in out


def _off_the_main_thread(work):
    """WORK() on another thread (as under a threaded Dask worker): no signals reach it, so the
    budget passes the regex module's own timeout (engine/watchdog.py)."""
    out = {}
    thread = threading.Thread(target=lambda: out.update(result=_outcome(work)))
    thread.start()
    thread.join()
    return out["result"]


def _outcome(work):
    try:
        return work()
    except RuleTimeout as err:
        return err


def test_a_search_stopped_while_starved_is_tried_again():
    calls = []

    def starved_once(text, pos, timeout):
        calls.append(timeout)
        if len(calls) == 1:
            raise TimeoutError       # stopped by the clock after using no CPU time
        return "found"
    assert _off_the_main_thread(lambda: Budget(_rule("x"), seconds=1.0).run(starved_once, "text", 0)) == "found"
    assert calls == [1.0, 4.0]


def test_inside_an_article_waiting_is_not_charged_and_a_runaway_is_stopped(monkeypatch):
    # within an article (stages.process) the CPU timer's ticks charge the searches
    # (engine/watchdog.py): the regex module is not asked to watch the clock
    monkeypatch.setattr(matching, "TIMEOUT", 0.3)
    asked = []

    def waits(text, pos, timeout):
        asked.append(timeout)
        time.sleep(0.3)          # longer than the whole budget, but no work
        return None
    doc = SimpleNamespace(text="a" * 5000, word_starts=set(range(0, 5000, 50)), trace=None)
    with matching.article_budget():
        budget = Budget(_rule("x"), seconds=0.1)
        assert budget.run(waits, "text", 0) is None and budget.run(waits, "text", 0) is None
        assert budget.spent < 0.1 and asked == [None, None]
        with pytest.raises(RuleTimeout):
            list(scan(_rule(r"(a|aa)+b", {"anchor": "word_start"}), doc, lambda m: m))


def test_a_runaway_pattern_off_the_main_thread_is_stopped_too(monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.3)
    doc = SimpleNamespace(text="a" * 5000, word_starts=set(range(0, 5000, 50)), trace=None)
    result = _off_the_main_thread(lambda: list(scan(_rule(r"(a|aa)+b", {"anchor": "word_start"}), doc, lambda m: m)))
    assert isinstance(result, RuleTimeout)


def test_a_check_that_fails_is_a_warning_naming_the_rule_and_the_match():
    from pipeline.document import Doc
    doc = Doc(original="城西村", text="城西村")
    doc.word_starts = {0}
    assert list(scan(_rule("城西村"), doc, lambda m: {}["missing"])) == []
    assert doc.warnings == [{"rule": "metric.mine.runaway", "span": [0, 3], "error":
                             "rule metric.mine.runaway (mine.toml:3) failed on its match "
                             "[0, 3) '城西村': KeyError: 'missing'"}]
