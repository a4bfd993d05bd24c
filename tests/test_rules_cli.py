"""`cnie rules check` and `cnie rules test` as a rule author drives them."""
from pipeline.engine import matching
from pipeline.cli import main

RULE = '''# mine
[[rule]]
id = "metric.mine.output_value"
priority = 15
pattern = '(?P<indicator>{ind})完成产值(?P<level>{quantity})'
examples = [
  { text = "完成产值任务。", expect = [] },
  { text = "全区工业完成产值356亿元。", expect = [ { indicator = "工业", value = 357, unit = "亿元" } ] },
]
'''


def test_rules_test_shows_expected_closest_and_the_differing_field(tmp_path, capsys):
    (tmp_path / "metrics_mine.toml").write_text(RULE, encoding="utf-8")
    assert main(["rules", "test", "--rules", str(tmp_path), "--rule", "metric.mine.output_value"]) == 1
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == (f"{tmp_path / 'metrics_mine.toml'}:8 metric.mine.output_value: example 2 "
                        "'全区工业完成产值356亿元。': 1 expected item(s) not produced")
    assert lines[1] == '    expected: { indicator = "工业", value = 357, unit = "亿元" }'
    assert lines[2].startswith('    closest:  { indicator = "工业", value = 356, unit = "亿元"')
    assert lines[3] == "    differs:  value 357 != 356"
    assert lines[-1] == "1 passed, 1 failed"


def test_rules_test_fixed_passes_and_unknown_rule_is_a_usage_error(tmp_path, capsys, monkeypatch):
    (tmp_path / "metrics_mine.toml").write_text(RULE.replace("357", "356"), encoding="utf-8")
    monkeypatch.setenv("CNIE_RULES", str(tmp_path))          # the same as --rules
    assert main(["rules", "test", "--rule", "metric.mine.output_value"]) == 0
    assert capsys.readouterr().out == "2 passed, 0 failed\n"
    assert main(["rules", "test", "--rule", "metric.mine.nosuch"]) == 2
    assert "no rule with id 'metric.mine.nosuch'" in capsys.readouterr().err


def test_rules_check_exit_codes(tmp_path, capsys):
    (tmp_path / "metrics_mine.toml").write_text(RULE.replace("{quantity})'", "{quantity}'"), encoding="utf-8")
    assert main(["rules", "check", "--rules", str(tmp_path)]) == 2
    err = capsys.readouterr().err.splitlines()
    assert err[0].startswith(f"{tmp_path / 'metrics_mine.toml'}:5 metric.mine.output_value: pattern does not compile")
    assert err[-1] == "1 problem(s) in the rule files; nothing was processed."
    (tmp_path / "metrics_mine.toml").write_text(RULE, encoding="utf-8")
    assert main(["rules", "check", "--rules", str(tmp_path)]) == 0
    assert capsys.readouterr().out.endswith("lexicons: no problems\n")


def test_a_pattern_that_backtracks_on_its_own_example_fails_the_check(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(matching, "TIMEOUT", 0.2)
    (tmp_path / "metrics_slow.toml").write_text('''[[rule]]
id = "metric.mine.slow"
pattern = '(?P<indicator>(?:a|aa)+)b(?P<level>{quantity})'
examples = [ { text = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", expect = [] } ]
''', encoding="utf-8")
    assert main(["rules", "check", "--rules", str(tmp_path)]) == 2
    assert (f"{tmp_path / 'metrics_slow.toml'}:3 metric.mine.slow: pattern takes over 0.2 s on example 1: "
            "it backtracks too much") in capsys.readouterr().err
