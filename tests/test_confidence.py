"""`confidence` on metrics and targets, and `cnie run --min-confidence` dropping the rest."""
import json

from pipeline.cli import main
from pipeline.stages import process


def ratings(text, rules):
    doc = process(text, rules)
    return {(m["indicator"], m["confidence"]) for m in doc.metrics + doc.targets}


def test_a_known_indicator_in_its_own_clause_is_high(rules):
    assert ("地区生产总值", "high") in ratings("上半年,全市实现地区生产总值512.3亿元,同比增长6.1%。", rules)


def test_an_unknown_but_clean_indicator_is_medium(rules):
    assert ratings("全县新增市场主体3150户。", rules) == {("新增市场主体", "medium")}


def test_a_count_with_a_numbered_name_is_low(rules):
    found = ratings("县长宣布全县第八期两个一批项目集中开工,开工3个。", rules)
    assert ("县长宣布全县第八期", "low") in found and ("开工", "medium") in found
    # in quotes the numeral opens a name (“两个”项目) and is no count at all
    assert ratings("县长宣布全县第八期“两个”项目建设集中开工,开工3个。", rules) == {("开工", "medium")}


def test_run_drops_low_items_unless_asked(tmp_path, capsys):
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text("全县新增市场主体3150户。县长宣布全县第八期两个一批项目集中开工,开工3个。",
                                           encoding="utf-8")
    def levels(*extra):
        assert main(["run", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "-j", "1", *extra]) == 0
        data = json.loads((tmp_path / "out" / "a.json").read_text(encoding="utf-8"))
        return sorted(m["confidence"] for m in data["metrics"] + data["targets"])
    assert "low" not in levels()
    assert "low" in levels("--min-confidence", "low")
    capsys.readouterr()


def test_an_indicator_that_opens_with_an_adverb_is_low(rules):
    # the clause gave no name: 只会录得… is the sentence's words, not what is measured; a
    # target so named is not reported at all (target_names.unnamed), a low one would be
    assert ratings("该局去年预测今年只会录得90亿元。", rules) == set()
    # a target's noun right after the figure names it: then it is a name like any other
    assert ratings("该局去年预测今年只会录得90亿元盈余。", rules) == {("盈余", "medium")}
    assert ratings("全县新增市场主体3150户。", rules) == {("新增市场主体", "medium")}


def test_an_indicator_that_keeps_an_adverb_is_low(rules):
    # 大幅突破: the clause's own words were kept, so the name is a stretch of the sentence
    assert ratings("该板块的成交额大幅突破45亿元。", rules) == {("板块的成交额大幅", "low")}
    # an adverb jieba reads inside a name (不过夜) is none of these
    assert ratings("全年接待过境游客中,不过夜旅客320万人次。", rules) >= {("不过夜旅客", "medium")}


def test_a_level_read_across_a_comparison_is_low(rules):
    # the 52亿元 is the other company's, set against 甲公司: no level of 甲公司's own
    assert ratings("甲公司的营收高于乙公司的52亿元。", rules) == {("甲公司的营收高于乙公司", "low")}


def test_a_figure_in_the_wording_of_a_rule_is_low(rules):
    # what a rule allows or requires is no measured fact
    assert {c for _, c in ratings("按照新办法,各地的最低工资标准不得低于1800元。", rules)} == {"low"}
    assert ratings("该市的最低工资标准为1800元。", rules) == {("最低工资标准", "medium")}


def test_an_indicator_that_keeps_an_aspect_particle_is_low(rules):
    # 获得了: the sentence's verb with its particle, not the name of what is measured
    assert ratings("该公司去年获得了各类补贴资金3200万元。", rules) == {("公司获得了各类补贴资金", "low")}


def test_a_figure_in_a_supposition_is_low(rules):
    # 是否再投 / …的话: what might be, not what was measured
    assert ratings("该区是否追加投资8亿元尚无定论。", rules) == {("是否追加投资", "low")}
    assert ratings("按人均30平方米居住面积的话,一套房就够了。", rules) == {("人均", "low")}
    assert ratings("园区去年扩区2平方公里。", rules) == {("园区扩区", "medium")}


def test_an_indicator_that_holds_a_modal_verb_is_low(rules):
    # 可以 / 能够: what can be, not what was measured; 可支配收入 holds no modal word
    assert {c for _, c in ratings("新规实施后,职工公积金可以最高贷款60万元。", rules)} == {"low"}
    assert {c for _, c in ratings("这套设备每年能够回收废水12万吨。", rules)} == {"low"}
    assert ratings("全区居民人均可支配收入31250元。", rules) == {("居民人均可支配收入", "high")}
    # 不得 / 不应: what must not be is a rule, not a measure
    assert {c for _, c in ratings("二套房首付比例不得低于40%。", rules)} == {"low"}
    assert {c for _, c in ratings("养老账户中股票的比重不应超过50%。", rules)} <= {"low"}


def test_an_indicator_that_names_a_person_is_low(rules):
    # what one person paid or did is an event, not a statistic; a person elsewhere in the text
    # (the reporter) leaves the indicator alone
    assert ratings("董事长李明华个人出资3000万元。", rules) == {("董事长李明华个人出资", "low")}
    assert ratings("记者王海涛报道,全县新增市场主体3150户。", rules) == {("新增市场主体", "medium")}


def test_a_target_under_a_supposition_is_low(rules):
    # 如果 opens the sentence: what would follow, a worked example, not a plan or a forecast
    assert ratings("如果明年房价继续上涨,该市土地出让收入将达到500亿元。", rules) == {("土地出让收入", "low")}
    # a forecast may say what is possible: 可能 supposes nothing
    assert ratings("预计明年该市土地出让收入将达到500亿元。", rules) == {("土地出让收入", "medium")}


def test_a_share_of_a_population_is_judged_by_its_population_not_its_predicate(rules):
    # the predicate is meant to be a stretch of the sentence: its adverb and modal are what
    # the share does, not words kept in a name (rated on 患者 alone)
    assert ratings("据统计,约12%的患者可能需要住院治疗。", rules) == {("患者可能需要住院治疗", "medium")}


def test_a_count_named_by_its_predicate_is_medium(rules):
    # one verb alone names no measure, except as the predicate of who was counted
    found = ratings("昨日全市有126人出院,当天新增86人被送往医院。", rules)
    assert found == {("出院", "medium"), ("新增被送往医院", "medium")}


def test_a_bound_that_picks_out_the_group_is_no_number_kept_in_the_name(rules):
    found = ratings("今年以来净值增长率超过15%的基金有23只。", rules)
    assert found == {("净值增长率超过15%的基金", "medium")}
