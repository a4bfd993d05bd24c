"""Moves from one figure to another (失业率由上年的4.1%降至3.9%, 仓位从75%降到72%): the
figure after a from-mark (from_marks.txt) is where the move starts, a fact of its own time, so
its period is not carried to the figures after it; the end of the move is the level now
(rule metric.moved_to). And a move the sentence opens with, whose rate a later clause gives
(国债指数连续下跌,…,累计跌幅已达1.05%: moved_subject)."""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.changes import parse_change
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.target_names import clause_start
from pipeline.text.segment import tag_cached as tag


def figure(doc: Doc, start: int, end: int, rules: RuleSet):
    """The first figure in START..END, not a date before it (到2008年三季度反而增长了40亿美元)."""
    return rules.compile(r"(?:{num})(?![\d.]|{sp}(?:年|月|日|季))").search(doc.text, start, end)


def starts_a_move(doc: Doc, number_start: int, rules: RuleSet) -> bool:
    """The figure at NUMBER_START stands right after a from-mark, with at most a short time word
    and 的 between (由4.5万元, 从上年的210万吨, 从2023年末的74%): where a move starts."""
    # the time word is tried last: 从2022年的 has none, 的 is figure_of's
    start = rules.compile(r"(?:{from_marks})(?:\d{4}年)?([^\W\d_]{1,4}?)??(?:{figure_of})?$")
    m = start.search(doc.text, max(0, number_start - 12), number_start)
    # 从债市撤资(1350亿元): only a time word may stand between (jieba: t; 三季末 is m + n)
    return m is not None and (not m.group(1) or all(
        flag in ("t", "m", "f") or word in rules.word_set("period_parts") for word, flag in tag(m.group(1), rules.user_words()))) \
        or _dated_start(doc, number_start, rules)


def _dated_start(doc: Doc, number_start: int, rules: RuleSet) -> bool:
    """从去年11月底的31.4%: a date the text names stands between the from-mark and the figure."""
    before = doc.text[:number_start]
    mark = next((w for w in rules.words("figure_of") if before.endswith(w)), "")
    end = number_start - len(mark)
    starts = [s for ent in doc.entities if ent["type"] == "date" for s, e in ent["mentions"] if e == end]
    return any(doc.text[:s].endswith(tuple(rules.words("from_marks"))) for s in starts)


def moves_on(doc: Doc, end: int, rules: RuleSet) -> bool:
    """A move follows the figure ending at END: an up or down verb, a 至/到 (ind_reach.txt) or
    a verb of turning (turn_verbs.txt: 由-0.1%|转为0.1%) within a verb's length, after a comma
    too (从1998年的107.6亿元,|爆发式增长至…); 由十多人|组成 is no move."""
    return rules.compile(r"(?:,{sp})?[^,;:。!?\n\d]{0,4}?(?:{ind_reach}|{up}|{down}|{turn_verbs})").match(doc.text, end) is not None


def level_figure(doc: Doc, start: int, end: int, rules: RuleSet):
    """The figure of the level in START..END: the one after a move's 至/到 (ind_reach.txt) when
    the stretch holds a whole move (由12万元提高至15万元 -> 15; 由三成调整为两成: turn_verbs.txt),
    else the first."""
    reach = None
    for reach in rules.compile(r"(?:{up}|{down})(?:{ind_reach})|{turn_verbs}").finditer(doc.text, start, end):
        pass
    return figure(doc, reach.end() if reach else start, end, rules)


def starting_figure(doc: Doc, item: Item, rules: RuleSet) -> bool:
    """ITEM's figure is where a move starts (失业率由上年的4.1%降至3.9%: 4.1%)."""
    number = level_figure(doc, item.start, item.end, rules)
    return number is not None and starts_a_move(doc, number.start(), rules)


# the words of a move's subject: nouns, names, short forms, Latin words, kinds (指数|型基金, LOF基金)
_SUBJECT_WORDS = {"n", "nz", "nt", "nr", "ns", "j", "eng", "vn", "b", "k"}


def moved_subject(doc: Doc, rate_start: int, rate_word: str, figure: str, rules: RuleSet):
    """债券型基金全线下跌,跌幅为0.42%: a bare rate of change (RATE_WORD, change_nouns.txt)
    in a later clause of a sentence that opens with a subject and its move (up.txt, down.txt,
    after at most two adverbs of change: change_adverbs.txt) is that subject's change: the
    subject as clean_indicator reads it, and the change (signed by the rate word), or None."""
    sign = rules.lexicons["change_nouns"].columns.get(rate_word, [None])[0] if "change_nouns" in rules.lexicons else None
    if sign not in ("up", "down"):
        return None
    start = doc.sentence_at(rate_start)[0]
    opening = rules.compile(r"{sp}([^,;:。!?\n]{2,14}?)(?:{change_adverbs}){0,2}(?:{up}|{down})(?=[,;:])").match(
        doc.text, start, rate_start)
    if opening is None or opening.end(1) not in doc.word_ends:
        return None
    subject = clean_indicator(doc, *opening.span(1), rules)
    words = tag(subject["indicator"], rules.user_words()) if subject.get("indicator") else ()
    if not words or any(flag not in _SUBJECT_WORDS for _, flag in words):
        return None         # (企债指数也已连续三周下跌, 6只基金下跌: more than a name moved)
    return subject, parse_change(rules.words(sign)[0] + figure, rules)


def move_subject(doc: Doc, item: Item, rules: RuleSet) -> str | None:
    """品种A的仓位略有上升,从61.2%升至61.5% / 候诊人数,由上周的320人增至410人: a clause that
    opens with a move's from-mark and names nothing continues the clause before it in its
    sentence when that clause is a subject alone, or a subject and its move (up.txt, down.txt,
    after adverbs of change) with no figure: the subject is whose figures the move gives. The
    subject as clean_indicator reads it, when it ends with a noun; else None."""
    if not starting_figure(doc, item, rules):
        return None
    clause = clause_start(doc, item.start, rules)
    sentence = doc.sentence_at(item.start)[0]
    if clause <= sentence or doc.text[clause - 1] != "," or \
            not doc.text[clause:].lstrip().startswith(tuple(rules.words("from_marks"))):
        return None
    lead = rules.compile(r"{sp}([^,;:。!?\n]{2,24}?)(?:{change_adverbs}){0,3}(?:{up}|{down})?{sp}$").match(
        doc.text, clause_start(doc, clause - 1, rules), clause - 1)
    if lead is None or lead.end(1) not in doc.word_ends or rules.compile("{num}").search(lead.group(1)):
        return None
    if any(word in rules.word_set("link") for word, _ in tag(lead.group(1), rules.user_words())):
        return None         # 提升最快的是混合型基金: the clause ranks what it names, the measure is left of 是
    subject = clean_indicator(doc, *lead.span(1), rules).get("indicator")
    words = tag(subject, rules.user_words()) if subject else ()
    return subject if words and words[-1][1] in _SUBJECT_WORDS else None
