"""Entities: persons (with titles), organisations, places, projects, documents and dates.

Entity rules (rules/entities*.toml) find candidates and capture a `name` (and `titles`,
`code`, `short`); `fields = { check = "..." }` names the test a candidate must pass, one of
CHECKS below (each type has a default); `anchor = "word_start"` in `fields` tries the pattern
only where a jieba word starts (names that never start mid-word; many fewer tries). The tests live beside their type: persons.py,
organizations.py, places.py, projects.py; dates.py fills `normalized`. Then repeated mentions merge into
one entity: `span` is the first mention, `mentions` lists all, titles are joined.
"""
from __future__ import annotations

from functools import partial

import regex

from pipeline.extract import organizations as orgs
from pipeline.extract import persons
from pipeline.extract import places
from pipeline.extract import projects
from pipeline.extract.projects import PROPER as _PROPER
from pipeline.extract.metrics import _sports_copy
from pipeline.extract.dates import normalize_dates, whole_word, words as date_words
from pipeline.document import Doc, Item
from pipeline.engine.matching import resolve_overlaps, scan
from pipeline.engine.rules import Rule, RuleSet
from pipeline.text.segment import tag_cached as tag, token_at, tokenizer

_GLUE = {"u", "p", "c", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e"}   # words that join words
_LATIN_GLOSS = regex.compile(r"\s?[(]\s?[A-Za-z]")     # 葛拉斯里(Chuck Grassley)

# How a rule's name group is cut into several entities (李娜 韩诗琦; 公牛93-骑士82).
_SPLIT = {"list": "{list_separators}", "teams": r"\s*\d+\s*(?:{score_separators})\s*", None: r"[ \u3000、,]"}


def _member(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A company in an enumeration (集聚了国轩高科、沃太能源等一批企业): a name, not a phrase
    (no verb, no function word) and not one common word."""
    span = orgs.plain_name(doc, start, end, rules)
    if not span:
        return None
    name = doc.text[span[0]:span[1]]
    if not tokenizer(rules.user_words()).FREQ.get(name) and span[0] in doc.word_starts and \
            getattr(token_at(doc, span[0]), "end", None) == span[1]:
        return span                      # one word jieba does not know: a brand (欣旺达)
    words = tag(name, rules.user_words())
    if any(p in _GLUE for _, p in words) or words[0][1].startswith("v"):
        return None
    if len(words) == 1 and words[0][1] not in _PROPER and tokenizer(rules.user_words()).FREQ.get(words[0][0]):
        return None
    return span


def _grown(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A name that stands before a stock code or a 简称: grown left from its end."""
    begin = orgs.grow_left(doc, end, end, rules)
    name = doc.text[begin:end]
    if len(name) < 2:
        return None
    if orgs.brand_like(name, rules) or any(name.endswith(w) for w in rules.words("org_suffix")):
        return begin, end
    return None


def _media(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A news outlet's name opening its copy: it starts on a word edge, after a lead word (据)."""
    start = orgs.trim_lead(doc, start, end, rules.words("org_lead_stop"))
    name = doc.text[start:end]
    if start not in doc.word_starts or len(name) < 2 or name in rules.words("non_orgs") \
            or name in rules.words("org_lead_stop") or doc.text[end - 1:end + 1] in rules.word_set("xun_words"):
        return None                      # 本报讯 names no outlet; 成功大学资讯 is no dateline
    return start, end


def _team(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A team's name in a score line: the last words before the score, two characters or
    more (赛后湖人 -> 湖人)."""
    for s in range(end - 2, start - 1, -1):
        if s in doc.word_starts:
            return orgs.plain_name(doc, s, end, rules)
    return None


def _sports(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A club's name (湖人, 太阳), only in sports copy: elsewhere most are ordinary words."""
    if not _per_article(doc, rules, "sports", _sports_copy) or doc.cuts_word(start, end):
        return None
    return start, end


def _per_article(doc: Doc, rules: RuleSet, name: str, test):
    """TEST(doc, rules), found once per article: a check asked it again for every candidate
    (whether the copy is sports copy: ~40 lexicon look-ups over the text each time)."""
    kept = doc.__dict__.setdefault("_per_article", {})     # (on the document: gone with it)
    key = (name, id(doc.text), id(rules))
    if key not in kept:
        kept[key] = test(doc, rules)
    return kept[key]


def _place_team(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """辽宁队, 中国队: a place's name and 队, in sports copy (工作队, 考察队 are no teams)."""
    head = doc.text[start:end - 1]
    if head not in rules.words("countries") and head not in rules.words("places") \
            and not places.load(rules).lookup(head):
        return None
    return _sports(doc, start, end, rules)


def _roc(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A year counted from 1912: said so (民国), or in Taiwanese (traditional) copy."""
    if doc.text.startswith(tuple(date_words(rules).by_kind.get("roc", [])), start) or doc.script == "traditional":
        return start, end
    return None


def _traditional(doc: Doc) -> bool:
    return doc.script == "traditional"


def _taiwan_place(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """北市, 高市: Taiwan's short forms, only in Taiwanese copy and on word edges."""
    return places.lexicon_place(doc, start, end, rules) if _traditional(doc) else None


def _li(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """龙门里: a Taiwanese village, only in Taiwanese copy (elsewhere 里 is 'inside'); not the
    tail of a foreign name (霍塔-伍索里, 葛拉斯里(Chuck Grassley), 罗萨里奥)."""
    foreign = doc.text[start - 1:start] in ("-", "·") or _LATIN_GLOSS.match(doc.text[end:end + 3])
    if not _traditional(doc) or foreign or doc.cuts_word(start, end):
        return None
    return places.village(doc, start, end, rules)


def _taiwan_plain(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A Taiwan-listed short name, only in Taiwanese (traditional) copy: in mainland text the
    same two characters are far more often another firm or no name at all (是方, 和大)."""
    return orgs.plain_name(doc, start, end, rules) if _traditional(doc) else None


# Checks that need the names found by the other rules: they run in a second pass.
SECOND_PASS = _SECOND = {"list", "translit_single", "latin_member", "brand"}   # (rules check reads both tables)

CHECKS = {
    "context": persons.with_context, "tagged": persons.tagged, "speaker": persons.speaker, "translit": persons.translit, "credit": persons.credit,
    "titled_translit": persons.titled_translit, "latin_gloss": persons.latin_gloss,
    "suffix": orgs.suffix_name, "plain": orgs.plain_name, "media_word": orgs.media_word, "leveled": orgs.leveled, "nested": orgs.nested, "member": _member, "grown": _grown,
    "gazetteer": places.gazetteer_name, "town": places.town, "village": places.village, "zone": places.zone, "landmark": places.landmark, "road": places.road, "water": places.water,
    "glossed": places.glossed, "whole_word": whole_word,
    "lexicon": places.lexicon_place, "project": projects.named_project, "works": projects.works,
    "estate": projects.estate, "site": projects.site, "quoted_title": projects.quoted_title, "quoted_head": projects.quoted_head, "media": _media, "teams": _team,
    "roc": _roc, "taiwan_plain": _taiwan_plain, "taiwan_place": _taiwan_place, "li": _li, "sports": _sports, "place_team": _place_team,
}
def _division_starts(doc: Doc, rules: RuleSet) -> set[int]:
    """Where a division's name starts: the gazetteer check takes no candidate elsewhere."""
    return {start for start, _ in places.division_spans(doc, rules)}


def _word_starts(low: int, high: int = 1 << 30):
    """Where a word of LOW to HIGH characters starts: the checks below take a name only there
    (their first test: token_at(start) and the word's length). jieba's words do not overlap,
    so each start is one word's: read from the words directly, not by looking up each start."""
    def starts(doc: Doc, rules: RuleSet) -> set[int]:
        return {s for s, e in zip(doc.token_starts, doc.token_ends) if low <= e - s <= high}
    return lambda doc, rules: _per_article(doc, rules, f"word_starts {low} {high}", starts)


# A check that refuses every candidate of a document failing this test: its rule is not run
# there; and one that takes candidates only at these positions: its rule is tried only there.
_ONLY_IN = {"taiwan_plain": _traditional, "taiwan_place": _traditional, "li": _traditional}
# (tagged: a word of three or four characters; speaker: of three; media_word: of three or more.)
_ONLY_AT = {"gazetteer": _division_starts, "tagged": _word_starts(3, 4), "speaker": _word_starts(3, 3),
            "media_word": _word_starts(3)}
_NAME_FIRST = ("(?P<name>", "(?=(?P<name>")   # (positions of the name: where the match starts)
_DEFAULT = {"person": "context", "organization": "suffix", "place": "lexicon", "project": "project"}


def _check(rule: Rule) -> str | None:
    return (rule.options.get("fields") or {}).get("check") or _DEFAULT.get(rule.options.get("type"))


def _candidates(doc: Doc, rules: RuleSet, known: dict[str, set[str]] | None = None) -> list[Item]:
    """Candidates of every rule; with KNOWN (names found so far by type), the list rules' instead."""
    found = []
    for rule in rules.rules.get("entities", []):
        etype, check = rule.options.get("type"), _check(rule)
        if (check in _SECOND) != (known is not None):
            continue

        def accept(m, rule=rule, etype=etype, check=check):
            groups = m.groupdict()
            titles = groups["titles"].split("、") if groups.get("titles") else []
            extra = {k: groups[k] for k in ("code", "short") if groups.get(k)}
            start, end = m.span("name")
            pieces = [(start, end)]
            if etype in ("person", "organization") and check not in ("translit", "grown", "suffix"):
                pieces = _pieces(doc, start, end, rules.compile(_SPLIT.get(check, _SPLIT[None])))
            if check == "list":
                last = pieces[-1]                # the pattern's last name may take the next word's
                pieces[-1] = (last[0], persons.fit(doc, *last) or last[1])   # first character
                members = [persons.list_member(doc, s, e, rules, known["person"]) for s, e in pieces]
                spans = _known_run(doc, pieces, members, known["person"])
            elif check == "translit_single":
                spans = [persons.translit_single(doc, start, end, rules, known["person"])]
            elif check in ("latin_member", "brand"):
                test = orgs.latin_member if check == "latin_member" else orgs.brand
                spans = [test(doc, start, end, rules, known["organization"])]
            else:
                test = CHECKS.get(check)
                spans = [test(doc, s, e, rules) if test else (s, e) for s, e in pieces]
            items = []
            for span in filter(None, spans):
                fields = {"type": etype, "text": doc.text[span[0]:span[1]], "priority": rule.priority, **extra}
                if etype == "person":
                    fields["titles"] = list(titles)
                items.append(Item("entity", span[0], span[1], rule.id, fields))
            return items
        at = partial(_ONLY_AT[check], rules=rules) \
            if check in _ONLY_AT and rule.source.startswith(_NAME_FIRST) else None
        when = _ONLY_IN.get(check)
        if check == "translit_single":   # it refuses all unless the names found hold foreigners'
            when = lambda doc: persons.foreigners_named(known["person"])
        for items in scan(rule, doc, accept, when=when, at=at):
            found += items
    return found


def _known_run(doc: Doc, pieces: list, members: list[bool], known: set[str]) -> list:
    """The names of a list that stand in one unbroken run of name-like members with a name
    already found (江丙坤、詹春柏、蒋孝严与黄敏惠: jieba reads 江丙坤 as a thing and 黄|敏惠 as two
    adjectives, the run between them stands); a run with no name found says nothing."""
    runs, run = [], []
    for piece, member in zip(pieces, members):
        run = run + [piece] if member else []
        runs.append(list(run))
    best = [r for r in runs if len(r) >= 2 and any(doc.text[s:e] in known for s, e in r)]
    return max(best, key=len) if best else []


def _pieces(doc: Doc, start: int, end: int, sep: regex.Pattern) -> list[tuple[int, int]]:
    out, pos = [], start
    for m in sep.finditer(doc.text, start, end):
        if m.start() > pos:
            out.append((pos, m.start()))
        pos = m.end()
    if end > pos:
        out.append((pos, end))
    return out


def _merge(items: list[Item]) -> list[Item]:
    """One entity per (type, text): first mention's span, every mention listed (`mentions` where
    the name is written the same, `alias_mentions` where shortened), titles joined."""
    merged: dict[tuple, Item] = {}
    for item in sorted(items, key=lambda i: (i.start, i.end)):
        key = (item["type"], item.fields.pop("joins", None) or item["text"])
        if key not in merged:
            item.fields["mentions"] = []
            merged[key] = item
        first = merged[key]
        if item["text"] == first["text"]:
            first.fields["mentions"].append([item.start, item.end])
        else:                            # 罗斯 for 德里克-罗斯, a 简称 for the full name
            first.fields.setdefault("alias_mentions", []).append([item.start, item.end])
        for title in item["titles"] or []:
            if title not in first.fields["titles"]:
                first.fields["titles"].append(title)
        for attr in ("code", "short"):
            if item[attr] and not first[attr]:
                first.fields[attr] = item[attr]
    return list(merged.values())


def _later_mentions(doc: Doc, kept: list[Item]) -> list[Item]:
    """Every further occurrence of a person or organisation already named, by its name, its
    short name (简称) or, for a transliterated name, its last part (罗斯 after 德里克-罗斯); never
    the last part of another foreign name (戴顿 in 艾莉丝‧戴顿 is his wife)."""
    out = []
    for ent in kept:
        if ent["type"] not in ("person", "organization"):
            continue
        forms = {ent["text"], ent["short"], persons.last_part(ent["text"]) if ent["type"] == "person" else None}
        for form in filter(None, forms):
            priority = ent["priority"] or 0
            for start in _occurrences(doc.text, form):
                end = start + len(form)
                if start != ent.start and not doc.cuts_word(start, end) \
                        and (start == 0 or doc.text[start - 1] not in persons.TRANSLIT_SEP) \
                        and (form == ent["text"] or start > ent.start):
                    fields = {"type": ent["type"], "text": form, "priority": priority, "joins": ent["text"]}
                    if ent["type"] == "person":
                        fields["titles"] = []
                    out.append(Item("entity", start, end, ent.rule.rsplit(".", 1)[0] + ".mention", fields))
    return out


def _occurrences(text: str, form: str):
    """Where FORM occurs in TEXT, left to right, none overlapping the one before (as a
    finditer of the escaped form finds them, without compiling a pattern per name)."""
    at = text.find(form)
    while at >= 0:
        yield at
        at = text.find(form, at + len(form))


def extract_entities(doc: Doc, rules: RuleSet) -> None:
    kept = resolve_overlaps(_candidates(doc, rules))
    known = {t: {i["text"] for i in kept if i["type"] == t} for t in ("person", "organization")}
    kept = resolve_overlaps(kept + _candidates(doc, rules, known))
    kept = resolve_overlaps(kept + _later_mentions(doc, kept))
    doc.entities = _merge(kept)
    for ent in doc.entities:
        if ent["type"] == "place":
            code = places.admin_code(doc, ent["text"], rules)
            if code:
                ent.fields["admin_code"] = code
    normalize_dates(doc, rules)
