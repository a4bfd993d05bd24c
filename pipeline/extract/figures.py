"""The checks of a metric match that read its figures and the text around them, never its
indicator: the level and changes it gives, and why they give no metric.

A rule meets the same level again and again: after a refused match the scan goes on at the
next word start, and the match found there is most often the same level with a shorter
indicator (on real text about half of these checks were of a level checked before). What
these checks say holds for every such match, so they run once per level and changes (their
spans) and the answer is kept for the rest of the metric stage; and when they refuse, the
indicator (POS tags, a pipeline of steps) is not cleaned at all. `cnie explain` still gives
the reason it gave before: metrics.py applies them in their old order when it traces.
"""
from __future__ import annotations

from dataclasses import dataclass

from pipeline.document import Doc
from pipeline.extract.changes import parse_change
from pipeline.extract.compounds import structure_parts
from pipeline.extract.counts import (FEW, change_named_after, counted, describes_noun, few, group_count,
                                     listed_change, multiple_of_base, paired_level, threshold_of_group)
from pipeline.extract.records import parse_level
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tokenizer

# the groups whose spans decide every check here
_GROUPS = ("level", "change", "change2")


class Refusal(str):
    """Why a match gives no metric: false, so the scan goes on as after any refusal, and kept
    in the trace, so `cnie explain` shows it."""
    def __bool__(self) -> bool:
        return False


@dataclass(frozen=True)
class Figures:
    """What a match's figures give, read without its indicator. REFUSED: why they give no
    metric whatever the name ([] or a Refusal), checked right after the name is read; NOUN:
    what a count counts (10个|行业)."""
    level: dict | None
    changes: list
    refused: list | None = None
    noun: tuple[str, int] | None = None


def figures(doc: Doc, m, rules: RuleSet, kept: dict) -> Figures:
    """The Figures of match M, remembered in KEPT (one dict per metric stage) by its spans."""
    key = tuple(m.span(g) if g in m.re.groupindex else None for g in _GROUPS)
    found = kept.get(key)
    if found is None:
        found = kept[key] = _read(doc, m, m.groupdict(), rules)
    return found


def _read(doc: Doc, m, groups: dict, rules: RuleSet) -> Figures:
    read = _level_and_changes(doc, m, groups, rules)
    if not isinstance(read, tuple):
        return Figures(None, [None], refused=read)
    level, changes = read
    if not (level and changes == [None]) or level.get("ratio") and structure_parts(doc.text, *m.span("level"), rules):
        return Figures(level, changes)      # (a structure gives its parts before any check below)
    noun = counted(doc, m.end("level"), level, rules)
    return Figures(level, changes, _count_refused(doc, noun, groups["level"], level, rules), noun)


def bare_count(doc: Doc, m, level: dict, rules: RuleSet) -> tuple:
    """我国有611万高校毕业生: a bare magnitude counts the nouns after it when the words before
    the figure name nothing (counts.counted, bare); the noun and why its count is no metric,
    as for a count in a measure word. Asked only then, so not kept with the figures."""
    noun = counted(doc, m.end("level"), level, rules, bare=True)
    return noun, _count_refused(doc, noun, m.group("level"), level, rules)


def _count_refused(doc: Doc, noun, count: str, level: dict, rules: RuleSet):
    """Why the count of NOUN is no metric, or None (none when nothing is counted)."""
    if not noun:
        return None
    if rules.compile("{sp}{change}").match(doc.text, noun[1]):
        return []              # 十种有色金属产量增长3%: the count is part of the indicator's name
    if noun[0] in rules.word_set("weak_count_nouns"):
        return Refusal(f"{count}{noun[0]}: the counted noun alone (weak_count_nouns.txt) "
                       "says nothing of which ones are counted")
    if few(level):
        return Refusal(f"{count}{noun[0]}: a count of one to {FEW} of what the text "
                       "names or has just listed, no fact")
    why = group_count(doc, noun[1], count + noun[0], rules)
    return Refusal(why) if why else None


def _level_and_changes(doc: Doc, m, groups: dict, rules: RuleSet) -> tuple | list:
    """The level and changes of a match, or why it gives no metric."""
    if groups.get("level") and doc.text.startswith(tuple(rules.words("number_phrases")), m.start("level")):
        return []              # 三次产业结构: a set phrase, not 3 次
    if groups.get("level") and doc.text.endswith(tuple(rules.words("ordinal_marks")), 0, m.start("level")):
        return Refusal("a rank or position (ordinal_marks.txt before the number), not an amount")
    if groups.get("level") and _in_document(doc, m.start("level")):
        return Refusal("a number inside a document's name (《国十一条》, 《十四五规划》), not an amount")
    if groups.get("level") and (word := _unit_cut(doc, m.end("level"), rules)):
        return Refusal(f"{groups['level']}: its unit is cut from the word {word!r} (…万人口, 9个月后)")
    level = parse_level(groups["level"], rules) if groups.get("level") else None
    changes = [parse_change(groups[g], rules) for g in ("change", "change2") if groups.get(g)]
    changes = [c for c in changes if c] or [None]
    if level and level["unit"] == "%" and changes == [None] and (verb := change_named_after(doc, m.end("level"), rules)):
        level, changes = None, [parse_change(verb + groups["level"], rules)]   # 录得5.2%的增幅
    if level and groups.get("change") and listed_change(doc, m.span("change"), rules):
        changes = [None]       # 同比分别增长33.2%和21.0%: the first rate is the first level's
    if level and (why := paired_level(doc, m.span("level"), rules) or threshold_of_group(doc, m.end("level"), rules)
                  or describes_noun(doc, m.end("level"), rules, m.start("level"))
                  or multiple_of_base(doc, m.span("level"), level["unit"], rules)):
        return Refusal(why)
    if groups.get("change") and (why := threshold_of_group(doc, m.end("change"), rules)):
        return Refusal(why)    # 份额增长超过8%的基金共有14只: a bound on the change too
    if level is None and changes == [None]:
        return []
    return level, changes


def _in_document(doc: Doc, pos: int) -> bool:
    """POS falls inside a document's name (《十四五规划》); the names' spans are listed once
    per entity list rather than every entity looked at for each level."""
    key = (id(doc.entities), len(doc.entities))
    kept = doc.__dict__.get("_document_spans")
    if kept is None or kept[0] != key:
        kept = doc.__dict__["_document_spans"] = (key, [(e.start, e.end) for e in doc.entities if e["type"] == "document"])
    return any(start <= pos < end for start, end in kept[1])


def starts_cleanly(doc: Doc, start: int, rules: RuleSet) -> bool:
    """A level may start inside one of jieba's words only when jieba glued it to its
    neighbour (降费超|10亿元, a word it does not know); not inside a real word (签约|13个)."""
    return _cut_word(doc, start, rules) is None


def _cut_word(doc: Doc, pos: int, rules: RuleSet) -> str | None:
    """The dictionary word POS falls inside (签约|13个, 120万人|口), if any."""
    word = doc.token_inside(pos)
    return word.word if word is not None and tokenizer(rules.user_words()).FREQ.get(word.word) else None


def _unit_cut(doc: Doc, end: int, rules: RuleSet) -> str | None:
    """The word a level's unit is a piece of (120万人|口, 9个|月后, 两部|门): no amount of that
    unit. Not when jieba only glued the unit to a word after it (34类|产品: 产品 is a word)."""
    word = _cut_word(doc, end, rules)
    rest = doc.text[end:doc.token_inside(end).end] if word else ""
    return word if word and not (len(rest) > 1 and tokenizer(rules.user_words()).FREQ.get(rest)) else None
