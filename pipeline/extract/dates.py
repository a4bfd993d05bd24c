"""Dates: the article's own year, and each date's `normalized` form when its year is known.

The year comes from the article itself: its dateline (2018-07-10 18:46), else a full date or a
year with a period (2023年7月26日, 2023年上半年), else the latest year it names outside a
deadline (到2025年 is a goal, not the time of writing; news looks back, not ahead). Taiwanese copy counts years from 1912
(民国108年 = 2019). Forms: 2023-07-26, 2023-07, 2023, 2023-Q2, 2023-H1, and intervals
2023-01/2023-08 (1-8月, 前三季度). The words (年, 季度, 去年, 上半年 ...) are rules/lexicons/
date_words.txt, the digits numerals.txt, the deadline words deadline_marks.txt.
"""
from __future__ import annotations

from functools import lru_cache

import regex

from pipeline import caches
from pipeline.document import Doc
from pipeline.engine.rule_files import alternation
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag, token_at

ROC = 1911
_ISO = regex.compile(r"(\d{4})-\d{1,2}-\d{1,2}")
_DATELINE = regex.compile(r"(?<!\d)(20\d\d|19\d\d)-\d{1,2}-\d{1,2}")
_DIGITS = regex.compile(r"\d+")
_HAN = regex.compile(r"\p{Han}")


class _Words:
    """The date vocabulary of one rule set (date_words.txt, numerals.txt, deadline_marks.txt),
    as lookups and regex pieces."""

    def __init__(self, kinds: tuple[tuple[str, str, str], ...], numerals: tuple[tuple[str, str, str], ...],
                 deadlines: tuple[str, ...]):
        self.digits = {w: int(v) for w, k, v in numerals if k == "digit"}
        self.tens_chars = {w: int(v) for w, k, v in numerals if k == "tens"}   # 廿 = 20
        self.ten = [w for w, k, v in numerals if k == "small" and v == "10"][:1] or ["\0"]
        self.value = {w: v for w, k, v in kinds if v}
        self.by_kind: dict[str, list[str]] = {}
        for w, k, _ in kinds:
            self.by_kind.setdefault(k, []).append(w)
        ones = "".join(w for w, n in self.digits.items() if 1 <= n <= 9)
        lead = "".join(w for w, n in self.digits.items() if n in (1, 2))
        self.year = rf"(?:1[89]\d\d|20\d\d|[{lead}][{''.join(self.digits)}0]{{3}})"
        self.ones = f"[{ones}]"
        self.num = rf"(\d{{1,2}}|[{ones}{''.join(self.ten)}{''.join(self.tens_chars)}]{{1,3}})"
        self.deadline = regex.compile(f"(?:{alternation(list(deadlines))})$")
        self._compile_patterns()

    def alt(self, kind: str) -> str:
        return f"(?:{alternation(self.by_kind.get(kind, []))})" if self.by_kind.get(kind) else "(?!)"

    def _compile_patterns(self) -> None:
        """Every pattern the functions below try, compiled here once: built per call, each
        f-string cost its building and the regex module's cache lookup on every date. They
        come from the extractors' pattern file (caches.py): compiling all 18 was ~0.02 s of
        every process's start-up."""
        c, alt, year, num, month = _compiled, self.alt, self.year, self.num, self.alt("month")
        day, rng, lead, quarter = alt("day"), alt("range"), alt("lead"), alt("quarter")
        self.tens_form = c(f"({self.ones})?{regex.escape(self.ten[0])}({self.ones})?")
        self.year_word = c(f"({year}){alt('year')}")                 # 2023年
        self.year_half = c(f"({year})(?={alt('half')})")             # 2023上半年
        self.roc_year = c(rf"(?:^|{alt('roc')})(\d{{2,3}}){alt('year')}")
        self.roc, self.offset, self.lead = c(alt("roc")), c(alt("offset")), c(lead)
        self.year_then = c(f"{alt('year')}.")
        self.year_head = c(rf"^{alt('roc')}?(?:{year}|\d{{2,3}}){alt('year')}|^{year}(?={alt('half')})"
                           rf"|^{alt('offset')}")
        self.years_span = c(f"({year}){alt('year')}?{rng}({year}){alt('year')}")
        self.dates_span = c(f"(({year}){alt('year')}.+?){rng}(.+)")
        self.month_span = c(f"{num}{month}{rng}{num}{month}")                        # 3月至6月
        self.day_span = c(f"{num}{month}{num}{day}?{rng}{num}{day}")                 # 8月3至5日
        self.month_day_span = c(f"{num}{month}{num}{day}{rng}{num}{month}{num}{day}")
        self.month_day = c(f"{num}{month}(?:{num}{day})?")
        self.months = c(f"{lead}?{num}{rng}?{num}?{alt('count')}?{month}")
        self.quarter = c(f"{alt('ordinal')}?({self.ones}|[1-4]){quarter}|Q([1-4])")
        self.lead_quarters = c(f"{lead}({self.ones}){quarter}")                      # 首三季


def _compiled(text: str) -> regex.Pattern:
    """regex.compile(TEXT), or the same pattern from the extractors' pattern file."""
    return caches.compile_pattern(text, store="extractors")


def _table(rules: RuleSet, name: str, width: int) -> tuple:
    lex = rules.lexicons.get(name)
    if lex is None:
        return ()
    return tuple((w, *(lex.columns.get(w, []) + [""] * width)[:width]) for w in lex.entries)


def words(rules: RuleSet) -> _Words:
    """The date words of RULES, kept on the rule set (as numbers.numerals keeps its tables):
    reading the lexicons into tables again cost a quarter of the dates' time, on every date."""
    cache = rules.__dict__.setdefault("_date_words", [])
    if not cache:
        cache.append(_words(_table(rules, "date_words", 2), _table(rules, "numerals", 2),
                            tuple(rules.words("deadline_marks"))))
    return cache[0]


@lru_cache(maxsize=8)
def _words(kinds, numerals, deadlines) -> _Words:
    return _Words(kinds, numerals, deadlines)


def cn_int(text: str, w: _Words) -> int | None:
    """7, 十二, 二〇二三 (digit by digit), 廿三."""
    if text.isdigit():
        return int(text)
    if text and all(ch in w.digits or ch.isdigit() for ch in text):      # 二00八: mixed zeros
        return int("".join(ch if ch.isdigit() else str(w.digits[ch]) for ch in text))
    if text[:1] in w.tens_chars and all(ch in w.digits for ch in text[1:2]) and len(text) <= 2:
        return w.tens_chars[text[0]] + (w.digits[text[1]] if text[1:] else 0)
    m = w.tens_form.fullmatch(text)
    if m:
        return (w.digits[m.group(1)] if m.group(1) else 1) * 10 + (w.digits[m.group(2)] if m.group(2) else 0)
    return None


def year_of(text: str, w: _Words, traditional: bool = False) -> int | None:
    m = w.year_word.search(text) or w.year_half.match(text)
    if m:
        return cn_int(m.group(1), w)
    m = w.roc_year.search(text)
    if m and (traditional or w.roc.match(text)) and 80 <= int(m.group(1)) <= 140:
        return int(m.group(1)) + ROC
    m = _ISO.match(text)
    return int(m.group(1)) if m else None


def article_year(doc: Doc, rules: RuleSet) -> int | None:
    if doc.date:                    # pinned by the user (--date)
        return int(doc.date[:4])
    head = doc.text[:200]
    m = _DATELINE.search(head)
    if m:
        return int(m.group(1))
    w = words(rules)
    traditional = doc.script == "traditional"
    with_period, bare = [], []
    for ent in doc.entities:
        if ent["type"] != "date":
            continue
        year = year_of(ent["text"], w, traditional)
        if year is None:
            continue
        if w.deadline.search(doc.text[max(0, ent.start - 2):ent.start]):
            continue
        (with_period if w.year_then.search(ent["text"]) else bare).append(year)
    if with_period:
        return with_period[0]
    return max(bare) if bare else None    # 2022年…2023年: an article looks back, not ahead


def normalize_date(text: str, year: int | None, rules: RuleSet, traditional: bool = False) -> str | None:
    """The ISO form of a date, or None when its year is not known."""
    w = words(rules)
    span = _span(text, w, rules, traditional)
    if span:
        return span
    own = year_of(text, w, traditional)
    if _ISO.match(text):
        y, mo, d = (int(x) for x in _DIGITS.findall(text)[:3])
        return f"{y:04d}-{mo:02d}-{d:02d}"
    rel = w.offset.match(text)
    if own is None and year is not None:
        own = year + int(w.value[rel.group()]) if rel else year
        if rel and rel.group() == text:
            return f"{own:04d}"
    if own is None:
        return None
    rest = w.year_head.sub("", text)
    return _in_year(rest, own, w)


def _span(text: str, w: _Words, rules: RuleSet, traditional: bool) -> str | None:
    """A span across years: 2016至2020年 -> 2016/2020, 2023年7月至2024年6月 -> 2023-07/2024-06."""
    years = w.years_span.fullmatch(text)
    if years:
        return f"{cn_int(years.group(1), w)}/{cn_int(years.group(2), w)}"
    m = w.dates_span.fullmatch(text)
    if not m:
        return None
    left = normalize_date(m.group(1), None, rules, traditional)
    right = normalize_date(m.group(3), cn_int(m.group(2), w), rules, traditional)
    return f"{left}/{right}" if left and right and "/" not in left + right else None


def _in_year(rest: str, own: int, w: _Words) -> str | None:
    """The ISO form of REST (what follows the year: 7月26日, 前三季度, 上半年) in year OWN."""
    m = w.month_span.fullmatch(rest)
    if m:                                                       # 3月至6月
        return _months(own, cn_int(m.group(1), w), cn_int(m.group(2), w))
    m = w.day_span.fullmatch(rest)
    if m:                                                       # 8月3至5日
        mo, first, last = (cn_int(g, w) for g in m.groups())
        return f"{own:04d}-{mo:02d}-{first:02d}/{own:04d}-{mo:02d}-{last:02d}" if _month(mo) else None
    m = w.month_day_span.fullmatch(rest)
    if m:                                                       # 9月11日至10月8日
        mo, first, mo2, last = (cn_int(g, w) for g in m.groups())
        ok = _month(mo) and _month(mo2)
        return f"{own:04d}-{mo:02d}-{first:02d}/{own:04d}-{mo2:02d}-{last:02d}" if ok else None
    m = w.month_day.fullmatch(rest)
    if m:
        mo = cn_int(m.group(1), w)
        if mo and 1 <= mo <= 12:
            day = cn_int(m.group(2), w) if m.group(2) else None
            return f"{own:04d}-{mo:02d}" + (f"-{day:02d}" if day else "")
        return None
    m = w.months.fullmatch(rest)
    if m and w.lead.match(rest) and not m.group(2):
        return f"{own:04d}-01/{own:04d}-{cn_int(m.group(1), w):02d}"
    if m and m.group(2):
        return f"{own:04d}-{cn_int(m.group(1), w):02d}/{own:04d}-{cn_int(m.group(2), w):02d}"
    m = w.quarter.fullmatch(rest)
    if m and 1 <= (cn_int(m.group(1) or m.group(2), w) or 0) <= 4:
        return f"{own:04d}-Q{cn_int(m.group(1) or m.group(2), w)}"
    m = w.lead_quarters.fullmatch(rest)       # 首三季: Hong Kong, Macau
    if m and 1 <= w.digits[m.group(1)] <= 4:
        return f"{own:04d}-01/{own:04d}-{w.digits[m.group(1)] * 3:02d}"
    if rest in w.by_kind.get("half", []):
        return f"{own:04d}-{w.value[rest]}"
    if rest == "" or rest in w.by_kind.get("whole", []) or rest in w.by_kind.get("year", []):
        return f"{own:04d}"
    return None


def _month(mo: int | None) -> bool:
    return mo is not None and 1 <= mo <= 12


def _months(own: int, first: int | None, last: int | None) -> str | None:
    return f"{own:04d}-{first:02d}/{own:04d}-{last:02d}" if _month(first) and _month(last) else None


def whole_word(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A date that jieba cuts as words of its own, not followed by one content character
    (周五公布, 周五起; 周一鸣 is a person, cut 周一/鸣)."""
    if start not in doc.word_starts or end not in doc.word_ends:
        return None
    after = token_at(doc, end)
    if after is not None and after.end - after.start == 1 and _HAN.match(after.word) \
            and tag(after.word, rules.user_words())[0][1] not in _FUNCTION_TAGS:
        return None
    return start, end


_FUNCTION_TAGS = {"p", "c", "u", "d", "f", "t", "r", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "m", "q"}


def normalize_dates(doc: Doc, rules: RuleSet) -> None:
    year = article_year(doc, rules)
    traditional = doc.script == "traditional"
    for ent in doc.entities:
        if ent["type"] == "date":
            norm = normalize_date(ent["text"], year, rules, traditional)
            if norm:
                ent.fields["normalized"] = norm
