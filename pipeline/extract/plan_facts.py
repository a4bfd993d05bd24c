"""Facts inside a plan's sentence: figures a goal word's scope covers that the text gives as
known, done or estimated (由去年的4.8%降至…, 目前已覆盖60个城市, 1至6月份预计实现…), and goal
words that set no goal where they stand: 将 marking the object acted on (警方将3人拘留, 将所有
资产分为3类, 将涉案的5名嫌犯移送), a plan word used as a noun after a determiner (这项计划总投资
12亿元) or modifying one (目标期限, 建议比例: goal_modified.txt), and an allocation verb reporting
money already paid out (实际拨款27亿元).

pipeline/extract/targets.py asks `no_goal` of every goal word its rules find (such a word opens
no scope) and `fact_reason` of every metric a goal word would make a target; a reason keeps it a
metric, and `cnie explain` prints the reason.
"""
from __future__ import annotations

import regex

from pipeline.document import Doc, Item
from pipeline.engine.rule_files import alternation
from pipeline.engine.rules import RuleSet
from pipeline.extract.dates import article_year, normalize_date
from pipeline.extract.records import role_words
from pipeline.extract.moves import level_figure, starts_a_move
from pipeline.resolve.context import is_period
from pipeline.text.segment import tag_cached as tag

_YEAR = regex.compile(r"(?<!\d)\d{4}(?!\d)")
_STAND_IN_ENDS = regex.compile(r"2000-(?:(\d\d)|Q([1-4]))")     # the months of _months' stand-in year


def fact_reason(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> str | None:
    """Why METRIC, in SCOPE, reports a fact (None: it is the goal's). A figure of a known
    period also takes that period as its own."""
    known = _known(doc, scope, metric, rules)
    if known:
        # 由去年1.5%, 明年增速将低于去年的7%: the figure is 去年's, whatever the clause's period
        metric.fields.update(period=known["text"], period_norm=known["normalized"])
        return f"the figure of {known['text']}, a period over or a base (past_periods, base_marks)"
    if _starting_point(doc, scope, metric, rules):
        return "a starting point or a figure done or current (from_marks, done_marks)"
    if scope["deadline"] and _before_article(doc, scope["deadline"], rules):
        return f"a deadline before the article's year ({scope['deadline']}): a period over"
    if _estimate(doc, scope, metric, rules):
        metric.fields["estimate"] = True
        return "an estimate of a period under way or over (estimate_verbs, future_periods)"
    return None


def over_deadline(doc: Doc, deadline: str | None, rules: RuleSet) -> bool:
    """到2008年底,年回报率有7.6%, 去年全年仅放贷4.9万亿元 in an article of 2009: a goal's
    deadline already over when the text was written (a past period opens it, past_periods.txt,
    or its year is before the article's) dates a fact or a plan now history, not a goal."""
    return bool(deadline) and (deadline.startswith(tuple(rules.words("past_periods")))
                               or _before_article(doc, deadline, rules))


def _estimate(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """预计 over a period already under way (1至6月份,…预计实现开票销售200亿元) estimates a
    fact: it stays a metric. Over a period ahead (全年, 下半年, 2025年) it is a goal. The
    period is the last cut-off date of its sentence (截至…), else the last period stated before
    the metric: in its paragraph, else in the article."""
    if scope["verb"] not in rules.words("estimate_verbs") or scope["earlier"]:
        return False            # 上月原先预期的667亿元: a plan made earlier, not an estimate of a fact
    ahead = tuple(rules.words("future_periods"))
    sentence = doc.sentence_at(metric.start)
    if any(w in doc.text[sentence[0]:metric.end] for w in ahead):
        return False            # 预计未来3个财政年度…,下年度盈余估计为…: a period ahead is named
    para = doc.paragraphs[doc.paragraph_of(metric.start)] if doc.paragraphs else (0, len(doc.text))
    deadline = _year_deadline(rules)        # a fiscal year (18/19年度) is a period here too
    periods = sorted((s, e["text"]) for e in doc.entities if e["type"] == "date"
                     and (is_period(e["text"], rules) or deadline.fullmatch(e["text"]))
                     for s, _ in e["mentions"] if s < metric.end)
    # 截至2008年12月底,…预计超过100亿: a cut-off date in the sentence dates the estimate itself
    marks = tuple(rules.words("deadline_marks"))
    cut = [(s, e["text"]) for e in doc.entities if e["type"] == "date"
           for s, _ in e["mentions"] if sentence[0] <= s < metric.end and doc.text.endswith(marks, 0, s)]
    periods = cut or [p for p in periods if p[0] >= para[0]] or periods
    if not periods:
        return False
    last = periods[-1][1]
    # a bare year (2025年) as the period of a goal word is a deadline, so a goal
    return not (last.endswith(ahead) or deadline.fullmatch(last) and not _before_article(doc, last, rules)
                or _after_the_facts(doc, last, metric, rules))


def _before_article(doc: Doc, date: str, rules: RuleSet) -> bool:
    """2008年 in an article of 2009: a year already over when the text was written (推算出
    2008年的结存率, 到2008年底…有7.6%), so no deadline."""
    # 2019年底 has no ISO form of its own: its four digits are its year
    years = [int(y) for y in _YEAR.findall(normalize_date(date, None, rules) or date)]
    year = article_year(doc, rules) if years else None
    return year is not None and max(years) < year     # 2021至2025年: over when its last year is


def _months(period: str | None, rules: RuleSet) -> tuple[int, int] | None:
    """The first and last month of a period without its own year (12月 -> (12, 12), 第四季 ->
    (10, 12), 1-11月 -> (1, 11)), read in a stand-in year; None for anything else."""
    if not period or normalize_date(period, None, rules):
        return None
    iso = normalize_date(period, 2000, rules) or ""
    ends = _STAND_IN_ENDS.findall(iso)
    if not ends or "/" in iso and len(ends) != 2:
        return None
    months = [int(m) if m else int(q) * 3 for m, q in ends]
    first = months[0] - 2 if ends[0][1] else months[0]
    return first, months[-1]


def _after_the_facts(doc: Doc, period: str, metric: Item, rules: RuleSet) -> bool:
    """统计部门预估,3月出口订单… in an article of February's figures: a single month or quarter
    that starts after every period the article's facts before it cover lies ahead; so does
    one in an article with no month's facts before it (a span of months, 1至6月份, is under way)."""
    own = _months(period, rules)
    if own is None or "/" in (normalize_date(period, 2000, rules) or "/"):
        return False
    facts = [_months(m["period"], rules) for m in doc.metrics if m.end <= metric.start and m["period"]]
    facts = [f for f in facts if f]
    if not facts:       # 初定10月路演,11月挂牌…预计募集: no month's facts before, one month ahead
        return own[1] - own[0] <= 2
    return all(last < own[0] for _, last in facts)


def _year_deadline(rules: RuleSet):
    """A bare year (2025年), a fiscal year (18/19年度, 2022会计年度) or a span ending in one
    (2021至2025年): as the period of a goal word it is a deadline, so a goal."""
    mark = alternation(role_words(rules, "year_prefix", "year"))
    fiscal = r"(?:\d{4}|\d{2,4}/\d{2})(?:" + alternation(rules.words("fiscal_years")) + ")"
    return rules.compile(r"(?:\d{4}" + mark + "?" + alternation(rules.words("span_marks")) + r")?\d{4}" + mark
                         + "|" + fiscal)


def _starting_point(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """税阶由4.5万元扩阔至5万元, 补贴比例从目前的30%提高到45%: a figure right after a
    from-mark (and a short time word with 的), after the goal word, is where the move starts,
    a fact; so is a figure whose clause says it is done or current (目前已覆盖40个国家:
    done_marks.txt between the goal word, the clause's start or the figure before and it)."""
    number = level_figure(doc, max(scope["verb_end"], metric.start), metric.end, rules)
    if number is None:
        return False
    if starts_a_move(doc, number.start(), rules):
        return not _forecast_moved(doc, scope, metric, number.start(), rules)
    # the figure's own stretch: from the goal word, a clause break or the figure before it;
    # a deadline's whole stretch (到2008年三季度…增长了40亿美元,…达到90%: a look back)
    clause = scope["verb_end"] if scope["deadline"] else max([scope["verb_end"]] + [
        m.end() for m in rules.compile(r"[,;:]|{num}").finditer(doc.text, scope["verb_end"], number.start())])
    said = doc.text[clause:number.start()]
    for word in rules.words("not_done"):            # 为了, 了解: no completed action
        said = said.replace(word, "")
    return any(word in said for word in rules.words("done_marks"))


def _forecast_moved(doc: Doc, scope: dict, metric: Item, number_start: int, rules: RuleSet) -> bool:
    """增长预期从4.2%下调至3.8%: a noun of a forecast (forecast_nouns.txt) in the metric's own
    words, right before the from-mark, is what a revision (revise_verbs.txt) moves: the move
    starts from an earlier forecast, not from a fact. In 预计通胀由1.8%升至2.5% the goal word
    is a verb outside the metric, and 1.8% is what the rate is now."""
    if scope["verb"] not in rules.word_set("forecast_nouns") or metric.start >= scope["verb_end"] - len(scope["verb"]):
        return False
    between = doc.text[scope["verb_end"]:number_start]
    return rules.compile(r"{sp}(?:{from_marks}){sp}").fullmatch(between) is not None \
        and rules.compile(r"[^,;:。!?\n]{0,12}?(?:{revise_verbs})").match(doc.text, number_start) is not None


def _known(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> Item | None:
    """A figure of a period already over (由去年的4.8%降至…), or of a period named as the
    starting point or reference (从2023年的2.4%回落至…, 将低于去年的5%), reports a fact even
    inside a goal's clause: it stays a metric. The period counts where it stands after the goal
    word (in 去年预测今年… 去年 dates the forecast, not the figure): the metric's own period, or
    a date inside the metric's text. Returns that date entity, else None."""
    sentence = doc.sentence_at(metric.start)
    start = max(sentence[0], scope["start"])
    # the date must own the figure (去年的4.9%): in 比去年增长10% it is a change's base
    owns = rules.compile("(?:" + alternation(rules.words("figure_of")) + ")?{sp}(?:{num})")
    dates = [(s, e) for e in doc.entities if e["type"] == "date" for s, end in e["mentions"]
             if (e["text"] == metric["period"] and start <= s or max(start, metric.start) <= s) and s < metric.end
             and (owns.match(doc.text, end) or _opens_name(doc, s, metric, e, rules))]
    past, marks = rules.words("past_periods"), tuple(rules.words("base_marks"))
    known = next((e for s, e in dates if e["text"] in past or doc.text[sentence[0]:s].endswith(marks)), None)
    return known or _base_of_comparison(doc, start, metric, rules)


def _opens_name(doc: Doc, start: int, metric: Item, date: dict, rules: RuleSet) -> bool:
    """…将加仓,并提到去年全市销售额达900亿元: the metric's own period opens its clause, before
    its name, so it dates the figure as much as 去年的900亿元 would."""
    name = metric["indicator_span"]
    return (date["text"] == metric["period"] and name is not None and start < name[1]
            and not rules.compile(r"[,;:。]").search(doc.text, start, metric.end))


def _base_of_comparison(doc: Doc, start: int, metric: Item, rules: RuleSet) -> dict | None:
    """…比2012至2015年那几个财年,教育开支占预算21%至23%都要高: the figure's period is a
    comparison's base (a base mark before it, base_marks.txt) in an earlier clause of the goal's
    sentence, so the figure is the base's, a fact."""
    before = sorted((s, end, e) for e in doc.entities if e["type"] == "date" for s, end in e["mentions"]
                    if start <= s and end <= metric.start)
    if not before:
        return None
    s, end, date = before[-1]           # the date the figure would take as its own
    if metric["period"] not in (None, date["text"]) or not doc.text.endswith(tuple(rules.words("base_marks")), 0, s):
        return None
    brk = rules.compile(r"[,;:]").search(doc.text, end, metric.start)
    # 比2024年有所回升,增长6%: the base's clause states the change itself, the figure is the plan's
    moved = brk and rules.compile("(?:{up}|{down})").search(doc.text, end, brk.start())
    return date if brk and not moved else None


# jieba tags of a word that opens a noun phrase (a noun of any kind, a pronoun, a time word,
# a distinguishing word, a numeral, a measure word, Latin letters): after 将 it is the object
# of a disposal (将股票资产比例降为…), not the predicate of a future. Our lexicons' own words
# (tag x) may be verbs (将维持在2%) as well as names: they leave 将 a future.
_NOMINAL = ("n", "r", "t", "b", "m", "q", "eng")
_VERBAL = ("v",)
# jieba tags of a word that opens no object (a preposition, an adverb, a conjunction, a particle)
_NOT_OBJECT = ("p", "d", "c", "u")
# how much of the text after 将 is tagged: its first word and the word after that
_LOOK = 10


def no_goal(doc: Doc, m, rules: RuleSet) -> bool:
    """The goal word M (its group verb) opens no scope where it stands."""
    verb, start, end = m.group("verb"), m.start("verb"), m.end("verb")
    if end - start == 1 and start not in doc.word_starts:
        return True         # 模拟, 草拟: the end of a longer word (goal.txt lists the futures: 即将)
    return _object_marker(doc, verb, end, rules) or _plan_noun(doc, verb, start, rules) \
        or _paid_out(doc, verb, start, rules) or doc.text.startswith(tuple(rules.words("goal_modified")), end) \
        or _share_whole(doc, start, end, rules)


def _share_whole(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """占全年预计销量的40%: a goal word inside the whole of a share (share_words.txt …
    noun 的 figure) names the forecast the figure is measured against; the share is a fact.
    Only nouns may stand between it and 的 (占营收比重预计达到5% is a forecast)."""
    opened = rules.compile(r"(?:{share_words})[^\W\d_]{0,8}$").search(doc.text, max(0, start - 9), start)
    whole = rules.compile(r"([^\W\d_]{1,8})的{sp}(?:{num})").match(doc.text, end)
    if not opened or not whole:
        return False
    # vn: a verbal noun (预计投资额); l, x: fixed phrases and our lexicons' names (出货量)
    return all(flag.startswith(_NOMINAL + ("vn", "l", "x")) for _, flag in tag(whole.group(1), rules.user_words()))


def _object_marker(doc: Doc, verb: str, end: int, rules: RuleSet) -> bool:
    """将 before a number, a noun phrase (将全球约80个地点列为, 将其资金转换为) or a verb with
    的 (将拟定的名称, 将查获的香烟) marks the object acted on; before a verb, an adverb or a
    preposition (将增长8%, 将进一步, 将于明年) it is a future. future_openers.txt: words jieba
    tags as nouns that open a future's predicate (将新建, 将全面完成; 每: 将每年新增)."""
    if verb not in rules.words("object_markers"):
        return False
    if rules.compile("{sp}(?:{num})").match(doc.text, end) is not None or _moves_object(doc, end, rules) \
            or _disposes(doc, end, rules):
        return True
    # 将“某某厂”租来的3亩: a quote opens the object's name, the word inside it is what is tagged
    clause = rules.compile(r"[“「『\"]?([^,;:。!?\n“”「」『』\"]{1,%d})" % _LOOK).match(doc.text, end)
    words = tag(clause.group(1), rules.user_words()) if clause else ()
    openers = rules.words("future_openers")
    if not words or words[0][0] in openers or words[0][0][:1] in openers:
        return False
    first, flag = words[0]
    if flag.startswith(_VERBAL):
        return len(words) > 1 and words[1][0] == "的"     # 将涉案的5名嫌犯: a verb as an attribute
    return flag.startswith(_NOMINAL)


def _disposes(doc: Doc, end: int, rules: RuleSet) -> bool:
    """将成长股作为投资方向: 将, an object of two characters or more, then a verb of what it is
    made or taken to be (disposal_verbs.txt), on a word of its own."""
    verb = rules.compile(r"[^,;:。!?\n]{2,12}?({disposal_verbs})").match(doc.text, end)
    return verb is not None and verb.start(1) in doc.word_starts


def _moves_object(doc: Doc, end: int, rules: RuleSet) -> bool:
    """将认购额度由1万元提高为10万元, 将境外投资额度从此前的80亿美元扩大到…: 将, a noun phrase,
    then a move from a figure (from_marks.txt, moves.starts_a_move): 将 marks the object moved,
    as 把 does, and says nothing of when. 将从4级降为3级 (no object between) stays a future, and
    so do 将在…, 将进一步…, 将使…, 将扩大试点范围由… (a preposition, an adverb, a causative,
    a modal or a verb of change opens the stretch) and 将继续由… (no noun in it)."""
    clause = rules.compile(r"[^,;:。!?\n]{2,16}").match(doc.text, end)
    if clause is None:
        return False
    for mark in rules.compile("(?:{from_marks})").finditer(doc.text, end + 2, clause.end()):
        number = rules.compile("{num}").search(doc.text, mark.end(), min(mark.end() + 12, clause.end() + 1))
        if mark.start() in doc.word_starts and number and starts_a_move(doc, number.start(), rules):
            words = tag(doc.text[end:mark.start()], rules.user_words())
            first, opens = words[0]
            return any(flag.startswith(_NOMINAL + ("vn",)) for _, flag in words) and not opens.startswith(_NOT_OBJECT) \
                and first not in rules.word_set("causatives", "future_openers", "modal_verbs", "up", "down")
    return False


def _plan_noun(doc: Doc, verb: str, start: int, rules: RuleSet) -> bool:
    """这项计划, 该目标: a plan word right after a determiner (plan_determiners.txt) names a
    plan, whose figures (这项计划总投资12亿元, 目前已完工) say what it is, not what it will do."""
    return verb in rules.words("plan_nouns") and \
        doc.text.endswith(tuple(rules.words("plan_determiners")), 0, start)


def _paid_out(doc: Doc, verb: str, start: int, rules: RuleSet) -> bool:
    """实际拨款27.03亿元, 已拨出: an allocation verb after a word saying it was done
    (allocated_marks.txt) reports money paid, a fact."""
    return verb in rules.words("allocation_verbs") and \
        doc.text.endswith(tuple(rules.words("allocated_marks")), 0, start)
