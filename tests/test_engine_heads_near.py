"""A rule that opens with a sub-pattern (its level's {quantity}) is tried only where that
sub-pattern matches (engine/heads.py), and a rule that holds a character or a word only within
its width of one (engine/near.py): with the same findings as a search at every position."""
from pipeline.engine.matching import Budget, _trigger_hits
from pipeline.stages import process

from test_engine_where import _hand_rule

TEXT = ("上半年,全市实现地区生产总值880.5亿元,同比增长7.8%;30%的受访者表示满意,"
        "有12家企业完成改制,八成居民支持,其中3家公司上涨。约1.2万人参加培训,5成企业表示乐观。"
        "2023年共有120只基金分红,部分基金净值上涨超过5%。")


def test_the_head_is_the_sub_pattern_after_lookarounds_and_groups(rules):
    from pipeline.engine.heads import rule_head
    words = set(rules.lexicons)
    head = rule_head(_hand_rule("(?=[^,]{0,9}%)(?P<level>(?:{quantity})的)人", rules), rules.patterns, words)
    assert head is not None and head.width == 0
    # optional, a word list, an alternation at the top, a class: no head
    for source in ("(?P<level>{quantity})?人", "(?P<verb>{up}){quantity}", "{quantity}人|人{quantity}",
                   "[甲乙](?P<level>{quantity})"):
        assert rule_head(_hand_rule(source, rules), rules.patterns, words) is None, source


def test_rules_tried_at_their_head_find_what_a_full_search_finds(rules):
    doc = process(TEXT, rules)
    headed = [r for r in rules.all_rules() if r.head is not None]
    assert {r.id for r in headed} >= {"metric.population_share", "metric.count_predicate",
                                      "metric.counted_predicate"}
    found = 0
    for rule in headed:
        hits = _trigger_hits(rule, doc, Budget(rule))
        by_search = [m.span() for m in rule.pattern.finditer(doc.text, overlapped=True)]
        by_head = [m.span() for m in (rule.pattern.match(doc.text, at) for at in hits) if m]
        assert by_head == by_search, rule.id
        found += bool(by_search)
    assert found >= 4


def test_a_head_is_kept_only_where_its_places_are_shared(rules):
    # each head finds the places of some other rule's anchor or head, found once per text
    keys = [a.key() for r in rules.all_rules() for a in (r.anchor, r.head) if a is not None]
    assert all(keys.count(r.head.key()) >= 2 for r in rules.all_rules() if r.head is not None)


DATES = ("2023年3月5日上午,该市召开会议。去年全年GDP增长5%,今年一季度末增长4.8%,"
         "上半年以来的第二周,6月上旬到7月下旬,2022年度报告,周三下午3点,农历八月十五中秋节。")


def test_a_rule_is_tried_only_within_its_width_of_what_it_holds(rules):
    # the places near.py leaves out start no match: the same matches as at every place
    from pipeline.engine.matching import _within_reach
    doc = process(DATES + TEXT, rules)
    near = [r for r in rules.all_rules() if r.near is not None]
    assert {r.id for r in near} >= {"entity.date.week_part", "entity.date.clock"}
    found = cut = 0
    for rule in near:
        every = list(range(len(doc.text) + 1))
        kept = _within_reach(rule, doc.text, every)
        by_search = [m.span() for m in rule.pattern.finditer(doc.text, overlapped=True)]
        by_near = [m.span() for m in (rule.pattern.match(doc.text, at) for at in kept) if m]
        assert by_near == by_search, rule.id
        found += bool(by_search)
        cut += len(kept) < len(every) // 2
    assert found >= 8 and cut >= len(near) // 2


def test_a_rule_too_wide_or_unbounded_has_no_reach(rules):
    from pipeline.engine.near import rule_near
    for source in ("(?:[甲乙]{2}x)+月", "[甲乙]{60}月"):
        rule = _hand_rule(source, rules)
        rule.holds = frozenset("月")
        rule.holds_words = ()
        assert rule_near(rule) is None, source
    rule = _hand_rule("[甲乙]{1,3}月", rules)
    rule.holds, rule.holds_words = frozenset("月"), ()
    assert rule_near(rule).keep("甲乙。乙乙甲乙乙月", list(range(10))) == [5, 6, 7, 8]
    # a run without bound reaches as far as the text's longest run of its characters
    rule = _hand_rule("[甲乙]+月", rules)
    rule.holds, rule.holds_words = frozenset("月"), ()
    assert rule_near(rule).keep("甲乙。乙乙甲乙乙月", list(range(10))) == [3, 4, 5, 6, 7, 8]
