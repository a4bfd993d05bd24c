"""An opening character is tried only where the one-character lookbehinds on the way to it let
it open a match (engine/not_after.py): the same matches as trying every opening character."""
import regex

from pipeline.engine import firsts
from pipeline.engine.not_after import opening, opening_source
from pipeline.text.normalize import normalize
from pipeline.document import Doc


def _places(source: str, text: str) -> list[int]:
    return firsts.starts(opening(regex.compile(source)), text)


def test_a_digit_after_a_digit_does_not_open_a_number_with_a_lookbehind():
    source = r"(?<![\d.])\d+亿元|约\d+"
    assert _places(source, "甲12亿元,约3") == [1, 6, 7]
    # without the lookbehind every digit stays a place
    assert _places(r"\d+亿元", "甲12亿元") == [1, 2]


def test_a_lookbehind_is_read_only_where_the_match_opens():
    # skipped with an optional part that did match, or inside a part that may match nothing
    assert _places(r"(?:约)?(?<!1)\d", "1约12") == [0, 1, 2]
    assert _places(r"(?:(?<!1)甲)?\d", "12") == [0, 1]
    assert opening_source(r"(?:(?<!1)甲)?\d") is not None
    # nothing to read: the plain class stands
    assert opening_source(r"(?<!第一)\d") is None and opening_source(r"(?<=a)\d") is None
    # nor a lookbehind the standard library cannot scan for (\p{Han}): the plain class is faster
    assert opening_source(r"(?<![\p{Han}\d])\d") is None


def test_the_places_are_found_by_the_standard_library_where_it_reads_the_same():
    found = opening(regex.compile(r"(?<![\d.])[-+]?\d+|[一二](?!十)"))
    assert firsts._standard(found, "甲12") is not None
    assert firsts._standard(found, "甲١٢") is None          # other digits: the regex module's \d


def test_every_rule_tried_at_its_places_finds_what_every_position_finds(rules):
    texts = [ex["text"] for rule in rules.all_rules() for ex in rule.examples if "text" in ex]
    tried = 0
    for rule in rules.all_rules():
        if rule.opening is None:
            continue
        for original in texts:
            doc = Doc(original=original)
            normalize(doc, None)
            everywhere = [m.span() for m in rule.pattern.finditer(doc.text, overlapped=True)]
            at_places = [m.span() for m in (rule.pattern.match(doc.text, at)
                                            for at in firsts.starts(rule.opening, doc.text)) if m]
            assert at_places == everywhere, (rule.id, original)
            tried += bool(everywhere)
    assert tried >= 100
