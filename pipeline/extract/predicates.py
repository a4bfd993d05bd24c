"""Figures named by what their people do: a share of a population (42.5%的受访者认为房价将
上涨, 甲国65%居民已完整接种疫苗) and a count of who acts (今天有96人住进加护病房, 58票赞成).

A rule gives the figure as `level`, then a `predicate` that runs to the end of the clause,
and for a share the `population` between them (population_nouns.txt, after a modifier). The
share's metric is named by the population with its predicate; the count's by its predicate
(新增 kept before it: 新增|86人被送进医院). Nothing is reported when the figure is a bound
(超过15%的基金有12只: a figure in the predicate), a change (增长20%的企业: a change verb before
it), when the predicate opens with no verb or adverb (30%居民收入: the noun goes on), ends on a
verb of speaking (58%的受访者表示,…: what they said is the next clause), holds a supposition or
is a clause of when (…时); nor for a count of one to three, a count that a name before it in
its clause already names (企业职工3000人参加培训: level_change reads it), or one whose predicate
qualifies a noun (3000人参加的大会).
"""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.counts import FEW, counted, few
from pipeline.extract.figures import Refusal
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.name_cuts import inner_end
from pipeline.extract.records import make_record, parse_level
from pipeline.extract.target_names import clause_start
from pipeline.text.segment import tag_cached as tag

# how a predicate opens: a verb or an adverb (认为, 已, 可能, 至少), never a noun or a preposition
_OPENS = {"v", "d", "vd", "ad", "vi"}
# how a population's modifier never opens (这些, 在, 和, 的; a link verb neither: 90%是基金…
# links the rate to what it is, link.txt), unlike a verb that qualifies it (受访企业)
_NOT_MODIFIERS = {"vshi", "p", "c", "d", "u", "uj", "r"}


def named_by_predicate(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """The record of match M, or a Refusal saying why there is none."""
    level = parse_level(m.group("level"), rules)
    if level is None:
        return []
    share = m.groupdict().get("population") is not None
    why = _refused(doc, m, rules) or (_population_refused(doc, m, rules) if share else None)
    if why:
        return Refusal(why)     # (before the lead is cleaned: most candidates end here)
    # 约有八成|已…, 利润有|七成…: what has the figure (group_links.txt), a hedge before it the figure's
    owner = rules.compile(r"((?:{qual_pre}))?(?:{group_links}){sp}$").search(
        doc.text, max(0, m.start("level") - 8), m.start("level"))
    if owner and owner.group(1) and not level["qualifier"]:
        level = parse_level(owner.group(1) + m.group("level"), rules) or level
    first = _list_start(doc, m.start("level"), rules) if not share else m.start("level")
    lead = clean_indicator(doc, clause_start(doc, first, rules), first, rules)
    if not share and (why := _count_refused(doc, m, first, level, lead, rules)):
        return Refusal(why)
    start, end = m.start("population" if share else "predicate"), _predicate_end(doc, m, rules)
    name = doc.text[start:end]
    if m.groupdict().get("counted") is not None:     # 20只基金|宣布分红: 宣布分红的基金
        name = name + rules.words("figure_of")[0] + m.group("counted")
    elif not share and lead.get("indicator") in rules.word_set("added_marks"):   # 新增|86人被送进医院
        name, start = lead["indicator"] + name, lead["span"][0]
    elif not share and level["unit"] == "%" and lead.get("indicator"):
        # 总收入有98%|来自主业: the whole's share; (样品中约有|八成…: the whole without 中 and the hedge)
        cut = inner_end(doc, lead["span"][0], owner.start() if owner else first, rules)
        whole = clean_indicator(doc, lead["span"][0], cut, rules) if cut > lead["span"][0] else {}
        if whole.get("indicator"):
            name, start = whole["indicator"] + name, whole["span"][0]
    ind = {**{k: v for k, v in lead.items() if k not in ("indicator", "span", "verb")},
           "indicator": name, "span": (start, end)}
    record = make_record(rule, min(start, m.start("level")), end, ind, level, None, rules)
    record.fields["predicate"] = doc.text[m.start("predicate"):end]   # what they do (no name: records.predicate_span)
    if share:
        record.fields["population"] = m.group("population")   # who the share is of
    return [record]


def opens_predicate(words, rules: RuleSet) -> bool:
    """WORDS (as tag gives them) open with a verb or an adverb, or a word of predicate_openers.txt."""
    return bool(words) and (words[0][1] in _OPENS or words[0][0] in rules.word_set("predicate_openers"))


def _predicate_end(doc: Doc, m, rules: RuleSet) -> int:
    """Where the predicate's first verb phrase ends: before a word that joins a second one
    (predicate_joints.txt: 确诊|又|创新高), else at the clause's end. A set phrase may open
    with one (又创新高), a word of two characters not (并购)."""
    pos, joints = m.start("predicate"), rules.word_set("predicate_joints")
    for i, (word, _) in enumerate(tag(m.group("predicate"), rules.user_words())):
        if i and (word in joints or len(word) > 2 and word[:1] in joints):
            return pos
        pos += len(word)
    return m.end("predicate")


def _refused(doc: Doc, m, rules: RuleSet) -> str | None:
    """Why the predicate makes no name, share or count alike."""
    predicate = m.group("predicate")
    if rules.compile("{quantity}").search(predicate):
        return f"a figure in {predicate!r}: the first figure picks out a group counted or measured after it"
    if doc.cuts_word(m.start("predicate"), m.end("predicate")):
        return "the predicate starts or ends inside a word"
    words = tag(predicate, rules.user_words())
    if not opens_predicate(words, rules):
        return f"{predicate!r} opens with no verb: the noun goes on, no predicate"
    if words[-1][0] in rules.word_set("speaker_verbs"):
        return f"{predicate!r} ends on a verb of speaking: what they said is the next clause"
    if any(w in rules.unmarked("hypothetical_marks", "fact") for w, _ in words):
        return f"{predicate!r} holds a supposition (hypothetical_marks.txt): its clause goes on after it"
    if predicate.endswith(tuple(rules.words("when_marks"))) or words[-1][1] == "f":
        return (f"{predicate!r} is a clause of when (when_marks.txt, or a word of place or time "
                "after it: 染病后): what the figure does comes after it")
    return None


def _population_refused(doc: Doc, m, rules: RuleSet) -> str | None:
    before = doc.text[:m.start("level")]
    if rules.compile(r"(?:{up}|{down})了?$").search(before[-6:]):
        return f"{m.group('level')} after a verb of change: a change, not a share of a population"
    if doc.cuts_word(m.start("population"), m.end("population")):
        return "the population starts or ends inside a word"
    first = tag(m.group("population"), rules.user_words())[0]
    if first[1] in _NOT_MODIFIERS or first[0] in rules.word_set("link"):
        return f"{m.group('population')!r} opens with {first[0]!r}: the rate and the noun belong to different phrases"
    return None


def _count_refused(doc: Doc, m, first: int, level: dict, lead: dict, rules: RuleSet) -> str | None:
    """FIRST: where the list of counts M's count belongs to opens (its own start when none)."""
    if first == m.start("level") and doc.text.endswith(("、", *rules.words("list_and")), 0, first):
        return f"{m.group('level')} is a list's member: the predicate is the whole list's"
    if level["unit"] == "%":          # a share: of one to three per cent is no few
        if why := _share_refused(doc, m, first, rules):
            return why
    elif m.groupdict().get("counted") is not None and (why := _opens_with_link(m, rules)):
        return why                    # 8只基金|是银行系基金: what they are, no predicate
    elif few(level):
        return f"{m.group('level')}: a count of one to {FEW}, of what the text names or has just listed"
    if m.groupdict().get("counted") is None and counted(doc, m.end("level"), level, rules, bare=True):
        return f"{m.group('level')} counts the noun after it (新增86例确诊病例: metric.level_change reads it)"
    verb = next((w for w, flag in tag(m.group("predicate"), rules.user_words()) if flag != "d"), "")
    if verb in rules.word_set("up", "down"):
        return f"{m.group('predicate')!r} is a change (比上周的860人大幅增加): the count is its base, named before it"
    if "的" in m.group("predicate"):
        return f"{m.group('predicate')!r} qualifies a noun after 的: the count is that noun's"
    name = lead.get("indicator")
    # 表决结果有58票赞成: what has the count (group_links.txt) is the whole it is drawn from, no name of it
    # (卫生部门通报41人病故: who reports, report_verbs.txt, is no name of what is counted either)
    owned = doc.text[clause_start(doc, first, rules):first].strip().endswith(tuple(rules.word_set("group_links", "report_verbs")))
    if name and name not in rules.word_set("added_marks") and not owned:
        return f"{name!r} before the count names what it counts (metric.level_change reads it)"
    return None


def _share_refused(doc: Doc, m, first: int, rules: RuleSet) -> str | None:
    """Why a share without its population (其中62%已完成改造) is none: it follows a verb of
    change (上涨6%|报收于…) or 的 (与去年的67%|相比…: a base's figure, or a noun's share), or
    its predicate opens with a link verb (20%|是合理水平: what the figure is)."""
    before = doc.text[max(0, first - 6):first].rstrip()
    if rules.compile(r"(?:{up}|{down})了?$").search(before):
        return f"{m.group('level')} after a verb of change: a change, not a share of those it names"
    if before.endswith(tuple(rules.words("figure_of"))):
        return f"{m.group('level')} after 的 (figure_of.txt): the figure of a noun before it, not a share"
    return _opens_with_link(m, rules)


def _opens_with_link(m, rules: RuleSet) -> str | None:
    if tag(m.group("predicate"), rules.user_words())[0][0] in rules.word_set("link"):
        return f"{m.group('predicate')!r} opens with a link verb (link.txt): what the figure is, not what they do"
    return None


def _list_start(doc: Doc, pos: int, rules: RuleSet) -> int:
    """58票赞成、12票反对: where the list of counts each with its own predicate opens, for a
    count at POS (POS itself when none stands before it)."""
    member = rules.compile(r"(?:{quantity})(?<=(?:{agent_units}))\p{Han}{1,8}、{sp}$")
    while (before := member.search(doc.text, max(0, pos - 24), pos)) is not None:
        pos = before.start()
    return pos
