"""What a rule's table may say, checked before it runs: keys, groups, fields, examples.

Each check adds `FILE:LINE rule-id: message` problems for one [[rule]] table (T, a rules._Table:
T.at(key) says where). A key, field or value nothing reads is refused here, so that whatever
`cnie rules check` accepts does what it says.
"""
from __future__ import annotations

from difflib import get_close_matches
from types import SimpleNamespace
from typing import TYPE_CHECKING

import regex

from pipeline.engine import matching
from pipeline.engine.firsts import parse
from pipeline.engine.rule_files import expand

if TYPE_CHECKING:                      # the table type, for annotations only (no import cycle)
    from pipeline.engine.rules import _Table

# Named groups a rule may use, per kind; a group outside these is a typo that maps to nothing.
GROUPS = {
    "quantities": {"quantity"},
    "metrics": {"indicator", "level", "change", "change2", "subjects", "values", "shared", "bases", "base",
                "base_level", "members", "population", "predicate", "counted", "state", "counts", "amount"},
    "targets": {"verb", "deadline", "scope"},
    "entities": {"name", "title", "titles", "suffix", "code", "short"},
}
# Groups a rule must name for its matches to fill anything: one of each tuple.
NEEDS = {"metrics": ("level", "change", "subjects", "members", "counts"), "targets": ("verb",), "entities": ("name",)}
# Only keys some extractor reads: a key nobody reads (a rule's `basis` or `qualifier`, which
# come from the text's own words, basis.txt and qual_*.txt) must be refused, not ignored.
RULE_KEYS = {"id", "pattern", "priority", "examples", "type", "description", "fields", "comparator",
             "after_word"}
# Keys that mean something for one kind only, with the values they take.
KIND_KEYS = {
    "type": ("entities", ("person", "organization", "place", "project", "document", "date")),
    "comparator": ("targets", (">=", ">", "<=", "<", "=")),
    "fields": ("entities", None),
}
# What an entities rule's `fields` may say: the test its candidates must pass (the names are
# those pipeline/extract/entities.py dispatches on) and where the pattern is tried.
FIELD_KEYS = {"check", "anchor"}
ANCHORS = ("word_start",)
EXAMPLE_KEYS = {"text", "expect", "also", "extra", "date", "note"}
_ONE = {"quantities": "quantity", "metrics": "metric", "targets": "target", "entities": "entity"}


def check_keys(t: _Table, problems: list[str]) -> None:
    """Unknown keys, keys of another kind of rule, and values a key cannot take: a typo must
    never leave a rule silently doing something else."""
    for key in sorted(set(t.table) - RULE_KEYS):
        near = get_close_matches(key, RULE_KEYS, n=1)
        hint = f"did you mean {near[0]!r}?" if near else f"known: {', '.join(sorted(RULE_KEYS))}"
        problems.append(f"{t.at(key)}: unknown key {key!r} ({hint})")
    for key, (kind, values) in KIND_KEYS.items():
        if key not in t.table:
            continue
        if t.kind != kind:
            problems.append(f"{t.at(key)}: {key!r} is for {kind} rules; it does nothing in {_a(t.kind)} rule")
        elif values is not None and t.table[key] not in values:
            problems.append(f"{t.at(key)}: {key} = {t.table[key]!r} is not one of {', '.join(values)}")
    if t.kind == "entities" and "type" not in t.table:
        problems.append(f"{t.at()}: an entities rule needs type = one of "
                        f"{', '.join(KIND_KEYS['type'][1])}")
    if t.kind == "entities" and "fields" in t.table:
        check_fields(t, problems)
    priority = t.table.get("priority", 0)
    if not isinstance(priority, int) or isinstance(priority, bool):
        problems.append(f"{t.at('priority')}: priority must be a whole number, not {priority!r}")


def check_after_word(t: _Table, lexicons: dict, named: dict[str, str], problems: list[str]) -> None:
    """`after_word = { lexicon = "goal", within = 80, gap = '[^。!?\\n]' }` (engine/after_words.py):
    a word list that exists, a reach in characters, and a gap of exactly one character."""
    spec = t.table.get("after_word")
    if spec is None:
        return
    where, form = t.at("after_word"), "after_word = { lexicon = \"goal\", within = 80, gap = '[^。!?\\n]' }"
    if not isinstance(spec, dict) or set(spec) != {"lexicon", "within", "gap"}:
        problems.append(f"{where}: after_word must be a table of lexicon, within and gap, like {form}")
        return
    if not isinstance(spec["lexicon"], str) or spec["lexicon"] not in lexicons:
        near = get_close_matches(str(spec["lexicon"]), lexicons, n=1)
        problems.append(f"{where}: after_word: no lexicon named {spec['lexicon']!r}"
                        + (f" (did you mean {near[0]!r}?)" if near else " (rules/lexicons/NAME.txt)"))
    within = spec["within"]
    if not isinstance(within, int) or isinstance(within, bool) or within < 0:
        problems.append(f"{where}: after_word: within must be a number of characters (0 or more), not {within!r}")
    try:
        gap = expand(spec["gap"], named) if isinstance(spec["gap"], str) else None
        parsed = gap and regex.compile(gap, regex.V0) and parse(gap)
    except (KeyError, ValueError, regex.error):
        parsed = None
    if parsed is None or parsed.getwidth() != (1, 1):
        problems.append(f"{where}: after_word: gap must be a pattern of one character, such as "
                        f"'[^。!?\\n]', not {spec['gap']!r}")


def check_names() -> set[str]:
    """The candidate tests entities.py knows (read from there, so the two cannot drift)."""
    from pipeline.extract import entities      # late: entities.py imports this module
    return set(entities.CHECKS) | set(entities.SECOND_PASS)


def check_fields(t: _Table, problems: list[str]) -> None:
    fields = t.table["fields"]
    if not isinstance(fields, dict):
        problems.append(f"{t.at('fields')}: fields must be a table, like fields = {{ check = \"town\" }}")
        return
    for key in sorted(set(fields) - FIELD_KEYS):
        problems.append(f"{t.at('fields')}: fields: unknown key {key!r} (known: {', '.join(sorted(FIELD_KEYS))})")
    names = check_names()
    if "check" in fields and fields["check"] not in names:
        near = get_close_matches(str(fields["check"]), names, n=1)
        hint = f"did you mean {near[0]!r}?" if near else f"known: {', '.join(sorted(names))}"
        problems.append(f"{t.at('fields')}: no check named {fields['check']!r} ({hint})")
    if "anchor" in fields and fields["anchor"] not in ANCHORS:
        problems.append(f"{t.at('fields')}: anchor = {fields['anchor']!r} is not one of {', '.join(ANCHORS)}")


def check_groups(t: _Table, compiled: regex.Pattern, problems: list[str]) -> None:
    where, groups = t.at("pattern"), set(compiled.groupindex)
    for group in sorted(groups - GROUPS[t.kind]):
        problems.append(f"{where}: group (?P<{group}>…) maps to no field of {t.kind} "
                        f"(known: {', '.join(sorted(GROUPS[t.kind]))})")
    needs = NEEDS.get(t.kind, ())
    if needs and not groups & set(needs):
        problems.append(f"{where}: no group fills a field: {_a(t.kind)} rule needs "
                        + " or ".join(f"(?P<{g}>…)" for g in needs))
    if t.kind == "metrics" and ("subjects" in groups or "bases" in groups) != ("values" in groups):
        problems.append(f"{where}: (?P<subjects>…) or (?P<bases>…) and (?P<values>…) go together "
                        "(A、B分别为x、y; 比全省和全国分别高x、y)")
    if t.kind == "metrics" and "population" in groups and "predicate" not in groups:
        problems.append(f"{where}: (?P<population>…) needs (?P<predicate>…) after it (42.5%的受访者|认为…)")


def _a(kind: str) -> str:
    return ("an " if kind[0] in "aeiou" else "a ") + kind


def check_matches(t: _Table, compiled: regex.Pattern, problems: list[str]) -> None:
    """A pattern that can match nothing would match everywhere; one that backtracks without
    end on its own examples would stop every run that meets such text. A zero-width match
    that still captures something (a lookahead such as (?=(?P<name>…))) is deliberate."""
    examples = t.table.get("examples") if isinstance(t.table.get("examples"), list) else []
    texts = [""] + [ex["text"] for ex in examples if isinstance(ex, dict) and isinstance(ex.get("text"), str)]
    for i, text in enumerate(texts):
        try:
            if any(m.start() == m.end() and not any(m.groups()) for m in _matches(t, compiled, text)):
                problems.append(f"{t.at('pattern')}: pattern can match the empty string"
                                + (f" (in example {i})" if i else ""))
                return
        except matching.RuleTimeout:
            problems.append(f"{t.at('pattern')}: pattern takes over {matching.TIMEOUT:g} s on "
                            f"example {i}: it backtracks too much (nested repeats such as (a+)+)")
            return


def _matches(t, compiled: regex.Pattern, text: str):
    """Every match of the pattern over TEXT, searched under the same CPU budget as a run."""
    rule_id = t.table.get("id")
    budget = matching.Budget(SimpleNamespace(id=rule_id, file=t.path, line=t.line))
    pos = 0
    while pos <= len(text):
        m = budget.run(compiled.search, text, pos)
        if m is None:
            return
        yield m
        pos = max(m.end(), m.start() + 1)


def check_examples(t: _Table, problems: list[str]) -> None:
    where, examples = t.at("examples"), t.table.get("examples")
    if not examples:
        problems.append(f"{where}: no examples (each rule needs at least one, positive or negative)")
        return
    if not isinstance(examples, list):
        problems.append(f"{where}: examples must be a list: examples = [ {{ text = \"…\", expect = [] }} ]")
        return
    for i, ex in enumerate(examples, 1):
        if not isinstance(ex, dict) or not isinstance(ex.get("text"), str):
            problems.append(f"{where}: example {i} needs a text")
            continue
        for key in sorted(set(ex) - EXAMPLE_KEYS):
            problems.append(f"{where}: example {i}: unknown key {key!r} (known: {', '.join(sorted(EXAMPLE_KEYS))})")
        for key in ("expect", "also"):
            items = ex.get(key, [])
            if not isinstance(items, list) or not all(isinstance(e, dict) for e in items):
                problems.append(f"{where}: example {i}: {key} must be a list of tables, like "
                                f"{key} = [ {{ value = 5, unit = \"亿元\" }} ]")
        if "date" in ex and not (isinstance(ex["date"], str) and regex.fullmatch(r"\d{4}-\d{2}-\d{2}", ex["date"])):
            problems.append(f"{where}: example {i}: date must be the article's date as \"YYYY-MM-DD\"")
        if not isinstance(ex.get("extra", False), bool):
            problems.append(f"{where}: example {i}: extra must be true or false")
