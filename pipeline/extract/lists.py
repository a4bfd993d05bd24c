"""Lists of subjects and values: 分别 (A、B分别增长x、y), 各 (A、B各5%), and comparisons with
other regions (比全省(6.1%)和全国(5.2%)分别高0.4、1.3个百分点): one record per subject."""
from __future__ import annotations

import regex

from pipeline.extract.changes import parse_basis, parse_change, parse_rate
from pipeline.document import Doc, Item
from pipeline.extract.indicators import clean_indicator
from pipeline.extract.numbers import parse_number
from pipeline.extract.records import make_record, numeral_class, parse_level, role_words
from pipeline.engine.rules import RuleSet


def _and(rules: RuleSet) -> str:
    """、 and the conjunctions that join a list's items (list_and.txt: 和, 及, 与)."""
    return "、" + "".join(w for w in rules.words("list_and") if len(w) == 1)


def split_list(doc: Doc, start: int, end: int, separators: str = "、", whole: bool = False) -> list[tuple[int, int]]:
    """A、B、C -> the spans of A, B and C, each stripped of spaces. WHOLE: a separator counts
    only where a jieba word starts (基金泰|和、 holds 和 inside the name 泰和; 及|团客 is cut
    after it only because jieba glued the name on)."""
    spans, pos = [], start
    for ch_pos in range(start, end + 1):
        if ch_pos == end or doc.text[ch_pos] in separators and (not whole or ch_pos in doc.word_starts):
            s, e = pos, ch_pos
            while s < e and doc.text[s] == " ":
                s += 1
            while e > s and doc.text[e - 1] == " ":
                e -= 1
            if e > s:
                spans.append((s, e))
            pos = ch_pos + 1
    return spans


def _subjects_span(doc: Doc, m, rules: RuleSet) -> tuple[int, int]:
    """The list of subjects ends at 等 or a space (储能、汽车电子等产业增长迅猛), before a word
    that ranks them (涨幅较大: list_degree in patterns.toml) and before a basis word (服装类、化妆品类零售额同比)."""
    start, end = m.span("subjects")
    text = doc.text[start:end]
    ends = [text.find(w) for w in (*rules.words("ind_list_end"), " ")]
    cut = min([i for i in ends if i > 0] or [len(text)])
    text = text[:cut]
    if (degree := rules.compile("(?:{list_degree})$").search(text)) and degree.start() > 0:
        text = text[:degree.start()]        # 基金甲、基金乙涨幅较大(,分别上涨…)
    for word in sorted(rules.words("basis"), key=len, reverse=True):
        if text.endswith(word):
            text = text[: -len(word)]
            break
    return start, start + len(text)


def _named_change(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, str]:
    """基金甲、基金乙的跌幅较小,分别为…: the list closes with a noun of change (change_nouns.txt),
    so its values are changes with that noun's sign, and the noun names no subject. Where the
    subjects then end, and the verb that reads the values (up.txt's or down.txt's first word);
    (END, "") when the list closes otherwise."""
    m = rules.compile("(?:的)?({change_nouns})$").search(doc.text, start, end)
    if m is None or m.start() == start:
        return end, ""
    rising = rules.lexicons["change_nouns"].columns.get(m.group(1), ["up"])[0] == "up"
    return m.start(), rules.words("up" if rising else "down")[0]


def _tier_start(doc: Doc, subject: tuple[int, int], rules: RuleSet) -> int | None:
    """明年起每档水费: where the one subject's tier word (tier_marks.txt) opens the name of a
    set of tiers, else None."""
    m = rules.compile("(?:{tier_marks})").search(doc.text, *subject)
    return m.start() if m else None


def distribute(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """分别: subjects A、B and values x、y pair one to one; 各: one value for every subject.
    A value without a unit (5.6和4.4个百分点) takes the last value's unit."""
    values = split_list(doc, *m.span("values"), separators=_and(rules))
    start, end = _subjects_span(doc, m, rules)
    shared = m.groupdict().get("shared") or ""
    shared = "" if shared in rules.word_set("link") else shared    # 分别高达: a link, no shared words
    ends, stated_at = None, None
    if shared in rules.word_set("from_marks"):
        # 甲、乙的占比分别从30%、25%降至28%、21%: where each subject's move starts and ends
        shared, ends = "", _move_ends(doc, m.end("values"), rules)
        if ends is None or len(ends) != len(values):
            return []
    end, named_verb = _named_change(doc, start, end, rules) if not shared else (end, "")
    # 、 separates subjects; 和/及/与 too only when the count says so (石油及制品类 is one)
    subjects = split_list(doc, start, end)
    if len(subjects) < len(values):
        subjects = split_list(doc, start, end, separators=_and(rules), whole=True)
    subjects, named = _counted_list(doc, subjects, rules)
    subjects, periods = _leading_periods(doc, subjects, rules)
    if not periods:
        subjects, periods = _listed_periods(doc, subjects)
    if periods and len(periods) == len(values):
        subjects = subjects * len(values)       # 一、二季度…分别增长: a value per period
    elif len(values) == 1:
        values = values * len(subjects)
    elif len(subjects) == 1 and (tier := _tier_start(doc, subjects[0], rules)) is not None:
        # 各级税率分别为3%、7%及11%: one name (from its tier word), a value per tier
        subjects = [(tier, subjects[0][1])] * len(values)
    elif len(subjects) == 1 and not periods and len(periods := period_list(doc, subjects[0][0], len(values), rules)) > 1:
        subjects = subjects * len(values)       # 2022、2023年全县粮食产量分别为…: a value per period
    elif len(subjects) == 1 and not named and (earlier := _earlier_list(doc, subjects[0][0], len(values), rules)):
        # 有甲、乙、丙,增长率分别为x、y、z: the list is the clause before; the one subject names
        # what each of them has
        named = clean_indicator(doc, *subjects[0], rules).get("indicator") or ""
        named = rules.compile("^(?:{group_pronouns})?{sp}(?:{num}){sp}(?:{classifiers})").sub("", named)
        subjects = earlier if named else subjects       # (上述5只|基金净值: the count is the list's)
    elif len(subjects) == 1 and not named and (earlier := _parallel_list(doc, rule, subjects[0][0], len(values), rules)):
        # 甲、乙的仓位分别是x、y,而去年末的仓位分别是p、q: the clause before pairs the same
        # subjects with as many values; the one subject names what each of them has
        lead = clean_indicator(doc, *subjects[0], rules)
        named = lead.get("indicator") or ""
        subjects = earlier if named else subjects
        if named and lead.get("period"):        # (而去年末的仓位: each value is of 去年末)
            periods, stated_at = [lead["period"]] * len(values), start
    if len(subjects) != len(values) or len(subjects) < 2:
        return []
    bare = rules.compile("{num}{sp}")
    tail = doc.text[values[-1][0]:values[-1][1]]
    tail = tail[bare.match(tail).end():] if bare.match(tail) else ""
    verb = m.groupdict().get("change") or named_verb
    heads = join_head([doc.text[s:e] for s, e in subjects], rules)
    basis = parse_basis(m.group(), rules)
    last = clean_indicator(doc, *subjects[-1], rules)
    items = []
    for n, ((ss, se), head, (vs, ve)) in enumerate(zip(subjects, heads, values)):
        value = doc.text[vs:ve]
        value += tail if bare.fullmatch(value) else ""
        change = parse_change(verb + value, rules) if verb else None
        level = None if verb else parse_level(value, rules)
        if change is None and level is None:
            return []
        if change and not change["basis"]:
            change["basis"] = basis
        own = rules.compile(r"\({sp}({quantity}){sp}\)$").search(doc.text, ss, se)
        if own and verb:            # 散客(320.5万人次)及团客(88.1万人次)分别增加…: each its own level
            level, se = parse_level(own.group(1), rules), own.start()
        ind = clean_indicator(doc, ss, se, rules)
        if periods:
            ind.update(period=periods[n], period_norm=None)
        if not ind.get("indicator") and ind.get("region") and last.get("indicator"):
            ind.update(indicator=last["indicator"], span=last["span"])   # 广东、浙江及江苏游客: each place's 游客
            head = ""                                                    # the last one's name holds it
        if named:                   # 甲、乙两县的粮食产量: each subject's 粮食产量
            ind.update(indicator=(ind.get("indicator") or "") + named, span=ind.get("span") or (ss, se))
        elif ind.get("indicator"):
            ind["indicator"] += head + shared
        end = ve if len(set(values)) > 1 else m.end()
        items.append(make_record(rule, ind["span"][0] if ind.get("indicator") else ss, end, ind, level, change, rules))
        if stated_at is not None:
            items[-1].fields["stated_at"] = stated_at
        if ends:
            es, ee = ends[n]
            said = doc.text[es:ee] + (tail if bare.fullmatch(doc.text[es:ee]) else "")
            if (moved := parse_level(said, rules)) is None:
                return []
            items.append(make_record(rule, es, ee, {**ind, "period": None, "period_norm": None}, moved, None, rules))
    return items


def _move_ends(doc: Doc, start: int, rules: RuleSet) -> list[tuple[int, int]] | None:
    """降至28%、21% right after a list of starting figures (at START): the spans of the figures
    each move ends at, or None where no move follows."""
    m = rules.compile(r"{sp}(?:(?:{change_adverbs}){0,2}(?:{up}|{down})(?:{ind_reach})|{turn_verbs}){sp}"
                      r"((?:{num}){sp}(?:%|(?:{magnitude})?{units})?(?:{sp}(?:、|{list_and}){sp}(?:{num}){sp}(?:%|(?:{magnitude})?{units})?)+)"
                      ).match(doc.text, start)
    return split_list(doc, *m.span(1), separators=_and(rules)) if m else None


def period_list(doc: Doc, before: int, count: int, rules: RuleSet) -> list[str]:
    """2022年和2023年, 2006、2007年, 一、二季度 before BEFORE in its sentence: the COUNT periods of
    a 分别 whose one subject has a value for each (an elided item takes the last one's unit: 2006
    -> 2006年), or [] when the text before holds no such list."""
    first = doc.sentence_at(before)[0]
    dates = [(s, e) for ent in doc.entities if ent["type"] == "date"
             for s, e in ent["mentions"] if first <= s and e <= before]
    if not dates:
        return []
    s, e = max(dates)
    if "分别" in doc.text[e:before]:
        return []                   # 到期日分别为7月11日和11月30日,折价率分别是…: another list's values
    last = doc.text[s:e]
    unit = (m.group(1) if (m := rules.compile(r"^(?:{num})(.+)$").match(last)) else "")
    found, pos = [last], s
    while len(found) < count and pos > first and doc.text[pos - 1] in _and(rules):
        item = next((doc.text[a:b] for a, b in dates if b == pos - 1), None)
        bare = rules.compile(r"(?:{num})$").search(doc.text, first, pos - 1) if item is None and unit else None
        if item is None and bare is None:
            return []
        found.insert(0, item or bare.group() + unit)
        pos = (pos - 1 - len(item)) if item else bare.start()
    return found if len(found) == count else []


def _leading_periods(doc: Doc, subjects: list, rules: RuleSet) -> tuple[list, list[str]]:
    """一、二季度全市生产总值(分别增长…): bare numerals before a period that opens the last
    subject are periods of their own (一季度, 二季度), and the one subject is what follows."""
    numeral = rules.compile(f"(?:{{num}}|{numeral_class(rules)}+)")     # 一 alone is no {num}
    if len(subjects) < 2 or not all(numeral.fullmatch(doc.text[s:e]) for s, e in subjects[:-1]):
        return subjects, []
    s, e = subjects[-1]
    date = next((b for ent in doc.entities if ent["type"] == "date" for a, b in ent["mentions"] if a == s), None)
    unit = rules.compile(r"^(?:{num})(.+)$").match(doc.text[s:date]) if date and date < e else None
    if unit is None:
        return subjects, []
    return [(date, e)], [doc.text[a:b] + unit.group(1) for a, b in subjects[:-1]] + [doc.text[s:date]]


def _listed_periods(doc: Doc, subjects: list) -> tuple[list, list[str]]:
    """去年11月份、12月份和今年1月份新增开户数(分别为…): a list of dates, the first after
    words of context, the last before the one subject they share; the subject, and the dates as
    the periods of the values in turn. Subjects unchanged, no periods, when any member is more
    than a date (甲市2月份、乙市3月份…: who is whose is not a list of periods)."""
    if len(subjects) < 2:
        return subjects, []
    dates = {a: b for ent in doc.entities if ent["type"] == "date" for a, b in ent["mentions"]}
    ends = {b for b in dates.values()}
    (s0, e0), (sl, el) = subjects[0], subjects[-1]
    middle_dates = all(dates.get(s) == e for s, e in subjects[1:-1])
    if not (middle_dates and e0 in ends and sl in dates and dates[sl] < el):
        return subjects, []
    first = next(a for a, b in dates.items() if b == e0 and s0 <= a)
    periods = [doc.text[first:e0]] + [doc.text[s:e] for s, e in subjects[1:-1]] + [doc.text[sl:dates[sl]]]
    return [(dates[sl], el)], periods


def _counted_list(doc: Doc, subjects: list, rules: RuleSet) -> tuple[list, str]:
    """西城、朝阳和丰台三个区, 甲、乙两县的粮食产量: the last subject may end with a count of the
    list (三个区, 两县: the number of subjects) and, after it and 的, the name all of them share.
    The subjects without the count, and that name ("" if none)."""
    if len(subjects) < 2:
        return subjects, ""
    s, e = subjects[-1]
    for m in rules.compile(_LIST_COUNT).finditer(doc.text, s, e):
        if m.start() > s and parse_number(m.group("n"), rules) == len(subjects):
            return subjects[:-1] + [(s, m.start())], doc.text[m.end():e]
    return subjects, ""


def _earlier_list(doc: Doc, start: int, count: int, rules: RuleSet) -> list | None:
    """The COUNT subjects of a 、 list that fills the clause right before START (after a comma),
    opened by a word of list_openers.txt or by the clause's start; None unless every one is
    a short name without a figure."""
    if (clause := _clause_before(doc, start)) is None:
        return None
    opening, comma = clause
    if lead := rules.compile(r"[^,;:。!?\n]*(?:{list_openers})").match(doc.text, opening, comma):
        opening = lead.end()
    items = split_list(doc, opening, comma)
    if len(items) != count:
        items = split_list(doc, opening, comma, separators=_and(rules), whole=True)
    if len(items) != count or any(e - s > 12 or e - s < 2 or _DIGIT.search(doc.text, s, e) for s, e in items):
        return None
    return items


def _parallel_list(doc: Doc, rule, start: int, count: int, rules: RuleSet) -> list | None:
    """The COUNT subjects of the 分别 list of the clause right before START, when that list
    pairs COUNT subjects with COUNT values; None otherwise."""
    if (clause := _clause_before(doc, start)) is None:
        return None
    opening, comma = clause
    m = rule.pattern.search(doc.text, opening, comma)
    if m is None or m.end() != comma or len(split_list(doc, *m.span("values"), separators=_and(rules))) != count:
        return None
    subjects, _ = _counted_list(doc, split_list(doc, *_subjects_span(doc, m, rules)), rules)
    return subjects if len(subjects) == count else None


def _clause_before(doc: Doc, start: int) -> tuple[int, int] | None:
    """Where the clause that ends with a comma right before START opens, and that comma."""
    before = doc.text[:start].rstrip()
    if not before.endswith(","):
        return None
    comma = len(before) - 1
    return max(doc.text.rfind(mark, 0, comma) for mark in ",;:。!?\n") + 1, comma


_DIGIT = regex.compile(r"[\d%]")

# the count that closes a list of subjects: 三个区, 两县, 4家企业的
_LIST_COUNT = r"(?P<n>{num})(?:{classifiers})?[\p{Han}]{1,2}?(?:的|$)"


def compare(doc: Doc, rule, m, rules: RuleSet) -> list[Item]:
    """比全省(6.1%)和全国(5.2%)分别高0.4、1.3个百分点: one gap per base (the previous metric's
    增速, compared_with the base) and, where a base states its own rate, a metric for it."""
    bases = split_list(doc, *m.span("bases"), separators=_and(rules))
    values = split_list(doc, *m.span("values"), separators="、")
    if len(bases) != len(values):
        return []
    sign = -1 if m.group("change") in rules.words("compare_lower") else 1
    records = []
    for (bs, be), (vs, ve) in zip(bases, values):
        own = rules.compile(r"(.+?)\(({rate})\)$").match(doc.text[bs:be])
        base = own.group(1) if own else doc.text[bs:be]
        if own and (rate := parse_rate(own.group(2), rules)):
            change = {"value": rate["value"], "value_max": None, "unit": rate["unit"], "basis": None}
            region = next((base[:-len(w)] for w in rules.words("base_averages") if base.endswith(w) and len(base) > len(w)), base)
            records.append(make_record(rule, bs, be, {"region": region}, None, change, rules))
            records[-1].fields["compared_base"] = True
        point = role_words(rules, "gap_words", "unit")[0]       # 高0.7、1.4个百分点: 0.7 is in points
        rate = parse_rate(doc.text[vs:ve] + ("" if point in doc.text[vs:ve] else point), rules)
        if rate is None:
            return []
        gap = {"value": sign * rate["value"], "value_max": None, "unit": rate["unit"], "basis": None}
        records.append(make_record(rule, vs, ve, {}, None, gap, rules))
        records[-1].fields["compared_with"] = base
    return records


def join_head(subjects: list[str], rules: RuleSet) -> list[str]:
    """What each subject of a list must add to say what is measured: the head noun the last
    subject carries for all (汽车类、石油及制品类零售额 -> 零售额 for 汽车类), or what follows the
    last one's kind when every other subject ends with a kind (kind_suffixes.txt)."""
    heads = sorted(rules.words("indicator_heads"), key=len, reverse=True)
    head = next((h for h in heads if subjects[-1].endswith(h) and len(subjects[-1]) > len(h)), "")
    kinds = tuple(rules.words("kind_suffixes"))
    last = subjects[-1]
    cut = max(last.rfind(k) for k in kinds) + 1 if kinds else 0
    if not head and 1 < cut < len(last) and all(s.endswith(kinds) for s in subjects[:-1]):
        head = last[cut:]       # 股票型和混合型基金的仓位: 基金的仓位 for 股票型 too
        link = min((i for w in rules.words("link") if (i := head.find(w)) > 0), default=len(head))
        head = head[:link]      # (甲型和乙型基金是主力: what is said of them is no part of the name)
    return [("" if s.endswith(head) else head) for s in subjects[:-1]] + [""]
