"""Every item's span points into the ORIGINAL text: normalizing original[start:end] gives the
item's text. Proven on traditional input, CRLF line ends and a BOM."""
import pytest

from pipeline.batch import article_json, read_article
from pipeline.text.normalize import normalize_text

from conftest import CORPUS, DEV


def spans_hold(original: str, data: dict) -> list[str]:
    variant = data["source"]["variant"]
    bad = []
    for kind in ("metrics", "targets", "entities"):
        for item in data[kind]:
            start, end = item["span"]
            if normalize_text(original[start:end], variant) != item["text"]:
                bad.append(f"{kind} {item['id']} {item['span']}: {original[start:end]!r} != {item['text']!r}")
            for s, e in item.get("mentions", []):
                if normalize_text(original[s:e], variant) != item["text"]:
                    bad.append(f"{kind} {item['id']} mention {[s, e]}: {original[s:e]!r}")
    return bad


ARTICLES = sorted(CORPUS.glob("*.txt")) + (sorted(DEV.glob("*.txt")) if DEV.is_dir() else [])


@pytest.mark.parametrize("path", ARTICLES, ids=[p.name for p in ARTICLES])
def test_spans_point_into_the_original(path, rules, tmp_path):
    data = article_json(path, path.relative_to(path.parent), rules, None)
    assert data["metrics"] or data["entities"], "the article should give some items"
    assert spans_hold(read_article(path), data) == []


def test_traditional_article_spans(rules):
    path = CORPUS / "000_0d6ca765d7ace66e.txt"
    data = article_json(path, path.relative_to(CORPUS), rules, None)
    assert data["source"]["script"] == "traditional"
    original = read_article(path)
    gdp = next(m for m in data["metrics"] if m["indicator"] == "地区生产总值")
    start, end = gdp["span"]
    assert original[start:end].startswith("地區生產總值880.5億元")   # traditional, as stored


def test_crlf_and_bom_count_as_stored(rules, tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes("\ufeff標題\r\n上半年,通州實現地區生產總值880.5億元,同比增長7.8%。\r\n".encode("utf-8"))
    data = article_json(path, path.relative_to(tmp_path), rules, None)
    original = read_article(path)
    assert not original.startswith("\ufeff")           # a BOM is not counted
    gdp = data["metrics"][0]
    assert gdp["span"][0] == original.index("地區生產總值")   # CRLF counts as two characters
    assert spans_hold(original, data) == []
