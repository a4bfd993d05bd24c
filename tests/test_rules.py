"""A broken rule file is reported with file, line, rule id and what is wrong: all at once."""
import pytest

from pipeline.engine.rules import RuleFileError, load


def problems_of(tmp_path, files: dict) -> list[str]:
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    with pytest.raises(RuleFileError) as err:
        load(tmp_path)
    return err.value.problems


def test_three_mistakes_in_one_file_are_all_reported(tmp_path):
    problems = problems_of(tmp_path, {"metrics_x.toml": '''# my rules
[[rule]]
id = "a"
patern = "x"
examples = [{ text = "x", expect = [] }]

[[rule]]
id = "b"
pattern = "(?P<indicatr>增长)"
examples = [{ text = "x", expect = [] }]

[[rule]]
id = "c"
pattern = "[0-9"
examples = [{ text = "x", expect = [] }]
'''})
    text = "\n".join(problems)
    assert "metrics_x.toml:4 a: unknown key 'patern'" in text
    assert "metrics_x.toml:9 b: group (?P<indicatr>…) maps to no field" in text
    assert "metrics_x.toml:14 c: pattern does not compile" in text


def test_toml_syntax_error_has_a_line(tmp_path):
    problems = problems_of(tmp_path, {"entities_x.toml": '[[rule]]\nid = "a"\npattern = \'x\' y\nexamples = []\n'})
    assert problems[0].startswith(str(tmp_path / "entities_x.toml") + ":3")
    assert "TOML syntax" in problems[0]


def test_empty_match_unknown_subpattern_and_no_examples(tmp_path):
    problems = "\n".join(problems_of(tmp_path, {"targets_x.toml": '''
[[rule]]
id = "empty"
pattern = "(?P<verb>a*)"
examples = [{ text = "x", expect = [] }]

[[rule]]
id = "unknown"
pattern = "(?P<verb>{nosuch})"
examples = [{ text = "x", expect = [] }]

[[rule]]
id = "bare"
pattern = "(?P<verb>确保)"
'''}))
    assert "empty: pattern can match the empty string" in problems
    assert "unknown: unknown sub-pattern {nosuch}" in problems
    assert "bare: no examples" in problems


def test_duplicate_ids_and_lexicon_spaces(tmp_path):
    problems = "\n".join(problems_of(tmp_path, {
        "quantities_x.toml": '[[rule]]\nid = "d"\npattern = "(?P<quantity>1个)"\nexamples = [{ text = "1个", expect = [] }]\n'
                             '[[rule]]\nid = "d"\npattern = "(?P<quantity>2个)"\nexamples = [{ text = "2个", expect = [] }]\n',
        "lexicons/units.txt": "元\n 亿元 \n元\n"}))
    assert "d: duplicate id" in problems
    assert "units.txt:2 units: stray spaces" in problems
    assert "units.txt:3 units: duplicate entry '元'" in problems


def test_user_rules_layer_over_the_shipped_ones(tmp_path):
    (tmp_path / "metrics_mine.toml").write_text('disabled = ["metric.change_only"]\n', encoding="utf-8")
    rules = load(tmp_path)
    ids = {r.id for r in rules.all_rules()}
    assert "metric.change_only" not in ids and "metric.level_change" in ids


def test_one_file_with_three_different_mistakes_reports_each_on_its_line(tmp_path):
    problems = problems_of(tmp_path, {"metrics_mine.toml": '''# three different mistakes
[[rule]]
id = "m.typo"
pattern = '(?P<indicator>{ind})(?P<level>{quantity})'
exmaples = [{ text = "x", expect = [] }]

[[rule]]
id = "m.nofield"
pattern = '(?P<indicator>{ind})完成'
examples = [{ text = "x", expect = [] }]

[[rule]]
id = "m.broken"
pattern = '(?P<indicator>{ind})增长(?P<level>{quantity}'
examples = [{ text = "x", expect = [] }]
'''})
    path = tmp_path / "metrics_mine.toml"
    assert f"{path}:5 m.typo: unknown key 'exmaples'" in problems[0]
    text = "\n".join(problems)
    assert f"{path}:9 m.nofield: no group fills a field: a metrics rule needs (?P<level>…)" in text
    assert f"{path}:14 m.broken: pattern does not compile: missing )" in text
    # the caret sits under the end of the pattern as written, not of its expansion
    broken = next(p for p in problems if "m.broken" in p).splitlines()
    assert broken[1].strip() == "(?P<indicator>{ind})增长(?P<level>{quantity}"
    assert broken[2].index("^") == len(broken[1]) + 2   # 增长 is two columns per character


def test_fields_no_group_fills_for_each_kind(tmp_path):
    problems = "\n".join(problems_of(tmp_path, {
        "entities_mine.toml": '[[rule]]\nid = "e"\ntype = "person"\npattern = "张(?P<title>经理)"\n'
                              'examples = [{ text = "x", expect = [] }]\n',
        "targets_mine.toml": '[[rule]]\nid = "t"\npattern = "确保"\nexamples = [{ text = "x", expect = [] }]\n',
        "metrics_mine.toml": '[[rule]]\nid = "m"\npattern = "(?P<subjects>甲)(?P<change>{change})"\n'
                             'examples = [{ text = "x", expect = [] }]\n'}))
    assert "e: no group fills a field: an entities rule needs (?P<name>…)" in problems
    assert "t: no group fills a field: a targets rule needs (?P<verb>…)" in problems
    assert "m: (?P<subjects>…) or (?P<bases>…) and (?P<values>…) go together" in problems


def test_keys_of_another_kind_and_bad_values(tmp_path):
    problems = "\n".join(problems_of(tmp_path, {"entities_mine.toml": '''[[rule]]
id = "e1"
type = "persn"
priority = "high"
pattern = "(?P<name>张三)"
examples = [{ text = "x", expect = [] }]

[[rule]]
id = "e2"
comparator = ">="
pattern = "(?P<name>李四)"
examples = [{ text = "x", expect = [{ text = "李四" }, "oops"] }]
'''}))
    assert "entities_mine.toml:3 e1: type = 'persn' is not one of person, organization" in problems
    assert "entities_mine.toml:4 e1: priority must be a whole number" in problems
    assert "entities_mine.toml:10 e2: 'comparator' is for targets rules" in problems
    assert "entities_mine.toml:8 e2: an entities rule needs type = one of" in problems
    assert "entities_mine.toml:12 e2: example 1: expect must be a list of tables" in problems


def test_empty_match_found_on_an_example_and_patterns_toml_checked(tmp_path):
    problems = "\n".join(problems_of(tmp_path, {
        "targets_mine.toml": '[[rule]]\nid = "t"\npattern = "(?<=确保)(?P<verb>\\\\d*)"\n'
                             'examples = [{ text = "确保完成", expect = [] }]\n',
        "patterns.toml": "[patterns]\nok = 'a'\nbad = '(?P<x>a'\nnamed = '(?P<x>a)'\n"}))
    assert "targets_mine.toml:3 t: pattern can match the empty string (in example 1)" in problems
    assert "patterns.toml:3 bad: pattern does not compile" in problems
    assert "patterns.toml:4 named: a sub-pattern must not name groups (x)" in problems


def test_misnamed_file_bad_disabled_and_toml_caret(tmp_path):
    problems = problems_of(tmp_path, {
        "metric_mine.toml": '[[rule]]\nid = "x"\n',
        "metrics_off.toml": 'disabled = ["metric.chnage_only"]\n',
        "targets_mine.toml": '[[rule]]\nid = "t"\npattern = "(?P<verb>确保)" x\n'})
    text = "\n".join(problems)
    assert f"{tmp_path / 'metric_mine.toml'}:1 -: not read: a rule file's name starts with" in text
    assert "metrics_off.toml:1 metric.chnage_only: disabled names no rule" in text
    syntax = next(p for p in problems if "TOML syntax" in p)
    assert syntax.startswith(f"{tmp_path / 'targets_mine.toml'}:3 -: TOML syntax")
    assert "column 26" in syntax and syntax.splitlines()[-1].strip() == "^"


def test_duplicate_ids_in_two_files_of_one_folder(tmp_path):
    rule = '[[rule]]\nid = "metric.mine"\npattern = "(?P<level>{quantity})"\nexamples = [{ text = "x", expect = [] }]\n'
    problems = problems_of(tmp_path, {"metrics_a.toml": rule, "metrics_b.toml": "# b\n" + rule})
    assert problems == [f"{tmp_path / 'metrics_b.toml'}:3 metric.mine: duplicate id "
                        f"(also {tmp_path / 'metrics_a.toml'}:2)"]


def test_bom_and_crlf_are_accepted_and_lines_still_count(tmp_path):
    rule = ('# mine\n[[rule]]\nid = "metric.mine"\npattern = "(?P<indicator>{ind})产值(?P<level>{quantity})"\n'
            'examples = [{ text = "工业产值5亿元", expect = [{ indicator = "工业", value = 5 }] }]\n')
    (tmp_path / "metrics_mine.toml").write_bytes(b"\xef\xbb\xbf" + rule.replace("\n", "\r\n").encode())
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "indicators.txt").write_bytes(
        "\ufeff# mine\r\n快递业务量 | express_volume\r\n".encode())
    rules = load(tmp_path)
    assert rules.lexicons["indicators"].columns["快递业务量"] == ["express_volume"]
    assert "地区生产总值" in rules.words("indicators")     # a user's word list extends the shipped one
    mine = next(r for r in rules.all_rules() if r.id == "metric.mine")
    assert mine.line == 3
    (tmp_path / "metrics_mine.toml").write_bytes(
        b"\xef\xbb\xbf" + rule.replace("\n", "\r\n").replace("id =", "idd =").encode())
    with pytest.raises(RuleFileError) as err:
        load(tmp_path)
    assert err.value.problems == [f"{tmp_path / 'metrics_mine.toml'}:2 -: a [[rule]] without an id "
                                  '(add id = "metric.some_name")']


def test_lexicon_invisible_characters_and_bad_encoding(tmp_path):
    (tmp_path / "lexicons").mkdir()
    (tmp_path / "lexicons" / "units.txt").write_text("元 # yuan\n万\u200b元\n亿\u3000元\n", encoding="utf-8")
    (tmp_path / "lexicons" / "titles.txt").write_bytes("市长\n".encode() + "县长\n".encode("gbk"))
    with pytest.raises(RuleFileError) as err:
        load(tmp_path)
    text = "\n".join(err.value.problems)
    assert "units.txt:1" not in text                     # a space before a comment is fine
    assert "units.txt:2 units: entry '万\\u200b元' contains an invisible character U+200B" in text
    assert "units.txt:3 units: entry '亿\\u3000元' contains a space" in text
    assert "titles.txt:2 titles: not UTF-8" in text


def test_a_misspelt_check_a_key_nobody_reads_and_a_bad_anchor_are_refused(tmp_path):
    problems = "\n".join(problems_of(tmp_path, {"entities_mine.toml": '''[[rule]]
id = "e1"
type = "place"
fields = { check = "twon" }
pattern = "(?P<name>小河村)"
examples = [{ text = "小河村", expect = [{ text = "小河村" }] }]

[[rule]]
id = "e2"
type = "place"
fields = { check = "town", anchor = "word-start", chek = "zone" }
pattern = "(?P<name>小河村)"
examples = [{ text = "小河村", expect = [{ text = "小河村" }] }]
''', "metrics_mine.toml": '''[[rule]]
id = "m1"
basis = "同比"
qualifier = "approx"
pattern = "(?P<level>{quantity})"
examples = [{ text = "5亿元", expect = [{ value = 5 }] }]
'''}))
    assert "entities_mine.toml:4 e1: no check named 'twon' (did you mean 'town'?)" in problems
    assert "entities_mine.toml:11 e2: anchor = 'word-start' is not one of word_start" in problems
    assert "entities_mine.toml:11 e2: fields: unknown key 'chek'" in problems
    assert "metrics_mine.toml:3 m1: unknown key 'basis'" in problems
    assert "metrics_mine.toml:4 m1: unknown key 'qualifier'" in problems


def test_every_check_name_entities_dispatches_on_is_accepted():
    from pipeline.engine.rules import check_names
    from pipeline.extract import entities
    assert check_names() == set(entities.CHECKS) | set(entities.SECOND_PASS)


def test_a_lexicon_column_must_say_a_declared_value(tmp_path):
    problems = problems_of(tmp_path, {"lexicons/org_suffix.txt": "# mine\n合作社 | legel\n联社 | legal\n"})
    assert problems == [f"{tmp_path / 'lexicons/org_suffix.txt'}:2 org_suffix: entry '合作社': column "
                        "'legel' is not a value this list takes (did you mean 'legal'?)"]
