"""A share of a population and what that share does or is: 42.5%的受访者认为房价将上涨,
甲国65%居民已完整接种疫苗, 约8%的患者可能发展为重症. The rate comes first, then who
(population_nouns.txt, after a modifier of up to four characters), then a predicate that runs
to the end of the clause: the metric is the population with its predicate, the rate its level.

A rule gives this shape with the groups `population` and `predicate` (metric.population_share).
Nothing is reported when the rate is a bound or a change (增长5%的企业有30家: a figure in the
predicate, or a change verb before the rate), when the predicate opens with no verb or adverb
(30%居民收入: the noun goes on) or is a clause of when (…时), or when a goal stands before it (力争80%的企业实现上云:
a target's figure, not a fact).
"""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.figures import Refusal
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.records import make_record, parse_level
from pipeline.extract.target_names import clause_start
from pipeline.text.segment import tag_cached as tag

# how a predicate opens: a verb or an adverb (认为, 已, 可能, 至少), never a noun or a preposition
_OPENS = {"v", "d", "vd", "ad", "vi"}
# how a population's modifier never opens (这些, 在, 和, 的; a link verb neither: 90%是基金…
# links the rate to what it is, link.txt), unlike a verb that qualifies it (受访企业)
_NOT_MODIFIERS = {"vshi", "p", "c", "d", "u", "uj", "r"}


def population_share(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """The record of match M, or a Refusal saying why there is none."""
    why = _refused(doc, m, rules)
    if why:
        return Refusal(why)
    level = parse_level(m.group("level"), rules)
    if level is None:
        return []
    context = clean_indicator(doc, clause_start(doc, m.start("level"), rules), m.start("level"), rules)
    name = doc.text[m.start("population"):m.end("predicate")]
    ind = {**{k: v for k, v in context.items() if k not in ("indicator", "span", "verb")},
           "indicator": name, "span": (m.start("population"), m.end("predicate"))}
    record = make_record(rule, m.start("level"), m.end("predicate"), ind, level, None, rules)
    record.fields["population"] = m.group("population")   # who the share is of (its predicate is no name)
    return [record]


def _refused(doc: Doc, m, rules: RuleSet) -> str | None:
    before, predicate = doc.text[:m.start("level")], m.group("predicate")
    if rules.compile(r"(?:{up}|{down})了?$").search(before[-6:]):
        return f"{m.group('level')} after a verb of change: a change, not a share of a population"
    if rules.compile("{quantity}").search(predicate):
        return f"a figure in {predicate!r}: the rate picks out a group counted or measured after it"
    if doc.cuts_word(m.start("population"), m.end("population")) or doc.cuts_word(m.start("predicate"), m.end("predicate")):
        return "the population or its predicate starts or ends inside a word"
    words = tag(predicate, rules.user_words())
    if not words or words[0][1] not in _OPENS:
        return f"{predicate!r} opens with no verb: the population's noun goes on, no predicate"
    if words[-1][0] in rules.word_set("speaker_verbs"):
        return f"{predicate!r} ends on a verb of speaking: what they said is the next clause"
    if any(w in rules.unmarked("hypothetical_marks", "fact") for w, _ in words):
        return f"{predicate!r} holds a supposition (hypothetical_marks.txt): its clause goes on after it"
    if predicate.endswith(tuple(rules.words("when_marks"))):
        return f"{predicate!r} is a clause of when (when_marks.txt): what the share does comes after it"
    first = tag(m.group("population"), rules.user_words())[0]
    if first[1] in _NOT_MODIFIERS or first[0] in rules.word_set("link"):
        return f"{m.group('population')!r} opens with {first[0]!r}: the rate and the noun belong to different phrases"
    return None

