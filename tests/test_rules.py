"""A broken rule file is reported with file, line, rule id and what is wrong: all at once."""
import pytest

from pipeline.rules import RuleFileError, load


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
