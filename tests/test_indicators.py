"""Indicator cleaning on its own: what a rule's indicator group keeps as the thing measured,
and what it hands on as period, region and goal verb."""
import pytest

from pipeline.extract.indicators import clean_indicator
from pipeline.authoring.explain import explain_text
from pipeline.stages import process


def cleaned(text, clause, rules):
    doc = process(text, rules)
    start = text.index(clause)
    return clean_indicator(doc, start, start + len(clause), rules)


@pytest.mark.parametrize("text, clause, indicator", [
    ("前三季度,湖西区实现社会消费品零售总额120.5亿元。", "湖西区实现社会消费品零售总额", "社会消费品零售总额"),
    ("机械、电子等重点行业43个。", "机械、电子等重点行业", "重点行业"),                 # 等 closes the examples
    ("全市工业增加值增速比上半年加快0.4个百分点。", "全市工业增加值增速比上半年加快", "工业增加值增速"),
])
def test_what_is_measured_is_left_after_verbs_lists_and_comparisons(rules, text, clause, indicator):
    assert cleaned(text, clause, rules)["indicator"] == indicator


def test_places_periods_and_goal_verbs_leave_the_indicator_for_their_fields(rules):
    found = cleaned("全县完成固定资产投资45亿元。", "全县完成固定资产投资", rules)
    assert (found["indicator"], found["region"]) == ("固定资产投资", "全县")
    found = cleaned("确保全年粮食产量保持在60万吨。", "确保全年粮食产量", rules)
    assert (found["indicator"], found["period"], found["verb"]) == ("粮食产量", "全年", "确保")


def test_the_span_points_at_the_indicator_in_the_original_text(rules):
    text = "上半年,全区规上工业总产值增长12%。"
    found = cleaned(text, "全区规上工业总产值", rules)
    start, end = found["span"]
    assert text[start:end] == found["indicator"] == "规上工业总产值"


def test_a_stability_verb_links_the_indicator_to_its_level(rules):
    ms = process("全县登记失业率稳定在3.8%左右。", rules).metrics
    assert [(m["indicator"], float(m["value"])) for m in ms] == [("登记失业率", 3.8)]     # not 失业率稳定


def test_sports_copy_reports_games_not_an_economy(rules):
    text = ("本场比赛主队在主场迎战对手,球员张力全场得到26分,球队本赛季已取得18个胜场。"
            "该球员本场出场32分钟,投篮命中率51.2%。")
    doc = process(text, rules)
    assert doc.metrics == [] and doc.targets == []


def test_an_economic_article_that_mentions_one_match_keeps_its_figures(rules):
    ms = process("上半年,全市体育产业总产值86.4亿元,同比增长9.1%,举办比赛120场。", rules).metrics
    assert [(m["indicator"], float(m["value"])) for m in ms][:1] == [("体育产业总产值", 86.4)]


def test_a_fragment_before_a_figure_is_no_indicator_and_explain_says_why(rules):
    text = "该市今年录得历来最高8.6亿元。"
    assert process(text, rules).metrics == []
    assert "ends with '最高'" in explain_text(text, rules)


def test_a_link_word_glued_to_an_adjective_is_not_part_of_the_indicator(rules):
    ms = process("该校学生缺勤率高达6.5%,比上月上升1.2个百分点。", rules).metrics
    assert [m["indicator"] for m in ms][:1] == ["学生缺勤率"]


def test_a_unit_cut_from_a_longer_word_gives_no_amount(rules):
    # 36万人|口, 两部|门: the unit is a piece of the word after it, no count of 人 or 部
    for text in ("覆盖全区36万人口的供水工程已经完工。", "财政、税务两部门昨日联合印发通知。"):
        assert process(text, rules).metrics == []
    # only that figure goes: the next clause's own figure stays
    assert [m["value"] for m in process("这座水厂服务12万人口,日供水能力10万吨。", rules).metrics] == [10]


def test_numbered_points_and_verbs_whose_object_follows_name_nothing(rules):
    # 一是/四是 number a report's points; 对应/拿出 leave what is measured after the figure
    assert [m["indicator"] for m in process("一是全市规上工业增加值增长8.1%。", rules).metrics] == ["规上工业增加值"]
    for text in ("四是全市63%的河段水质达标。", "他说两成的投资增长对应5%的产出。", "政府不会再次拿出3万亿刺激经济。"):
        assert process(text, rules).metrics == [], text


def test_an_earthquakes_place_and_depth_are_no_metrics(rules):
    assert process("该海域发生4.8级地震,震中位于北纬23.5度,震源深度约12公里。", rules).metrics == []


def test_a_bound_that_picks_out_a_group_is_no_level(rules):
    # 超过3%的基金有12只: 3% is the line drawn through the funds, not any fund's return
    for text in ("本周净值增长率超过3%的基金有12只。", "去年营业收入超过5亿元的企业达到31家。"):
        assert not [m for m in process(text, rules).metrics if m["unit"] in ("%", "亿元")], text
    assert "a bound picking out a group" in explain_text("本周净值增长率超过3%的基金有12只。", rules)
    # a level followed by 的 and what it is (3.5%的增幅) stays
    assert [m["value"] for m in process("该基金一季度净值增长率为3.5%。", rules).metrics] == [3.5]


def test_the_set_a_rank_is_drawn_from_is_no_count_even_with_an_aside(rules):
    # 52只债券基金(B类)中排名第三: the size of the field ranked, an aside before 中
    assert process("该基金在参与评比的52只债券基金(B类)中排名第三。", rules).metrics == []


def test_a_number_inside_a_documents_name_is_no_amount(rules):
    # 《国十条》: the name of a set of rules, not ten of anything
    assert process("国务院日前下发《国十条》,坚决遏制房价过快上涨。", rules).metrics == []
    # the clause's own figure after it stays
    ms = process("此前出台的《国六条》中,首付比例提高到三成。", rules).metrics
    assert [m["indicator"] for m in ms] == ["首付比例"]


@pytest.mark.parametrize("text, indicator", [
    ("港口集装箱吞吐量从上年的210万标箱增加到236万标箱。", "港口集装箱吞吐量"),    # 从 + a time: a move starts
    ("基金一季度总计从债市撤资约1350亿元。", "债市撤资"),                        # 从 + a noun: where from
])
def test_a_from_mark_ends_the_indicator_only_before_a_time(text, indicator, rules):
    assert process(text, rules).metrics[0]["indicator"] == indicator
