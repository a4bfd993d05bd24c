"""How far a metric or target can be trusted unchecked: `confidence` high, medium or low.

high    the indicator is a known one (indicators.txt) and stated in its own clause;
medium  an indicator read from the clause, with at most one warning sign;
low     two or more warning signs: the indicator was inherited from another clause, is long
        (more than 12 characters: other words kept in it), holds a number (第十一期, 2022会计年度),
        names a person, or the figure is a bare count (3个, 6人) of an unknown noun; or an
        indicator that opens with a word no name opens with (只会录得, 约有, 、新加坡:
        indicator_bad_openers.txt) or is a date (18年度), a stretch of the sentence rather
        than a name.
On the dev set about half of the low items are wrong, against one in eight overall, so
`cnie run` drops them unless asked for (--min-confidence low).
"""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.records import numeral_class
from pipeline.text.segment import tag_cached as tag

LEVELS = ("low", "medium", "high")
DEFAULT_MINIMUM = "medium"
_LONG = 12
# A size class (20亿级企业, 2000亿元级别的产业集群) is part of a name, not a number in it.
_SIZE_CLASS = r"\d+(?:\.\d+)?(?:{magnitude})?(?:{units})?{size_class}"


def _numeral(name: str, rules: RuleSet) -> bool:
    """A number inside a name (第十一期, 2022会计年度, 5起…案), but not a set phrase's 一
    (一批项目): a digit, or Chinese numerals before a measure word of a name (name_counters.txt)."""
    return rules.compile(rf"\d|{numeral_class(rules)}+{{name_counters}}").search(name) is not None


def _warnings(doc: Doc, item: Item, rules: RuleSet) -> int:
    name = rules.compile(_SIZE_CLASS).sub("", item["indicator"] or "")
    people = {e["text"] for e in doc.entities if e["type"] == "person"}
    bare_count = (item["value"] is not None and not item["change"] and not item["indicator_id"]
                  and item["unit"] in rules.words("classifiers"))
    return sum((bool(item["indicator_from"]), len(name) > _LONG, _numeral(name, rules),
                any(p in name for p in people), bare_count))


def not_a_name(item: Item, rules: RuleSet) -> bool:
    """只会录得163亿元 -> 只会: the indicator opens with a word no name opens with
    (indicator_bad_openers.txt) or with a mark, so the clause gave no name."""
    name = item["indicator"] or ""
    if name[:1] and not name[0].isalnum():
        return True             # 、新加坡和南韩: a list's tail, not a name
    if name and rules.compile("(?:{nonfact_date})").fullmatch(name):
        return True             # 2017/18年度增加21.3% -> 18年度: a date, not what is measured
    words = tag(name, rules.user_words()) if name else ()
    return bool(words) and words[0][0] in rules.word_set("indicator_bad_openers")


def rate(doc: Doc, rules: RuleSet) -> None:
    for item in doc.metrics + doc.targets:
        if item["indicator_id"] and not item["indicator_from"]:
            level = "high"
        elif not_a_name(item, rules):
            level = "low"
        else:
            level = "low" if _warnings(doc, item, rules) >= 2 else "medium"
        item.fields["confidence"] = level


def confident(items: list[dict], minimum: str) -> list[dict]:
    """The output items at MINIMUM or above (items without a rating are kept)."""
    floor = LEVELS.index(minimum)
    return [i for i in items if LEVELS.index(i.get("confidence") or "high") >= floor]
