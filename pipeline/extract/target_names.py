"""What a target measures, read again from its own clause when the metric's name is doubtful.

A metric borrows its indicator from the record before it in the sentence when its clause names
none; in a forecast that record is often another clause's (若金价维持每盎司2000美元, 明年CPI会从…
降至2.2%: 2.2% is the price rise's, not the gold price's). And where a move's end is cut off
from its start (免税额由3万元调高至4万元) or the goal word stands between the name and the figure
(全年出口期可首度站上…), the metric's name is a verb. pipeline/extract/targets.py asks `rename`
for each target; the name found here is the clause's own, or the target keeps what it had.
"""
from __future__ import annotations

from bisect import bisect_right

import regex

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.indicators import clean_indicator, known_indicator
from pipeline.resolve.confidence import name_doubt, not_a_name
from pipeline.text.segment import tag_cached as tag

# what ends a clause: a target's name lies in its own, after the last of these
_BREAK = r"[,;:。!?、\n]"
_ADVERB = ("d",)
_VERB = ("v",)
# tags of a word that opens no noun phrase: verbs, prepositions, particles, conjunctions, adverbs
_NO_NOUN = ("v", "p", "u", "c", "d", "y", "m")
_NOUN = ("n", "vn")         # POS tags (jieba) of a noun: nr, ns, nz … start with n
# and our lexicons' words, Latin names, abbreviations, attributes (额外, 大型: b)
_NAMED = _NOUN + ("x", "eng", "j", "b")


def clause_start(doc: Doc, pos: int, rules: RuleSet) -> int:
    """After the last break before POS in its sentence (else the sentence's start)."""
    sentence = doc.sentence_at(pos)
    ends = _break_ends(doc, rules)
    i = bisect_right(ends, pos) - 1      # the last break ending at or before POS...
    return ends[i] if i >= 0 and ends[i] > sentence[0] else sentence[0]   # ...if inside the sentence


def _break_ends(doc: Doc, rules: RuleSet) -> list[int]:
    """Where each break of the text ends, found once per document: metric checks ask for the
    clause of ~30 candidates an article, each searching its sentence again (1.6% of the time)."""
    kept = doc.__dict__.get("_break_ends")
    if kept is None or kept[0] is not doc.text:
        kept = doc.__dict__["_break_ends"] = (doc.text, [m.end() for m in rules.compile(_BREAK).finditer(doc.text)])
    return kept[1]


def _value_start(doc: Doc, target: Item, rules: RuleSet) -> int:
    """Where the target's figure starts (its text may hold the name: 营收突破80亿元)."""
    number = rules.compile("{num}").search(doc.text, (target["indicator_span"] or [target.start])[-1], target.end)
    return number.start() if number else target.start


def _known(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[str, int, int] | None:
    """The last known indicator (indicators.txt) between START and END, not a share's whole
    (占GDP的3%: GDP is what the share is of)."""
    shares = tuple(rules.words("share_words"))
    found = [m for m in rules.compile("(?:{indicators})").finditer(doc.text, start, end)
             if not doc.text[:m.start()].endswith(shares) and not doc.cuts_word(m.start(), m.end())]
    return (found[-1].group(), found[-1].start(), found[-1].end()) if found else None


def _moved(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[str, int, int] | None:
    """免税额亦由3万元调高至4万元, 物价涨幅将从2023年的2.1%放缓至…: the name before the
    from-mark of a move whose end (a reach word before the figure) is the target."""
    move = rules.compile(r"(?:{from_marks})[^,;:。!?]*?(?:{ind_reach})[^\d,;:。!?]{0,8}$").search(doc.text, start, end)
    if move is None:
        return None
    name = clean_indicator(doc, start, move.start(), rules)
    if not name["indicator"] or any(c.isdigit() for c in name["indicator"]):
        return None
    words = list(tag(name["indicator"], rules.user_words()))
    while words and words[-1][1] in _ADVERB:
        words.pop()             # 免税额亦(由): the adverb before the from-mark is no part of the name
    said = "".join(w for w, _ in words)
    return (said, name["span"][0], name["span"][0] + len(said)) if len(said) >= 2 else None


def _allocated(doc: Doc, target: Item, rules: RuleSet) -> bool:
    """市府今年额外增拨约5,000万元: the name before an allocation verb is who gives, not what for."""
    span = target["indicator_span"]
    return bool(span) and span[1] <= target.end and rules.compile("(?:{allocation_verbs})").search(
        doc.text, span[1], _value_start(doc, target, rules)) is not None


def _purpose(doc: Doc, target: Item, rules: RuleSet) -> tuple[str, int, int] | None:
    """…增拨约5,000万元,改善社区诊所的设备: an allocation's purpose may follow in the next
    clause (no figure in it); purpose_marks.txt (用于, 作) open it and are no part of the name."""
    if not _allocated(doc, target, rules):
        return None
    m = rules.compile(r",(?:{purpose_marks})?([^,;:。!?()\d\n]{2,16})(?=[,;:。!?\n])").match(doc.text, target.end)
    return (m.group(1), m.start(1), m.end(1)) if m else None


def _after_figure(doc: Doc, target: Item, rules: RuleSet) -> tuple[str, int, int] | None:
    """今年只会录得8亿元亏损: without a name before it, the noun that
    ends the clause right after the figure is what it measures."""
    if target["indicator_id"] or not not_a_name(target, rules):
        return None
    m = rules.compile(r"[\p{Han}「」“”]{2,10}(?=[,;:。!?\n]|$)").match(doc.text, target.end)
    words = tag(m.group().strip("「」“”"), rules.user_words()) if m else ()
    if not words or not words[-1][1].startswith(_NOUN):
        return None
    said = m.group().rstrip("「」“”")
    return regex.sub("[「」“”]", "", said), m.start(), m.start() + len(said)     # quotes mark a word, not a name


def _without_opener(target: Item, rules: RuleSet) -> tuple[str, int, int] | None:
    """即储备(的35.7%): a name behind a word no name opens with is the rest."""
    name, span = target["indicator"] or "", target["indicator_span"]
    words = tag(name, rules.user_words()) if name and span else ()
    if len(words) < 2 or words[0][0] not in rules.word_set("indicator_bad_openers"):
        return None
    rest = name[len(words[0][0]):]
    return (rest, span[0] + len(words[0][0]), span[1]) if len(rest) >= 2 and rest[0].isalnum() else None


def _drop_causative(target: Item, rules: RuleSet) -> None:
    """力争使农村自来水普及率达到95%, 将使药物库存量倍增至…: the causative (causatives.txt)
    that opens the name belongs to the goal's verb; what is measured is the rest."""
    name, span = target["indicator"] or "", target["indicator_span"]
    words = tag(name, rules.user_words()) if name and span else ()
    if len(words) < 2 or words[0][0] not in rules.word_set("causatives") or len(name) - len(words[0][0]) < 2:
        return
    rest = name[len(words[0][0]):]
    target.fields.update(indicator=rest, indicator_span=[span[0] + len(words[0][0]), span[1]], **known_indicator(rest, rules))


def _drop_hedges(target: Item, rules: RuleSet) -> None:
    """死亡人数可能(超过6万), 年薪至少(在400万元): hedges ending the name (name_hedges_end.txt)
    are the forecast's, not the measure's; cut them when a noun stays (可能保持 keeps its
    name: no noun is left to stand for it)."""
    name, span = target["indicator"] or "", target["indicator_span"]
    words = list(tag(name, rules.user_words())) if name and span else []
    ending, tail = rules.word_set("name_hedges_end"), len(words)
    while tail > 0 and words[tail - 1][0] in ending:
        tail -= 1
    if tail < len(words) and any(flag.startswith(_NOUN) for _, flag in words[:tail]):
        rest = "".join(w for w, _ in words[:tail])
        target.fields.update(indicator=rest, indicator_span=[span[0], span[0] + len(rest)], **known_indicator(rest, rules))


def _doubtful(doc: Doc, target: Item, scope: dict, rules: RuleSet) -> bool:
    """The metric's name was borrowed from another record, or is no known name and stands
    right after the goal word (期可|首度站上) or across it (出口[期可]首度站上), or right after
    a move's starting figure (由3万元|调高至)."""
    if target["indicator_from"] == "previous" or _allocated(doc, target, rules):
        return True
    if target["indicator_id"]:
        return False
    if target["indicator"] in rules.word_set("up", "down") or not_a_name(target, rules):
        return True             # 成长(将保持在…), 只会(录得163亿元盈余): a verb or a stretch, no name
    start_mark = rules.compile("(?:{from_marks})")
    span = target["indicator_span"] or (target.start, target.start)
    return target.start == scope["verb_end"] or span[0] <= scope["start"] < span[1] or any(
        m.end == target.start and start_mark.search(doc.text, m.start, m.end) for m in doc.metrics)


def rename(doc: Doc, target: Item, scope: dict, before: Item | None, rules: RuleSet) -> None:
    """Give TARGET its own clause's name where the metric's is doubtful: a known indicator
    before the figure, else the subject of a move that ends at it; else the name the target
    BEFORE it in the sentence was given, when TARGET borrowed that one's old name (…上修至6%以上、
    甚至有望上看7%); else leave it as it is."""
    _drop_causative(target, rules)
    _drop_hedges(target, rules)
    if not _doubtful(doc, target, scope, rules):
        return
    old, span = target["indicator"], target["indicator_span"] or (target.start, target.start)
    value = _value_start(doc, target, rules)
    start = clause_start(doc, value, rules)
    if target["indicator_from"] != "previous" and (target.start == scope["verb_end"] or span[0] <= scope["start"]):
        start = clause_start(doc, scope["start"], rules)      # 全年营收期可|首度站上: before the goal word
    after_goal = scope["verb_end"] if start <= scope["verb_end"] <= value else start
    found = _purpose(doc, target, rules) or _known(doc, start, value, rules) or _moved(doc, after_goal, value, rules) \
        or _after_figure(doc, target, rules) or _without_opener(target, rules)
    if found is None and before is not None and target["indicator_from"] == "previous" and \
            before.fields.get("renamed_from") == old and doc.sentence_of(before.start) == doc.sentence_of(target.start):
        found = (before["indicator"], *before["indicator_span"])
    if found is None or found[0] == old:
        return
    name, s, e = found
    if span[0] <= s and e < span[1] and not target["indicator_from"] and not s < scope["verb_end"] <= span[1]:
        name, e = doc.text[s:span[1]], span[1]      # …使英国的GDP增长率: the known name and what ends it
    target.fields.update(indicator=name, indicator_span=[s, e], indicator_from=None, **known_indicator(name, rules))
    target.fields["renamed_from"] = old


def shared(target: Item, rules: RuleSet) -> list[Item]:
    """住宅空置率和商铺空置率均控制在10%以内: two names joined by a conjunction (list_and.txt)
    that end with the same head (失业率) set one goal for both: one target each."""
    name, span = target["indicator"] or "", target["indicator_span"]
    m = rules.compile(r"^(\p{Han}{2,}?)(?:{list_and})(\p{Han}{2,})$").match(name)
    if m is None or not span or len(_common_end(m.group(1), m.group(2))) < 2 or m.group(2).startswith(m.group(1)):
        return [target]
    first, second = dict(target.fields), dict(target.fields)
    first.update(indicator=m.group(1), indicator_span=[span[0], span[0] + m.end(1)], **known_indicator(m.group(1), rules))
    second.update(indicator=m.group(2), indicator_span=[span[0] + m.start(2), span[1]], **known_indicator(m.group(2), rules))
    return [Item(target.kind, target.start, target.end, target.rule, f) for f in (first, second)]


def _common_end(a: str, b: str) -> str:
    n = 0
    while n < min(len(a), len(b)) and a[-1 - n] == b[-1 - n]:
        n += 1
    return a[len(a) - n:]


def unnamed(doc: Doc, target: Item, rules: RuleSet) -> str | None:
    """Why TARGET's indicator, after `rename`, names nothing the goal measures (None: it
    names something): targets.py then reports nothing of it. A stretch of the sentence
    (明年会进一步放缓至3.2%, 将有可能罚3倍: an adverb, a modal or a hedge opening it; 改为每两周
    40小时: a verb, then words without a noun), a verb
    of change or a threshold alone (将冲破500亿大关), a noun after a bare count (将组织60所大学:
    the count is of a phrase's noun, not the goal's measure; 拨出5亿元用于教育 names its
    purpose), the noun of the figure before it (有2只指数型基金和12只…: the first count's), or a
    verb alone before a count of the noun after it (将引入5万名海外人才)."""
    name, span = target["indicator"] or "", target["indicator_span"]
    if target["indicator_id"] or not name or not span:
        return None
    words = tag(name, rules.user_words())
    why = _opening_stretch(words, rules)
    if why is None and words[0][0] in rules.word_set("name_hedges_end"):
        why = f"indicator {name!r} opens with the hedge {words[0][0]!r} (name_hedges_end.txt): no name"
    # a verb opening it: jieba tags nouns as verbs often enough (一般开支, 的产出) to need both
    if why is None and len(words) > 1 and words[0][1].startswith(_VERB) and not any(
            flag.startswith(_NAMED) for _, flag in words):
        why = f"indicator {name!r} is a verb and no noun: a stretch of the predicate, not a name"
    if why is None and name in rules.word_set("up", "down", "threshold_words"):
        why = f"indicator {name!r} is a verb of change or a threshold alone: what moves is not named"
    number = rules.compile("{num}").search(doc.text, target.start, target.end)
    # only a bare count: 6个优势产业集群营收达到2.6万亿元 counts what the name measures
    unit = (target["normalized"] or {}).get("unit") or target["unit"]      # 5万名: 名
    counted = unit in rules.word_set("classifiers") and not target["change"]
    # the name's own start: a count's span may hold its figure (共同签署8项协议: [8项协议])
    if why is None and counted and number and number.end() <= span[1] - len(name) \
            and not doc.text.endswith(tuple(rules.words("yield_verbs")), 0, _figure_start(doc, number.start(), rules)):
        why = f"indicator {name!r} follows a bare count: the noun of a longer phrase, not what the goal measures"
    if why is None and counted and len(words) == 1 and words[0][1].startswith(_VERB) and _noun_after(doc, target, rules):
        why = f"indicator {name!r} is a verb alone and a noun follows the count: what is counted is not named"
    if why is None and counted and number and any(q.end == span[0] <= number.start() for q in doc.quantities):
        why = f"indicator {name!r} follows another figure: that figure's noun, not this one's"
    return why


def _opening_stretch(words, rules: RuleSet) -> str | None:
    """An adverb, a modal or an aspect particle before any noun of the name (进一步放缓,
    就是要争夺): the name is a stretch of the predicate. After a noun (企业利得税亦获宽免) the
    noun or attribute before it still names the measure (涉及额外经常拨款)."""
    marks = rules.word_set("change_adverbs", "indicator_bad_openers", "modal_verbs", "aspect_marks")
    for i, (word, _) in enumerate(words):
        if len(word) == 1 and (i > 0 or word not in marks):
            continue            # 单只基金: jieba tags lone characters as adverbs where they are none
        why = name_doubt(word, rules)
        if why:
            return None if any(flag.startswith(_NAMED) for _, flag in words[:i]) else why
    return None


def _noun_after(doc: Doc, target: Item, rules: RuleSet) -> bool:
    """将引入5万名海外人才, 还将促使3亿农民进城: a noun right after the count is what it counts."""
    m = rules.compile(r"[^\W\d_]{1,6}").match(doc.text, target.end)
    words = tag(m.group(), rules.user_words()) if m else ()
    return bool(words) and not words[0][1].startswith(_NO_NOUN)


def _figure_start(doc: Doc, number_start: int, rules: RuleSet) -> int:
    """Where the figure at NUMBER_START opens, its qualifier before it (将创造|超过5000个)."""
    before = rules.compile("(?:{qual_pre}){sp}$").search(doc.text, max(0, number_start - 6), number_start)
    return before.start() if before else number_start
