"""Figures given as a pair or a list without 分别, and rates after 分别 that belong to several levels."""
from pipeline.authoring.explain import explain_text
from pipeline.stages import process


def facts(text, rules):
    return [(m["indicator"], float(m["value"]) if m["value"] is not None else None,
             (m["change"] or {}).get("value")) for m in process(text, rules).metrics]


def test_two_names_and_two_figures_without_respectively_give_no_fact(rules):
    # which of 98.2万平方米 and 76亿元 is whose is left to the reader: nothing is reported
    text = "2023年一季度该集团销售面积和销售金额减少至98.2万平方米和76亿元。"
    assert facts(text, rules) == []
    assert "without 分别" in explain_text(text, rules)
    # each figure with its own name stays
    assert facts("全市出口额12亿元和进口额8亿元。", rules) == [("出口额", 12, None), ("进口额", 8, None)]


def test_rates_after_respectively_are_not_given_to_the_nearest_level(rules):
    # 同比分别增长12.4%和9.8%: the first rate is the first level's, not 销售金额's
    text = "前两个月该集团实现销售面积38.6万平方米,销售金额41.2亿元,同比分别增长12.4%和9.8%。"
    assert facts(text, rules) == [("销售面积", 38.6, None), ("销售金额", 41.2, None)]
