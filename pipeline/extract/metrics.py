"""Metrics: an indicator with a level (880.5亿元), a signed change (同比增长7.8%) or both.

Metric rules (rules/metrics.toml) are regexes whose named groups say what each part is:
`indicator` (the words before the value, cleaned by indicators.py), `level` (a quantity),
`change` and `change2` (a level with two rates is two records), and for 分别/各 sentences
`subjects` (A、B、C), `shared` and `values` (x、y、z) distributed one to one (lists.py).
Changes are read by changes.py, records made by records.py; this module decides which
matches stand, and inherit.py what a clause without an indicator continues.
"""
from __future__ import annotations

from pipeline.extract.counts import (after_goal_word, by_figure, elided_count, measured_after, per_unit_before,
                                     without_magnitude)
from pipeline.document import Doc, Item
from pipeline.extract.figures import Refusal, bare_count, figures, starts_cleanly
from pipeline.extract.fragments import action_duration, object_after_verb, unnamed
from pipeline.extract.indicators import clean_indicator, known_indicator, per_rate
from pipeline.extract.inherit import inherit
from pipeline.extract.region_lists import region_list
from pipeline.extract.predicates import named_by_predicate
from pipeline.extract.breadth import named_by_set
from pipeline.extract.count_lists import count_list
from pipeline.extract.rate_words import BARE_MOVE, base_level, change_by_figure, rate_noun, rate_of_previous
from pipeline.extract.lists import compare, distribute
from pipeline.extract.changes import parse_change
from pipeline.extract.moves import moved_subject, moves_on, starts_a_move
from pipeline.engine.matching import resolve_overlaps, scan
from pipeline.extract.target_names import clause_start
from pipeline.extract.records import make_record, parse_level, structure_records
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag


# the group a rule's match fills that hands the whole match to its own reader
_READERS = (("subjects", distribute), ("members", region_list), ("bases", compare),
            ("predicate", named_by_predicate), ("state", named_by_set), ("counts", count_list))


def _from_match(doc: Doc, rule, m, rules: RuleSet, kept: dict) -> list[Item]:
    groups = m.groupdict()
    for group, reader in _READERS:
        if groups.get(group) is not None:
            return reader(doc, rule, m, rules)
    read = figures(doc, m, rules, kept)
    if read.refused is not None and doc.trace is None:
        return read.refused    # refused whatever the indicator is: falsy either way, so skip cleaning it
    bound = _bound_of_group(doc, m, read, groups, rules)
    if bound is not None and doc.trace is None and not read.level.get("ratio"):   # (a Refusal is falsy)
        return bound           # likewise, unless a structure's parts stand first (structure_records)
    ind = clean_indicator(doc, *m.span("indicator"), rules) if groups.get("indicator") else {}
    if _misread(ind.get("indicator"), rules):
        return []          # (checked first, so `cnie explain` gives the same reason as before)
    if groups.get("indicator") and rules.compile("(?:{link})").fullmatch(groups["indicator"]) \
            and doc.text[clause_start(doc, m.start("indicator"), rules):m.start("indicator")].strip():
        return Refusal(f"{groups['indicator']!r} is a link verb alone inside a clause: the name stands "
                       "before it (跌幅|为0.75%: the longer match says why that is none)")
    if ind.get("indicator") in rules.word_set("forecasters"):     # 业内预计将突破300亿
        return Refusal(f"indicator {ind['indicator']!r} is who forecasts or reports (forecasters.txt), not what is measured")
    level, changes = read.level, read.changes
    if level and (qualifier := ind.pop("qualifier", None)) and not level.get("qualifier"):
        level = {**level, "qualifier": qualifier}       # 约占收入总额的40%: the share's qualifier
    if read.refused is not None and not (level and changes == [None]):
        return read.refused
    if level and changes != [None] and (base := base_level(doc, rule, m, ind, changes[0], rules)):
        return [base]          # 较昨天的10万例增加一倍: the base's own figure; the change is an earlier one's
    if level and changes == [None] and rules.compile(BARE_MOVE).match(doc.text, m.end()) \
            and (base := base_level(doc, rule, m, ind, None, rules)):
        return [base]          # 较昨天的950例大增: the base's own figure, the move without a figure
    if groups.get("level") and ind.get("indicator") \
            and doc.text.endswith(("、", *rules.words("list_and")), 0, m.start("level")):
        return Refusal(f"indicator {ind['indicator']!r} ends with a list's joint: a member before the "
                       "figure, whose own figure or noun is elsewhere (18例男性、11例女性, 21例本土个案及"
                       "8例境外移入), not a name (、即524亿元 restates)")
    start, end = (ind["span"][0] if ind.get("indicator") else m.start("level" if level else "change")), m.end()
    if level:
        start = min(start, m.start("level"))    # 约5千户受惠: the name may follow the figure
    if level and changes == [None] and (parts := structure_records(doc, rule, start, m.span("level"), ind, level, rules)):
        return parts           # 三次产业结构为5.6:56.6:37.8: one record per part
    if read.refused is not None:
        return read.refused    # a count that names nothing (figures.py)
    if level and changes == [None] and without_magnitude(level["unit"], rules) in rules.word_set("named_units") \
            and (not ind.get("indicator") or _after_verb(doc, m.start("level"), rules)):
        said = without_magnitude(level["unit"], rules)      # (拥有)1200万像素: the unit names what it counts
        ind = {**ind, "indicator": said, "span": (m.end("level") - len(said), m.end("level"))}
    noun, added = read.noun, ind.get("indicator") in rules.word_set("added_marks")
    if not noun and level and changes == [None] and (added or not ind.get("indicator")):
        noun, why = bare_count(doc, m, level, rules)        # 我国有611万高校毕业生, 新增354例确诊病例
        if why is not None:
            return why
    if noun:
        # 新增 names only that they are new (added_marks.txt): 新增 + the noun counted
        name, first = (ind["indicator"] + noun[0], ind["span"][0]) if added else (noun[0], m.start("level"))
        ind = {**ind, "indicator": name, "span": (first, noun[1])}
        start, end = min(start, m.start("level")), noun[1]
    if level and changes == [None] and not _in_brackets(doc, m) and (why := action_duration(
            ind.get("indicator"), noun[0] if noun else without_magnitude(level["unit"], rules), rules)):
        return Refusal(why)
    if level and changes == [None] and (noun := measured_after(doc, m.end("level"), rules)
                                        or by_figure(doc, m.start("level"), m.end("level"), rules)):
        ind = {**ind, "indicator": noun[0], "span": (noun[1], noun[2])}    # 给予12%的补贴
        start, end = m.start("level"), noun[2]
    elif not level and groups.get("level") and (named := change_by_figure(doc, m, ind, rules)) is not None:
        if isinstance(named, str):
            return Refusal(named)
        ind, start, end = named, min(named["span"][0], m.start("level")), max(end, named["span"][1])
    if bound is not None:
        return bound
    if ind.get("indicator") in rules.word_set("qual_pre"):
        return Refusal(f"indicator {ind['indicator']!r} is a bound's word alone (qual_pre.txt): what passes it is not named")
    if level and changes == [None] and groups.get("indicator") and (per := per_unit_before(doc, m, rules)):
        level, ind = per[1], clean_indicator(doc, m.start("indicator"), per[0], rules)   # 每平方米2万元
        if not ind.get("indicator"):
            return Refusal("a price per unit with no name before 每: whose price is not said")
        start = ind["span"][0]
    if level and changes == [None] and (purpose := _purpose(doc, m, rules)):
        ind = {**ind, "indicator": purpose[0], "span": (purpose[1], purpose[2])}
        start, end = m.start("level"), purpose[2]
    if level and changes == [None] and ind.get("indicator") in rules.word_set("weak_count_nouns") \
            and without_magnitude(level["unit"], rules) in rules.words("classifiers"):
        return Refusal(f"{ind['indicator']}{groups['level']}: the noun alone (weak_count_nouns.txt) says "
                       "nothing of which ones are counted")
    if level and changes == [None] and ind.get("indicator") in rules.word_set("bare_rate_words") \
            and not after_goal_word(doc, m.start(), rules) and not ind.get("organization"):   # (科力远|涨幅)
        if moved := moved_subject(doc, m.start("level"), ind["indicator"], groups["level"], rules):
            subject, change = moved      # 债券型基金全线下跌,跌幅为0.42%: the subject's change
            return [make_record(rule, subject["span"][0], end, subject, None, change, rules)]
        if (given := rate_of_previous(doc, rule, m, ind, rules)) is not None:
            return [given]       # 成交套数为6228套,…,跌幅为4.35%: the figure's before it (inherit.py)
        return Refusal(f"{ind['indicator']}{groups['level']}: no subject (bare_rate_words.txt)")
    if level and changes == [None] and level["unit"] == "%" and (rate := rate_noun(ind.get("indicator"), rules)):
        level, changes = None, [parse_change(rules.words(rate)[0] + groups["level"], rules)]   # 今年以来涨幅达35%
    if ind.get("indicator") in rules.word_set("group_pronouns"):
        return Refusal(f"{ind['indicator']}: points back at a group named before (group_pronouns.txt), "
                       "no name of its own")
    if level and changes == [None] and (why := elided_count(doc, m, ind, level, rules)):
        return Refusal(why)
    if why := _unnamed(doc, m, ind, rules):
        return Refusal(why)
    if level and changes == [None] and (noun := object_after_verb(doc, ind.get("indicator"), end, level["unit"], rules)):
        ind = {**ind, "indicator": noun[0], "span": (noun[1], noun[2])}    # 采用4倍光学变焦
        start, end = m.start("level"), noun[2]
    if level and changes == [None] and starts_a_move(doc, m.start("level"), rules) and not moves_on(doc, m.end("level"), rules):
        return Refusal("a figure after 由/从 with no move after it (由十多人组成): who acts or where from, not a level")
    # evidence runs from the indicator itself (period and region before it are context)
    records = [make_record(rule, start, end, ind, level, change, rules) for change in changes]
    if groups.get("base") and changes != [None]:
        records[0].fields["compared_with"] = groups["base"]     # 比年初增长4.8%: against 年初
        if groups.get("base_level"):
            records.append(_base_record(doc, rule, m, ind, rules))
    return records


def _base_record(doc: Doc, rule, m, ind: dict, rules: RuleSet) -> Item:
    """比上届展会的9800元/平方米上涨了12%: the base's own figure, stated as fact, is a
    record of the same indicator at that base; its period is the base where the base is a date
    (比2020年同期的5.2亿元), else none of the main record's."""
    dated = next((e for e in doc.entities if e["type"] == "date" and e.start == m.start("base")
                  and e.end == m.end("base")), None)
    base_ind = {**ind, "period": dated["text"] if dated else None,
                "period_norm": dated["normalized"] if dated else None}
    record = make_record(rule, m.start("base"), m.end("base_level"), base_ind,
                         parse_level(m.group("base_level"), rules), None, rules)
    record.fields["compared_base"] = True      # no subject for what follows, nor a change's (inherit.py)
    return record


def _bound_of_group(doc: Doc, m, read, groups: dict, rules: RuleSet) -> Refusal | None:
    """Why a level is no level (_group_bound), or None: read from the figures and the text,
    never the indicator, so asked before the indicator is cleaned (~7% of the candidates
    that reach the cleaning are refused here)."""
    if read.level and read.changes == [None] and groups.get("indicator") and _group_bound(doc, m, rules):
        return Refusal("a bound every member of a group passes (都超过, 均不低于: all_marks.txt), not a level")
    return None


def _group_bound(doc: Doc, m, rules: RuleSet) -> bool:
    """都超过了30%, 均不低于5%: a word for all (all_marks.txt, a word of its own: not the 均 of
    年均) right before a level that opens with a bound (qual_pre.txt)."""
    if not rules.compile("(?:{qual_pre})").match(doc.text, m.start("level")):
        return False
    found = rules.compile(r"(?:{all_marks})(?:{link})?{sp}$").search(doc.text, m.start("indicator"), m.start("level"))
    return found is not None and found.start() in doc.word_starts


def _in_brackets(doc: Doc, m) -> bool:
    """The level stands in brackets after its name (留宿旅客(2.3日)): stated as a level."""
    return doc.text[:m.start("level")].endswith("(") and doc.text.startswith(")", m.end("level"))


def _purpose(doc: Doc, m, rules: RuleSet) -> tuple[str, int, int] | None:
    """增拨2亿元改善长者服务: an amount allocated (allocation_verbs.txt right before it) measures
    the purpose named after it, up to the clause's end; 用于/作 (purpose_marks.txt) open it."""
    if m.groupdict().get("indicator") is None or not doc.text[:m.start("level")].rstrip().endswith(
            tuple(rules.words("allocation_verbs"))):
        return None
    clause = rules.compile(r"(?:{purpose_marks})?([^,.;:。!?()\n]{2,16})(?=[,.;:。!?()\n]|$)").match(doc.text, m.end())
    return (clause.group(1), clause.start(1), clause.end(1)) if clause else None


def _after_verb(doc: Doc, pos: int, rules: RuleSet) -> bool:
    """The word before POS is a verb that takes the figure as its object (拥有|1200万像素), not
    a link verb (为, 达到: link.txt) that makes it the level of the name before."""
    words = list(tag(doc.text[max(0, pos - 5):pos], rules.user_words()))
    while words and words[-1][0] in rules.word_set("aspect_marks"):
        words.pop()         # 具有了|46万像素
    return bool(words) and words[-1][1] == "v" and words[-1][0] not in rules.word_set("link")


def _resume(m) -> int:
    """Scan again right after the level: an aside or a change after it may hold a metric
    of its own; claims keep the same number from being taken twice."""
    return m.end("level") if "level" in m.re.groupindex and m.start("level") >= 0 else m.end()


def _claims(m) -> list[tuple[int, int]]:
    """The numbers a match claims: two matches compete only where these overlap, so an aside
    such as (占总投资的32.1%) inside a longer match stays a metric of its own; a move's amount
    (增加120亿元,达到…) is claimed and not reported."""
    groups = ("level", "base_level", "change", "change2", "values", "counts", "amount")
    return [m.span(g) for g in groups if g in m.re.groupindex and m.start(g) >= 0]


def _unnamed(doc: Doc, m, ind: dict, rules: RuleSet) -> str | None:
    """Why the indicator names nothing (fragments.unnamed), given the text before it and
    whether words other than a link verb (本周又|有) were cut off after it."""
    if not ind.get("indicator"):
        return None
    start, end = ind["span"]
    rest = doc.text[end:m.end("indicator")].strip() if "indicator" in m.re.groupindex else ""
    whole = not rest or rest in rules.word_set("ind_verbs", "link") or end > m.end("indicator")
    return unnamed(ind["indicator"], rules, doc.text[max(start - 1, 0):start], whole,
                   doc.text[min(clause_start(doc, start, rules), start):end])


def _misread(name: str | None, rules: RuleSet) -> bool:
    """Words before a value that hold a quantity of their own (詹姆斯拿下了24分11个篮板) are
    not an indicator: the clause is a list of figures such as a game's statistics."""
    hit = rules.compile("{num}{sp}(?:{game_units}|{magnitude}|{units})(?!(?:{units})?{size_class})").search(name or "")
    if hit and per_rate(name, max(hit.start() - 1, 0), rules):
        return False        # 每十万人确诊: the number after 每 is a rate's denominator, part of its name
    if hit and _bound_in_name(name, hit, rules):
        return False        # 收益率超过25%的基金: a bound that picks out the group named, part of its name
    # 20亿级企业, 500亿元级别的产业园区 are classes, not figures; 三次产业结构 a set phrase
    return hit is not None and not name.startswith(tuple(rules.words("number_phrases")), hit.start())


def _bound_in_name(name: str, hit, rules: RuleSet) -> bool:
    """收益率超过25%的基金, 单价在3万元以上的房源: the figure HIT in NAME, with a word of bound
    before or after it (qual_pre.txt, qual_post.txt, not one of approx: 人口约900万的甲国 says
    what 甲国 is), then 的, picks out the group the name is of."""
    after = rules.compile("{sp}((?:{qual_post})?)的").match(name, hit.end())
    if after is None:
        return False
    before = rules.compile("(?:{qual_pre}){sp}$").search(name, 0, hit.start())
    said = [(lex, m.group().strip() if lex == "qual_pre" else m.group(1)) for lex, m in
            (("qual_pre", before), ("qual_post", after)) if m and m.group().strip("的 ")]
    return bool(said) and all(rules.lexicons[lex].columns.get(word, [""])[0] != "approx" for lex, word in said)


def _word_groups(names) -> tuple[str, ...]:
    """The groups of a pattern with group NAMES that _edges_ok wants on word starts (so the
    engine tries the rule only where they can be: engine/word_edges.py)."""
    return ("bases",) if "bases" in names else ("indicator", "subjects", "change")


def _edges_ok(doc: Doc, m, rules: RuleSet) -> bool:
    """The indicator and the change start on jieba word starts: 季|增6% is not the indicator
    季 with the change 增6%."""
    checked = _word_groups(m.re.groupindex)
    starts = [m.start(g) for g in checked if g in m.re.groupindex and m.start(g) >= 0]
    # a change may start inside a word jieba glued from unknown pieces (出口货|量升0.5%), as a level may
    if not all(s in doc.word_starts or g == "change" and starts_cleanly(doc, s, rules)
               for g, s in zip([g for g in checked if g in m.re.groupindex and m.start(g) >= 0], starts)):
        return False
    return "level" not in m.re.groupindex or m.start("level") < 0 or starts_cleanly(doc, m.start("level"), rules)


# Distinct game words (lexicon game_words) that make an article sports copy: on the shared
# corpora 232 of 245 sports articles have three or more, 1 of 770 others does.
_GAME_WORDS = 3


def _sports_copy(doc: Doc, rules: RuleSet) -> bool:
    return sum(1 for word in rules.words("game_words") if word in doc.text) >= _GAME_WORDS


def extract_metrics(doc: Doc, rules: RuleSet) -> None:
    """Every metric rule over the text; matches that claim the same numbers compete by the
    overlap policy, and the records of one match (two changes, a 分别 list) stand together."""
    matches, kept = [], {}      # kept: the figures read so far (figures.py), by their spans
    for rule in rules.rules.get("metrics", []):
        def accept(m, rule=rule):
            if not _edges_ok(doc, m, rules):
                return None
            records = _from_match(doc, rule, m, rules, kept)
            if not records:
                return records      # [] or a Refusal, whose reason `cnie explain` prints
            return Item("match", m.start(), m.end(), rule.id,
                                    {"priority": rule.priority, "records": records, "claims": _claims(m)})
        matches += scan(rule, doc, accept, resume=_resume, edges=_word_groups)
    standing = resolve_overlaps(matches, spans=lambda i: i.fields["claims"])
    records = sorted((r for match in standing for r in match.fields["records"]), key=lambda i: (i.start, i.end))
    for item in records:
        item.fields.update(known_indicator(item["indicator"], rules))
    doc.metrics = inherit(doc, records, rules)
    if _sports_copy(doc, rules):    # the subject is a player or a match: only a known indicator holds
        doc.metrics = [m for m in doc.metrics if m["indicator_id"]]
