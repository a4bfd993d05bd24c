"""`cnie coverage`: each number is extracted, claimed by a non-fact rule, or unaccounted."""
from pipeline.authoring.coverage import classify, masked


def _kinds(text, data, rules):
    return {text[s:e]: what for s, e, what in classify(text, data, rules)}


def test_numbers_inside_items_are_extracted(rules):
    text = "全县完成产值12.5亿元。"
    data = {"metrics": [{"span": [2, 12]}], "targets": [], "entities": []}
    assert _kinds(text, data, rules) == {"12.5": "extracted"}


def test_non_fact_rules_say_why(rules):
    text = "2024年3月5日,他以35岁位列第7,联系电话0512-66881234。"
    kinds = _kinds(text, {}, rules)
    assert kinds["2024"] == kinds["3"] == "nonfact:date"
    assert kinds["35"] == "nonfact:age"
    assert kinds["7"] == "nonfact:rank"
    assert kinds["0512"] == "nonfact:phone"


def test_a_number_no_rule_claims_is_unaccounted_and_masked(rules):
    text = "门店卖出了2800份套餐"
    assert _kinds(text, {}, rules) == {"2800": "unaccounted"}
    start = text.index("2800")
    assert masked(text, start, start + 4, rules) == "…门店卖出了#份套餐…"


def test_numerals_inside_names_are_claimed_as_names(rules):
    kinds = _kinds("跟踪沪深300的基金,二手房成交回暖,90后买家增多", {}, rules)
    assert kinds == {"300": "nonfact:name", "二": "nonfact:name", "90": "nonfact:name"}


def test_table_cells_rate_bases_and_idioms_are_claimed(rules):
    kinds = _kinds("净值 1.0321 0.9875 2.15%,每10份派0.3元,谈判一波三折", {}, rules)
    assert kinds["1.0321"] == kinds["0.9875"] == kinds["2.15"] == "nonfact:table"
    assert kinds["10"] == "nonfact:per"
    assert kinds["三"] == "nonfact:name"
    assert kinds["0.3"] == "unaccounted"


def test_weekdays_hotlines_and_ages_with_a_span(rules):
    kinds = _kinds("周三发布,咨询热线:63218899,适合3-6岁儿童", {}, rules)
    assert kinds["三"] == "nonfact:date"
    assert kinds["63218899"] == "nonfact:phone"
    assert kinds["3"] == kinds["6"] == "nonfact:age"


def test_a_lone_formal_digit_is_no_number(rules):
    assert _kinds("新品登陆大陆市场", {}, rules) == {}


def test_clock_times_and_second_homes_are_claimed(rules):
    kinds = _kinds("下午14:30开盘,二套房首付四成", {}, rules)
    assert kinds["14"] == kinds["30"] == "nonfact:date"
    assert kinds["二"] == "nonfact:name"


def test_a_quantity_no_rule_attributes_is_declined_not_unaccounted(rules):
    from pipeline.authoring.coverage import DECLINED, classify, quantity_spans
    text = "其中有7只基金跑赢大盘,操作上注意4点即可"
    kinds = {text[s:e]: what for s, e, what in classify(text, {}, rules, quantity_spans(text, rules))}
    assert kinds["7"] == DECLINED
    assert kinds["4"] == "unaccounted"


def test_index_points_and_idioms(rules):
    text = "上证综指收于2245.43点,上涨25.92点,涨幅1.17%。基金经理十分谨慎"
    from pipeline.authoring.coverage import quantity_spans
    spans = quantity_spans(text, rules)
    assert (text.index("2245"), text.index("2245") + 8) in spans
    assert _kinds(text, {}, rules)["十"] == "nonfact:name"


def test_explain_says_why_a_number_is_not_reported(rules):
    from pipeline.authoring.explain import explain_text
    out = explain_text("十四五期间,操作上注意4点即可。", rules, None, None)
    tail = out.split("numbers not reported:\n", 1)[1]
    assert "[0, 3) 十四五  not a fact: name" in tail
    assert "4  no rule reads it" in tail


def test_codes_ratings_ring_roads_and_market_phrases_are_claimed(rules):
    kinds = _kinds("该基金(代码:519069)获五星级评级,四环以内房价上涨,两岸两市联动", {}, rules)
    assert kinds["519069"] == "nonfact:code"
    assert kinds["五"] == "nonfact:rank"
    assert kinds["四"] == kinds["两"] == "nonfact:name"


def test_numerals_inside_words_are_claimed_but_not_counts_or_amounts(rules):
    kinds = _kinds("市场人气十足,资金重拾升势,两块钱一斤,新开三家店", {}, rules)
    assert kinds["十"] == kinds["拾"] == "nonfact:word"
    assert kinds["两"] == kinds["三"] == "unaccounted"


def test_rough_spans_and_holidays_are_dates(rules):
    kinds = _kinds("经过30多年发展,十一长假前后客流大增,卖出十一套", {}, rules)
    assert kinds["30"] == "nonfact:date"
    assert [w for s, e, w in classify("十一长假前后卖出十一套", {}, rules)] == ["nonfact:date", "unaccounted"]


def test_list_labels_and_figure_numbers_are_list_items(rules):
    text = "看法如下。1、控制仓位;其二,择时。办法三:定投。见表2。一要稳,二要准"
    kinds = _kinds(text, {}, rules)
    assert kinds["1"] == kinds["二"] == kinds["三"] == kinds["2"] == "nonfact:list"
    kinds = _kinds("使其二级市场价格偏离,共售出1、2、3号楼以外的5、6套", {}, rules)
    assert kinds["5"] == kinds["6"] == "unaccounted"


def test_glued_table_cells_codes_and_names_of_indices(rules):
    kinds = _kinds("净值0.91230.87761.0015 万科(000002,股吧) T+1到账 跟踪标普500指数", {}, rules)
    assert kinds["0.91230"] == "nonfact:table"
    assert kinds["000002"] == kinds["+1"] == "nonfact:code"
    assert kinds["500"] == "nonfact:name"


def test_a_list_of_lines_shares_the_last_ones_name_but_a_list_of_counts_does_not(rules):
    text = "新开31、45、208路,卖出31、45、208套"
    assert [(text[s:e], w) for s, e, w in classify(text, {}, rules)] == [
        ("31", "nonfact:name"), ("45", "nonfact:name"), ("208", "nonfact:name"),
        ("31", "unaccounted"), ("45", "unaccounted"), ("208", "unaccounted")]
