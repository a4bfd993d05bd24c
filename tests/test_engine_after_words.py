"""A rule's `after_word` key: the rule is tried only where a word of a lexicon ends shortly
before, in the same stretch of text; it finds what the same pattern opened by a lookbehind
finds, and `cnie rules check` says where a key is malformed."""
import copy

import regex

from pipeline.engine.after_words import AfterWord
from pipeline.engine.anchors import rule_anchor
from pipeline.engine.guards import guarded
from pipeline.engine.matching import scan
from pipeline.engine.rule_files import expand
from pipeline.stages import process
from tests.test_rules import problems_of


def test_the_rule_can_start_only_within_reach_of_a_word_and_before_a_stop():
    after = AfterWord(("预计",), 5, regex.compile("(?:[^。]){0,5}"))
    text = "预计ab。cd预计efghijk"
    assert after.spans(text) == [(2, 4), (9, 14)]
    assert after.keep(text, None) == [2, 3, 4, 9, 10, 11, 12, 13, 14]
    assert after.keep(text, [0, 3, 5, 8, 14, 15]) == [3, 14]
    assert after.keep("今年通胀回落", None) == []


def _with_lookbehind(rule, rules):
    """RULE as it was written before the key: the same condition as a lookbehind."""
    old = copy.copy(rule)
    old.after = None
    old.source = r"(?<=(?:{goal})[^。!?\n]{0,80})" + rule.source
    old.pattern = regex.compile(expand(old.source, rules.patterns), regex.V0)
    old.guarded, old.anchor = guarded(old, rules.patterns), rule_anchor(old, rules.patterns)
    return old


def test_after_word_finds_what_the_lookbehind_found(rules):
    rule = next(r for r in rules.all_rules() if r.id == "metric.move_to_level")
    old = _with_lookbehind(rule, rules)
    far = "当局预计," + "各项措施陆续落地," * 10 + "通胀由1.6%升至2.1%。"
    texts = ["统计部门预计,今年通胀将由1.9%回落至1.2%,就业率由95%升至96%。",
             "去年通胀由1.8%升至2.5%。",                       # no goal word
             "机构预计增长放缓。去年失业率由4%升至5%。",          # the sentence ended before
             far]                                              # the goal word is too far back
    found = []
    for text in texts:
        doc = process(text, rules)
        for accept in (lambda m: None, lambda m: m.span()):
            seen = {r.id: [] for r in (rule, old)}
            for r in (rule, old):
                list(scan(r, doc, lambda m, r=r: seen[r.id].append(m.span()) or accept(m)))
            assert seen[rule.id] == seen[old.id], text
        found.append(seen[rule.id])
    assert found[0] and not any(found[1:])


def test_a_malformed_after_word_is_reported_at_its_line(tmp_path):
    head = '[[rule]]\nid = "{}"\npattern = "(?P<level>[0-9]+)亿元"\n'
    tail = 'examples = [{ text = "x", expect = [] }]\n\n'
    keys = {"a": 'after_word = { lexicon = "goals", within = 80, gap = "[^。]" }',
            "b": 'after_word = { lexicon = "goal", within = -1, gap = "[^。]" }',
            "c": 'after_word = { lexicon = "goal", within = 80, gap = "[^。]{2}" }',
            "d": 'after_word = "goal"'}
    text = "".join(head.format(name) + key + "\n" + tail for name, key in keys.items())
    problems = "\n".join(problems_of(tmp_path, {"metrics_x.toml": text}))
    where = str(tmp_path / "metrics_x.toml")
    assert f"{where}:4 a: after_word: no lexicon named 'goals' (did you mean 'goal'?)" in problems
    assert f"{where}:10 b: after_word: within must be a number" in problems
    assert f"{where}:16 c: after_word: gap must be a pattern of one character" in problems
    assert f"{where}:22 d: after_word must be a table of lexicon, within and gap" in problems
