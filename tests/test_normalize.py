"""Normalization keeps the text's length, so offsets on the normalized text hold on the original."""
import pytest

from pipeline.document import Doc
from pipeline.text.normalize import NormalizeError, detect_script, fold_width, normalize, to_simplified


def test_width_folding_is_one_to_one():
    text = "８８０．５億元，增長７．８％：ＧＤＰ\u3000﹔"
    folded = fold_width(text)
    assert folded == "880.5億元,增長7.8%:GDP ;"
    assert len(folded) == len(text)


def test_traditional_is_detected_and_converted_in_place():
    doc = Doc("上半年,通州實現地區生產總值880.5億元,同比增長7.8%。")
    normalize(doc)
    assert doc.script == "traditional" and doc.variant == "t2s"
    assert doc.text == "上半年,通州实现地区生产总值880.5亿元,同比增长7.8%。"


def test_simplified_text_is_left_unconverted():
    doc = Doc("该县地区生产总值同比增长7.1%,比全省高出0.3个百分点。")
    normalize(doc)
    assert doc.script == "simplified" and doc.variant is None
    assert detect_script(doc.original) == "simplified"


def test_variants_keep_words_and_length():
    # tw2s keeps 新增 (tw2sp would rewrite words); the variants are the equal-length configs
    assert to_simplified("新增訂單", "tw") == "新增订单"
    with pytest.raises(NormalizeError, match="unknown variant"):
        to_simplified("新增", "tw2sp")
