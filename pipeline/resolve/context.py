"""Period and region of metrics and targets: stated in the clause, else carried.

The order, for each item: its own clause (上半年,通州区…); the last period or place stated
earlier in its paragraph; for a period, the last one stated earlier in the article, or the
article's only period; for a region, the place the article is about (the first one its lead
names). A carried value says where it came from in `period_from` / `region_from`.
Places and dates after a partner or comparison word (对美国出口, 比一季度加快) are neither,
nor is a dateline's city (台北报导).
Self references (该区, 我市) resolve to the place the article names; 全市/全省 stay as written
in the clause that states them, and so does 我市 when the article names no place (its lead says
only 全市: 我市 is no better read as 全市 than as itself). Carried into a later goal, a whole
territory at the home's level (全市 in an article about 上海) is the home, by name. A lead that
names no place in an article that names one division only is about that one.
"""
from __future__ import annotations

from dataclasses import dataclass

import regex

from pipeline.document import Doc, Item
from pipeline.engine.rule_files import alternation
from pipeline.engine.rules import RuleSet
from pipeline.extract.gazetteer import load as load_gazetteer
from pipeline.extract.indicators import is_base
from pipeline.extract.moves import starting_figure
from pipeline.extract.records import numeral_class, predicate_span, role_words
from pipeline.extract.target_names import clause_start


def is_period(text: str, rules: RuleSet) -> bool:
    """A date that names a period of measurement (上半年, 1-8月, 2023年, 第三季), not a day."""
    return text.endswith(tuple(rules.words("period_ends")))


def _year_prefix(rules: RuleSet) -> regex.Pattern:
    """The year before a period within it (lexicon year_prefix): 2023年上半年, 民国112年第一季,
    今年1-8月, 今年十一月. Built once per rule set and kept on it: each period asked."""
    kept = rules.__dict__.setdefault("_year_prefix", [])
    if not kept:
        role = {r: alternation(role_words(rules, "year_prefix", r))
                for r in ("year", "era", "current", "part", "counted")}
        kept.append(rules.compile(rf"^(?:(?:1[89]|20)\d\d{role['year']}|{role['era']}?1[01]\d{role['year']}|"
                                  rf"{role['current']})(?={role['part']}|\d|{numeral_class(rules)}+{role['counted']})"))
    return kept[0]


@dataclass
class Mark:
    pos: int
    key: str          # "period" | "region"
    text: str
    norm: str | None
    local: bool = False   # a period that dates its own clause only (local_periods.txt)


def period_text(text: str | None, rules: RuleSet) -> str | None:
    return _year_prefix(rules).sub("", text) if text else text


def _partner(doc: Doc, pos: int, rules: RuleSet) -> bool:
    return doc.text.endswith(tuple(rules.words("partner_marks")), max(0, pos - 3), pos)


def _dateline(doc: Doc, end: int, rules: RuleSet) -> bool:
    """台北报导, 北京12月3日电: where the reporter was, not what a figure is about."""
    return rules.compile(r"(?:[\d ]|{dateline_date}){0,8}(?:{dateline_marks})").match(doc.text, end) is not None


def marks(doc: Doc, rules: RuleSet) -> list[Mark]:
    out = []
    for ent in doc.entities:
        key = "period" if ent["type"] == "date" and is_period(ent["text"], rules) else \
            "region" if ent["type"] == "place" else None
        if key:
            local = key == "period" and ent["text"].startswith(tuple(rules.words("local_periods")))
            out += [Mark(s, key, ent["text"], ent["normalized"], local) for s, e in ent["mentions"]
                    if not _partner(doc, s, rules) and not (key == "region" and _dateline(doc, e, rules))
                    and not (key == "period" and is_base(doc, e, rules))]
    return sorted(out + _territory_words(doc, rules), key=lambda m: m.pos)


def _territory_words(doc: Doc, rules: RuleSet) -> list[Mark]:
    """目前,我市三大支柱产业…: a word for the whole territory or for "this region" that opens
    a clause states the region of what follows, like a place's name; inside a clause
    (占全市出口额) it is part of what is measured."""
    opens = rules.compile(r"(?:^|(?<=[,;:。!?\n]\s*))(?:{scope_regions}|{subject_regions})")
    return [Mark(m.start(), "region", m.group(), None) for m in opens.finditer(doc.text)
            if _whole_word(doc, m.start(), m.end())]


def _lead_region(doc: Doc, found: list[Mark], rules: RuleSet) -> str | None:
    """The place the article is about: the first its lead names (the first paragraph, and
    the second when the first is a headline); without one, the first word for the whole
    territory or for "this region" in the lead (今年1-8月,全县经济… : the article is 全县's)."""
    paras = doc.paragraphs or [(0, len(doc.text))]
    first = doc.text[paras[0][0]:paras[0][1]].strip()
    headline = len(paras) > 1 and len(first) <= 60 and not first.endswith(("。", "!", "?"))
    lead_end = paras[1 if headline else 0][1]
    named = next((m.text for m in found if m.key == "region" and m.pos < lead_end), None)
    if named is not None:
        return named
    # a lead that names no place, in an article that names one division only (本澳 and foreign
    # places have no code of their own; a dateline's city is no mark): the article is about that one
    codes = {e["text"]: e["admin_code"] for e in doc.entities if e["type"] == "place" and e["admin_code"]}
    divisions = {(codes[m.text], m.text) for m in found if m.key == "region" and m.text in codes}
    if len({code for code, _ in divisions}) == 1 and len(divisions) == 1:
        return divisions.pop()[1]
    start = paras[1][0] if headline else paras[0][0]
    end = doc.sentences[doc.sentence_of(start)][1] if doc.sentences else lead_end
    for m in rules.compile("{scope_regions}|{subject_regions}").finditer(doc.text, start, min(end, lead_end)):
        if _whole_word(doc, m.start(), m.end()):
            return m.group()
    return None


def _whole_of(word: str, home: str | None, rules: RuleSet) -> bool:
    """全市 in an article about 上海 (上海市), 全区 in one about 通州 (通州区): the whole
    territory at the home's own level is the home; 全省 in a city's article is not."""
    if not home or word not in rules.words("scope_regions"):
        return False
    return any(d.name.endswith(word[1:]) for d in load_gazetteer(rules).lookup(home))


def _whole_word(doc: Doc, start: int, end: int) -> bool:
    """START..END is jieba's words and no name's part (该市场, 全国社保基金 are not places)."""
    in_name = any(s < end and start < e and not (s == start and e == end)
                  for ent in doc.entities if ent["type"] != "place" for s, e in ent["mentions"])
    return not doc.cuts_word(start, end) and not in_name


# A paragraph longer than this is no unit of context (a whole article on one line, as some
# sources deliver it): a period carries from the item's sentence and the few before it only.
_LONG_PARAGRAPH = 800
_SENTENCES_BACK = 2


def _window(doc: Doc, item: Item, para: tuple[int, int]) -> tuple[int, int]:
    if para[1] - para[0] <= _LONG_PARAGRAPH or not doc.sentences:
        return para
    first = max(doc.sentence_of(item.start) - _SENTENCES_BACK, doc.sentence_of(para[0]))
    return doc.sentences[first][0], para[1]


def _carried(item: Item, key: str, found: list[Mark], para: tuple[int, int], fallback, cut: bool) -> tuple:
    """CUT: PARA is the window of a long paragraph; nothing before it carries but the fallback."""
    earlier = [m for m in found if m.key == key and m.pos < item.start]
    in_para = [m for m in earlier if m.pos >= para[0]]
    if in_para:
        return in_para[-1], "paragraph"
    if key == "period" and earlier and not cut:
        return earlier[-1], "article"
    return fallback, "article"


def _with_local(doc: Doc, item: Item, carried: list[Mark], found: list[Mark], rules: RuleSet) -> list[Mark]:
    """CARRIED, and a local period (近三月共有62只基金…) where it opens ITEM's own clause."""
    opening = clause_start(doc, item.start, rules)
    here = [m for m in found if m.local and opening <= m.pos < item.start]
    return sorted(carried + here, key=lambda m: m.pos) if here else carried


def _outside_predicates(found: list[Mark], items: list[Item]) -> list[Mark]:
    """The marks outside every predicate that names a figure (records.predicate_span): 42.5%的
    受访者认为明年房价将上涨 says what they believe of 明年, no period of the share nor of any
    figure after it."""
    inside = [said for i in items if (said := predicate_span(i))]
    return [m for m in found if not any(s <= m.pos < e for s, e in inside)] if inside else found


def carry(doc: Doc, items: list[Item], rules: RuleSet, keys=("period", "region"), goals: bool = False) -> None:
    """GOALS: ITEMS are targets, set by the home's government: a carried 全市 is the home
    (the benchmark's metrics keep a carried 全市 as written)."""
    entity_marks = marks(doc, rules)
    home = _lead_region(doc, entity_marks, rules)
    self_refs = set(rules.words("subject_regions"))
    named = home if home not in self_refs | set(rules.words("scope_regions")) else None
    # what earlier items state in their own clause carries like any date or place (全市…)
    # (where the clause that states them stands: stated_at, when a record begins in an earlier one)
    local = tuple(rules.words("local_periods"))
    stated = [Mark(i.start if i["stated_at"] is None else i["stated_at"], key, named if key == "region" and named and i[key] in self_refs else i[key],
                   i["period_norm"] if key == "period" else None, key == "period" and i[key].startswith(local))
              for i in items for key in keys if i[key] and not i["compared_base"]   # 全省(7.7%): a base
              and not (key == "period" and starting_figure(doc, i, rules))]     # 由2007年末的74%: its own time
    entity_marks = [Mark(m.pos, m.key, named, None) if m.text in self_refs and named else m for m in entity_marks]
    found = sorted(_outside_predicates(entity_marks, items) + stated, key=lambda m: m.pos)
    periods = {m.text for m in found if m.key == "period" and not m.local}
    only_period = next((m for m in found if m.key == "period" and not m.local), None) if len(periods) == 1 else None
    fallback = {"period": only_period, "region": home and Mark(0, "region", home, None)}
    carried = [m for m in found if not m.local]     # (近两年来 dates its own clause's figures only)
    for item in sorted(items, key=lambda i: i.start):
        para = doc.paragraphs[doc.paragraph_of(item.start)] if doc.paragraphs else (0, len(doc.text))
        window = _window(doc, item, para)
        for key in keys:
            if key == "region" and item["region"] in self_refs and named:
                item.fields.update(region=named, region_from="article")
            if item[key]:
                continue
            cut = key == "period" and window != para      # a place named far before still reads as home
            mark, source = _carried(item, key, _with_local(doc, item, carried, found, rules),
                                    window if cut else para, fallback[key], cut)
            if mark is not None and goals and key == "region" and _whole_of(mark.text, named, rules):
                mark = Mark(mark.pos, key, named, None)     # carried from 全市…: the home, by name
            if mark is not None:
                item.fields[key], item.fields[key + "_from"] = mark.text, source
                if key == "period":
                    item.fields["period_norm"] = mark.norm
        if "period" in keys and item["period"]:
            item.fields["period"] = period_text(item["period"], rules)
