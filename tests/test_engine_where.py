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


def _lexicons(**lists):
    from pipeline.engine.rule_files import Lexicon
    return {name: Lexicon(name, words) for name, words in lists.items()}


def test_the_opening_words_are_read_off_the_pattern_as_written():
    from pipeline.engine.triggers import leading_words
    lex = _lexicons(goal=["力争", "确保"], org_suffix=["公司", "集团"])
    assert leading_words("(?P<verb>{goal}|{org_suffix})", lex) == {"力争", "确保", "公司", "集团"}
    assert leading_words(r"(?<![\p{Han}])(?P<name>(?:省|市)政府)", lex) == {"省", "市"}
    assert leading_words("(?P<verb>到)(?P<when>20\\d\\d年)", lex) == {"到"}
    # an opening that may be skipped, a class, or a sub-pattern gives no trigger
    for source in ("{goal}?增长", "(?:{goal})*增长", "{goal}{0,2}增长", r"[\p{Han}]{2}公司",
                   "{num}亿元", "(?P<verb>{goal}|\\d+)"):
        assert leading_words(source, lex) is None, source


def test_trying_a_rule_at_its_trigger_words_finds_what_a_full_search_finds(rules):
    # every match of every triggered rule, found both ways over a few news sentences
    doc = process("国务院新闻办公室今天举行发布会,国家统计局局长王伟说,全省力争到2025年"
                  "引进了华为、比亚迪等龙头企业,市政府控制在3%以内,比上年提高2个百分点。", rules)
    tried = 0
    for rule in rules.all_rules():
        if rule.triggers is None:
            continue
        hits = rule.triggers.starts(doc, rule)
        by_search = [m.span() for m in rule.pattern.finditer(doc.text, overlapped=True)]
        by_trigger = [m.span() for m in (rule.pattern.match(doc.text, at) for at in hits) if m]
        assert by_trigger == by_search, rule.id
        tried += bool(by_search)
    assert tried >= 5
