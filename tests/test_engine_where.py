"""Where the engine tries a rule: only in documents its check can accept, and (for a rule that
opens with a word list) only where one of its words occurs; each with the same findings as a
scan of every position, and `cnie explain` still sees every candidate."""
from pipeline.engine.matching import scan
from pipeline.stages import process


def test_listed_tw_names_are_found_in_traditional_copy_only(rules):
    # the same short name: a company in Taiwanese copy, no name in mainland copy
    taiwan = process("鴻海今天公布上月營收,年增百分之五。", rules)
    mainland = process("鸿海今天公布上月营收,同比增长百分之五。", rules)
    assert "entity.organization.listed_tw" in {e.rule for e in taiwan.entities}
    assert "entity.organization.listed_tw" not in {e.rule for e in mainland.entities}


def test_a_rule_refused_by_its_document_is_not_run_unless_explain_traces(rules):
    rule = next(r for r in rules.all_rules() if r.id == "entity.organization.listed_tw")
    doc = process("鸿海今天公布上月营收。", rules)
    seen = []
    assert list(scan(rule, doc, lambda m: seen.append(m) or m, when=lambda d: False)) == []
    assert seen == []
    doc.trace = []
    assert list(scan(rule, doc, lambda m: None, when=lambda d: False)) == []
    assert [(start, end) for _, start, end, _ in doc.trace] == [(0, 2)]
