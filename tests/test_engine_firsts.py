"""A rule searched at every position is tried only where a character its matches open with
stands (engine/firsts.py): the same matches as a search of every position."""
import regex

from pipeline.engine.firsts import first_class, last_class, opening, starts
from pipeline.stages import process


def _class(source):
    found = first_class(source)
    return found and regex.compile(found)


def test_the_opening_characters_are_read_off_the_pattern():
    opens = _class(r"(?<!每)(?:约|近)?[ ]?(?:\d+|[一二三])亿元")
    assert all(opens.match(ch) for ch in "约近 7一三")
    assert not any(opens.match(ch) for ch in "亿元每四,")
    assert _class(r"[\p{Han}A-Z]+公司").match("华") and not _class(r"[\p{Han}A-Z]+公司").match("1")
    # a match that may be empty, a negated class, `.` or case folding: no class
    for source in (r"\d*", r"[^,]+元", r".亿", r"(?i)abc", r"(?i:a)b"):
        assert first_class(source) is None, source


def test_the_closing_characters_are_read_off_the_pattern_backwards():
    # what an anchored rule's words before its quantity end with (engine/anchors.py)
    ends = regex.compile(last_class(r"(?P<ind>[甲乙]+)\([ ]?(?<!每)"))
    assert all(ends.match(ch) for ch in "( ") and not any(ends.match(ch) for ch in "甲乙每")
    assert regex.compile(last_class(r"[甲乙]+(?:升|降)(?:至|到)")).match("到")
    assert all(regex.compile(last_class(r"[甲乙]+(?:至)?")).match(ch) for ch in "甲乙至")
    # a part that may end with nothing, or with a negated class: no class
    for source in (r"(?:[甲乙]+)?(?:至)?", r"(?:[甲乙]+|(?<=,))", r"[甲乙][^,]"):
        assert last_class(source) is None, source


def test_a_class_of_every_han_character_is_not_worth_looking_for():
    assert opening(regex.compile(r"[\p{Han}]{2}公司")) is None
    assert opening(regex.compile(r"[一-龥]{2}公司")) is None
    assert opening(regex.compile(r"(?:约|近)?\d+亿元")) is not None


def test_rules_tried_at_their_opening_characters_find_what_a_full_search_finds(rules):
    doc = process("全年新增就业1.2万人,约三成企业扩产;比值为3:2,共有十几万人次,"
                  "投资人民币5亿元,建成3/4,10元5角,约百万吨。", rules)
    tried = 0
    for rule in rules.all_rules():
        if rule.opening is None:
            continue
        by_search = [m.span() for m in rule.pattern.finditer(doc.text, overlapped=True)]
        at_openings = [m.span() for m in (rule.pattern.match(doc.text, at)
                                          for at in starts(rule.opening, doc.text)) if m]
        assert at_openings == by_search, rule.id
        tried += bool(by_search)
    assert tried >= 4


def test_what_can_open_a_match_is_read_off_the_pattern():
    from pipeline.engine.word_edges import openers
    assert openers(r"(?:(?P<ind>[甲乙]+)为|(?<=,))(?P<level>\d+亿元)") == {"ind", "level"}
    assert openers(r"(?P<ind>[甲乙]+)?(?P<level>\d+亿元)") == {"ind", "level"}
    # a group repeated (its span is its last repetition's) or a character outside a group
    assert openers(r"(?:(?P<ind>[甲乙]))+\d+亿元") is None
    assert openers(r"(?:(?P<ind>[甲乙]+)|约)(?P<level>\d+亿元)") is None



def test_a_group_name_used_twice_is_read_under_its_own_name():
    # the regex module lets two alternatives share a name (metric.level_change's `change`)
    from pipeline.engine.word_edges import openers
    assert openers(r"(?:(?P<change>增\d+%)|(?P<change>降\d+%))元") == {"change"}
    assert first_class(r"(?P<a>甲)(?P<a>乙)") == r"[\U00007532]"
    # a back-reference could tell them apart, where the two modules number them differently
    assert first_class(r"(?P<a>甲)(?P<a>乙)\1") is None


def test_the_costliest_metric_rule_is_tried_at_word_starts_and_at_its_quantities(rules):
    rule = next(r for r in rules.all_rules() if r.id == "metric.level_change")
    assert rule.anchor.openers == {"indicator", "level"}


def test_metrics_tried_at_word_starts_are_those_every_position_gives(rules):
    # `cnie explain` (a trace) tries every position: the metrics must be the same
    text = ("上半年,全市实现地区生产总值(GDP)880.5亿元,同比增长7.8%;降费超10亿元,签约13个项目,"
            "一季度工业增加值增长6.1%,比上年回落0.4个百分点。全年进出口总额达到1.2万亿元。")
    fast, traced = process(text, rules), process(text, rules, trace=True)
    metrics = lambda doc: [(m.start, m.end, m.rule, m["value"]) for m in doc.metrics]  # noqa: E731
    assert metrics(fast) == metrics(traced)
    assert len(metrics(fast)) >= 5


def test_a_place_inside_a_word_is_skipped_as_a_full_search_skips_it():
    # 丁乙5元 as one word, or with a word starting at 元: the refused match at 乙 (off a word
    # start) sends a full search to the next word start, past the level's place at 5
    from types import SimpleNamespace
    from pipeline.document import Doc
    from pipeline.engine.anchors import rule_anchor
    from pipeline.engine.matching import scan
    source = r"(?:(?P<ind>[甲乙丙]{1,12})|(?<=[丁乙]))(?P<level>\d+元)"
    rule = SimpleNamespace(id="metric.mine", source=source, options={},
                           pattern=regex.compile(source, regex.V0), file="-", line=0)
    rule.anchor = rule_anchor(rule, {})
    assert rule.anchor.group == "level" and rule.anchor.openers == {"ind", "level"}
    for starts, taken in (({0}, [(2, 4)]), ({0, 3}, [])):
        found = {}
        for trace in (None, []):
            doc = Doc(original="丁乙5元", text="丁乙5元", word_starts=set(starts), trace=trace)
            accept = lambda m, doc=doc: m.start("ind") in (-1, *doc.word_starts) and m  # noqa: E731
            found[trace is None] = [m.span() for m in scan(rule, doc, accept, edges=lambda g: ("ind",))]
        assert found[True] == found[False] == taken, starts


def test_the_characters_every_match_holds_are_read_off_the_pattern():
    from pipeline.engine.holds import held
    assert held(regex.compile(r"(?P<a>[甲乙]+)(?:是|为)(?P<b>(?:上年|去年)的\d+倍)")) == {"年", "的", "倍"}
    assert held(regex.compile(r"(?:甲乙|丙乙)丁?(?=戊)[己庚]")) == {"乙"}
    assert held(regex.compile(r"(?i)ab")) == set() and held(regex.compile("ab", regex.I)) == set()


def test_the_words_every_match_holds_one_of_are_read_off_the_pattern():
    from pipeline.engine.holds import held_words, lacks_words
    clauses = held_words(regex.compile(r"(?:\p{Han}{1,8}?[省市]|国家)(?:政协|人大)(?!代表)甲乙?"))
    # the first branch holds no word of its own (classes), so that group gives no clause
    assert set(clauses) == {frozenset({"政协", "人大"}), frozenset({"甲"})}
    assert lacks_words("省政府", clauses) and not lacks_words("省人大甲", clauses)
    # a branch without a word of its own gives no clause; case folding none at all
    assert held_words(regex.compile(r"(?:[甲乙]|丙丁)戊?")) == () and held_words(regex.compile("ab", regex.I)) == ()


def test_the_words_found_in_one_pass_say_what_looking_for_each_says():
    from pipeline.document import Doc
    from pipeline.engine.holds import held_words, lacks_words, words_in
    from pipeline.engine.trigger_pass import WordFinder
    clauses = held_words(regex.compile(r"(?:政协|人大)(?:甲|乙丙)"))
    finder = WordFinder({word for clause in clauses for word in clause})
    for text in ("省政府", "省人大甲", "乙丙政协", "人大乙", "政"):
        assert lacks_words(text, clauses, words_in(Doc(original=text, text=text), finder)) == lacks_words(text, clauses)


def test_a_rule_whose_words_a_text_lacks_finds_nothing_there(rules):
    from pipeline.engine.matching import scan
    rule = next(r for r in rules.all_rules() if r.id == "entity.organization.congress_level")
    assert frozenset({"政协", "人大"}) in rule.holds_words
    for text in ("方案已提交市人大审议。", "方案已提交市政府审议。"):
        doc = process(text, rules)
        found = [m.span() for m in scan(rule, doc, lambda m: m)]
        assert bool(found) == ("人大" in text)


def test_a_rule_whose_characters_a_text_lacks_finds_nothing_there(rules):
    from pipeline.engine.matching import scan
    rule = next(r for r in rules.all_rules() if r.id == "metric.multiple_of_base")
    assert "倍" in rule.holds
    for text in ("全省工业增加值是上年的1.5倍,出口增长3%。", "全省工业增加值是上年的1.5成,出口增长3%。"):
        doc = process(text, rules)
        found = [m.span() for m in scan(rule, doc, lambda m: m)]
        assert found == [m.span() for m in rule.pattern.finditer(doc.text)]
        assert bool(found) == ("倍" in text)


def test_a_call_its_first_character_refuses_answers_as_the_pattern_does():
    from pipeline.engine.firsts import refusing
    pattern = regex.compile(r"(?<!第)(?:约|近)?\d+(?:万|亿)?元")
    texts = ["约5万元", "第5元", "共计近3亿元的投资", "元", "", "无数字"]
    for name in ("match", "fullmatch", "search", "sub"):
        method = getattr(pattern, name)
        guarded = refusing(pattern, name, method)
        assert guarded is not method                    # an opening is read: the test stands first
        for text in texts:
            args = ("X", text) if name == "sub" else (text,)
            real, said = method(*args), guarded(*args)
            assert said == real if name == "sub" else (said and said.span()) == (real and real.span())
            if name == "search":
                assert (guarded(text, 1, 4) and guarded(text, 1, 4).span()) == (method(text, 1, 4) and method(text, 1, 4).span())
    nothing = regex.compile(r"\d*")                     # a pattern that may match nothing: no test
    method = nothing.match
    assert refusing(nothing, "match", method) is method
