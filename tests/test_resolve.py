"""Context inside an article: 下同, period and region carried, 其中 parts, checks."""
from decimal import Decimal

from pipeline.stages import process


def metrics_of(text, rules):
    return process(text, rules).metrics


def test_basis_stated_once_with_xiatong_carries_on(rules):
    ms = metrics_of("上半年,通州实现地区生产总值880.5亿元,同比(下同)增长7.8%。"
                    "一般公共预算收入41亿元,增长27.8%。", rules)
    assert [m["change"]["basis"] for m in ms] == ["同比", "同比"]
    assert ms[1]["basis_from"] == "下同"


def test_no_basis_is_invented_without_xiatong(rules):
    ms = metrics_of("一般公共预算收入41亿元,增长27.8%。", rules)
    assert ms[0]["change"]["basis"] is None


def test_period_and_region_carry_through_the_paragraph(rules):
    ms = metrics_of("上半年,通州区一般公共预算收入41亿元,增长27.8%;规上工业总产值增长12.8%。", rules)
    assert [(m["indicator"], m["period"]) for m in ms] == [("一般公共预算收入", "上半年"), ("规上工业总产值", "上半年")]
    assert ms[1]["period_from"] == "paragraph"


def test_a_link_verb_alone_inside_a_clause_inherits_no_name(rules):
    # 跌幅为0.75% has no subject: no level of 0.75% may go to the index named before
    doc = process("深成指开盘报9306.28点,低开27.17点,收于9308.43点,跌幅为0.75%。", rules)
    assert [(m["indicator"], m["value"]) for m in doc.metrics] == [("深成指", Decimal("9306.28"))]


def test_self_references_resolve_to_the_article_region(rules):
    ms = metrics_of("如东县前三季度经济运行平稳\n该县规模以上工业增加值同比增长7.9%。", rules)
    assert ms[0]["region"] == "如东县" and ms[0]["region_from"] == "article"


def test_whole_territory_words_stay_as_written(rules):
    # 全省 in a county's report is the province: never the county
    ms = metrics_of("如东县一季度工业生产稳中有进\n一季度全省完成生产总值2.9万亿元,同比增长4.6%。", rules)
    assert (ms[0]["indicator"], ms[0]["region"]) == ("生产总值", "全省")


def test_partners_and_comparison_bases_are_not_context(rules):
    ms = metrics_of("上半年,对美国出口增长5%。工业用电量同比增长4.8%,比一季度加快1.2个百分点。", rules)
    assert all(m["region"] != "美国" for m in ms[1:])
    assert ms[-1]["period"] == "上半年"


def test_year_moves_from_period_text_to_period_norm(rules):
    ms = metrics_of("2023年上半年,全省实现生产总值38217.6亿元。", rules)
    assert ms[0]["period"] == "上半年" and ms[0]["period_norm"] == "2023-H1"


def test_parts_after_qizhong_name_their_whole_and_are_checked(rules):
    doc = process("共梳理出企业需求67条。其中,技术改造类39条、科技创新类20条、上市融资类8条。", rules)
    whole, *parts = doc.metrics
    assert [p["parent"] for p in parts] == [whole["id"]] * 3
    assert doc.checks[0]["kind"] == "parts_sum" and doc.checks[0]["status"] == "ok"


def test_parts_larger_than_their_whole_are_flagged(rules):
    doc = process("进出口总额100亿元,其中出口120亿元,进口30亿元。", rules)
    kinds = {(c["kind"], c["status"]) for c in doc.checks}
    assert ("part_exceeds_whole", "fails") in kinds and ("parts_sum", "fails") in kinds


def test_per_capita_parts_are_not_summed(rules):
    doc = process("居民人均可支配收入35621元,其中城镇居民人均可支配收入45320元,"
                  "农村居民人均可支配收入22180元。", rules)
    assert [m["parent"] for m in doc.metrics[1:]] == [doc.metrics[0]["id"]] * 2
    assert doc.checks == []            # averages do not add up: nothing to flag


def test_check_messages_write_numbers_as_a_reader_would(rules):
    doc = process("利润总额2856.3亿元。其中,国有控股企业实现利润612.4亿元,私营企业实现利润1023.7亿元。", rules)
    assert doc.checks[0]["message"].startswith("61240000000 + 102370000000 = 163610000000 <")


def test_a_datelines_city_is_not_the_region(rules):
    ms = metrics_of("〔記者陳美玲／台北報導〕主計總處公布,10月出口值為392.7億美元,年增3.4%。", rules)
    assert ms[0]["indicator"] == "出口值" and ms[0]["region"] is None


def test_a_figure_restated_in_the_body_is_reported_once(rules):
    text = ("前三季度,全县实现工业总产值215.4亿元,同比增长6.3%。\n其他行业平稳发展。\n"
            "总的看,全县实现工业总产值215.4亿元,同比增长6.3%,运行稳中有进。")
    ms = metrics_of(text, rules)
    assert [(m["indicator"], float(m["value"])) for m in ms] == [("工业总产值", 215.4)]


def test_a_headline_glued_to_its_byline_is_not_a_second_fact(rules):
    # the headline runs into the byline on one line; the body gives the figure with its context
    ms = metrics_of("某银行去年净赚56亿⊙本报记者 王某 该行昨日披露年报,去年实现净利润56亿元,同比增长8.2%。", rules)
    assert [(m["indicator"], float(m["value"])) for m in ms] == [("净利润", 56)]
    # a headline's rate is the change the lead gives
    ms = metrics_of("本市二手房成交量周增三成本报讯(记者 李某)本市二手房成交量比前一周增加三成。", rules)
    assert [(m["indicator"], m["change"]["value"]) for m in ms] == [("二手房成交量", 30)]


def test_a_lead_repeated_word_for_word_is_one_fact(rules):
    lead = "楼市回暖的迹象更加明显,市场人士普遍认为新政的效果开始显现,全省上周的新房网签量较前一周增长两成。"
    ms = metrics_of(lead + "\n" + lead, rules)
    assert len(ms) == 1
    # the same rate after other words is another fact (a second sector's pull)
    ms = metrics_of("甲产业的贡献率为20%,拉动工业增长2.1个百分点。乙产业的贡献率为18%,拉动工业增长2.1个百分点。", rules)
    assert [m["change"]["value"] for m in ms if m["change"]] == [Decimal("2.1")] * 2


def test_a_figure_restated_under_a_shorter_name_is_one_fact(rules):
    # the lead's 年度净利润 and the body's 净利润: the same level and change, said twice
    text = ("该公司公告称,2023年度实现净利润3.6亿元,同比下降12.4%。分析人士指出,行业整体承压。"
            "年报显示,公司净利润3.6亿元,同比下降12.4%,主营收入基本持平。")
    assert [m["indicator"] for m in metrics_of(text, rules)] == ["年度净利润"]
    # a level alone may recur honestly under a related name
    text = "该县粮食产量45万吨。其中,夏粮产量45万吨。"
    assert len(metrics_of(text, rules)) == 2


def test_a_period_does_not_carry_across_a_whole_article_on_one_line(rules):
    # some sources deliver an article as one line: a date four sentences back says nothing of it
    filler = "业内人士认为,市场信心正在逐步恢复,后续走势仍需观察。" * 30
    text = "2021年,该市新建学校9所。2022年,该市新建学校12所。" + filler + "目前该市共有中小学校356所。"
    ms = {m["value"]: m["period"] for m in metrics_of(text, rules)}
    assert ms[12] == "2022年" and ms[356] is None
    # within a paragraph of usual length the period still carries
    ms = {m["value"]: m["period"] for m in metrics_of("2022年,该市新建学校12所。全市共有中小学校356所。", rules)}
    assert ms[356] == "2022年"


def test_the_same_figure_for_two_places_is_two_facts(rules):
    ms = metrics_of("甲县工业总产值120亿元。乙县工业总产值120亿元。", rules)
    assert len(ms) == 2



def test_which_dates_are_periods_is_a_word_list_a_user_can_extend(tmp_path):
    # a ten-day span (上旬) is no period in the shipped period_ends.txt; a user's list adds it
    from pipeline.engine.rules import load
    text = "10月上旬,全市实现销售额12亿元。"
    assert process(text, load()).metrics[0]["period"] is None
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "period_ends.txt").write_text("# mine\n旬\n", encoding="utf-8")
    assert process(text, load(tmp_path)).metrics[0]["period"] == "10月上旬"


def test_a_lead_that_names_only_its_whole_territory_gives_the_article_region(rules):
    ms = metrics_of("今年前三季度,全县经济稳中有进。\n工业生产平稳。规上工业增加值增长6.1%。", rules)
    assert (ms[0]["region"], ms[0]["region_from"]) == ("全县", "article")


def test_a_word_for_the_territory_inside_a_longer_word_is_no_region(rules):
    ms = metrics_of("该市场近来交投清淡。\n成交额增长6.1%。", rules)
    assert ms[0]["region"] is None


def test_a_self_reference_stays_as_written_when_the_article_names_no_place(rules):
    # the lead says only 全市: 我市 is no better read as 全市 than as itself
    ms = metrics_of("今年前两个月,全市进口总额12亿元。\n目前,我市三大出口产品中,纺织品出口额3.5亿元。", rules)
    assert (ms[-1]["indicator"], ms[-1]["region"]) == ("纺织品出口额", "我市")


def test_a_whole_territory_after_a_partner_word_is_what_the_figure_is_measured_against(rules):
    ms = metrics_of("如东县纺织业发展良好\n该县纺织业增加值增长8%,对全县工业增长的贡献率达到31.2%。", rules)
    assert ms[-1]["region"] == "如东县" and "全县" in ms[-1]["indicator"]


def test_a_citywide_goal_carried_on_is_the_home_city_by_name(rules):
    # the plan names 全市 once; the goals after it are the city's (a province-wide one is not)
    doc = process("嘉兴市发布年度计划\n今年目标:全市生产总值增长6%,一般公共预算收入增长5%。", rules)
    assert [t["region"] for t in doc.targets] == ["全市", "嘉兴市"]
    doc = process("嘉兴市发布年度计划\n今年目标:全省生产总值增长6%,一般公共预算收入增长5%。", rules)
    assert [t["region"] for t in doc.targets] == ["全省", "全省"]


def test_a_lead_without_a_place_gives_the_one_division_the_article_names(rules):
    doc = process("学者就施政报告座谈。\n学者指出,澳门经济仍依赖旅游。\n他预料明年旅游收入约500亿元。", rules)
    assert [(t["value"], t["region"]) for t in doc.targets] == [(500, "澳门")]
    doc = process("学者就施政报告座谈。\n学者指出,澳门和广州的旅游业都在复苏。\n他预料明年旅游收入约500亿元。", rules)
    assert [t["region"] for t in doc.targets] == [None]


def test_a_date_after_a_comparison_word_is_a_base_and_does_not_carry(rules):
    # 好于上月预期: 上月 is when the forecast was made, not the period of what follows
    ms = metrics_of("10月汽车销量32万辆,同比增长6%,好于上月预期。\n\n"
                    "新能源汽车销量同比增长12%。", rules)
    assert [(m["indicator"], m["period"]) for m in ms] == [("汽车销量", "10月"), ("新能源汽车销量", "10月")]


def test_a_level_to_a_decimal_stated_again_is_one_fact(rules):
    # the same rate to two decimals, once with the place and once without: a restatement
    ms = metrics_of("尽管疫苗加强针接种率达61.27%,疫情仍在扩散。专家表示,目前浙江省疫苗加强针接种率为61.27%。", rules)
    assert [float(m["value"]) for m in ms] == [61.27]
    # the same figure stated for two places is two facts
    ms = metrics_of("安吉县城镇化率为55.6%。德清县城镇化率为55.6%。", rules)
    assert len(ms) == 2


def test_a_span_back_from_the_day_of_writing_dates_its_own_clause_only(rules):
    # 近三个月 counts back from one figure's day: the next clause, and the next sentence, are
    # not dated by it (local_periods.txt), though its own clause is
    ms = metrics_of("近三个月共有42只基金分红,分红总额约86亿元。去年同期,分红总额约150亿元。", rules)
    periods = {(m["indicator"], m["value"]): m["period"] for m in ms}
    assert periods[("分红的基金", Decimal("42"))] == "近三个月"
    assert periods[("分红总额", Decimal("86"))] is None
    assert periods[("分红总额", Decimal("150"))] != "近三个月"
