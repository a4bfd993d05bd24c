"""Entities: persons (with titles), organisations, places, projects, documents and dates.

Entity rules (rules/entities.toml) capture a `name` (and for persons `titles`); this module
checks each candidate against jieba's words and the lexicons of words that are not names, then
merges repeated mentions of one entity: `span` is the first mention, `mentions` lists all.
"""
from __future__ import annotations

import regex

from .document import Doc, Item
from .matching import resolve_overlaps, scan
from .rules import RuleSet
from .segment import tag, tokenizer

# Parts of speech of a proper name's first word: person, place, organisation, other proper
# noun, abbreviation, foreign word; and the function words no name contains.
_PROPER = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "x", "eng"}
_FUNCTION = {"u", "p", "c", "d", "r", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "f", "m", "q"}

_MASKED = regex.compile(r"[某×X*＊○]|姓$")


def _named(text: str, rules: RuleSet) -> bool:
    """Does TEXT (a name without its 项目/科技 ending) look like a proper name? Its first word is
    tagged as a name or is unknown to jieba (度亘, 福立旺), no word is a function word, and no
    later word is a verb (狠抓项目, 推进会项目 are not names)."""
    tagged = tag(text, rules.user_words())
    if not tagged:
        return False
    first, pos = tagged[0]
    known = tokenizer(rules.user_words()).FREQ.get(first)
    if pos not in _PROPER and known:
        return False
    return not any(p in _FUNCTION or (i and p == "v") for i, (_, p) in enumerate(tagged))


def _pieces(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """A list of names (李娜 韩诗琦, 国轩高科、沃太能源) split into spans."""
    out, pos = [], start
    for part in regex.split(r"([ 、,])", doc.text[start:end]):
        if part and part not in " 、,":
            out.append((pos, pos + len(part)))
        pos += len(part)
    return out


def _trim_lead(doc: Doc, start: int, end: int, stop: list[str]) -> int:
    """Drop lead words that stand before a name without being part of it (母公司江海股份)."""
    changed = True
    while changed:
        changed = False
        for word in sorted(stop, key=len, reverse=True):
            if doc.text.startswith(word, start) and end - start - len(word) >= 2:
                start += len(word)
                changed = True
    return start


def _fit_person(doc: Doc, start: int, end: int) -> int | None:
    """A name pattern takes up to three characters; keep the longest that ends on a word edge."""
    for stop in range(end, start + 1, -1):
        if stop in doc.word_ends or stop == len(doc.text):
            return stop
    return None


def _accept(doc: Doc, etype: str, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """The candidate's final span, or None when it is not an entity of that type."""
    if etype == "person":
        end = _fit_person(doc, start, end) or start
        name = doc.text[start:end]
        if len(name) < 2 or name in rules.words("non_names") or _MASKED.search(name):
            return None
        return start, end
    if etype == "organization":
        start = _trim_lead(doc, start, end, rules.words("org_lead_stop"))
        suffixes = rules.lexicons["org_suffix"]
        suffix = max((w for w in suffixes.entries if doc.text.endswith(w, start, end)), key=len, default="")
        if "brand" in suffixes.columns.get(suffix, []) and not _named(doc.text[start:end - len(suffix)], rules):
            return None
    if etype == "project":
        name = doc.text[start:end - 2]
        generic = rules.words("generic_projects")
        if any(name.endswith(g) for g in generic) or len(name) < 2 or not _named(name, rules):
            return None
    if etype == "place":
        return (start, end) if _place_like(doc, start, end, rules) else None
    if etype in ("organization", "project") and doc.cuts_word(start, end):
        return None
    return start, end


def _place_like(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """A place name is one or two of jieba's words (通州区, 南通/高新区), none of them a
    word that is not a place (全市, 县市区)."""
    words = [doc.text[t.start:t.end] for t in doc.tokens if start <= t.start < end]
    stop = set(rules.words("subject_regions")) | set(rules.words("non_places"))
    if start not in doc.word_starts or (end not in doc.word_ends and not _suffix_glued(doc, end)):
        return False
    if len(words) > 2 or doc.text[start:end] in stop or any(w in stop for w in words):
        return False
    tagged = tag(doc.text[start:end], rules.user_words())
    return not any(p in _FUNCTION or p.startswith("v") for _, p in tagged)   # 实现地区, 包括通州区


def _suffix_glued(doc: Doc, end: int) -> bool:
    """jieba often glues an admin suffix to the next character (青山/县前/三季度, 海滨/市前):
    a two-character word that starts on the suffix does not veto the place."""
    return any(t.start == end - 1 and t.end == end + 1 for t in doc.tokens)


def _candidates(doc: Doc, rules: RuleSet) -> list[Item]:
    found = []
    for rule in rules.rules.get("entities", []):
        etype = rule.options.get("type")

        def accept(m, rule=rule, etype=etype):
            titles = m.group("titles").split("、") if m.groupdict().get("titles") else []
            pieces = _pieces(doc, *m.span("name")) if etype in ("person", "organization") \
                else [m.span("name")]
            items = []
            for start, end in pieces:
                span = _accept(doc, etype, start, end, rules)
                if span:
                    items.append(Item("entity", span[0], span[1], rule.id,
                                      {"type": etype, "text": doc.text[span[0]:span[1]],
                                       "titles": list(titles), "priority": rule.priority}))
            return items
        for items in scan(rule, doc, accept):
            found += items
    return found


def _merge(items: list[Item], doc: Doc) -> list[Item]:
    """One entity per (type, text): first mention's span, every mention listed, titles joined."""
    merged: dict[tuple, Item] = {}
    for item in sorted(items, key=lambda i: (i.start, i.end)):
        key = (item["type"], item["text"])
        if key not in merged:
            item.fields["mentions"] = []
            merged[key] = item
        first = merged[key]
        first.fields["mentions"].append([item.start, item.end])
        for title in item["titles"] or []:
            if title not in first.fields["titles"]:
                first.fields["titles"].append(title)
    return list(merged.values())


def _later_mentions(doc: Doc, people: list[Item]) -> list[Item]:
    """Every further occurrence of a person already named (张建华介绍 after 区委书记张建华)."""
    out = []
    for person in people:
        for m in regex.finditer(regex.escape(person["text"]), doc.text):
            if m.start() != person.start and not doc.cuts_word(*m.span()):
                out.append(Item("entity", m.start(), m.end(), "entity.person.mention",
                                {"type": "person", "text": person["text"], "titles": [], "priority": -1}))
    return out


def extract_entities(doc: Doc, rules: RuleSet) -> None:
    kept = resolve_overlaps(_candidates(doc, rules))
    people = [i for i in kept if i["type"] == "person"]
    kept = resolve_overlaps(kept + _later_mentions(doc, people))
    doc.entities = _merge(kept, doc)
