"""The lookaheads the engine adds to a pattern (engine/guards.py) change where a failing path
stops, never what matches: every guarded rule finds, at every position, the match and the
groups of the pattern as its author wrote it."""
import regex

from pipeline.engine.guards import _continuation, guarded
from pipeline.engine.rules import Rule
from pipeline.stages import process

_TEXT = ("1至10月,全区规模以上工业增加值达到538.1亿元,同比增长4.9%,增速比1至9月回落0.2个百分点。"
         "社会消费品零售总额(不含汽车)约为980亿元,较上年增长4.1%;出口额为12.5亿美元,下降3.2%。"
         "其中,高技术制造业投资增长18%,占全部投资的比重达到23.7%,粮食产量是上年的1.2倍。"
         "城乡居民人均可支配收入分别为52136元和24890元,分别增长5.0%、6.8%。"
         "新能源汽车产量增长40%以上,达到15万辆;港口货物吞吐量由上年的3.1亿吨增至3.4亿吨。")


def test_every_guarded_rule_matches_as_its_pattern_is_written(rules):
    doc = process(_TEXT, rules)
    checked = 0
    for rule in rules.all_rules():
        if rule.guarded is None:
            continue
        checked += 1
        for at in range(len(doc.text) + 1):
            plain, fast = rule.pattern.match(doc.text, at), rule.guarded.match(doc.text, at)
            assert (plain and (plain.span(), plain.groupdict())) == \
                (fast and (fast.span(), fast.groupdict())), (rule.id, at)
    assert checked >= 3     # the costly metric rules are guarded


def test_the_slowest_metric_rule_is_guarded_after_its_indicator(rules):
    rule = next(r for r in rules.all_rules() if r.id == "metric.level_change")
    guards = regex.compile(r"\(\?=\[\\U[^\]]*\]\)")
    assert rule.guarded is not None
    assert rule.guarded.pattern.index("(?P<indicator>") < guards.search(rule.guarded.pattern).start()
    # take the guards out and the pattern as written is left
    assert guards.sub("", rule.guarded.pattern) == rule.pattern.pattern


def _rule(source: str) -> Rule:
    return Rule("test.rule", "metrics", regex.compile(source, regex.V0), source, "test.toml", 1)


def test_a_guard_tests_what_the_rest_of_the_pattern_opens_with():
    rule = _rule(r"(?P<indicator>\p{Han}{1,6}?)(?:为|达)?(?P<level>\d+)元")
    pattern = guarded(rule, {}).pattern
    guard = regex.match(r"\(\?P<indicator>\\p\{Han\}\{1,6\}\?\)\(\?=(\[[^\]]*\])\)", pattern)
    assert guard is not None
    assert all(regex.fullmatch(guard.group(1), ch) for ch in "为达07")
    assert not any(regex.fullmatch(guard.group(1), ch) for ch in "元收入,")
    text = "全年收入为3200元,利润达450元"
    assert [m.span() for m in regex.finditer(pattern, text)] == \
        [m.span() for m in rule.pattern.finditer(text)]


def test_no_guard_where_the_continuation_is_not_plain():
    # inside a repeated group the continuation loops back; a lookaround or an atomic group
    # ends where its own text ends: the engine adds nothing there
    assert _continuation("(?:(?P<a>x)y)+z", len("(?:(?P<a>x)")) is None
    assert _continuation("(?=(?P<a>x)y)z", len("(?=(?P<a>x)")) is None
    assert _continuation("(?>(?P<a>x)y)z", len("(?>(?P<a>x)")) is None
    assert _continuation("(?:(?P<a>x)y|w)?z", len("(?:(?P<a>x)")) == "yz"
    assert guarded(_rule(r"(?P<a>\p{Han}{2})\p{Han}+"), {}) is None   # any Han: no gain
