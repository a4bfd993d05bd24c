"""A list of counts, each with the words that say what it counts (21例本土个案及8例境外移入,
36例为男性、29例为女性; 3人死亡、12人受伤): the breakdown a report gives of a total. Every
member is its own record, named by its words (after the total's name when a link verb joins
them: 新增病例为4例男性… -> 新增病例男性), in one unit of counting (agent_units.txt,
count_units.txt) for all: a mixed list (3人、5家企业) is no breakdown, and gives nothing.
Small counts are facts here (1例不明): the list says what each one is.
"""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.predicates import opens_predicate
from pipeline.extract.records import make_record, parse_level
from pipeline.extract.target_names import clause_start
from pipeline.text.segment import tag_cached as tag

# one member: a count of a unit of counting, then its words, up to the next member or the end
_MEMBER = (r"(?P<count>(?:{quantity})(?<=(?:{agent_units}|{count_units})))(?P<words>\p{Han}{1,8}?)"
           r"(?=(?:{sp}(?:、|{list_and}){sp}(?:{quantity}))|$)")


def count_list(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """The records of match M's `counts`, or [] when its members are no breakdown."""
    start, end = m.span("counts")
    members = list(rules.compile(_MEMBER).finditer(doc.text, start, end))
    levels = [parse_level(member.group("count"), rules) for member in members]
    if len(members) < 2 or None in levels or len({level["unit"] for level in levels}) > 1:
        return []
    lead = clean_indicator(doc, clause_start(doc, start, rules), start, rules)
    context = {k: lead.get(k) for k in ("period", "period_norm", "region", "region_code")}
    # 新增本土个案为|4例男性、9例女性: the total the list breaks down names each part
    whole = lead.get("indicator") if doc.text.endswith(tuple(rules.words("link")), 0, start) else None
    items = []
    for member, level in zip(members, levels):
        name = rules.compile("^(?:{link})").sub("", member.group("words"))    # 36例|为男性
        if not name or name in rules.word_set("non_metric_nouns"):
            return []
        ind = {**context, "indicator": (whole or "") + name, "span": (member.end() - len(name), member.end())}
        record = make_record(rule, member.start(), member.end(), ind, level, None, rules)
        if opens_predicate(tag(name, rules.user_words()), rules):
            record.fields["predicate"] = name       # 33票|反对: what those counted did (records.predicate_span)
        items.append(record)
    return items
