"""Targets: quantities set for the future, scoped by a goal word (确保, 力争, 到2025年 …).

A target rule finds a goal word; every metric that starts after it in the same sentence is a
goal, not a fact, and moves from doc.metrics to doc.targets with a comparator and a deadline.
"""
from __future__ import annotations

from bisect import bisect_left

from pipeline.document import Doc, Item
from pipeline.engine.matching import scan
from pipeline.engine.rules import RuleSet
from pipeline.extract.gazetteer import load as load_gazetteer
from pipeline.extract.places import admin_code
from pipeline.extract.plan_facts import fact_reason, no_goal, over_deadline
from pipeline.extract.records import predicate_span
from pipeline.extract.target_names import rename, shared, unnamed
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


def _scopes(doc: Doc, rules: RuleSet) -> list[dict]:
    # the comparator a goal word or goal noun implies (goal.txt, goal_nouns.txt: 预计 | =)
    implied = {**getattr(rules.lexicons.get("goal_nouns"), "columns", {}),
               **getattr(rules.lexicons.get("goal"), "columns", {})}
    scopes = []
    for rule in rules.rules.get("targets", []):
        for m in scan(rule, doc, lambda m: not no_goal(doc, m, rules) and m):
            sentence = doc.sentence_at(m.start())
            verb = m.group("verb")
            comparator = rule.options.get("comparator") or implied.get(verb, [None])[0]
            section = _section_end(doc, m.start())
            scopes.append({"rule_obj": rule, "start": m.start(), "end": section or _own_clause_end(doc, verb, m.end("verb"), _clause_end(doc, m.end("verb"), sentence[1], rules), rules),
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


def _own_clause_end(doc: Doc, verb: str, verb_end: int, end: int, rules: RuleSet) -> int:
    """Where a plain future (clause_goals.txt: 将) stops speaking: the end of the clause after
    its own (基金将进行分红,每10份分红0.3元: the next clause gives the plan's figure)."""
    if verb not in rules.words("clause_goals"):
        return end
    stops = [m.start() for m in rules.compile(r"[,;:]").finditer(doc.text, verb_end, end)]
    return stops[1] if len(stops) > 1 else end


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
    past = rules.words("past_periods")
    if metric["period"] and metric["period"] not in past:
        return metric["period"]     # 去年预计今年税收…: 去年 dates the forecast, 今年 is the deadline
    sentence = doc.sentence_at(metric.start)
    base = tuple(rules.words("base_marks"))     # 比2024年: a base, never the deadline
    dates = sorted((s, e["text"]) for e in doc.entities if e["type"] == "date"
                   for s, _ in e["mentions"] if sentence[0] <= s < metric.end and not doc.text[:s].endswith(base)
                   and e["text"] not in past)     # 昨日表示,明后年力争…: the day of speaking is no deadline
    inside = [d for d in dates if d[0] >= scope["start"]]
    return (inside or dates or [(0, None)])[-1][1]      # 明年,该区将力争… -> 明年


def _over(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> str | None:
    """Why METRIC stays a fact when the deadline it would take is already over (plan_facts)."""
    deadline = _deadline(doc, scope, metric, rules)
    return f"a deadline already over ({deadline}): a fact" if over_deadline(doc, deadline, rules) else None


def _change_qualifier(doc: Doc, metric: Item, rules: RuleSet) -> str | None:
    """比上年高出约12%: a qualifier (qual_pre.txt) before the figure of a change-only record,
    which keeps none of its own, qualifies the goal (约: an approximate goal, =)."""
    if metric["qualifier"] or not metric["change"] or metric["value"] is not None:
        return None
    m = rules.compile("((?:{qual_pre})){sp}(?:{num})").search(doc.text, metric.start, metric.end)
    return rules.lexicons["qual_pre"].columns.get(m.group(1), [None])[0] if m else None


def _as_target(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> Item:
    fields = dict(metric.fields)
    fields["qualifier"] = fields.get("qualifier") or _change_qualifier(doc, metric, rules)
    comparator = scope["comparator"]
    if comparator == "=" and fields.get("qualifier") not in (None, "approx"):
        comparator = _COMPARATOR.get(fields["qualifier"], comparator)    # 预计突破2000亿元: a floor
    said = doc.text[metric.start:metric.end]
    if comparator == "=" and any(word in said for word in rules.words("threshold_words")):
        comparator = ">="      # 可望冲破两成大关: a forecast that a threshold is passed, a floor
        fields["qualifier"] = fields.get("qualifier") or "over"
    if any(word in said for word in rules.words("floor_words")):
        comparator = ">="      # 预计开盘价不会低于3万元, 至少在2.5万元: a floor
        fields["qualifier"] = "at_least" if fields.get("qualifier") in (None, "under") else fields["qualifier"]
    if any(word in said for word in rules.words("ceiling_words")):
        comparator = "<="      # 退税上限加码至3万元, 最多3万: a cap, whatever the goal word
    if comparator is None:
        ranged = fields.get("value_max") is not None or (fields.get("change") or {}).get("value_max") is not None
        comparator = "=" if ranged or _handed_out(doc, scope, metric, rules) else _COMPARATOR.get(fields.get("qualifier"), ">=")
    fields.update({"comparator": comparator, "deadline": _deadline(doc, scope, metric, rules),
                   "verb": scope["verb"], "scope_rule": scope["rule"]})
    if fields["deadline"] == fields.get("period"):
        fields["period"] = None
    region = None if fields.get("region") else _planner_region(doc, scope, metric, rules)
    if region:
        fields.update(region=region, region_code=admin_code(doc, region, rules), region_from="organization")
    return Item("target", metric.start, metric.end, metric.rule, fields)


def _as_growth(doc: Doc, target: Item, rules: RuleSet) -> None:
    """出口增幅上看四成, GDP将上修至6%以上: a % level of a growth or of an amount
    (growth_names.txt) is the change it forecasts."""
    if target["unit"] != "%" or target["change"] or target["value"] is None:
        return
    growth = sorted(rules.words("growth_names"), key=len, reverse=True)
    after = rules.compile("(?:{qual_post})?的((?:{growth_names}))").match(doc.text, target.end)
    name, span = target["indicator"] or "", target["indicator_span"]
    # 实质工资成长将回升至3%: the growth word right after the name, cut off as a move
    moved = next((w for w in growth if span and doc.text.startswith(w, span[1]) and span[1] < target.end), None)
    ending = after.group(1) if after else next((w for w in growth if name.endswith(w)), moved)
    if name.startswith(tuple(rules.words("share_words"))) or ending is None:
        return                  # 占本地生产总值3.1%: a share, a level
    # 突破年增率三成关口: the name says its base (growth_names.txt: 年增率 | 同比)
    basis = rules.lexicons["growth_names"].columns.get(ending, [None])[0]
    target.fields.update(change={"value": target["value"], "value_max": target["value_max"], "unit": "%", "basis": basis},
                         value=None, value_max=None, unit=None, normalized=None)
    passed = next((w for w in rules.words("threshold_words") if name.startswith(w) and len(name) - len(w) >= 2), None)
    if passed and target["indicator_span"]:     # 突破年增率: the threshold verb is no part of the name
        span = target["indicator_span"]
        target.fields.update(indicator=name[len(passed):], indicator_span=[span[0] + len(passed), span[1]])


def _handed_out(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """计划…每人派发1万元,…每人6000元: an amount given out or set aside is exact (GUIDE: =),
    whatever the goal word; the allocation verb stands between the goal word and the figure."""
    if metric["qualifier"]:
        return False
    return rules.compile("(?:{allocation_verbs})").search(doc.text, scope["verb_end"], metric.end) is not None


def _planner_region(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> str | None:
    """澳门政府…,计划…每人派发1万澳门元: a government named before the goal word in its
    sentence (gov_heads.txt ends its name) plans for its territory, the place its name opens with."""
    sentence = doc.sentence_at(metric.start)
    heads, gazetteer = tuple(rules.words("gov_heads")), load_gazetteer(rules)
    planners = sorted((s, e["text"]) for e in doc.entities if e["type"] == "organization"
                      for s, _ in e["mentions"] if sentence[0] <= s < scope["start"] and e["text"].endswith(heads))
    for _, name in reversed(planners):
        place = next((name[:n] for n in range(len(name) - 1, 1, -1) if gazetteer.lookup(name[:n])), None)
        if place:
            return place
    return None


def _in_scope(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """The goal word stands before the metric's value, in the metric's own sentence
    (公司计划新增研发投入5亿元, 失业率控制在5.5%以内: the goal word may sit inside the metric).
    A share of a plan (占年度计划的52.7%, 完成年度目标任务的106%) reports progress, not a goal,
    and a goal word that ends the metric (提出三项预测) is the thing counted."""
    sentence = doc.sentence_at(metric.start)
    name = metric["indicator"] or ""
    # a share of a whole (占本地生产总值3.3%) in a budget's sentence is planned too: only a share of a plan
    progress = (name.startswith(tuple(rules.words("share_words"))) or metric["unit"] == "%") and any(
        word in name for word in rules.words("plan_nouns"))
    if scope["verb_end"] == metric.end:
        return False            # 提出十项预测: the goal word is what is counted, not a goal
    if _figure_before(doc, scope, metric, rules):
        return False            # 成长率为2.32%,较8月预测上修0.1个百分点: the level is stated, a fact
    if scope["earlier"] and not _names_figure(doc, scope, metric, rules):
        return False            # 比原估计多出62%: set against a plan, a fact
    if scope["section"]:        # a goal subheading speaks for the paragraph under it
        return scope["start"] < metric.start and metric.end <= scope["end"] and not progress
    return sentence[0] <= scope["start"] < metric.end <= scope["end"] and not progress


def _figure_before(doc: Doc, scope: dict, metric: Item, rules: RuleSet) -> bool:
    """The metric's level stands before the goal word in its text: the goal word speaks of
    what follows the figure (its change against a forecast), and the figure is stated."""
    if metric["value"] is None or not metric.start < scope["start"] < metric.end:
        return False
    name_end = (metric["indicator_span"] or [metric.start, metric.start])[1]
    number = rules.compile("{num}").search(doc.text, max(metric.start, name_end), metric.end)
    return number is not None and number.end() <= scope["start"]


def _trace_fact(doc: Doc, scope: dict | None, why: str | None, near: list[dict], metric: Item,
                rules: RuleSet) -> None:
    """For `cnie explain`: the goal word that met METRIC and why it stays a metric (WHY from
    fact_reason, else a turn of the clause or an earlier plan that ends the scope before it)."""
    if scope is None:
        sentence = doc.sentence_at(metric.start)
        for s in near:
            if not s["section"] and sentence[0] <= s["start"] < metric.start:
                if s["end"] <= metric.start < sentence[1]:
                    scope, why = s, "after a turn of the clause, what happened (scope_breaks)"
                elif s["earlier"] and not _names_figure(doc, s, metric, rules):
                    scope, why = s, "set against an earlier plan or a reference (plan_refs)"
    if scope is not None and why:
        doc.trace.append((scope["rule_obj"], metric.start, metric.end, "stays a metric: " + why))


def _outside_predicates(scopes: list[dict], metrics: list[Item]) -> list[dict]:
    """The scopes whose goal word stands outside every predicate that names a figure (34%的受访者
    认为房价将上涨: records.predicate_span): inside one it is what those counted believe or
    intend, no goal of the text's. One that opens the predicate (40%以上人口将感染…) is the
    text's forecast of the figure."""
    spans = [said for m in metrics if (said := predicate_span(m))]     # (few: found once)
    return [s for s in scopes if not any(a < s["start"] < b for a, b in spans)] if spans else scopes


def extract_targets(doc: Doc, rules: RuleSet) -> None:
    scopes = sorted(_outside_predicates(_scopes(doc, rules), doc.metrics), key=lambda s: s["start"])
    starts = [s["start"] for s in scopes]
    sections = [s for s in scopes if s["section"]]     # few: a goal subheading's paragraph
    facts, goals = [], []
    for metric in doc.metrics:
        # only the scopes starting in the metric's sentence before its end can speak for it:
        # a binary search, not every scope of the article per metric (issue 14)
        sentence = doc.sentence_at(metric.start)
        near = scopes[bisect_left(starts, sentence[0]):bisect_left(starts, metric.end)] + sections
        # the nearest goal word before it speaks for it (计划新增…,力争…突破40亿元 -> 力争)
        scope = max((s for s in near if _in_scope(doc, s, metric, rules)),
                    key=lambda s: (s["priority"], s["start"]), default=None)
        why = scope and (fact_reason(doc, scope, metric, rules) or _over(doc, scope, metric, rules))
        if doc.trace is not None:       # `cnie explain` says why a metric a goal word meets stays one
            _trace_fact(doc, scope if why else None, why, near, metric, rules)
        if scope is None or why:
            facts.append(metric)
        else:
            goals.append(_as_target(doc, scope, metric, rules))
            rename(doc, goals[-1], scope, goals[-2] if len(goals) > 1 else None, rules)
            _as_growth(doc, goals[-1], rules)
            if why := unnamed(doc, goals[-1], rules):     # precision first: no name, no target
                if doc.trace is not None:
                    doc.trace.append((scope["rule_obj"], metric.start, metric.end, "reports nothing: " + why))
                goals.pop()
                continue
            goals[-1:] = shared(goals[-1], rules)
    for goal in goals:
        goal.fields.pop("renamed_from", None)
    doc.metrics, doc.targets = facts, goals
