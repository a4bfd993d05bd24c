"""From the words before a value to the indicator: drop subject, period, verbs and connectives.

A rule's `indicator` group captures the clause text before a value (通州实现地区生产总值). What
is measured is what remains after the last link verb, once leading connectives (其中), periods
(上半年) and places (通州区) are taken off: those become the metric's period and region.
Every word list used here is a lexicon under rules/lexicons.
"""
from __future__ import annotations

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.extract.fragments import NO_NAME_CLOSE
from pipeline.extract.name_cuts import (after_when, before_causative, before_per_tail, before_rank,
                                        paired, per_rate, qualifier_of_share, quoted_list_head, trim_function_words)
from pipeline.extract.name_cuts import word_text as _text
from pipeline.text.segment import tag_cached as tag, tokenizer

# Parts of speech of a subject that owns a figure (国有控股企业, 集团, 电子信息制造业).
_NOUNS = {"n", "nz", "nt", "j", "vn", "an", "ng", "nrt", "b"}

_QUOTES = "“”\"'"


def _tokens_in(doc: Doc, start: int, end: int, rules: RuleSet) -> list[tuple[int, int]]:
    """jieba's words inside [start, end), cut at the edges. A dictionary word the end cuts
    (缺勤率高|达8.5%: 高达 is one word) is the link verb's, not a piece of the indicator; a
    word only jieba glued (减税降费超|10亿元) keeps its piece."""
    tokens = doc.tokens_overlapping(start, end)
    if tokens and tokens[-1].start < end < tokens[-1].end and tokenizer(rules.user_words()).FREQ.get(tokens[-1].word) \
            and _piece_modifies(doc.text[tokens[-1].start:end], rules):
        tokens = tokens[:-1]
    return [(max(t.start, start), min(t.end, end)) for t in tokens]


def _piece_modifies(piece: str, rules: RuleSet) -> bool:
    """高 of 高达, 长 of 长达: the cut piece is an adjective or adverb, no noun's end (增长面|达)."""
    words = tag(piece, rules.user_words())
    return len(words) == 1 and words[0][1] in NO_NAME_CLOSE


def _mention_at(doc: Doc, start: int, types: tuple[str, ...]) -> tuple[dict, int] | None:
    """The date or place entity with a mention starting at START, and that mention's end."""
    return next(((ent, e) for ent, e in _mentions_by_start(doc).get(start, ()) if ent["type"] in types), None)


def _mentions_by_start(doc: Doc) -> dict[int, list]:
    """start -> [(entity, mention end)] in entity order, built once per entity list: a scan of
    every entity per word made a long article's cost quadratic (issue 14)."""
    key = (id(doc.entities), len(doc.entities))
    cached = doc.__dict__.get("_mentions_by_start")
    if cached is None or cached[0] != key:
        index: dict[int, list] = {}
        for ent in doc.entities:
            for s, e in ent["mentions"] or [[ent.start, ent.end]]:
                index.setdefault(s, []).append((ent, e))
        cached = doc.__dict__["_mentions_by_start"] = (key, index)
    return cached[1]


def is_base(doc: Doc, end: int, rules: RuleSet) -> bool:
    """A date ending at END is a base of comparison (2019年|同期), not a period."""
    return doc.text.startswith(tuple(rules.words("base_after")), end)


def _before_comparison(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """A comparison ends the indicator: 增速比上半年(加快) -> 增速; 比一季度(加快) -> nothing;
    so does the start of a move (from_marks.txt) when only a time stands between it and the
    figure: 吞吐量从上年的(210万吨增至…) -> 吞吐量, but 从债市撤资(2000亿元) keeps its words."""
    compare, moves = rules.word_set("ind_compare"), rules.word_set("from_marks")
    # a last 比 may be a word's end (占|比); 与6月比较|上升 ends at a two-character one
    cut = next((i for i, w in enumerate(words)
                if (i < len(words) - 1 or w[1] - w[0] > 1) and _text(doc, w) in compare
                or _text(doc, w) in moves and _only_time(doc, words[i + 1:], rules)), None)
    if cut is not None and _text(doc, words[cut]) in moves and cut + 1 < len(words):
        _note_period(doc, words[cut + 1][0], found)     # 从2021年的(1.9%): the starting figure's time
    return words[:cut] if cut is not None else words


def _noting_periods(cut):
    """CUT as a step that keeps the date of what it drops before the name as the period:
    昨日尾盘时|成交额 (after_when), 本周收益率最低的|基金甲净值增长率 (before_rank)."""
    def step(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
        kept = cut(doc, words, rules, found)
        for word in words:
            if kept and word[0] >= kept[0][0]:
                break
            _note_period(doc, word[0], found)
        return kept
    return step


def _note_period(doc: Doc, pos: int, found: dict) -> None:
    """The date mentioned at POS, if any, as the period found (unless one is already)."""
    hit = _mention_at(doc, pos, ("date",))
    if hit and not found["period"]:
        found.update(period=hit[0]["text"], period_norm=hit[0]["normalized"])


def _only_time(doc: Doc, words: list, rules: RuleSet) -> bool:
    """WORDS (after 从/由) are a time and its 的 at most (上年的, 2023年末的): jieba tags t or m."""
    rest = doc.text[words[0][0]:words[-1][1]] if words else ""
    return all(flag in ("t", "m", "uj", "f") for _, flag in tag(rest, rules.user_words())) if rest else True


def _after_last_verb(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """Subject and verb are not the indicator: 通州实现地区生产总值 -> 地区生产总值. A goal verb
    (确保) is kept as the target's verb."""
    if any(per_rate(doc.text, w[0], rules) for w in words[:-1]):
        return words        # (全区)每万人拥有医生(28.5人): a rate per head; its verb is part of its name
    verbs, goals = rules.word_set("ind_verbs", "goal"), rules.word_set("goal")
    moves, reach = verbs | rules.word_set("up", "down"), tuple(rules.words("ind_reach"))
    aspect = rules.word_set("aspect_marks", "link", "ind_skip_end")   # (累计|已达: adverbs and links alone)
    for i in range(len(words) - 2, -1, -1):
        word = _text(doc, words[i])
        # 出口可望|上看, 失业率可望|回升至, 营业收入实现|了: only verbs or an aspect mark after
        # it (aspect_marks.txt), so the name stands before it
        if word in verbs and _share_of_whole(doc, word, words, rules):
            return words        # 增加值占到了|全市生产总值的52%: the whole after 占 is part of the name
        if word in verbs and not all(_text(doc, w) in moves or _text(doc, w).endswith(reach)
                                     or _text(doc, w) in aspect for w in words[i + 1:]):
            if word in goals:
                found["verb"] = word
            # 国有控股企业|实现利润; but 券商|预估营收: who forecasts (estimate_verbs.txt) owns no
            # figure, unless what follows names none (经济成长率|预估值)
            forecaster = word in rules.word_set("estimate_verbs") and words[-1][1] - words[i + 1][0] >= 2
            found["subject"] = None if forecaster else _subject(doc, words[:i], rules)
            _strip_context(doc, words[:i], rules, found, scan=True)   # 上半年全省实现…
            return words[i + 1:]
    return words


def _share_of_whole(doc: Doc, word: str, words: list, rules: RuleSet) -> bool:
    """WORD is a verb of share (占到, 占了: share_words.txt opens it) and a whole and 的 follow
    it before the figure: the name is the part and the whole, not the whole alone."""
    end = words[-1][1]
    return word.startswith(tuple(rules.words("share_words"))) and (
        _text(doc, words[-1]) in rules.word_set("figure_of") or doc.text.startswith(tuple(rules.words("figure_of")), end))


def _subject(doc: Doc, words: list, rules: RuleSet) -> tuple[int, int] | None:
    """The nouns right before a link verb that say whose figure it is (国有控股企业实现利润
    -> 国有控股企业利润); places, periods and references to the region are context instead."""
    context = rules.word_set("ind_skip", "subject_regions", "scope_regions", "goal")
    run = []
    for w in reversed(words):
        if _text(doc, w) in context or _mention_at(doc, w[0], ("date", "place", "organization")):
            break
        run.insert(0, w)
    if not run or run[-1][1] != words[-1][1]:
        return None
    tagged = tag(doc.text[run[0][0]:run[-1][1]], rules.user_words())
    nouns = bool(tagged) and tagged[0][1] in _NOUNS and tagged[-1][1] in _NOUNS and \
        all(p in _NOUNS or p == "v" for _, p in tagged)          # 国有|控股|企业
    return (run[0][0], run[-1][1]) if nouns else None


def _after_examples(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """A、B等重点项目43个 counts 重点项目: what follows 等 names the category."""
    cut = max((i for i, w in enumerate(words[:-1]) if _text(doc, w) in rules.words("ind_list_end")), default=None)
    return words[cut + 1:] if cut is not None else words


def _strip_context(doc: Doc, words: list, rules: RuleSet, found: dict, scan: bool = False) -> list:
    """Leading periods and places become the metric's period and region, a leading company or
    body its organization; connectives and goal words go (其中, 确保); 该区/全市 are noted as
    the region, resolved later. With SCAN,
    every word is looked at (the subject before a verb: 上半年全省|实现生产总值)."""
    skip = rules.word_set("ind_skip", "basis")
    goals = rules.word_set("goal")
    subjects = rules.word_set("subject_regions", "scope_regions")
    while words:
        word = _text(doc, words[0])
        hit = _mention_at(doc, words[0][0], ("date", "place", "organization"))
        # (endswith bounded by the word's start: the text before it is not copied per mark)
        partner = doc.text.endswith(tuple(rules.words("partner_marks")), 0, words[0][0])
        if hit and partner and hit[0]["type"] == "date" and hit[1] >= words[-1][1]:
            if doc.text.endswith(tuple(rules.words("from_marks")), 0, words[0][0]) and not found["period"]:
                found.update(period=hit[0]["text"], period_norm=hit[0]["normalized"], from_period=True)
            return []                   # 从2021年的1.9%: a period alone names nothing measured
        if (hit or word in subjects) and (partner or hit and is_base(doc, hit[1], rules)):
            break                       # 对美国出口, 对全市…的贡献率: a partner, part of what is measured
        if hit and hit[0]["type"] == "organization" and (hit[1] < words[-1][1] or scan and hit[1] == words[-1][1]):
            found["organization"] = found.get("organization") or hit[0]["text"]   # 台积电|营收
            words = [w for w in words if w[0] >= hit[1]]
            continue
        if hit and hit[0]["type"] != "organization" and words[0][0] < hit[1] <= words[-1][1]:
            key = "period" if hit[0]["type"] == "date" else "region"
            if not found[key]:
                found[key] = hit[0]["text"]
                found["period_norm" if key == "period" else "region_code"] = \
                    hit[0]["normalized"] if key == "period" else hit[0]["admin_code"]
            words = [w for w in words if w[0] >= hit[1]]
        elif word in goals:
            found["verb"] = found["verb"] or word
            words = words[1:]
        elif word in skip or word in subjects or word in _QUOTES or not word.strip() or scan:
            if word in subjects:
                found["region"] = found["region"] or word
            words = words[1:]
        else:
            break
    return words


def _drop_inner_dates(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """A period inside the words or ending them is context too: 公司今年上半年销售收入 -> 公司销售收入,
    该股昨日(暴跌) -> 该股, with the period noted. The indicator's text then joins the words around it.
    A word that opens the phrase of time (date_prepositions.txt: 公司在|2008年) goes with the date,
    and so do the conjunctions of two characters that alone follow it (…三季度|反而|增长): they
    say when and how it moved, not what."""
    out, i, opens = [], 0, rules.word_set("date_prepositions")
    while i < len(words):
        hit = _mention_at(doc, words[i][0], ("date",)) if i else None
        if hit and hit[1] <= words[-1][1] and not is_base(doc, hit[1], rules):
            found["period"] = found["period"] or hit[0]["text"]
            found["period_norm"] = found.get("period_norm") or hit[0]["normalized"]
            if out and _text(doc, out[-1]) in opens:
                out.pop()
            while i < len(words) and words[i][0] < hit[1]:
                i += 1
            if out and words[i:] and all(w[1] - w[0] > 1 and tag(_text(doc, w), rules.user_words())[0][1] == "c"
                                         for w in words[i:]):
                i = len(words)
            continue
        out.append(words[i])
        i += 1
    return out


def _strip_trailing(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """No link verb, connective or goal word ends an indicator: 增长面达 -> 增长面, 目标继续为
    -> 目标, 经济成长率预估(为) -> 经济成长率."""
    tail = rules.word_set("ind_verbs", "ind_skip", "basis", "ind_skip_end", "goal", "bound_verbs")
    # a movement to the level is no part of what moved: 出口飙至 -> 出口, 大幅上修(至) -> nothing
    moves = rules.word_set("up", "down", "change_adverbs")
    reach = tuple(rules.words("ind_reach"))
    moving = bool(words) and (_text(doc, words[-1]).endswith(reach) or doc.text.startswith(reach, words[-1][1]))
    turns = tuple(rules.words("turn_verbs"))     # 比例调整|为25%: 调整 opens the verb of turning
    while words and (_text(doc, words[-1]) in tail or _linked(doc, words, rules) or (
            moving and (_text(doc, words[-1]) in moves or _text(doc, words[-1]).endswith(reach)))
            or doc.text.startswith(turns, words[-1][0])):
        words = words[:-1]
    return words


def _linked(doc: Doc, words: list, rules: RuleSet) -> bool:
    """中小企只占(三成), 利率则维持(2%): a verb of state (state_verbs.txt) after an adverb that
    never ends a name (ind_skip_end.txt) links the subject before them to the value."""
    return len(words) > 2 and _text(doc, words[-1]) in rules.word_set("state_verbs") \
        and _text(doc, words[-2]) in rules.word_set("ind_skip_end")


def clean_indicator(doc: Doc, start: int, end: int, rules: RuleSet) -> dict:
    """The indicator with its span, and the period, region and goal verb found before it."""
    found: dict = {"region": None, "period": None, "verb": None}
    words = _tokens_in(doc, start, end, rules)
    for step in _STEPS:
        words = step(doc, words, rules, found)
    subject = found.pop("subject", None)
    if not words and found.pop("from_period", False) and subject:
        # 物价涨幅将从2021年的1.9%(回落): the figure is the subject's, in the period after 从
        return {**found, "indicator": doc.text[subject[0]:subject[1]], "span": subject}
    found.pop("from_period", None)
    if not words:
        return {**found, "indicator": None, "span": (end, end)}
    s, e = words[0][0], words[-1][1]
    name = quoted_list_head(paired("".join(_text(doc, w) for w in words).strip(_QUOTES)), rules) or None
    if subject and name:
        name, s = doc.text[subject[0]:subject[1]] + name, subject[0]
    if found.get("organization") and (noun := rules.lexicons["company_verbs"].columns.get(name)):
        name = found["organization"] + noun[0]      # 海通证券|收于: the company's 收盘价
    return {**found, "indicator": name, "span": (s, e)}


_STEPS = (qualifier_of_share, before_per_tail, before_causative, _noting_periods(before_rank), _before_comparison, _after_last_verb,
          _noting_periods(after_when), _after_examples, trim_function_words,
          _strip_context, _drop_inner_dates, _strip_trailing, trim_function_words)


def known_indicator(name: str | None, rules: RuleSet) -> dict:
    """The canonical id and English gloss of a known indicator (rules/lexicons/indicators.txt:
    地区生产总值, 生产总值 and GDP are all gdp), else nulls."""
    cols = rules.lexicons["indicators"].columns.get(name or "", []) if "indicators" in rules.lexicons else []
    return {"indicator_id": cols[0] if cols else None, "indicator_gloss": cols[1] if len(cols) > 1 else None}
