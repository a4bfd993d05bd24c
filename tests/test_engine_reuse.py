"""What the engine reads once and hands out again (a stretch's quantity, a document's sorted
word starts) is the same as reading it afresh, and a caller that builds on it changes nothing
the next caller gets."""
from pipeline.engine.matching import sorted_starts
from pipeline.extract.quantities import parse_quantity
from pipeline.stages import process


def test_a_quantity_read_again_is_the_same_and_a_copy(rules):
    first = parse_quantity("约1.5万吨", rules)
    assert first["value"] == 1.5 and first["unit"] == "万吨" and first["qualifier"] == "approx"
    first["value"] = -1
    first["unit"] = "changed"
    again = parse_quantity("约1.5万吨", rules)
    assert again["value"] == 1.5 and again["unit"] == "万吨"
    assert parse_quantity("没有数字", rules) is None
    assert parse_quantity("没有数字", rules) is None


def test_a_ratio_read_again_keeps_its_parts(rules):
    first = parse_quantity("3:5:2", rules)
    assert first["ratio"] == ["3", "5", "2"]
    first["ratio"].append("9")
    assert parse_quantity("3:5:2", rules)["ratio"] == ["3", "5", "2"]


def test_sorted_word_starts_follow_the_document(rules):
    doc = process("全县粮食产量增长3%。", rules)
    assert sorted_starts(doc) == sorted(doc.word_starts)
    doc.word_starts = {0, 2, 4}            # a document segmented again
    assert sorted_starts(doc) == [0, 2, 4]
