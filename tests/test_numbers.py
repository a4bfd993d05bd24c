"""Tests for pipeline.numbers: every documented form, the pattern, ranges and rejects."""
import time
from decimal import Decimal

import pytest
import regex

from pipeline.extract.numbers import parse_number, parse_range
from pipeline.extract.quantities import normalized, parse_quantity

@pytest.fixture(scope="module")
def numeral(rules):
    """The numeral grammar of the shipped rules ({numeral} of patterns.toml), as a regex."""
    return rules.compile("{numeral}").pattern.pattern     # Guarded -> its compiled pattern -> source


# (text, exact value as a string); every row must also be a full match of {numeral}.
POSITIVE = [
    # Arabic
    ("880.5", "880.5"),
    ("1,234.5", "1234.5"),
    ("1，234", "1234"),
    ("-26.95", "-26.95"),
    ("+3.2", "3.2"),
    ("57。6", "57.6"),
    ("0﹒7", "0.7"),
    ("2 .3", "2.3"),
    ("七.六四", "7.64"),
    ("0.532", "0.532"),
    ("1,234,567", "1234567"),
    # Chinese
    ("一百八十", "180"),
    ("两千三百万", "23000000"),
    ("十万零一千", "101000"),
    ("三万五", "35000"),
    ("一万二", "12000"),
    ("十五", "15"),
    ("十", "10"),
    ("二十", "20"),
    ("三十六", "36"),
    ("一百一十五亿八千万", "11580000000"),
    ("二百二十一亿二千六百万", "22126000000"),
    ("一千三百亿", "130000000000"),
    ("一百零五", "105"),
    ("一百五", "150"),
    ("两千三", "2300"),
    ("一千零十", "1010"),
    ("一亿零五百万", "105000000"),
    ("三万亿", "3000000000000"),
    ("三点五亿", "350000000"),
    # mixed Arabic + magnitude
    ("13万2", "132000"),
    ("3万4000", "34000"),
    ("2兆7629.64亿", "2762964000000"),
    ("2 兆 7629.64 亿", "2762964000000"),
    ("1.8亿", "180000000"),
    ("880.5亿", "88050000000"),
    ("3千万", "30000000"),
    # digit strings
    ("二〇二三", "2023"),
    ("二○二○", "2020"),
    ("九五八", "958"),
    ("零", "0"),
    # 廿 / 卅
    ("廿", "20"),
    ("廿五", "25"),
    ("卅", "30"),
    # formal numerals
    ("壹佰贰拾叁", "123"),
    ("叁仟", "3000"),
    ("伍拾", "50"),
    # Chinese decimals
    ("八十二点五", "82.5"),
    ("二百三十二点六", "232.6"),
    ("零点五", "0.5"),
    # 两
    ("两", "2"),
    ("两千", "2000"),
]


@pytest.mark.parametrize("text,expected", POSITIVE)
def test_parse_number(text, expected, rules):
    assert parse_number(text, rules) == Decimal(expected)


@pytest.mark.parametrize("text,expected", POSITIVE)
def test_pattern_matches_whole_numeral(text, expected, numeral):
    assert regex.fullmatch(numeral, text), text


@pytest.mark.parametrize("text", [
    "", " ", "万", "亿万", "点", "点五", "abc", "1.2.3", "一二三四五六七八九十",
    "1,2", "1,2345", "十十", "百分之五", "一百零", "三万三万", "1 2", "--3", "-",
    "五六百", "两三万", "十五六", "七八", "三五", "二两", "万亿", "零万", "一百二三",
])
def test_rejects(text, rules):
    with pytest.raises(ValueError):
        parse_number(text, rules)


def test_rejects_non_string(rules):
    with pytest.raises(ValueError):
        parse_number(None, rules)


@pytest.mark.parametrize("text", ["", "万", "点", "abc", "1.2.3", "百", "千万", "1,2345"])
def test_pattern_rejects(text, numeral):
    assert not regex.fullmatch(numeral, text)


@pytest.mark.parametrize("text,expected", [
    ("百", "100"),            # 百分之百: a bare leading 百/千 reads as 一百/一千
    ("百亿", "10000000000"),
    ("千亿", "100000000000"),
])
def test_bare_leading_hundred_thousand(text, expected, rules):
    assert parse_number(text, rules) == Decimal(expected)


def test_results_are_plain_decimals(rules):
    assert str(parse_number("1.8亿", rules)) == "180000000"
    assert str(parse_number("880.50", rules)) == "880.5"
    assert str(parse_number("八十二点五", rules)) == "82.5"


@pytest.mark.parametrize("text,low,high", [
    ("五六百", "500", "600"),
    ("两三万", "20000", "30000"),
    ("三四十", "30", "40"),
    ("十五六", "15", "16"),
    ("七八", "7", "8"),
    ("一两", "1", "2"),
    ("三五", "3", "5"),          # the idiom "three to five"; other gaps of two are not ranges
    ("二十七八", "27", "28"),
    ("十五六万", "150000", "160000"),
    ("三万五六", "35000", "36000"),
    ("三千五六百", "3500", "3600"),
])
def test_parse_range(text, low, high, rules):
    assert parse_range(text, rules) == (Decimal(low), Decimal(high))


@pytest.mark.parametrize("text", [
    "一百", "三七", "五七", "八七", "九五八", "二〇二三", "一二三", "", "abc", "七", "880.5",
    "五六七百", "-五六百",
])
def test_parse_range_none(text, rules):
    assert parse_range(text, rules) is None


def test_pattern_has_no_groups(numeral):
    assert regex.compile(numeral).groups == 0


def test_pattern_leaves_magnitude_to_a_bigger_pattern(numeral):
    # Greedy, not possessive: a caller that wants 亿元 as the unit gets it back by backtracking.
    m = regex.search(rf"({numeral})(亿元|万元)", "实现地区生产总值880.5亿元,同比")
    assert m.group(1) == "880.5" and m.group(2) == "亿元"


def test_pattern_minus_after_digit_is_not_a_sign(numeral):
    assert regex.findall(numeral, "1-2月增长-3.5%") == ["1", "2", "-3.5"]


def test_pattern_finds_numerals_in_text(numeral):
    text = "上半年,通州实现地区生产总值880.5亿元,同比增长7.8%,八十二点五,二〇二三年,2 兆 7629.64 亿"
    assert regex.findall(numeral, text) == [
        "880.5亿", "7.8", "八十二点五", "二〇二三", "2 兆 7629.64 亿"]


def test_pattern_leaves_mega_prefix_to_the_unit(numeral):
    # Mainland 兆 is mega- in units: 100兆瓦 is 100 MW, not 100 x 10^12 瓦.
    assert regex.search(numeral, "装机容量100兆瓦").group() == "100"
    assert regex.search(numeral, "工作频率2 兆赫").group() == "2"


def test_pattern_never_starts_inside_a_numeral(numeral):
    # After a failed bigger match the search must not restart at the 五 of 八十二点五.
    assert regex.search(rf"(?:{numeral})元", "八十二点五个") is None
    assert regex.search(rf"(?:{numeral})元", "13万2 万 5个") is None


@pytest.mark.parametrize("run", ["1万", "2 万 ", "一万", "十万零", "1,234", "一点", "1"])
def test_pattern_does_not_backtrack_catastrophically(run, numeral):
    failing = regex.compile(rf"(?:{numeral})元")
    start = time.perf_counter()
    assert failing.search(run * 4000 + "x") is None
    assert time.perf_counter() - start < 2


@pytest.mark.parametrize("text", ["四.四五", "三点五六", "1.23"])
def test_digits_after_a_point_are_not_a_range(text, rules):
    assert parse_range(text, rules) is None


@pytest.mark.parametrize("value, unit, base, base_unit", [
    ("880.5", "亿元", "88050000000", "元"),
    ("2", "公斤", "2000", "克"),
    ("3", "吨", "3000000", "克"),
    ("54", "港仙", "0.54", "港元"),
    ("20", "美分", "0.2", "美元"),
    ("1.5", "万方米", "15000", "平方米"),
    ("120", "公尺", "120", "米"),
    ("5", "万千瓦", "50000", "千瓦"),       # 千瓦 is a unit of its own, not 千 x 瓦
    ("7", "兆元", "7000000000000", "元"),
])
def test_normalized_uses_the_unit_table(rules, value, unit, base, base_unit):
    assert normalized(Decimal(value), unit, rules) == {"value": Decimal(base), "unit": base_unit}


@pytest.mark.parametrize("text, low, high, unit", [
    ("三十到四十万元", "30", "40", "万元"),       # the 万 scales both ends
    ("三到五亿元", "3", "5", "亿元"),
    ("6000到2万港元", "0.6", "2", "万港元"),      # 6000万 would pass 2万: 6000 stays 6000
    ("6000万至1亿元", "0.6", "1", "亿元"),
    ("2万元--8万元", "2", "8", "万元"),
    ("2万(含)-8万元", "2", "8", "万元"),
])
def test_ranges_share_magnitude_and_unit(rules, text, low, high, unit):
    out = parse_quantity(text, rules)
    assert (out["value"], out["value_max"], out["unit"]) == (Decimal(low), Decimal(high), unit)


def test_range_with_two_different_units_is_refused(rules):
    assert parse_quantity("2万元-8万美元", rules) is None


def test_a_long_digit_run_is_a_code_not_a_number(rules):
    with pytest.raises(ValueError):
        parse_number("1" * 120, rules)


@pytest.mark.parametrize("text", ["量产3纳米制程芯片",
                                  "新增百亿级企业", "构建1+3+N格局", "实施十四五规划", "共有30"])
def test_nothing_guessed(rules, text):
    from pipeline.stages import process
    assert process(text, rules).quantities == []


@pytest.mark.parametrize("text", ["吸引数十亿元投资", "落地几十个项目"])
def test_approximate_numerals_are_ranges_never_one_value(rules, text):
    from pipeline.stages import process
    [q] = process(text, rules).quantities
    assert q["qualifier"] == "approx" and q["value_max"] == 9 * q["value"] / 2


def test_a_refused_quantity_says_why(rules):
    from pipeline.stages import process
    doc = process("推进五个一工程", rules, trace=True)
    reasons = [str(r) for rule, _, _, r in doc.trace if rule.kind == "quantities"]
    assert reasons and all("jieba word" in r for r in reasons)


@pytest.mark.parametrize("text, value, fraction", [
    ("五分之三", "60", "3/5"), ("三分之一", "33.33", "1/3"), ("1/4", "25", "1/4")])
def test_fractions_are_plain_shares(rules, text, value, fraction):
    out = parse_quantity(text, rules)
    assert (str(out["value"]), out["unit"], out["fraction"]) == (value, "%", fraction)


def test_a_users_rules_extend_the_numerals(tmp_path):
    """The numeral tables come from the rule set, not from the shipped files: a user who
    writes 幺 for 1 (as in radio and phone talk) adds it to numerals.txt and to the grammar."""
    from pipeline.engine.rules import load
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "numerals.txt").write_text(
        "# my numerals: CHARACTER | KIND | VALUE\n幺 | digit | 1\n", encoding="utf-8")
    (tmp_path / "patterns.toml").write_text(
        "[patterns]\nnumeral_digit = '[零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖幺]'\n"
        "numeral_char = '[零〇○一二两三四五六七八九壹贰叁肆伍陆柒捌玖十拾百佰千仟廿卅幺]'\n",
        encoding="utf-8")
    mine = load(tmp_path)
    assert parse_number("幺百零八", mine) == Decimal(108)
    with pytest.raises(ValueError):
        parse_number("幺百零八", load())


@pytest.mark.parametrize("text, expected", [
    ("6万3千2百", "63200"), ("1千零8", "1008"), ("4万7千", "47000"), ("3千2百", "3200")])
def test_arabic_digits_with_chinese_units_below_ten_thousand(rules, text, expected):
    assert parse_number(text, rules) == Decimal(expected)


@pytest.mark.parametrize("text, value, unit", [
    ("8元6角", "8.6", "元"), ("12元3角4分", "12.34", "元"), ("四米半", "4.5", "米")])
def test_an_amount_in_pieces_is_one_quantity(rules, text, value, unit):
    out = parse_quantity(text, rules)
    assert (out["value"], out["unit"]) == (Decimal(value), unit)


def test_a_sub_unit_of_another_unit_is_refused(rules):
    assert parse_quantity("3米4角", rules) is None


def test_a_structure_is_one_share_per_part_with_its_own_span(rules):
    from pipeline.stages import process
    doc = process("该市产业结构为8.1:41.5:50.4。", rules)
    parts = [(doc.text[q.start:q.end], q["value"], q["unit"]) for q in doc.quantities]
    assert parts == [("8.1", Decimal("8.1"), "%"), ("41.5", Decimal("41.5"), "%"),
                     ("50.4", Decimal("50.4"), "%")]


def test_a_ratio_that_is_no_structure_stays_one_quantity(rules):
    from pipeline.stages import process
    doc = process("两地人口之比为2.5:1。", rules)
    assert [(q["value"], q["unit"]) for q in doc.quantities] == [(Decimal("2.5"), ":1")]


def test_a_minus_after_a_falling_verb_is_read_once(rules):
    from pipeline.stages import process
    doc = process("营业外支出减少-520万元。", rules)
    assert [(q["value"], q["unit"]) for q in doc.quantities] == [(Decimal(520), "万元")]


def test_a_qualifier_inside_a_word_qualifies_nothing(rules):
    from pipeline.stages import process
    doc = process("园区当月签约9个项目。", rules)
    assert [(q["value"], q["qualifier"]) for q in doc.quantities] == [(Decimal(9), None)]


def test_a_comparative_before_a_percentage_bounds_the_level(rules):
    from pipeline.extract.changes import parse_change
    assert parse_change("仍低于65%", rules) is None          # under 65%, not a fall of 65%
    assert parse_change("低于全省0.3个百分点", rules)["value"] == Decimal("-0.3")


@pytest.mark.parametrize("text, low, high", [
    ("预计增长4%-4.5%", "4", "4.5"), ("增长2%至3%", "2", "3"), ("下降1%至2%", "-1", "-2")])
def test_a_range_of_rates_with_the_unit_on_both_ends(rules, text, low, high):
    from pipeline.extract.changes import parse_change
    change = parse_change(text, rules)
    assert (change["value"], change["value_max"]) == (Decimal(low), Decimal(high))
