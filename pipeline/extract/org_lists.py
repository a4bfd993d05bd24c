"""Organisations whose setting delimits them: a name a pattern bounds, a short name, a list member.

A brand ({org_brands}) or a Latin-script name (FIH) says nothing of its kind on its own; it is
a company where the lexicon says so without doubt, where a company word follows it (苹果手机),
or where a list (、 和 与) joins it to a company the document already names (鸿海、FIH、三星).
Split from organizations.py, which grows names left from their ending.
"""
from __future__ import annotations

import regex

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.extract.gazetteer import load as gazetteer
from pipeline.text.segment import tag_cached as tag, token_at, token_over, tokenizer

_LATIN_AT_END = regex.compile(r"(?<![A-Za-z0-9&])[A-Z][A-Za-z0-9&]{1,15}$")     # a Latin name: IBM, H&M
_LATIN_AT_START = regex.compile(r"[A-Z][A-Za-z0-9&]{1,15}(?![A-Za-z0-9&])")


def latin_member(doc: Doc, start: int, end: int, rules: RuleSet, known: set[str]) -> tuple[int, int] | None:
    """FIH in 鸿海、FIH、三星: a Latin-script name is a company where a list joins it to one
    already found (KNOWN); a bare acronym elsewhere (GDP, AI) says nothing of its kind."""
    if doc.text[start:end] in rules.words("non_orgs"):
        return None
    return (start, end) if _list_joined(doc, start, end, rules, known) else None


def brand(doc: Doc, start: int, end: int, rules: RuleSet, known: set[str]) -> tuple[int, int] | None:
    """A company known by a short name ({org_brands}); one that is also an ordinary word
    (苹果 the fruit, 小米 the grain) only where a company word follows it, a country's name
    may stand between (苹果手机, 和硕印度厂), or a list joins it to a company already found (鸿海、三星与小米)."""
    name = doc.text[start:end]
    if doc.cuts_word(start, end) and not _known_end(doc, start, end, rules) or _given_name(doc, start, rules):
        return None
    if "word" not in rules.lexicons["org_brands"].columns.get(name, []):
        return start, end
    after = doc.text[end:end + 8]
    country = max((c for c in rules.words("countries") if after.startswith(c)), key=len, default="")
    if after[len(country):].startswith(tuple(rules.words("org_brand_after"))) or _list_joined(doc, start, end, rules, known):
        return start, end
    return None


def _given_name(doc: Doc, start: int, rules: RuleSet) -> bool:
    """张华为: a surname standing alone before the brand makes it a person's given name."""
    prev = doc.text[start - 1:start]
    return bool(prev) and prev in rules.word_set("surnames") and prev not in rules.word_set("function_surnames")


def _known_end(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """jieba glues a brand to the next character (三星与 is no word, but 小米在 may be read as
    one): the name still stands when it starts a word and the next character is a function word
    (brand_next_chars.txt)."""
    return start in doc.word_starts and doc.text[end:end + 1] in rules.word_set("brand_next_chars")


def _member_at_end(text: str, rules: RuleSet) -> int:
    """The length of a list member that TEXT ends with (a Latin name or a brand), 0 if none."""
    m = _LATIN_AT_END.search(text)
    if m:
        return len(m.group())
    return max((len(b) for b in rules.words("org_brands") if text.endswith(b)), default=0)


def _member_at_start(text: str, rules: RuleSet) -> int:
    m = _LATIN_AT_START.match(text)
    if m:
        return len(m.group())
    return max((len(b) for b in rules.words("org_brands") if text.startswith(b)), default=0)


def _list_joined(doc: Doc, start: int, end: int, rules: RuleSet, known: set[str], hops: int = 4) -> bool:
    """The name at [start, end) is one member of a list (、 和 与) one of whose members is a
    company already found; the list is walked over Latin names and brands (鸿海、FIH、三星: FIH
    joins 三星 to 鸿海)."""
    seps = sorted(rules.words("list_separators"), key=len, reverse=True)
    before, after = doc.text[max(0, start - 40):start], doc.text[end:end + 40]
    for _ in range(hops):
        before = before.rstrip()
        sep = next((s for s in seps if before.endswith(s)), None)
        if not sep:
            break
        before = before[:-len(sep)].rstrip()
        if any(before.endswith(k) for k in known):
            return True
        size = _member_at_end(before, rules)
        if not size:
            break
        before = before[:-size]
    for _ in range(hops):
        after = after.lstrip()
        sep = next((s for s in seps if after.startswith(s)), None)
        if not sep:
            break
        after = after[len(sep):].lstrip()
        if any(after.startswith(k) for k in known):
            return True
        size = _member_at_start(after, rules)
        if not size:
            break
        after = after[size:]
    return False


def plain_name(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A name the pattern already delimits (teams in a score line, an enumeration's member)."""
    start = trim_lead(doc, start, end, rules.words("org_lead_stop"))
    name = doc.text[start:end]
    if len(name) < 2 or name in rules.words("non_orgs") or doc.cuts_word(start, end):
        return None
    return start, end


def media_word(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """文汇报, 新闻晨报: one word that jieba's dictionary knows as a proper noun and that ends like
    an outlet's name (media_words.txt); an ending marked cited needs a citation after it
    (文汇报报道, (文汇报) closing a line), since 联合公报 and 巴黎公社 end alike."""
    token = token_at(doc, start)
    if token is None or token.end > end or token.end - start < 3:
        return None
    name, endings = doc.text[start:token.end], rules.lexicons["media_words"]
    ending = next((w for w in sorted(endings.entries, key=len, reverse=True) if name.endswith(w)), None)
    tags = tag(name, rules.user_words())
    if ending is None or name in rules.words("non_orgs") or len(tags) != 1 or tags[0][1] not in ("nz", "nt"):
        return None                      # (our lexicons' own words are tagged x)
    if "cited" in endings.columns.get(ending, []) and not _cited(doc, start, token.end, rules):
        return None
    return start, token.end


def _cited(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    after = doc.text[end:]
    return after.startswith(tuple(rules.words("media_cites"))) or \
        doc.text[start - 1:start] in ("(", "（") and bool(regex.match(r"[)）][ \u3000\xa0]*(?:\n|$)", after))


def trim_lead(doc: Doc, start: int, end: int, stop: list[str]) -> int:
    """Drop lead words that stand before a name without being part of it (母公司江海股份), where
    jieba cuts after them: 经 leads 经市政府批准 but is part of 经济通通讯社."""
    changed = True
    while changed:
        changed = False
        for word in sorted(stop, key=len, reverse=True):
            if doc.text.startswith(word, start) and end - start - len(word) >= 2 \
                    and start + len(word) in doc.word_starts:
                start += len(word)
                changed = True
    return start


def leveled(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A body's name as jieba's last word, led by nothing, a level (org_levels.txt) or a place
    (市人大常委会, 湖南省人大常委会, 人大常委会 alone); a word glued before it (报|市人大常委会,
    条例|人大常委会) is refused, and the candidate that starts at the level or the body wins."""
    body = token_over(doc, end - 1)
    if body is None or body.end != end or body.start < start:
        return None
    head = doc.text[start:body.start]
    levels = rules.words("org_levels")
    if not head and not doc.text.startswith(tuple(levels), start):   # (全国人大常委会 has its own)
        glued = [w for w in levels if doc.text.endswith(w, 0, start)]   # 已由市|人大常委会: jieba glued the level on
        return start - max(map(len, glued), default=0), end
    if not head or head in levels or gazetteer(rules).lookup(head):
        return start, end
    return None


def nested(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """新北市政府警察局三重分局侦查队, 某县公安局交通大队: a place's government or body and the
    units nested in it (org_units.txt) are one name. The head is a place (or a level: 市公安局);
    each piece between two units is empty, a place (三重) or a word jieba does not know; the name
    starts and ends on jieba's word edges."""
    if start not in doc.word_starts or end not in doc.word_starts and end != len(doc.text):
        return None
    units = rules.compile("(?:政府|{org_units})")
    pieces, pos = [], start
    for m in units.finditer(doc.text, start, end):
        pieces.append(doc.text[pos:m.start()])
        pos = m.end()
    if pos != end or len(pieces) < 2:
        return None
    head, rest = pieces[0], pieces[1:]
    if not (head in rules.words("org_levels") or gazetteer(rules).lookup(head)):
        return None
    freq = tokenizer(rules.user_words()).FREQ
    if any(p and not (gazetteer(rules).lookup(p) or not freq.get(p)) or len(p) > 4 for p in rest):
        return None
    return start, end
