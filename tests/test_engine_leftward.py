"""How far left of its quantity the engine tries a metric rule (engine/leftward.py): only where
the words before the quantity can reach it, and always with the matches a search at every
position finds."""
import pytest
import regex

from pipeline.engine.leftward import rule_reach
from pipeline.engine.matching import Budget
from pipeline.text.normalize import normalize_text

# sentences of my own, each with a shape that could trip a cut window
TRICKY = [
    "会议由县长主持,全县粮食总产量达45.6万吨,比上年增长3.2%。",       # after a clause mark
    "45.6万吨粮食入库,同比多1.2万吨。",                                # a quantity opens the text
    "出口额和进口额分别为7亿美元和5亿美元,顺差2亿美元。",               # two quantities, one clause
    "第二季度:净利润8000万元;毛利率31.5%。",                          # after a colon
    "总收入(扣除税费)5亿元,增长6%。",                                  # an aside in brackets
    "总收入(扣除税费,下同)5亿元,增长6%。",                             # a comma inside one
    "全年新增就业岗位2600个、城镇新增人口1.1万人\n园区税收3.4亿元",      # a list, a line break
    "該廠營收(不含子公司, 合併計算)增至650億元, 年增12%。",             # traditional, spaces
    "2023年度研发投入 12.5 亿元,占营收的4.1%。",                        # a year before the name
    "全县工业投资(12.5亿元)同比增长8%,( 3亿元)另计。",                  # a level in brackets
    "均价由每吨4000元升至 4500元,涨幅回落至3.5%。",                     # a move to a level
]


def _anchored(rules):
    found = [r for r in rules.all_rules() if r.anchor is not None and r.anchor.reach is not None]
    assert {r.id for r in found} >= {"metric.level_change", "metric.change_only"}
    return found


@pytest.mark.parametrize("text", TRICKY + [normalize_text(t) for t in TRICKY])
def test_the_cut_windows_find_every_match_a_search_at_every_position_finds(rules, text):
    matched = 0
    for rule in _anchored(rules):
        starts = rule.anchor.starts(text, Budget(rule))
        by_search = [m.span() for m in rule.pattern.finditer(text, overlapped=True)]
        by_reach = [m.span() for m in (rule.pattern.match(text, at) for at in starts) if m]
        assert by_reach == by_search, rule.id
        matched += len(by_search)
    assert matched


def test_a_rule_is_not_tried_behind_a_clause_mark_far_from_its_quantity(rules):
    level = next(r for r in rules.all_rules() if r.id == "metric.level_change")
    text = normalize_text(TRICKY[0])
    comma = text.index(",")
    starts = level.anchor.starts(text, Budget(level))
    # the words before the comma are well inside the rule's widest prefix, yet never tried
    assert level.anchor.width > comma
    assert starts and min(starts) == comma + 1
    # past the brackets of an aside, the indicator before them is still tried
    text = normalize_text(TRICKY[4])
    assert 0 in level.anchor.starts(text, Budget(level))
    assert level.pattern.match(text, 0).group("indicator") == "总收入"


def test_what_a_prefix_consumes_is_read_off_the_pattern():
    reach = rule_reach(r"[甲乙]{1,5}(?:\([^()]{1,9}\))?[ ]?")
    assert reach.parts == (("(", ")"),)       # the optional aside, apart from the core
    assert reach.barrier.match(",") and not reach.barrier.match("甲")
    assert not reach.barrier.match(" ")      # [ ]? holds a space but adds nothing wide
    assert not reach.wide_barrier.match(",") and reach.wide_barrier.match(")") is None
    # a dot, a back-reference or case folding: what it consumes cannot be read, so no reach
    assert rule_reach(r"[甲乙].{0,3}") is None
    assert rule_reach(r"(?P<a>[甲乙])(?P=a)") is None
    assert rule_reach(r"[a-z]{1,3}", regex.IGNORECASE) is None and rule_reach(r"(?i)[a-z]") is None
