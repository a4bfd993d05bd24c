"""Entities beyond the rule examples: the gazetteer's data, admin codes read from the article,
dates' normalized forms, and mentions under another form."""
from pipeline.extract.dates import normalize_date
from pipeline.extract.gazetteer import load as gazetteer, short_name
from pipeline.output import item_json
from pipeline.stages import process


def entities(text, rules):
    doc = process(text, rules)
    return [item_json(doc, e) for e in doc.entities]


def test_gazetteer_ships_every_level_with_codes(rules):
    gaz = gazetteer(rules)
    assert [d.code for d in gaz.lookup("江苏")] == ["320000"]
    assert {d.code for d in gaz.lookup("通州区")} == {"110112", "320612"}
    assert [d.code for d in gaz.lookup("巩义市")] == ["410181"]
    assert gaz.lookup("香港") and gaz.lookup("台北")


def test_taiwan_townships_are_places_without_a_made_up_code(rules):
    found = entities("南投县埔里镇今年观光人数回升,埔里的民宿业者表示满意。", rules)
    town = next(e for e in found if e["text"] == "埔里镇")
    assert town["type"] == "place" and "admin_code" not in town
    assert any(e["text"] == "埔里" and e["type"] == "place" for e in found)
    pingtung = gazetteer(rules).lookup("屏东")
    assert [d.name for d in pingtung] == ["屏东县"]     # not also 屏东市, the county's seat


def test_short_names_drop_level_and_peoples():
    peoples, levels = ["维吾尔族", "壮族", "朝鲜族"], ("自治区", "自治州", "区", "州")
    assert short_name("广西壮族自治区", peoples, levels) == "广西"
    assert short_name("延边朝鲜族自治州", peoples, levels) == "延边"
    assert short_name("东区", peoples, levels) is None


def test_admin_code_follows_the_article(rules):
    nantong = entities("南通市通州区今年新签约项目12个。", rules)
    beijing = entities("北京市通州区今年新签约项目12个。", rules)
    assert next(e for e in nantong if e["text"] == "通州区")["admin_code"] == "320612"
    assert next(e for e in beijing if e["text"] == "通州区")["admin_code"] == "110112"
    alone = entities("通州区今年新签约项目12个。", rules)
    assert "admin_code" not in next(e for e in alone if e["text"] == "通州区")


def test_dates_normalize_only_with_a_year(rules):
    assert normalize_date("上半年", 2023, rules) == "2023-H1"
    assert normalize_date("去年6月", 2023, rules) == "2022-06"
    assert normalize_date("前三季度", 2021, rules) == "2021-01/2021-09"
    assert normalize_date("1-8月", None, rules) is None
    assert normalize_date("108年", None, rules, traditional=True) == "2019"
    assert normalize_date("2023年第二季度", None, rules) == "2023-Q2"
    assert normalize_date("首三季", 2024, rules) == "2024-01/2024-09"
    assert normalize_date("二〇二三年十二月廿三日", None, rules) == "2023-12-23"


def test_article_year_from_the_dateline(rules):
    found = entities("2021-03-05 09:30\n今年一季度,全市外贸增长5%。", rules)
    quarter = next(e for e in found if e["text"] == "今年一季度")
    assert quarter["normalized"] == "2021-Q1"


def test_short_mentions_join_but_keep_their_own_spans(rules):
    found = entities("德里克-罗斯拿下20分。罗斯赛后表示满意。", rules)
    person = next(e for e in found if e["type"] == "person")
    assert person["mentions"] == [[0, 6]] and person["alias_mentions"] == [[12, 14]]
    assert [e for e in found if e["text"] == "罗斯"] == []


def test_every_entity_lexicon_is_used(rules):
    sources = " ".join(r.source for r in rules.rules["entities"])
    code = "".join(p.read_text(encoding="utf-8") for p in
                   __import__("pathlib").Path(__file__).parent.parent.glob("pipeline/**/*.py"))
    for name in ("titles", "surnames", "org_suffix", "org_lead_stop", "places", "countries",
                 "non_places", "non_names", "non_orgs", "generic_projects", "translit"):
        assert f"{{{name}}}" in sources or f'"{name}"' in code, name


def test_a_latin_name_listed_beside_a_company_is_one_and_its_later_mentions_join(rules):
    found = entities("合同由KTX、星河电子股份有限公司分享。KTX负责组装,GDP、CPI另行公布。", rules)
    ktx = next(e for e in found if e["text"] == "KTX")
    assert ktx["type"] == "organization" and len(ktx["mentions"]) == 2
    assert not any(e["text"] in ("GDP", "CPI") for e in found)


def test_a_village_is_a_place_but_a_describing_word_before_village_is_not(rules):
    found = {e["text"]: e["type"] for e in entities("黄沙岭村建成智慧社区,美丽乡村建设提速。", rules)}
    assert found.get("黄沙岭村") == "place"
    assert not any(t.endswith(("社区", "乡")) for t in found)


def test_a_clock_time_is_a_date_of_its_own_and_never_lengthens_one(rules):
    """Issue 12: a clock time in words (上午10时, 下午3点半) is a date of its own; the date
    before it stays the date (5月8日, never 5月8日上午10时), and digits with a colon (19:30)
    are left alone."""
    found = entities("5月8日上午10时,展会开幕;下午3点半举行签约,晚上19:30闭馆。", rules)
    assert [(e["type"], e["text"]) for e in found if e["type"] == "date"] == [
        ("date", "5月8日"), ("date", "上午10时"), ("date", "下午3点半")]


def test_month_and_day_ranges_normalize_to_intervals(rules):
    assert normalize_date("3月至6月份", 2024, rules) == "2024-03/2024-06"
    assert normalize_date("8月3日至5日", 2024, rules) == "2024-08-03/2024-08-05"
    assert normalize_date("13月至6月", 2024, rules) is None


def test_listed_company_lists_name_their_source_and_leave_out_ordinary_words(rules):
    """The lists are built from packages that ship them (scripts/build_listed_companies.py);
    their header says which, and words that read as ordinary text were left out."""
    from pipeline.engine.rules import SHIPPED
    header = (SHIPPED / "lexicons" / "listed_cn.txt").read_text(encoding="utf-8").splitlines()[0]
    assert "adata" in header and "licence" in header
    names = set(rules.words("listed_cn"))
    assert {"京东方", "万科", "比亚迪"} <= names
    assert not names & {"农产品", "太阳能", "智慧农业", "湖南发展", "新天地", "陆家嘴"}


def test_a_city_name_jieba_tags_as_a_noun_is_still_the_city_but_a_common_word_is_not(rules):
    # 烟台, 合肥: jieba tags them n; 来宾 (guests) and 日照 (sunlight) are words first
    found = [(e["type"], e["text"]) for e in entities("烟台今年引进外资3亿美元,合肥增长更快。", rules)]
    assert ("place", "烟台") in found and ("place", "合肥") in found
    found = entities("会议邀请来宾200人,全年日照时数偏少。", rules)
    assert not [e for e in found if e["type"] == "place"]


def test_no_organisation_starts_inside_the_word_jieba_reads_for_it(rules):
    # 首都|师范大学: out of context jieba tags 首都 an adverb, but the text's word is 首都师范大学;
    # a cut name (师范大学) would be a wrong fact
    found = [e["text"] for e in entities("首都师范大学教授李明表示。", rules) if e["type"] == "organization"]
    assert "师范大学" not in found
