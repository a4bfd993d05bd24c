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
