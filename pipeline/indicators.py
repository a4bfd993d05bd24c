"""From the words before a value to the indicator: drop subject, period, verbs and connectives.

A rule's `indicator` group captures the clause text before a value (通州实现地区生产总值). What
is measured is what remains after the last link verb, once leading connectives (其中), periods
(上半年) and places (通州区) are taken off: those become the metric's period and region.
Every word list used here is a lexicon under rules/lexicons.
"""
from __future__ import annotations

from .document import Doc
from .rules import RuleSet
from .segment import tag

# Parts of speech that do not open an indicator (prepositions, pronouns, conjunctions,
# particles: 由目前的, 这, 和) and that do not close one (particles: 的, 了).
# Adverbs and 比 stay: jieba tags 高新 as an adverb and 比 in 占比 as a preposition.
_NO_OPEN = {"p", "r", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e"}
_NO_CLOSE = {"u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e"}

_QUOTES = "“”\"'"


def _tokens_in(doc: Doc, start: int, end: int) -> list[tuple[int, int]]:
    """jieba's words inside [start, end), cut at the edges."""
    return [(max(t.start, start), min(t.end, end)) for t in doc.tokens
            if t.end > start and t.start < end]


def _entity_at(doc: Doc, start: int, types: tuple[str, ...]):
    for ent in doc.entities:
        if ent.start == start and ent["type"] in types:
            return ent
    return None


def clean_indicator(doc: Doc, start: int, end: int, rules: RuleSet) -> dict:
    """The indicator with its span, and the period, region and goal verb found before it."""
    verbs = set(rules.words("ind_verbs"))
    skip = set(rules.words("ind_skip")) | set(rules.words("basis"))
    goals = set(rules.words("goal"))
    found: dict = {"region": None, "period": None, "verb": None}
    words = _tokens_in(doc, start, end)
    # A comparison ends the indicator: 增速比上半年(加快) -> 增速.
    compare = set(rules.words("ind_compare"))
    cut = next((i for i, (s, e) in enumerate(words)
                if i < len(words) - 1 and doc.text[s:e] in compare), None)
    words = words[:cut] if cut is not None else words
    # Cut after the last link verb or goal word: subject and verb are not the indicator.
    for i in range(len(words) - 1, -1, -1):
        word = doc.text[words[i][0]:words[i][1]]
        if word in verbs | goals and i < len(words) - 1:
            if word in goals:
                found["verb"] = word
            words = words[i + 1:]
            break
    while words:
        s, e = words[0]
        word = doc.text[s:e]
        ent = _entity_at(doc, s, ("date", "place"))
        if ent is not None and ent.end <= words[-1][1] and ent.end > s:
            key = "period" if ent["type"] == "date" else "region"
            found[key] = found[key] or ent["text"]
            words = [w for w in words if w[0] >= ent.end]
        elif word in goals:
            found["verb"] = found["verb"] or word
            words = words[1:]
        elif word in skip or word in _QUOTES or not word.strip():
            if word in rules.words("subject_regions"):
                found["region"] = found["region"] or word
            words = words[1:]
        else:
            break
    while words and (doc.text[words[-1][0]:words[-1][1]] in verbs | skip):
        words = words[:-1]                      # 增长面达 -> 增长面
    words = _trim_function_words(doc, words, rules)
    if not words:
        return {**found, "indicator": None, "span": (end, end)}
    s, e = words[0][0], words[-1][1]
    return {**found, "indicator": doc.text[s:e].strip(_QUOTES) or None, "span": (s, e)}


def _trim_function_words(doc: Doc, words: list[tuple[int, int]], rules: RuleSet) -> list[tuple[int, int]]:
    """Drop prepositions, pronouns, adverbs and particles at either end (POS-tagged: the span
    is a few words, so the slow tagger costs little here)."""
    if not words:
        return words
    text = doc.text[words[0][0]:words[-1][1]]
    tagged = tag(text, rules.user_words())
    first, last = 0, len(tagged)
    closing = set(rules.words("ind_skip_end"))
    while first < last and tagged[first][1] in _NO_OPEN:
        first += 1
    while last > first and (tagged[last - 1][1] in _NO_CLOSE or tagged[last - 1][0] in closing):
        last -= 1
    if first == last:
        return []
    start = words[0][0] + sum(len(w) for w, _ in tagged[:first])
    end = words[0][0] + sum(len(w) for w, _ in tagged[:last])
    return [(s, e) for s, e in [(max(s, start), min(e, end)) for s, e in words] if s < e]


def join_head(subjects: list[str], rules: RuleSet) -> list[str]:
    """What each subject of a list must add to say what is measured: the head noun the last
    subject carries for all (汽车类、石油及制品类零售额 -> 零售额 for 汽车类)."""
    heads = sorted(rules.words("indicator_heads"), key=len, reverse=True)
    head = next((h for h in heads if subjects[-1].endswith(h) and len(subjects[-1]) > len(h)), "")
    return [("" if s.endswith(head) else head) for s in subjects]


def indicator_id(name: str | None, rules: RuleSet) -> str | None:
    """The canonical id of a known indicator (rules/lexicons/indicators.txt), else None."""
    if not name or "indicators" not in rules.lexicons:
        return None
    lex = rules.lexicons["indicators"]
    cols = lex.columns.get(name)
    return cols[0] if cols else None
