"""Targets: quantities set for the future, scoped by a goal word (确保, 力争, 到2025年 …).

A target rule finds a goal word; every metric that starts after it in the same sentence is a
goal, not a fact, and moves from doc.metrics to doc.targets with a comparator and a deadline.
"""
from __future__ import annotations

from bisect import bisect_left

import regex

from pipeline.resolve.context import is_period
from pipeline.document import Doc, Item
from pipeline.engine.matching import scan
from pipeline.engine.rule_files import alternation
from pipeline.engine.rules import RuleSet
from pipeline.extract.dates import normalize_date
from pipeline.extract.records import role_words
# The comparator a quantity's qualifier implies for a goal (GUIDE: a goal of N is a floor).
_COMPARATOR = {None: ">=", "at_least": ">=", "over": ">=", "at_most": "<=", "under": "<",
               "approx": "="}


# A subheading is a short paragraph without a sentence stop; one that names a goal (今年预期目标,
# 主要目标任务) makes the figures of the paragraph under it goals.
_HEADING = 20


def _section_end(doc: Doc, start: int) -> int | None:
    """The end of the paragraph after the subheading that holds START, if it is one (not the
    headline: a headline's goal word speaks for itself, not for the lead under it)."""
    if not doc.paragraphs:
        return None
    i = doc.paragraph_of(start)
    s, e = doc.paragraphs[i]
    line = doc.text[s:e].strip()
    if i == 0 or len(line) > _HEADING or line.endswith(("。", "!", "?", ";", ",")) or i + 1 >= len(doc.paragraphs):
        return None
    return doc.paragraphs[i + 1][1]


def _object_marker(doc: Doc, m, rules: RuleSet) -> bool:
    """警方将3人拘留: 将 right before a number marks the object acted on, not a future."""
    return m.group("verb") in rules.words("object_markers") and \
        rules.compile("{sp}(?:{num})").match(doc.text, m.end()) is not None


def _scopes(doc: Doc, rules: RuleSet) -> list[dict]:
    # the comparator a goal word or goal noun implies (goal.txt, goal_nouns.txt: 预计 | =)
    implied = {**getattr(rules.lexicons.get("goal_nouns"), "columns", {}),
               **getattr(rules.lexicons.get("goal"), "columns", {})}
    scopes = []
    for rule in rules.rules.get("targets", []):
        for m in scan(rule, doc, lambda m: not _object_marker(doc, m, rules) and m):
            sentence = doc.sentences[doc.sentence_of(m.start())] if doc.sentences else (0, len(doc.text))
            verb = m.group("verb")
            comparator = rule.options.get("comparator") or implied.get(verb, [None])[0]
            section = _section_end(doc, m.start())
            scopes.append({"start": m.start(), "end": section or _clause_end(doc, m.end("verb"), sentence[1], rules),
                           "verb": verb, "rule": rule.id, "verb_end": m.end("verb"),
                           "earlier": _names_a_plan(doc, m.start("verb"), sentence[0], rules),
                           "section": section is not None,
                           "deadline": m.groupdict().get("deadline"), "comparator": comparator,
                           "priority": rule.priority})
    return sorted(scopes, key=lambda s: (-s["priority"], s["start"]))


def _clause_end(doc: Doc, verb_end: int, end: int, rules: RuleSet) -> int:
    """Where a goal word's scope ends: its sentence's end, or a clause that turns to what
    happened (…预测盈余160亿元,但修订后盈余达1380亿元: scope_breaks.txt)."""
    turn = rules.compile(r"[,;:](?:{sp})(?:{scope_breaks})").search(doc.text, verb_end, end)
    return turn.start() if turn else end


def _names_a_plan(doc: Doc, verb_start: int, sentence_start: int, rules: RuleSet) -> bool:
    """原先预期, 比原估计, 好于市场预估: the goal word names an earlier plan or a reference
    (plan_refs.txt, up to four characters before it), not a plan of its clause."""
    before = rules.compile(r"(?:{plan_refs})[^\W\d_]{0,4}$")
    return before.search(doc.text, sentence_start, verb_start) is not None


def _names_figure(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """原先预期的667亿元: the figure right after the goal word (plan_figure.txt between) is
    the plan it names."""
    figure = rules.compile("(?:{plan_figure})?{sp}(?:{num})").match(doc.text, scope["verb_end"])
    return figure is not None and metric.start <= figure.end() - 1 < metric.end


def _deadline(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> str | None:
    """The goal's deadline: the rule's, the metric's period, or a date between the goal word
    and the metric's end (力争汽车电子业务收入全年突破40亿元 -> 全年), else one earlier in
    its sentence (明年,该区将力争… -> 明年)."""
    if scope["deadline"]:
        return scope["deadline"]
    if metric["period"] and metric["period"] not in rules.words("past_periods"):
        return metric["period"]     # 去年预计今年税收…: 去年 dates the forecast, 今年 is the deadline
    sentence = doc.sentences[doc.sentence_of(metric.start)] if doc.sentences else (0, len(doc.text))
    base = tuple(rules.words("base_marks"))     # 比2024年: a base, never the deadline
    dates = sorted((s, e["text"]) for e in doc.entities if e["type"] == "date"
                   for s, _ in e["mentions"] if sentence[0] <= s < metric.end and not doc.text[:s].endswith(base))
    inside = [d for d in dates if d[0] >= scope["start"]]
    return (inside or dates or [(0, None)])[-1][1]      # 明年,该区将力争… -> 明年


def _as_target(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> Item:
    fields = dict(metric.fields)
    comparator = scope["comparator"]
    if comparator == "=" and fields.get("qualifier") not in (None, "approx"):
        comparator = _COMPARATOR.get(fields["qualifier"], comparator)    # 预计突破2000亿元: a floor
    said = doc.text[metric.start:metric.end]
    if comparator == "=" and any(word in said for word in rules.words("threshold_words")):
        comparator = ">="      # 可望冲破两成大关: a forecast that a threshold is passed, a floor
        fields["qualifier"] = fields.get("qualifier") or "over"
    if any(word in said for word in rules.words("ceiling_words")):
        comparator = "<="      # 退税上限加码至3万元, 最多3万: a cap, whatever the goal word
    if comparator is None:
        ranged = fields.get("value_max") is not None or (fields.get("change") or {}).get("value_max") is not None
        comparator = "=" if ranged else _COMPARATOR.get(fields.get("qualifier"), ">=")
    fields.update({"comparator": comparator, "deadline": _deadline(doc, scope, metric, rules),
                   "verb": scope["verb"], "scope_rule": scope["rule"]})
    if fields["deadline"] == fields.get("period"):
        fields["period"] = None
    return Item("target", metric.start, metric.end, metric.rule, fields)


def _in_scope(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """The goal word stands before the metric's value, in the metric's own sentence
    (公司计划新增研发投入5亿元, 失业率控制在5.5%以内: the goal word may sit inside the metric).
    A share of a plan (占年度计划的52.7%, 完成年度目标任务的106%) reports progress, not a goal,
    and a goal word that ends the metric (提出三项预测) is the thing counted."""
    sentence = doc.sentences[doc.sentence_of(metric.start)] if doc.sentences else (0, len(doc.text))
    name = metric["indicator"] or ""
    # a share of a whole (占本地生产总值3.3%) in a budget's sentence is planned too: only a share of a plan
    progress = (name.startswith(tuple(rules.words("share_words"))) or metric["unit"] == "%") and any(
        word in name for word in rules.words("plan_nouns"))
    if scope["verb_end"] == metric.end:
        return False            # 提出十项预测: the goal word is what is counted, not a goal
    if scope["earlier"] and not _names_figure(doc, scope, metric, rules):
        return False            # 比原估计多出62%: set against a plan, a fact
    if scope["section"]:        # a goal subheading speaks for the paragraph under it
        return scope["start"] < metric.start and metric.end <= scope["end"] and not progress
    return sentence[0] <= scope["start"] < metric.end <= scope["end"] and not progress


def _estimate(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """预计 over a period already under way (1至6月份,…预计实现开票销售200亿元) estimates a
    fact: it stays a metric. Over a period ahead (全年, 下半年, 2025年) it is a goal. The
    period is the last one stated before the metric: in its paragraph, else in the article."""
    if scope["verb"] not in rules.words("estimate_verbs") or scope["earlier"]:
        return False            # 上月原先预期的667亿元: a plan made earlier, not an estimate of a fact
    ahead = tuple(rules.words("future_periods"))
    sentence = doc.sentences[doc.sentence_of(metric.start)] if doc.sentences else (0, len(doc.text))
    if any(w in doc.text[sentence[0]:metric.end] for w in ahead):
        return False            # 预计未来5个财政年度…,下年度盈余估计为…: a period ahead is named
    para = doc.paragraphs[doc.paragraph_of(metric.start)] if doc.paragraphs else (0, len(doc.text))
    deadline = _year_deadline(rules)        # a fiscal year (18/19年度) is a period here too
    periods = sorted((s, e["text"]) for e in doc.entities if e["type"] == "date"
                     and (is_period(e["text"], rules) or deadline.fullmatch(e["text"]))
                     for s, _ in e["mentions"] if s < metric.end)
    periods = [p for p in periods if p[0] >= para[0]] or periods
    if not periods:
        return False
    last = periods[-1][1]
    # a bare year (2025年) as the period of a goal word is a deadline, so a goal
    return not (last.endswith(ahead) or deadline.fullmatch(last)
                or _after_the_facts(doc, last, metric, rules))


def _months(period: str | None, rules: RuleSet) -> tuple[int, int] | None:
    """The first and last month of a period without its own year (12月 -> (12, 12), 第四季 ->
    (10, 12), 1-11月 -> (1, 11)), read in a stand-in year; None for anything else."""
    if not period or normalize_date(period, None, rules):
        return None
    iso = normalize_date(period, 2000, rules) or ""
    ends = regex.findall(r"2000-(?:(\d\d)|Q([1-4]))", iso)
    if not ends or "/" in iso and len(ends) != 2:
        return None
    months = [int(m) if m else int(q) * 3 for m, q in ends]
    first = months[0] - 2 if ends[0][1] else months[0]
    return first, months[-1]


def _after_the_facts(doc: Doc, period: str, metric: Item, rules: RuleSet) -> bool:
    """统计处预估,12月外销订单… in an article of November's figures: a single month or quarter
    that starts after every period the article's facts before it cover lies ahead."""
    own = _months(period, rules)
    if own is None or "/" in (normalize_date(period, 2000, rules) or "/"):
        return False
    facts = [_months(m["period"], rules) for m in doc.metrics if m.end <= metric.start and m["period"]]
    facts = [f for f in facts if f]
    return bool(facts) and all(last < own[0] for _, last in facts)


def _year_deadline(rules: RuleSet):
    """A bare year (2025年), a fiscal year (18/19年度, 2022会计年度) or a span ending in one
    (2021至2025年): as the period of a goal word it is a deadline, so a goal."""
    mark = alternation(role_words(rules, "year_prefix", "year"))
    fiscal = r"(?:\d{4}|\d{2,4}/\d{2})(?:" + alternation(rules.words("fiscal_years")) + ")"
    return rules.compile(r"(?:\d{4}" + mark + "?" + alternation(rules.words("span_marks")) + r")?\d{4}" + mark
                         + "|" + fiscal)


def _starting_point(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """税阶由4.5万元扩阔至5万元, 报销比例从目前的40%提高到50%: a figure right after a
    from-mark (and a short time word with 的), after the goal word, is where the move starts,
    a fact; so is a figure whose clause says it is done or current (目前已覆盖40个国家:
    done_marks.txt between the goal word, the clause's start or the figure before and it)."""
    number = rules.compile("{num}").search(doc.text, max(scope["verb_end"], metric.start), metric.end)
    if number is None:
        return False
    start = rules.compile(r"(?:{from_marks})(?:[^\W\d_]{1,4}|\d{4}年)?(?:{figure_of})?$")
    if start.search(doc.text, max(0, number.start() - 8), number.start()):
        return True
    # the figure's own stretch: from the goal word, a clause break or the figure before it
    clause = max([scope["verb_end"]] + [m.end() for m in rules.compile(r"[,;:]|{num}").finditer(
        doc.text, scope["verb_end"], number.start())])
    return any(word in doc.text[clause:number.start()] for word in rules.words("done_marks"))


def _known(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> Item | None:
    """A figure of a period already over (由去年的4.8%降至…), or of a period named as the
    starting point or reference (从2023年的2.4%回落至…, 将低于去年的5%), reports a fact even
    inside a goal's clause: it stays a metric. The period counts where it stands after the goal
    word (in 去年预测今年… 去年 dates the forecast, not the figure): the metric's own period, or
    a date inside the metric's text. Returns that date entity, else None."""
    sentence = doc.sentences[doc.sentence_of(metric.start)] if doc.sentences else (0, len(doc.text))
    start = max(sentence[0], scope["start"])
    # the date must own the figure (去年的4.9%): in 比去年增长10% it is a change's base
    owns = rules.compile("(?:" + alternation(rules.words("figure_of")) + ")?{sp}(?:{num})")
    dates = [(s, e) for e in doc.entities if e["type"] == "date" for s, end in e["mentions"]
             if (e["text"] == metric["period"] and start <= s or max(start, metric.start) <= s) and s < metric.end
             and owns.match(doc.text, end)]
    past, marks = rules.words("past_periods"), tuple(rules.words("base_marks"))
    known = next((e for s, e in dates if e["text"] in past or doc.text[sentence[0]:s].endswith(marks)), None)
    return known or _base_of_comparison(doc, start, metric, rules)


def _base_of_comparison(doc: Doc, start: int, metric: Item, rules: RuleSet) -> dict | None:
    """…比2012至2015年那几个财年,教育开支占预算21%至23%都要高: the figure's period is a
    comparison's base (a base mark before it, base_marks.txt) in an earlier clause of the goal's
    sentence, so the figure is the base's, a fact."""
    before = sorted((s, end, e) for e in doc.entities if e["type"] == "date" for s, end in e["mentions"]
                    if start <= s and end <= metric.start)
    if not before:
        return None
    s, end, date = before[-1]           # the date the figure would take as its own
    if metric["period"] not in (None, date["text"]) or not doc.text[:s].endswith(tuple(rules.words("base_marks"))):
        return None
    brk = rules.compile(r"[,;:]").search(doc.text, end, metric.start)
    # 比2024年有所回升,增长6%: the base's clause states the change itself, the figure is the plan's
    moved = brk and rules.compile("(?:{up}|{down})").search(doc.text, end, brk.start())
    return date if brk and not moved else None


def extract_targets(doc: Doc, rules: RuleSet) -> None:
    scopes = sorted(_scopes(doc, rules), key=lambda s: s["start"])
    starts = [s["start"] for s in scopes]
    sections = [s for s in scopes if s["section"]]     # few: a goal subheading's paragraph
    facts, goals = [], []
    for metric in doc.metrics:
        # only the scopes starting in the metric's sentence before its end can speak for it:
        # a binary search, not every scope of the article per metric (issue 14)
        sentence = doc.sentences[doc.sentence_of(metric.start)] if doc.sentences else (0, len(doc.text))
        near = scopes[bisect_left(starts, sentence[0]):bisect_left(starts, metric.end)] + sections
        # the nearest goal word before it speaks for it (计划新增…,力争…突破40亿元 -> 力争)
        scope = max((s for s in near if _in_scope(doc, s, metric, rules)),
                    key=lambda s: (s["priority"], s["start"]), default=None)
        known = scope and _known(doc, scope, metric, rules)
        if known:
            # 由去年1.5%, 明年增速将低于去年的7%: the figure is 去年's, whatever the clause's period
            metric.fields.update(period=known["text"], period_norm=known["normalized"])
            scope = None
        if scope is not None and _starting_point(doc, scope, metric, rules):
            scope = None
        if scope is not None and _estimate(doc, scope, metric, rules):
            metric.fields["estimate"] = True
            scope = None
        if scope is None:
            facts.append(metric)
        else:
            goals.append(_as_target(doc, scope, metric, rules))
    doc.metrics, doc.targets = facts, goals
