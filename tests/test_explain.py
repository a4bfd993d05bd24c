"""`cnie explain`: the normalized text, tokens, every candidate with rule and file:line, and
why each lost; the overlap policy (priority, then longest, then earliest) is deterministic."""
from pipeline.cli import main
from pipeline.document import Item
from pipeline.authoring.explain import explain_text, why_lost
from pipeline.engine.matching import resolve_overlaps
from pipeline.engine.rules import load

GDP = "上半年,通州實現地區生產總值880.5億元,同比增長7.8%。"


def test_policy_priority_then_longest_then_earliest():
    def item(start, end, priority=0):
        return Item("quantity", start, end, f"r{start}-{end}", {"priority": priority})
    low_long, high_short = item(0, 10), item(5, 7, priority=1)
    long_, short = item(20, 30), item(25, 28)
    early, late = item(40, 44), item(42, 46)
    kept = resolve_overlaps([short, late, high_short, low_long, long_, early])
    assert kept == [high_short, long_, early]
    assert low_long.lost_to is high_short and why_lost(low_long, high_short) == "priority 1 > 0"
    assert short.lost_to is long_ and why_lost(short, long_) == "longer: 10 > 3 characters"
    assert late.lost_to is early and why_lost(late, early) == "earlier: starts at 40 < 42"
    assert resolve_overlaps([late, early, short, long_]) == resolve_overlaps([long_, short, early, late])


def test_explain_shows_text_tokens_candidates_and_the_result(rules):
    out = explain_text(GDP, rules)
    lines = out.splitlines()
    assert lines[0] == "normalized: 上半年,通州实现地区生产总值880.5亿元,同比增长7.8%。"
    assert lines[1].startswith("tokens:     上半年 | , | 通州 | 实现 |")
    assert "    won     [14, 21) 880.5亿元  quantity.number_unit (rules/quantities.toml:" in out
    assert "    lost    [22, 30) 同比增长7.8%  metric.change_only (rules/metrics.toml:" in out
    assert "beaten by metric.level_change [4, 30): priority 10 > 5" in out
    assert "priority 10; beat metric.change_only [22, 30)" in out
    assert "refused [" in explain_text("签约13个项目", rules)   # hits the stages' checks turned down
    result = lines[lines.index("result:") + 1]
    assert result.startswith('  metric  [8, 30) { indicator = "地区生产总值", value = 880.5')


def test_explain_one_rule_shows_its_rivals(rules):
    out = explain_text(GDP, rules, only="metric.change_only")
    assert "metric.change_only" in out and "metric.level_change" in out
    assert "quantity.number_unit" not in out
    assert out.rstrip().endswith("result:\n  nothing")


def test_a_user_rule_ties_then_wins_by_priority(tmp_path):
    rule = '''[[rule]]
id = "metric.mine.output"
priority = 10
pattern = '(?P<indicator>{ind})完成产值(?P<level>{quantity})(?:,(?P<change>{change}))?'
examples = [ { text = "工业完成产值356亿元,增长5%。", expect = [] } ]
'''
    (tmp_path / "metrics_mine.toml").write_text(rule, encoding="utf-8")
    out = explain_text("全区工业完成产值356亿元,增长5%。", load(tmp_path), only="metric.mine.output")
    assert f"lost    [0, 18) 全区工业完成产值356亿元,增长5%  metric.mine.output ({tmp_path / 'metrics_mine.toml'}:2)" in out
    assert "beaten by metric.level_change [0, 18): a tie on priority, length and start: the rule read first" in out
    (tmp_path / "metrics_mine.toml").write_text(rule.replace("priority = 10", "priority = 11"), encoding="utf-8")
    out = explain_text("全区工业完成产值356亿元,增长5%。", load(tmp_path), only="metric.mine.output")
    assert "beaten by metric.mine.output [0, 18): priority 11 > 10" in out
    assert 'result:\n  metric  [2, 18) { indicator = "工业", value = 356' in out


def test_cli_reads_stdin_and_rejects_unknown_rules(capsys, monkeypatch):
    import io
    monkeypatch.setattr("sys.stdin", io.StringIO(GDP + "\n"))
    assert main(["explain"]) == 0
    assert capsys.readouterr().out.startswith("normalized: 上半年")
    assert main(["explain", GDP, "--rule", "metric.nosuch"]) == 2
    assert "no rule with id 'metric.nosuch'" in capsys.readouterr().err
    assert main(["explain", "  "]) == 2


def test_explain_says_why_a_figure_in_a_plans_sentence_stays_a_metric(rules):
    # precision first: a figure the rules read as a fact is not reported as a target, and explain
    # names the goal word that met it and the reason
    out = explain_text("力争全年完成投资50亿元,目前已完成30亿元。", rules)
    assert "fact    [18, 22) 30亿元  target.goal_word" in out
    assert "stays a metric: after a turn of the clause" in out
    out = explain_text("卖地收入比原估计多出约60%,达1600亿元。", rules)
    assert "stays a metric: set against an earlier plan or a reference" in out


def test_explain_lists_no_empty_candidates(rules):
    # the gazetteer's lookahead is tried at every word start; where it names nothing there is
    # no candidate to show, and a row "[2, 2)" would only puzzle the reader
    out = explain_text("该镇约有4.5万人。", rules)
    assert "entity.place.gazetteer" not in out
    assert not [line for line in out.splitlines() if line.strip().startswith("refused [")
                and line.split("[")[1].split(")")[0].split(", ")[0] == line.split("[")[1].split(")")[0].split(", ")[1]]
