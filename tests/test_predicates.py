"""Figures named by what their people do (pipeline/extract/predicates.py): a share of a
population is a fact of the survey or the statistic, whatever its predicate says of plans or years."""
from pipeline.stages import process


def test_a_goal_word_in_the_predicate_sets_no_target(rules):
    # 将 says what the respondents expect; the next share is no goal either
    doc = process("调查显示,38%的受访者认为房价将下跌,27%的受访者认为将保持平稳。", rules)
    assert [(m["indicator"], m["value"]) for m in doc.metrics] == [
        ("受访者认为房价将下跌", 38), ("受访者认为将保持平稳", 27)]
    assert doc.targets == []


def test_a_goal_before_the_share_still_makes_it_a_target(rules):
    doc = process("到2027年,力争85%的企业实现数字化转型。", rules)
    assert [(t["indicator"], t["value"]) for t in doc.targets] == [("企业实现数字化转型", 85)]
    assert doc.metrics == []


def test_a_date_in_the_predicate_is_no_period_of_the_figures(rules):
    doc = process("调查显示,42.5%的受访者认为明年房价将上涨,另有9%的受访者表示观望。", rules)
    assert [(m["indicator"], m["period"]) for m in doc.metrics] == [
        ("受访者认为明年房价将上涨", None), ("受访者表示观望", None)]


def test_the_share_names_its_population(rules):
    doc = process("成都市65%的居民已完整接种疫苗。", rules)
    [m] = doc.metrics
    assert (m["population"], m["region"], m["value"], m["unit"]) == ("居民", "成都市", 65, "%")
    assert doc.text[slice(*m["indicator_span"])] == "居民已完整接种疫苗"


def test_a_goal_word_opening_the_predicate_is_the_texts_forecast(rules):
    doc = process("研究机构指出,照此速度,全国40%以上人口将感染流感。", rules)
    assert [(t["indicator"], t["value"], t["qualifier"]) for t in doc.targets] == [("人口将感染流感", 40, "at_least")]
