"""Small, valid cnie output documents for testing the inspection tools.

Items are written by their text; the span is found in the article, so a fixture
cannot drift out of step with its own text. A hostile article carries markup,
quotes and script tags both in its text and in rule output.
"""
from __future__ import annotations

import json
from pathlib import Path

METRIC_DEFAULTS = {"indicator": None, "indicator_id": None, "value": None, "value_max": None,
                   "unit": None, "qualifier": None, "normalized": None, "change": None,
                   "period": None, "region": None, "sentence": 0, "rule": "metric.test"}
TARGET_DEFAULTS = {"indicator": None, "value": None, "unit": None, "qualifier": None,
                   "comparator": None, "deadline": None, "verb": None, "sentence": 0,
                   "rule": "target.test"}
ENTITY_DEFAULTS = {"type": "org", "titles": [], "sentence": 0, "rule": "entity.test"}


def _place(text: str, item: dict, prefix: str, n: int, defaults: dict) -> dict:
    out = {"id": f"{prefix}{n}", **defaults, **item}
    if "span" not in out:
        start = text.index(out["text"], out.pop("after", 0))
        out["span"] = [start, start + len(out["text"])]
    out.pop("after", None)
    return out


def make_output(article_id: str, text: str, metrics=(), targets=(), entities=(), checks=()):
    """A schema_version 1 output dict; see docs/output.md."""
    doc = {
        "schema_version": 1, "id": article_id,
        "source": {"path": f"corpus/{article_id}.txt", "sha256": "0" * 64,
                   "script": "simplified", "variant": None},
        "versions": {"cnie": "0.1.0", "jieba": "0.42.1", "opencc": "1.4.2", "rules": "sha256:x"},
        "text": text,
        "metrics": [_place(text, m, "m", i, METRIC_DEFAULTS) for i, m in enumerate(metrics, 1)],
        "targets": [_place(text, t, "t", i, TARGET_DEFAULTS) for i, t in enumerate(targets, 1)],
        "entities": [], "checks": list(checks),
    }
    for i, ent in enumerate(entities, 1):
        ent = _place(text, ent, "e", i, ENTITY_DEFAULTS)
        if "mentions" not in ent:
            ent["mentions"], at = [], text.find(ent["text"])
            while at >= 0:
                ent["mentions"].append([at, at + len(ent["text"])])
                at = text.find(ent["text"], at + 1)
        doc["entities"].append(ent)
    return doc


TONGZHOU = ("南通通州打造高质量发展“硬核区” 展示硬核实力\n"
            "上半年,通州实现地区生产总值880.5亿元,同比(下同)增长7.8%,增幅在全市各县市区中位居前列。\n"
            "上半年,通州区一般公共预算收入41亿元,增长27.8%。\n"
            "区委书记张建华表示,今年确保新招引科创项目180个以上。")
RUGAO = "2023年,如皋市地区生产总值达到1350亿元,增长6.1%。如皋市一般公共预算收入59.2亿元。"
HOSTILE = ("Hostile <script>window.__pwned=1</script> \"'quotes' </textarea> </script>\n"
           "地区生产总值<b>99</b>亿元 <img src=x onerror=\"window.__pwned=2\"> {{x}} [red]x[/red]")
EVIL_RULE = "metric.</script><script>window.__pwned=4</script>"


def tongzhou() -> dict:
    return make_output("000_tongzhou", TONGZHOU, metrics=[
        {"text": "通州实现地区生产总值880.5亿元,同比(下同)增长7.8%", "indicator": "地区生产总值",
         "indicator_id": "gdp", "value": 880.5, "unit": "亿元",
         "normalized": {"value": 88050000000, "unit": "元"},
         "change": {"value": 7.8, "value_max": None, "unit": "%", "basis": "同比"},
         "period": "上半年", "region": "通州", "rule": "metric.level_then_change"},
        {"text": "一般公共预算收入41亿元,增长27.8%", "indicator": "一般公共预算收入",
         "indicator_id": "budget_revenue", "value": 41, "unit": "亿元",
         "normalized": {"value": 4100000000, "unit": "元"},
         "change": {"value": 27.8, "value_max": None, "unit": "%", "basis": "同比"},
         "period": "上半年", "region": "通州区", "rule": "metric.level_then_change"},
    ], targets=[
        {"text": "确保新招引科创项目180个以上", "indicator": "新招引科创项目", "value": 180,
         "unit": "个", "qualifier": "at_least", "comparator": ">=", "deadline": "今年",
         "verb": "确保", "rule": "target.goal_quantity"},
    ], entities=[
        {"text": "张建华", "type": "person", "titles": ["区委书记"], "rule": "entity.title_name"},
        {"text": "通州", "type": "place", "after": 3, "rule": "entity.place"},
    ], checks=[{"kind": "parts_exceed_whole", "message": "一般公共预算收入 > 地区生产总值?",
                "items": ["m2", "m1"]}])


def rugao() -> dict:
    return make_output("001_rugao", RUGAO, metrics=[
        {"text": "地区生产总值达到1350亿元,增长6.1%", "indicator": "地区生产总值", "indicator_id": "gdp",
         "value": 1350, "unit": "亿元", "normalized": {"value": 135000000000, "unit": "元"},
         "change": {"value": 6.1, "value_max": None, "unit": "%", "basis": "同比"},
         "period": "2023年", "region": "如皋市", "rule": "metric.level_then_change"},
        {"text": "一般公共预算收入59.2亿元", "indicator": "一般公共预算收入",
         "indicator_id": "budget_revenue", "value": 59.2, "unit": "亿元",
         "normalized": {"value": 5920000000, "unit": "元"}, "period": "2023年",
         "region": "如皋市", "rule": "metric.level"},
    ], entities=[{"text": "如皋市", "type": "place", "rule": "entity.place"}])


def hostile() -> dict:
    return make_output("002_<b>hostile</b>\"'", HOSTILE, metrics=[
        {"text": "地区生产总值<b>99</b>亿元", "indicator": '<img src=x onerror="window.__pwned=3">',
         "indicator_id": "gdp", "value": 99, "unit": "亿元</textarea>",
         "period": "</script>", "region": "\"'", "rule": EVIL_RULE},
    ], entities=[{"text": "<script>window.__pwned=1</script>", "type": "org",
                  "titles": ["</textarea><script>window.__pwned=6</script>"]}])


def write_corpus(out_dir: Path) -> Path:
    """An output folder as `cnie run` leaves it, plus files the tools must skip."""
    (out_dir / "sub").mkdir(parents=True, exist_ok=True)
    docs = {"000_tongzhou.json": tongzhou(), "sub/001_rugao.json": rugao(),
            "002_hostile.json": hostile()}
    for name, doc in docs.items():
        (out_dir / name).write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    (out_dir / "_errors.jsonl").write_text('{"path": "corpus/x.txt", "error": "boom"}\n')
    (out_dir / "_summary.json").write_text('{"articles": 3}')
    (out_dir / "broken.json").write_text("{not json")
    (out_dir / "<img src=x onerror=window.__pwned=5>.json").write_text("[]")
    return out_dir
