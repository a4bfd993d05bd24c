"""Dates: the article's own year, and each date's `normalized` form when its year is known.

The year comes from the article itself: its dateline (2018-07-10 18:46), else a full date or a
year with a period (2023年7月26日, 2023年上半年), else the latest year it names outside a
deadline (到2025年 is a goal, not the time of writing; news looks back, not ahead). Taiwanese copy counts years from 1912
(民国108年 = 2019). Forms: 2023-07-26, 2023-07, 2023, 2023-Q2, 2023-H1, and intervals
2023-01/2023-08 (1-8月, 前三季度).
"""
from __future__ import annotations

import regex

from pipeline.document import Doc

_CN = {"〇": 0, "○": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7,
       "八": 8, "九": 9, "十": 10}
_YEAR = r"(?:1[89]\d\d|20\d\d|[一二][〇○零一二三四五六七八九]{3})"
_DEADLINE = regex.compile(r"(?:到|至|截至|截止|力争|争取|预计|计划)$")
ROC = 1911


def cn_int(text: str) -> int | None:
    """7, 十二, 二〇二三 (digit by digit), 廿 is left out."""
    if text.isdigit():
        return int(text)
    if all(ch in _CN and ch != "十" for ch in text):
        return int("".join(str(_CN[ch]) for ch in text))
    m = regex.fullmatch(r"([一二三四五六七八九])?十([一二三四五六七八九])?", text)
    if m:
        return (_CN[m.group(1)] if m.group(1) else 1) * 10 + (_CN[m.group(2)] if m.group(2) else 0)
    return None


def year_of(text: str, traditional: bool = False) -> int | None:
    m = regex.search(rf"({_YEAR})年", text)
    if m:
        return cn_int(m.group(1))
    m = regex.search(r"(?:^|民国)(\d{2,3})年", text)
    if m and (traditional or text.startswith("民国")) and 80 <= int(m.group(1)) <= 140:
        return int(m.group(1)) + ROC
    m = regex.match(r"(\d{4})-\d{1,2}-\d{1,2}", text)
    return int(m.group(1)) if m else None


def article_year(doc: Doc) -> int | None:
    if doc.date:                    # pinned by the user (--date)
        return int(doc.date[:4])
    head = doc.text[:200]
    m = regex.search(r"(?<!\d)(20\d\d|19\d\d)-\d{1,2}-\d{1,2}", head)
    if m:
        return int(m.group(1))
    traditional = doc.script == "traditional"
    with_period, bare = [], []
    for ent in doc.entities:
        if ent["type"] != "date":
            continue
        year = year_of(ent["text"], traditional)
        if year is None:
            continue
        if _DEADLINE.search(doc.text[max(0, ent.start - 2):ent.start]):
            continue
        (with_period if regex.search(r"年.", ent["text"]) else bare).append(year)
    if with_period:
        return with_period[0]
    return max(bare) if bare else None    # 2022年…2023年: an article looks back, not ahead


def normalize_date(text: str, year: int | None, traditional: bool = False) -> str | None:
    """The ISO form of a date, or None when its year is not known."""
    own = year_of(text, traditional)
    if regex.match(r"\d{4}-\d{1,2}-\d{1,2}", text):
        y, mo, d = (int(x) for x in regex.findall(r"\d+", text)[:3])
        return f"{y:04d}-{mo:02d}-{d:02d}"
    rel = regex.match(r"(今年|去年|明年|前年)", text)
    if own is None and year is not None:
        own = year + {"今年": 0, "去年": -1, "明年": 1, "前年": -2}[rel.group(1)] if rel else year
        if regex.fullmatch(r"(今年|去年|明年|前年)", text):
            return f"{own:04d}"
    if own is None:
        return None
    rest = regex.sub(rf"^(?:民国)?(?:{_YEAR}|\d{{2,3}})年度?|^(今年|去年|明年|前年)", "", text)
    num = r"(\d{1,2}|[一二三四五六七八九十]{1,3})"
    m = regex.fullmatch(rf"{num}月份?(?:{num}日)?", rest)
    if m:
        month = cn_int(m.group(1))
        if month and 1 <= month <= 12:
            day = cn_int(m.group(2)) if m.group(2) else None
            return f"{own:04d}-{month:02d}" + (f"-{day:02d}" if day else "")
        return None
    m = regex.fullmatch(rf"(?:前)?{num}(?:-|至|—|~|到)?{num}?个?月份?", rest)
    if m and rest.startswith("前") and not m.group(2):
        return f"{own:04d}-01/{own:04d}-{cn_int(m.group(1)):02d}"
    if m and m.group(2):
        return f"{own:04d}-{cn_int(m.group(1)):02d}/{own:04d}-{cn_int(m.group(2)):02d}"
    quarters = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}
    m = regex.fullmatch(r"(?:第)?([一二三四1-4])季度?|Q([1-4])", rest)
    if m:
        return f"{own:04d}-Q{quarters[m.group(1) or m.group(2)]}"
    m = regex.fullmatch(r"[前首头]([一二三两])季度?", rest)       # 首三季: Hong Kong, Macau
    if m:
        return f"{own:04d}-01/{own:04d}-{quarters.get(m.group(1), 2) * 3:02d}"
    halves = {"上半年": "H1", "下半年": "H2"}
    if rest in halves:
        return f"{own:04d}-{halves[rest]}"
    if rest in ("", "全年", "年度", "以来"):
        return f"{own:04d}"
    return None


def normalize_dates(doc: Doc) -> None:
    year = article_year(doc)
    traditional = doc.script == "traditional"
    for ent in doc.entities:
        if ent["type"] == "date":
            norm = normalize_date(ent["text"], year, traditional)
            if norm:
                ent.fields["normalized"] = norm
