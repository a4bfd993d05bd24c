"""Figures whose reading a word beside them decides: a base's own figure in a comparison
(,较昨天的950例增加一倍 / 大增: base_level) and rates named by a noun of change (涨幅, 跌幅:
rate_noun, rate_of_previous, change_by_figure). metrics.py asks these of a level it has read."""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.changes import parse_change
from pipeline.extract.counts import by_figure
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.records import make_record, parse_level
from pipeline.extract.target_names import clause_start

# a verb of change with no figure after it (大增, 大幅增加: what the base was overtaken by)
BARE_MOVE = r"{sp}(?:{change_adverbs}){0,3}(?:{up}|{down})(?!{sp}(?:了)?{sp}(?:{qual_pre})?{sp}(?:{num}))"


def base_level(doc: Doc, rule, m, ind: dict, change: dict | None, rules: RuleSet) -> Item | None:
    """The level of M after a base and 的 that open its clause (,较昨天的950例增加…:
    base_lead in patterns.toml) is that base's own figure, stated as fact: its record, dated where the base
    is a date, without the change, which the text says of the figure before (its subject left
    out): the change goes with it, for inherit.py to give to that figure. None for any other level."""
    start = clause_start(doc, m.start("level"), rules)
    lead = rules.compile(r"{sp}(?:{change_adverbs})?(?:{base_lead})([^,;:。]{1,12}?)的{sp}$").match(doc.text, start, m.start("level"))
    if lead is None:
        return None
    base = lead.span(1)
    dated = next((e for e in doc.entities if e["type"] == "date" and (e.start, e.end) == base), None)
    said = doc.text[slice(*base)]
    # 比去年同期的1.85万元: the base is the same period a year before (basis.txt), no period carried
    period = dated["text"] if dated else said if said in rules.word_set("basis") else None
    ind = {**ind, "period": period, "period_norm": dated["normalized"] if dated else None}
    record = make_record(rule, m.start("level"), m.end("level"), ind, parse_level(m.group("level"), rules), None, rules)
    record.fields["compared_base"] = True      # a base's own figure: named by the figure before (inherit.py)
    basis = rules.lexicons["basis"].columns.get(said, [None])[0]
    if change is not None:      # (inherit.py gives it to the figure before, with the basis its base says)
        record.fields["change_of_previous"] = ({**change, "basis": change["basis"] or basis}, m.end())
    return record


def rate_noun(name: str | None, rules: RuleSet) -> str | None:
    """The sign (up, down) of the noun of a rate of change a name ends with (涨幅, 跌幅, 增幅:
    change_nouns.txt, those of 幅, the size of a move): its % is that change, not a level."""
    columns = rules.lexicons["change_nouns"].columns if "change_nouns" in rules.lexicons else {}
    word = next((w for w in columns if w.endswith("幅") and (name or "").endswith(w)), None)
    return columns[word][0] if word and columns[word][0] in ("up", "down") else None


def rate_of_previous(doc: Doc, rule, m, ind: dict, rules: RuleSet) -> Item | None:
    """跌幅为4.35% after a level in its sentence: a rate of change named by its noun alone
    (change_nouns.txt, signed), in a clause of no words of its own, is the change of the
    figure before it. The record names nothing; inherit.py gives its change to that figure
    if it has none and only clauses of change stand between them, and drops it either way.
    Not a bound (涨幅在2%以上: a line the members pass)."""
    word = ind["indicator"]
    sign = rules.lexicons["change_nouns"].columns.get(word, [None])[0] if "change_nouns" in rules.lexicons else None
    if sign not in ("up", "down"):
        return None
    own = doc.text[clause_start(doc, ind["span"][0], rules):ind["span"][0]].strip()
    if own and own not in rules.word_set("ind_skip", "ind_skip_end", "basis"):
        return None             # 大盘…的累计涨幅, 有10只涨幅: the clause names whose rate it is
    change = parse_change(rules.words(sign)[0] + m.group("level"), rules)
    if change is None or change.get("qualifier") in ("at_least", "at_most"):
        return None
    record = make_record(rule, m.start("level"), m.end("level"), {}, None, change, rules)
    record.fields.update(change_of_previous=(change, m.end("level")), rate_of_previous=True)
    return record


def change_by_figure(doc: Doc, m, ind: dict, rules: RuleSet) -> dict | str | None:
    """以-39%的净值增长率(排名第二), 上证180ETF以2.38%的涨幅(开盘): a change read from the noun
    after 以, the figure and 的 (counts.by_figure). The subject before 以 names it with the noun,
    or alone where the noun is a bare rate (bare_rate_words.txt: 涨幅); the noun alone where the
    clause names no subject. The indicator's fields; why there is none (a bare rate without a
    subject); or None where no noun follows so."""
    noun = by_figure(doc, m.start("level"), m.end("level"), rules)
    if noun is None:
        return None
    mark = rules.compile("(?:{by_marks}){sp}$").search(doc.text, max(0, m.start("level") - 3), m.start("level"))
    opening = clause_start(doc, mark.start(), rules)
    subject = clean_indicator(doc, opening, mark.start(), rules) if opening < mark.start() else {}
    named = subject.get("indicator")
    if noun[0] in rules.word_set("bare_rate_words"):
        if not named:
            return f"{noun[0]}: a rate with no subject in its clause (bare_rate_words.txt)"
        return {**ind, **subject}
    if named:
        return {**ind, **subject, "indicator": named + noun[0], "span": (subject["span"][0], noun[2])}
    return {**ind, "indicator": noun[0], "span": (noun[1], noun[2])}
