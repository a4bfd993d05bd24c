"""A rule searched at every position is tried only where a character its matches open with
stands (engine/firsts.py): the same matches as a search of every position."""
import regex

from pipeline.engine.firsts import first_class, opening, starts
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
