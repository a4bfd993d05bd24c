"""Where the engine tries a rule: only in documents its check can accept, and (for a rule that
opens with a word list) only where one of its words occurs; each with the same findings as a
scan of every position, and `cnie explain` still sees every candidate."""
from pipeline.engine.matching import scan
from pipeline.stages import process


def test_listed_tw_names_are_found_in_traditional_copy_only(rules):
    # the same short name: a company in Taiwanese copy, no name in mainland copy
    taiwan = process("鴻海今天公布上月營收,年增百分之五。", rules)
    mainland = process("鸿海今天公布上月营收,同比增长百分之五。", rules)
    assert "entity.organization.listed_tw" in {e.rule for e in taiwan.entities}
    assert "entity.organization.listed_tw" not in {e.rule for e in mainland.entities}


def test_a_rule_refused_by_its_document_is_not_run_unless_explain_traces(rules):
    rule = next(r for r in rules.all_rules() if r.id == "entity.organization.listed_tw")
    doc = process("鸿海今天公布上月营收。", rules)
    seen = []
    assert list(scan(rule, doc, lambda m: seen.append(m) or m, when=lambda d: False)) == []
    assert seen == []
    doc.trace = []
    assert list(scan(rule, doc, lambda m: None, when=lambda d: False)) == []
    assert [(start, end) for _, start, end, _ in doc.trace] == [(0, 2)]


def _lexicons(**lists):
    from pipeline.engine.rule_files import Lexicon
    return {name: Lexicon(name, words) for name, words in lists.items()}


def test_the_opening_words_are_read_off_the_pattern_as_written():
    from pipeline.engine.triggers import leading_words
    lex = _lexicons(goal=["力争", "确保"], org_suffix=["公司", "集团"])
    assert leading_words("(?P<verb>{goal}|{org_suffix})", lex) == {"力争", "确保", "公司", "集团"}
    assert leading_words(r"(?<![\p{Han}])(?P<name>(?:省|市)政府)", lex) == {"省", "市"}
    assert leading_words("(?P<verb>到)(?P<when>20\\d\\d年)", lex) == {"到"}
    # a mark outside ASCII stands for itself too: 《 and “ open these
    assert leading_words("《(?P<name>[^》]{2,20})》|(?<=楼盘)“(?P<name>[^”]{2})”", lex) == {"《", "“"}
    # an opening that may be skipped, a class, or a sub-pattern gives no trigger
    for source in ("{goal}?增长", "(?:{goal})*增长", "{goal}{0,2}增长", r"[\p{Han}]{2}公司",
                   "{num}亿元", "(?P<verb>{goal}|\\d+)"):
        assert leading_words(source, lex) is None, source


def test_a_head_of_bounded_one_character_repeats_shifts_the_opening_words():
    from pipeline.engine.triggers import _openings
    lex = _lexicons(org_suffix=["公司", "集团"])
    assert _openings(r"(?P<name>\p{Han}{2,8}?(?:{org_suffix}))", lex) == \
        {("公司", 2, 8), ("集团", 2, 8)}
    assert _openings(r"[一二三]?十几", lex) == {("十", 0, 1)}
    assert _openings(r"[\p{Han}A-Z]{3}\d(?<!X)镇", lex) == {("镇", 4, 4)}
    # unbounded or skippable repeats, a grapheme, or nothing to open with: no trigger
    for source in (r"\p{Han}+公司", r"\p{Han}*公司", r"\p{Han}{2,}公司", r"\X{2}公司",
                   r"\p{Han}{2,4}\d+", r"\p{Han}{2,4}{org_suffix}?镇"):
        assert _openings(source, lex) is None, source


def test_punctuation_after_a_head_or_in_a_lookahead_is_a_trigger():
    from pipeline.engine.triggers import _openings
    lex = _lexicons(translit=["甲", "乙"], org_suffix=["公司", "集团"])
    # a class of punctuation is rarer than the words after it; a lookahead must match there too
    assert _openings(r"(?:[A-Z]{1,3}|{translit}{1,6})(?:[-·]{translit}{1,8})+", lex) == \
        {("-", 1, 6), ("·", 1, 6)}
    assert _openings(r"(?P<name>\p{Han}{2,6})(?=\s?[(（]\p{Latin})", lex) == {("(", 2, 7), ("（", 2, 7)}
    assert _openings(r"(?P<name>\p{Han}{2,4}\s?\d{1,3})-\d", lex) == {("-", 3, 8)}
    # a range, a negated class or a head left too wide gives none
    for source in (r"\p{Han}{2}[A-Z]", r"\p{Han}{2}[^-]", r"(?P<name>\p{Han}{1,16}?)[(]"):
        assert _openings(source, lex) is None, source


def test_the_words_after_an_opening_word_are_read_at_its_width():
    from pipeline.engine.followers import _followers
    lex = _lexicons(surnames=["王", "欧阳"], titles=["市长", "主任"], translit=["甲", "乙"])
    # a surname of one or two characters, one or two more, then a title
    assert _followers(r"(?P<name>{surnames}\p{Han}{1,2}?)(?P<titles>{titles})", lex) == \
        {("市长", 2, 4), ("主任", 2, 4)}
    assert _followers(r"(?P<name>{translit}{2,7})(?=[(])", lex) == {("(", 2, 7)}
    # an opening that is no word list, or nothing readable after it: none
    for source in (r"\p{Han}{2}市长", r"{surnames}\p{Han}+{titles}", "{surnames}"):
        assert _followers(source, lex) is None, source


def test_trying_a_rule_at_its_trigger_words_finds_what_a_full_search_finds(rules):
    # every match of every triggered rule, found both ways over a few news sentences
    doc = process("国务院新闻办公室今天举行发布会,国家统计局局长王伟说,全省力争到2025年"
                  "引进了华为、比亚迪等龙头企业,市政府控制在3%以内,比上年提高2个百分点。"
                  "白沙镇东岭村的新材料产业园里,十几家企业的扩建项目已在高新区动工。"
                  "他读过《城市更新手册》,看好“东湖湾”楼盘和滨江公馆。", rules)
    tried = shifted = 0
    for rule in rules.all_rules():
        if rule.triggers is None:
            continue
        hits = rule.triggers.starts(doc, rule)
        by_search = [m.span() for m in rule.pattern.finditer(doc.text, overlapped=True)]
        by_trigger = [m.span() for m in (rule.pattern.match(doc.text, at) for at in hits) if m]
        assert by_trigger == by_search, rule.id
        tried += bool(by_search)
        shifted += bool(by_search) and any(hi for _, _, hi in rule.trigger)
    assert tried >= 5 and shifted >= 4


def _hand_rule(source, rules):
    import regex
    from types import SimpleNamespace
    from pipeline.engine.rule_files import expand
    return SimpleNamespace(id="metric.mine", source=source,
                           pattern=regex.compile(expand(source, rules.patterns), regex.V0))


def test_a_metric_rule_is_tried_only_just_before_its_quantities(rules):
    from pipeline.engine.anchors import rule_anchor
    level = next(r for r in rules.all_rules() if r.id == "metric.level_change")
    assert level.anchor.group == "level" and 8 < level.anchor.width < 200
    # an alternation at the top, or a group repeated without bound before it: no anchor
    assert rule_anchor(_hand_rule("(?P<a>{num}亿元)|(?P<b>{num}万元)", rules), rules.patterns) is None
    assert rule_anchor(_hand_rule("(?:[甲乙]{2}、)+(?P<level>{num}亿元)", rules), rules.patterns) is None


def test_a_rule_that_opens_with_its_indicator_is_anchored_on_the_next_group(rules):
    from pipeline.engine.anchors import rule_anchor
    reach = next(r for r in rules.all_rules() if r.id == "metric.change_to_level")
    assert reach.anchor.group == "change"
    # a group that may match nothing is no anchor; nor one behind a word every match holds
    assert rule_anchor(_hand_rule("(?P<a>{ind})(?P<b>[甲乙]{0,3})", rules), rules.patterns) is None
    assert rule_anchor(_hand_rule("(?P<a>{ind})为(?P<b>{num}亿元)", rules), rules.patterns) is None
    assert rule_anchor(_hand_rule("(?P<a>{ind}){sp}(?P<b>{num}亿元)", rules),
                       rules.patterns).group == "b"


def test_a_long_run_of_digits_before_the_group_is_still_looked_at(rules):
    from pipeline.engine.anchors import rule_anchor
    from pipeline.engine.matching import Budget
    rule = _hand_rule("[A-Z]{0,9}\\d+级(?P<level>{num}亿元)", rules)
    anchor = rule_anchor(rule, rules.patterns)
    text = "规模为" + "1" * 300 + "级5亿元"
    starts = anchor.starts(text, Budget(rule))
    assert rule.pattern.search(text).start() == 3 and 3 in starts


def test_anchored_rules_find_what_a_full_search_finds(rules):
    from pipeline.engine.matching import Budget
    doc = process("上半年,全市实现地区生产总值(GDP)880.5亿元,同比增长7.8%;规模以上工业增加值增长"
                  "6.1%,比一季度回落0.4个百分点。全年进出口总额达到1.2万亿元,其中出口增长5%。"
                  "城镇登记失业率回落0.3个百分点至4.6%。三次产业结构为9.5:40.1:50.4。"
                  "预计明年物价涨幅由2.1%回落至1.8%。过夜游客(36.2万人次)增长4.4%,入境游客(5.1万人次)"
                  "恢复明显。甲县和乙县的税收分别为3亿元和2亿元。农业产值是上年的1.5倍。"
                  "租金减免,每户以500元为限。各市房价涨幅:南京3.2%、苏州2.9%。"
                      "某红利ETF下跌1.3%,报2.51元。丙基金跌幅最大,下跌2.1%。该行下修今年出口预估至1.5%。央行下调存款准备金率1个百分点。"
                  "甲大学的学费最高,为1.4万美元。二手房契税按成交价的3%缴纳。存款余额增加120亿元,达到3500亿元。", rules)
    anchored = [r for r in rules.all_rules() if r.anchor is not None]
    assert {r.id for r in anchored} >= {"metric.level_change", "metric.change_only",
                                        "metric.change_to_level"}
    for rule in anchored:
        starts = rule.anchor.starts(doc.text, Budget(rule))
        by_search = [m.span() for m in rule.pattern.finditer(doc.text, overlapped=True)]
        by_anchor = [m.span() for m in (rule.pattern.match(doc.text, at) for at in starts) if m]
        assert by_anchor == by_search and by_search, rule.id


def test_a_group_that_opens_with_any_han_is_looked_for_only_after_the_lead(rules):
    from pipeline.engine.matching import Budget
    rule = next(r for r in rules.all_rules() if r.id == "metric.region_list")
    text = "南京3.2%、苏州2.9%。各市涨幅:南京3.2%、苏州2.9%。"
    # the members' pattern matches at 0 as well, but no lead ends before it: not looked at
    assert rule.anchor.pattern.match(text, 0) and rule.anchor.places(text, Budget(rule)) == [19]


def test_the_gazetteer_rule_tried_only_where_a_division_name_starts_finds_the_same(rules):
    # under `cnie explain` (a trace) every word start is tried: the places must be the same
    text = "江苏南通市通州区与上海浦东新区签约,和平路上的新兴产业园落户海门。"
    fast, traced = process(text, rules), process(text, rules, trace=True)
    places = lambda doc: [(e.start, e.end, e.rule) for e in doc.entities if e["type"] == "place"]  # noqa: E731
    assert places(fast) == places(traced)
    assert any(rule == "entity.place.gazetteer" for _, _, rule in places(fast))


def test_a_word_start_rule_tried_only_where_its_check_can_accept_finds_the_same_names(rules):
    # entity.person.tagged is tried only where a word of 3-4 characters starts (entities.py
    # _ONLY_AT): the names its check takes are those it takes at every word start
    from functools import partial
    from pipeline.extract import entities, persons
    rule = next(r for r in rules.all_rules() if r.id == "entity.person.tagged")
    doc = process("会上,郭俊佑和林志伟分别发言,王明说这项工作由市里统筹,随后蔡明宏带队走访。", rules)
    accept = lambda m: persons.tagged(doc, *m.span("name"), rules)   # noqa: E731
    at = partial(entities._ONLY_AT["tagged"], rules=rules)
    everywhere = list(scan(rule, doc, accept))
    assert len(everywhere) >= 2 and list(scan(rule, doc, accept, at=at)) == everywhere
