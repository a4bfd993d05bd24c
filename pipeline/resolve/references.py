"""Stage 4: context inside the article.

- 同比(下同): a basis stated once with 下同 carries to every later change without one.
- period and region: carried from the paragraph or the article (context.py); inferred
  values say so in `period_from` / `region_from`, so a reviewer can tell.
- 其中: the part names its whole in `parent`, and checks.py compares parts with wholes.
- a headline's copy of a figure the body repeats is dropped.
"""
from __future__ import annotations

from os.path import commonprefix

from pipeline.resolve.checks import check_parts
from pipeline.resolve.context import carry
from pipeline.resolve.confidence import rate
from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet


def _assign_ids(doc: Doc) -> None:
    for prefix, items in (("m", doc.metrics), ("t", doc.targets), ("e", doc.entities)):
        for i, item in enumerate(items, 1):
            item.fields["id"] = f"{prefix}{i}"


def _carry_basis(items: list[Item]) -> None:
    carried = None
    for item in sorted(items, key=lambda i: i.start):
        change = item["change"]
        if change and change.get("basis") and item["carries_basis"]:
            carried = change["basis"]
        elif change and not change.get("basis") and carried:
            change["basis"] = carried
            item.fields["basis_from"] = "下同"     # the output's label (docs/output.md), not a word looked for


def _link_parts(doc: Doc, items: list[Item], rules: RuleSet) -> None:
    """其中 opens a list of parts of the metric stated just before it, in its paragraph; the
    parts run to the end of the sentence that holds 其中 (…总额增长13.3%,其中出口总额增长17.7%;
    …需求67条。其中,技术改造类39条、科技创新类20条)."""
    ordered = sorted(items, key=lambda i: i.start)
    for m in rules.compile("{part_marks}").finditer(doc.text):
        if any(i.start <= m.start() < i.end for i in ordered):
            continue                                    # 其中 inside an item's own words
        para = doc.paragraphs[doc.paragraph_of(m.start())] if doc.paragraphs else (0, len(doc.text))
        wholes = [i for i in ordered if para[0] <= i.start and i.end <= m.start()]
        sentence_end = doc.sentence_at(m.start())[1]
        parts = [i for i in ordered if m.end() <= i.start < sentence_end and not i["parent"]]
        if wholes and parts:
            for part in parts:
                part.fields["parent"] = wholes[-1]["id"]


def _headline(doc: Doc, rules: RuleSet) -> tuple[int, int] | None:
    """The first paragraph when it is a headline: short, without a sentence-final stop; or,
    glued to the article's first line, the short stretch before a byline (byline_marks.txt)."""
    start, end = doc.paragraphs[0] if doc.paragraphs else (0, len(doc.text))
    line = doc.text[start:end].strip()
    if len(doc.paragraphs) >= 2 and len(line) <= 60 and not line.endswith(("。", "!", "?", ";")):
        return start, end
    glued = rules.compile(r"\s*[^,;:。!?\n]{4,40}?(?={byline_marks})").match(doc.text, start, end)
    return (start, glued.end()) if glued else None


def _numbers(item: Item) -> tuple:
    change = item["change"] or {}
    return (item["normalized"] and (item["normalized"]["value"], item["normalized"]["unit"]),
            item["value_max"], change.get("value"), change.get("unit"))


def _drop_headline_repeats(doc: Doc, rules: RuleSet) -> None:
    """A headline restates the figures its article gives with more context (某县集中签约9个
    亿元以上项目 总投资158.6亿元): the headline's copy of a figure the body states again goes;
    a headline's rate (增幅超四成) is the body's change (较上周增加超过四成)."""
    head = _headline(doc, rules)
    if head is None:
        return
    for name in ("metrics", "targets"):
        items = getattr(doc, name)
        body = [_numbers(i) for i in items if i.start >= head[1]]
        setattr(doc, name, [i for i in items if i.start >= head[1] or not any(
            _within(_numbers(i), b) or _within(_as_change(i), b) for b in body)])


def _as_change(item: Item) -> tuple:
    """A level in % alone read as the change it names (增幅超四成 = 增加超过四成)."""
    bare = item["unit"] == "%" and not item["change"] and item["value_max"] is None
    return (None, None, item["value"], "%") if bare else (None,)


def _within(short: tuple, full: tuple) -> bool:
    """Every number the headline states is the body's (陶瓷出口3.2亿美元 in the headline, 出口
    陶瓷3.2亿美元,同比增长11% in the lead): the body says it with more, not something else."""
    return any(short) and all(s is None or s == f for s, f in zip(short, full))


# How many characters before a recurring rate must read the same for it to be a restatement.
_SAME_WORDS = 30


def _drop_restatements(doc: Doc) -> None:
    """A figure restated later in the body with the same indicator and numbers (a lead
    repeated in the closing paragraph) is one fact: the first statement stays."""
    for name in ("metrics", "targets"):
        seen, regions, kept = set(), {}, []
        for item in getattr(doc, name):
            key = (item["indicator"], item["region"], _numbers(item))
            # a bare rate may recur honestly, but not with the same words before it (a passage
            # repeated: the lead copied below the byline), nor as the same level to a decimal
            # (接种率达83.38%, later 该国接种率为83.38%: a restatement, no coincidence), the
            # region stated once or both times alike
            words = (key, doc.text[max(item.start - _SAME_WORDS, 0):item.end])
            same = regions.setdefault((item["indicator"], _numbers(item)), set())
            precise = _fractional(item["value"]) and bool(same) and (
                item["region"] is None or item["region"] in same or None in same)
            if not precise and not _said_before(item, kept) and (
                    key not in seen or not (item["normalized"] is not None or words in seen)):
                kept.append(item)
            seen.update((key, words))
            same.add(item["region"])
        setattr(doc, name, kept)


def _said_before(item: Item, kept: list[Item]) -> bool:
    """The same level and the same change were stated before under a name with the same head
    (2023年度实现净利润3.6亿元,同比下降12.4% ... 公司净利润3.6亿元,同比下降12.4%): a
    restatement. Both a level and a change must agree: one figure alone may recur honestly."""
    numbers, name = _numbers(item), item["indicator"] or ""
    if not (item["normalized"] and item["change"]) or not name:
        return False
    return any(_numbers(k) == numbers and k["region"] in (None, item["region"]) and k["indicator"]
               and _same_head(name, k["indicator"]) for k in kept)


def _same_head(a: str, b: str) -> bool:
    """年度净利润 and 公司净利润 end alike: a common tail of two characters or more that is at
    least half of the shorter name."""
    tail = len(commonprefix([a[::-1], b[::-1]]))
    return tail >= 2 and tail * 2 >= min(len(a), len(b))


def _fractional(value) -> bool:
    return value is not None and value != int(value)


def resolve(doc: Doc, rules: RuleSet) -> None:
    _drop_headline_repeats(doc, rules)
    _drop_restatements(doc)
    _assign_ids(doc)
    _carry_basis(doc.metrics + doc.targets)
    carry(doc, doc.metrics, rules)
    carry(doc, doc.targets, rules, keys=("region",), goals=True)
    _link_parts(doc, doc.metrics, rules)
    check_parts(doc, rules)
    rate(doc, rules)
