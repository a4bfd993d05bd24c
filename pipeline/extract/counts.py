"""Counts in metric matches: what a count measures (10个行业: the nouns after its measure
word) and the counts that name nothing a reader would index (两只基金, 成立的3只).

Also figures given as one of a pair without 分别, whose owner is not said (paired_level,
listed_change below).

pipeline/extract/metrics.py asks these while it decides whether a match stands.
"""
from __future__ import annotations

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.extract.records import parse_level
from pipeline.extract.target_names import clause_start
from pipeline.text.segment import tag_cached as tag

_NOUNS = {"n", "nz", "vn", "j", "ng", "nt", "nrt", "an"}
# what may stand inside the noun phrase a count counts, before its noun: a kind (大中型), a
# suffix of kind (型), a conjunction (和); and how many words the phrase may hold
_JOINS = {"b", "k", "c"}
_WORDS = 5
# A count this small of a noun after it (两只基金, 3种方式, 1名男子) names one to three things
# the text has just listed or is about to, or a set phrase (二套房): on the shared corpora
# such counts were wrong far more often than right; larger counts (签约16个项目) stay.
FEW = 3
# A figure of its own later in a count's clause: a rate or an amount with a unit (not a date).
_FIGURE = "{rate}|{num}{sp}(?:{magnitude})?(?:{units})"


def after_goal_word(doc: Doc, pos: int, rules: RuleSet) -> bool:
    """预计…回升,增幅为6%: a goal word earlier in the sentence makes it a target's figure."""
    sentence = doc.sentence_at(pos)
    return any(w in doc.text[sentence[0]:pos] for w in rules.words("goal"))


def elided_count(doc: Doc, m, ind: dict, level: dict, rules: RuleSet) -> str | None:
    """成立的3只, 发行了4只: a count after verb + 的/了, noun left out (not 企业需求67条)."""
    name = ind.get("indicator")
    if not name or without_magnitude(level["unit"], rules) not in rules.words("classifiers") \
            or counted(doc, m.end("level"), level, rules):
        return None
    joint = rules.compile(r"[的了]").search(doc.text, ind["span"][1], m.start("level"))
    if not joint:
        return None
    if joint.group() == "的" and joint.span() == (ind["span"][1], m.start("level")):
        # 已公布一季报的100只, 规模最大的4只: the words before 的 say which ones, of a noun left out
        return f"{name}的{m.group('level')}: a count after 的 with its noun left out: what is counted is not said"
    words = tag(name, rules.user_words())
    if words and words[-1][1] == "v" and words[-1][0] not in rules.word_set("ind_categories", "user_words"):
        return f"{name}{m.group('level')}: a count after the verb {words[-1][0]!r} with its noun left out"
    return None


def group_count(doc: Doc, noun_end: int, count: str, rules: RuleSet) -> str | None:
    """56家上市公司的平均市盈率为18倍, 在40个样本城市中: a count before its noun that names the
    group a figure later in its clause is about, or the set the next figures are drawn from
    (set_marks.txt), is the size of a sample, not a fact about an economy."""
    # an aside after the noun (40只基金(A级)中, 26个湖泊(水库)中) is no part of the clause
    clause = rules.compile(r"(?:\([^()\n]{1,12}\))?([^,;:。!?\n]*)").match(doc.text, noun_end).group(1)
    marks = tuple(rules.words("set_marks"))
    if clause.startswith(marks) or clause.endswith(marks):     # 56家公司中有…, 在56家样本公司当中,
        return f"{count}…{clause[:8]}: the set the figures after it are drawn from (set_marks.txt), a sample's size"
    if rules.compile(_FIGURE).search(clause):
        return f"{count}: the group a later figure of its clause is about ({clause[:12]}…), a sample's size"
    return None


def few(level: dict) -> bool:
    return level["value"] is not None and level["value_max"] is None and 0 < level["value"] <= FEW


def counted(doc: Doc, end: int, level: dict, rules: RuleSet, bare: bool = False) -> tuple[str, int] | None:
    """10个行业, 六个方面, 4个地标产业集群: the nouns right after a measure word are what is
    counted (up to three words tagged as nouns, stopping before a head such as 增加值 that
    the count does not cover: 10个行业增加值 counts 行业), returned with their span's end.
    BARE: a bare magnitude or a unit of count_units.txt counts the nouns after it too (我国有
    611万高校毕业生, 其中838例本土病例), for a figure the words before it give no name (with
    one, 管理110亿|… and a headline run into the next line keep that name)."""
    unit = without_magnitude(level["unit"], rules)
    if unit not in rules.words("classifiers") and not (bare and unit in rules.word_set("magnitude", "count_units")):
        return None
    # 86例H1N1(甲型流感)病例: a Latin name with its gloss modifies the noun after it
    named = rules.compile(r"{sp}[A-Za-z][A-Za-z0-9-]*{sp}{aside}(?=\p{Han})").match(doc.text, end)
    end = named.end() if named else end
    clause = rules.compile(r"(?:(?!{counted_end})[^,.;:。!?()\n]){1,12}").match(doc.text, end)
    if clause is None:
        return None
    nouns, pos, heads = [], end, set(rules.words("indicator_heads"))
    words = tag(clause.group(), rules.user_words())[:_WORDS]
    # a case or a magnitude counts people or things, so a verb before a noun modifies it; a
    # measure word counts who acts (28家实现盈利: a predicate, not a name)
    modified = bare and unit not in rules.words("classifiers")
    for i, (word, flag) in enumerate(words):
        if nouns and word in heads:
            break
        if flag not in _NOUNS and not (modified and i == 0 and _modifies_noun(flag, words)) \
                and not _inside_noun(i, flag, words):
            break
        nouns.append(word)
        pos += len(word)
    while nouns and words[len(nouns) - 1][1] in _JOINS:    # (a joint or a kind left at the end)
        pos -= len(nouns.pop())
    return ("".join(nouns), pos) if nouns else None


def _inside_noun(i: int, flag: str, words: list) -> bool:
    """大中型|钢铁企业, 股票|型|和|混合型|基金: a kind (b), a suffix of kind (k) or a conjunction
    (c) inside the noun phrase a count counts, when a noun follows it."""
    after = next((f for _, f in words[i + 1:] if f not in _JOINS), None)
    return flag in _JOINS and after in _NOUNS


def _modifies_noun(flag: str, words: list) -> bool:
    """其中838例确诊病例: a verb right before a noun modifies it (确诊|病例, 住院|病人); a verb
    alone (354例确诊) is no noun."""
    return flag == "v" and len(words) > 1 and words[1][1] in _NOUNS


def without_magnitude(unit: str, rules: RuleSet) -> str:
    """万个 -> 个, 千万吨 -> 吨: the measure word under a magnitude (magnitude.txt)."""
    for word in sorted(rules.words("magnitude"), key=len, reverse=True):
        if unit.startswith(word) and len(unit) > len(word):
            return unit[len(word):]
    return unit


# 收益率超过25%的基金有11只: the words after the bound and 的 name the group, then a count of it
_GROUP = r"{sp}(?:{qual_post})?的[\p{Han}A-Za-z]{1,8}?(?:{group_links}){sp}(?:{qual_pre})?{sp}(?:{num}){sp}(?:{classifiers})"


def threshold_of_group(doc: Doc, level_end: int, rules: RuleSet) -> str | None:
    """Why a level is the bound that picks out a group counted next (净值增长率超过5%的基金有12只,
    加仓一成以上的产品多达25只): no level of the indicator before it, but a line
    drawn through a set of funds or firms. None when the figure is a level."""
    m = rules.compile(_GROUP).match(doc.text, level_end)
    return f"a bound picking out a group ({m.group(0).strip()}: group_links.txt), not a level" if m else None


# 面积逾15万平方米的住宅用地, 月薪在1万元以内的占七成: the figure and 的 qualify what follows;
# 保持30%以上的快速增长, 给予12%的补贴: the noun is what the figure measures (figure_nouns.txt),
# after a modifier of up to two characters; 在汇率7元的情况下: a premise (target.premise's)
_OF = r"{sp}(?:{qual_post})?的"          # a figure and its 的 (30%以上的…), read by the three below
_DESCRIBES = _OF + r"(?![\p{Han}]{0,2}?(?:{figure_nouns})|(?:{premise_marks})下)"


def describes_noun(doc: Doc, level_end: int, rules: RuleSet, level_start: int | None = None) -> str | None:
    """Why a level is no fact of the indicator before it: 的 makes it a description of the
    noun after it (超过10%的基金, 一块面积逾15万平方米的用地), or None. Not when that noun is
    what the figure measures (的增长, 的补贴: figure_nouns.txt; 以28.5%的收益率: by_figure), nor
    after a unit that names itself (named_units.txt)."""
    if level_start is not None and (by_figure(doc, level_start, level_end, rules) or _linked_level(doc, level_start, rules)):
        return None
    if doc.text.endswith(tuple(rules.words("named_units")), 0, level_end):
        return None         # 1200万像素的成像能力: a unit that names what it counts is its own measure
    if _rate_after(doc, level_end, rules):
        return None         # 3.9%的失业率: the rate the figure is
    m = rules.compile(_DESCRIBES).match(doc.text, level_end)
    return (f"the figure describes the noun after {m.group(0).strip()!r}, not the indicator before it "
            "(figure_nouns.txt lists the nouns it would measure)") if m else None


def measured_after(doc: Doc, level_end: int, rules: RuleSet) -> tuple[str, int, int] | None:
    """给予12%的补贴, 持有该公司5.3%的股份: the noun after the figure and 的 is what it measures
    (figure_nouns.txt, not one marked kept such as 的水平 nor a noun of change), so it names the metric:
    the noun with its span, or None."""
    m = rules.compile(_OF + r"((?:{figure_nouns}))").match(doc.text, level_end)
    if m is None:
        return _rate_after(doc, level_end, rules)
    if "kept" in rules.lexicons["figure_nouns"].columns.get(m.group(1), []) \
            or m.group(1) in rules.word_set("change_nouns"):
        return None
    return m.group(1), m.start(1), m.end(1)


def _rate_after(doc: Doc, level_end: int, rules: RuleSet) -> tuple[str, int, int] | None:
    """美国3.9%的失业率: a rate after a % and 的, one word that ends with a word of rate
    (ind_rates.txt), is what the figure measures."""
    if not doc.text.endswith("%", 0, level_end):
        return None
    m = rules.compile(_OF + r"(\p{Han}{1,4}?(?:{ind_rates}))").match(doc.text, level_end)
    if m is None or m.start(1) not in doc.word_starts or m.end(1) not in doc.word_ends \
            or m.group(1) in rules.word_set("change_nouns"):
        return None
    return m.group(1), m.start(1), m.end(1)


def _linked_level(doc: Doc, level_start: int, rules: RuleSet) -> bool:
    """楼面地价为1.5万元/平方米的地块, 总投资达5亿元的项目: a name and a link verb (link.txt) right
    before the figure make it that name's level, though 的 then says whose (the noun after)."""
    return rules.compile(r"\p{Han}{2}(?:{link}){sp}$").search(doc.text, max(0, level_start - 8), level_start) is not None


def by_figure(doc: Doc, level_start: int, level_end: int, rules: RuleSet) -> tuple[str, int, int] | None:
    """以28.5%的收益率(排第四位), 以860万股的持有量(居首): 以 (by_marks in patterns.toml), the
    figure, 的 and a noun (up to three words as jieba tags them) that the figure measures: the
    noun with its span, or None."""
    if not rules.compile("(?:{by_marks}){sp}$").search(doc.text, max(0, level_start - 3), level_start):
        return None
    of = rules.compile("{sp}的").match(doc.text, level_end)
    if of is None:
        return None
    nouns, pos = [], of.end()
    words = tag(doc.text[pos:pos + 10], rules.user_words())[:3]
    for i, (word, flag) in enumerate(words):
        # 持有|量: a verb before a noun modifies it; a second word only a plain noun (价格|出售 is not)
        if not (flag in _NOUNS if i == 0 else flag == "n") and not (i == 0 and _modifies_noun(flag, words)):
            break
        nouns.append(word)
    name = "".join(nouns)
    if len(name) < 2 or pos + len(name) not in doc.word_ends:
        return None
    return name, pos, pos + len(name)


def change_named_after(doc: Doc, level_end: int, rules: RuleSet) -> str | None:
    """录得5.2%的增幅, 出现3.2%的跌幅, 保持30%以上的快速增长: a % before 的 and a noun of change
    (change_nouns.txt) is that change, not a level. The verb that says it (up.txt's or down.txt's
    first word), to read it as a change with its sign; None otherwise."""
    m = rules.compile(_OF + r"[\p{Han}]{0,2}?({change_nouns})").match(doc.text, level_end)
    if m is None:
        return None
    rising = rules.lexicons["change_nouns"].columns.get(m.group(1), ["up"])[0] == "up"
    return rules.words("up" if rising else "down")[0]


def multiple_of_base(doc: Doc, level: tuple[int, int], unit: str, rules: RuleSet) -> str | None:
    """Why a level is no level of the name before it: a multiple (multiple_units.txt) right
    after 的 (是去年同期成交量的2.32倍, 为原始株的5倍) measures against that name, the base,
    or None."""
    if unit not in rules.word_set("multiple_units") or not doc.text.endswith("的", 0, level[0]):
        return None
    return f"{doc.text[level[0]:level[1]]} after 的: a multiple of the base before it, not its level"


# Figures given as one of a pair or a list without 分别: which figure is whose is not said.
#
# 成交面积和成交金额回落至86.2万平方米和93亿元 names two things and gives two figures; without
# 分别 the rule reads one name (the pair) for each figure, a fact nobody stated. And in 面积152.5万
# 平方米,金额97.4亿元,同比分别增长12.5%和8.0% the rates belong to the levels one by one, not
# all to the level next to them. Precision first: the pair's figures are refused, and a change
# that is the first of a 分别 list is not given to one level (the level stands alone).

# a value after the figure, joined to it as the next of a list (…万平方米和101亿元)
_NEXT = r"{sp}(?:{list_and}|、){sp}(?:{quantity}|{rate})"
# a value before the figure, joined to it the same way (114.5万平方米和|101亿元)
_PREVIOUS = r"(?:{quantity}|{rate}){sp}(?:{list_and}|、){sp}$"
# 分别 just before the change (分别同比增长…), else inside it (同比分别增长33.2%和…)
_RESPECTIVELY = r"分别(?:{basis})?{sp}$"


def paired_level(doc: Doc, level: tuple[int, int], rules: RuleSet, name: str | None = None) -> str | None:
    """Why a level is one of two figures for a name that joins two things (A和B…X和Y), or None.
    NAME: the name the level inherits, else the words of its clause before it; only when it
    holds a list word, and only for figures side by side: 出口额12亿元和进口额8亿元 names each."""
    if name is None:
        name = doc.text[clause_start(doc, level[0], rules):level[0]]
    if "分别" in name or not any(w in name for w in (*rules.words("list_and"), "、")):
        return None         # 分别为30亿元和20亿元: the values go one by one (or to one subject)
    before = doc.text[max(level[0] - 30, 0):level[0]]
    if rules.compile(_NEXT).match(doc.text, level[1]) or rules.compile(_PREVIOUS).search(before):
        return (f"{name!r} names several things and the figure is one of a list given without "
                "分别: which figure is whose is not said")
    return None


def listed_change(doc: Doc, change: tuple[int, int], rules: RuleSet) -> bool:
    """The change is the first of a 分别 list (同比分别增长33.2%和21.0%): it belongs to the first of
    several levels, not to the one the rule read it with."""
    before = doc.text[max(change[0] - 12, 0):change[0]]
    return bool(rules.compile(_RESPECTIVELY).search(before) or "分别" in doc.text[change[0]:change[1]]) \
        and rules.compile(_NEXT).match(doc.text, change[1]) is not None


def per_unit_before(doc: Doc, m, rules: RuleSet) -> tuple[int, dict] | None:
    """均价每平方米2.1万元, 物业费每平方米3.5元: 每 and a unit right before the level are the
    level's denominator (2.1万元/平方米), not part of the name. Where 每 stands, and the level
    read with its denominator; None unless the unit so made is one of units.txt (元/平方米)."""
    per = rules.compile(r"(?:{per_marks})(\p{Han}{1,3})$").search(doc.text, m.start("indicator"), m.start("level"))
    if per is None:
        return None
    level = parse_level(f"{m.group('level')}/{per.group(1)}", rules)
    base = without_magnitude(level["unit"], rules) if level else ""
    if not (base and "/" in base and base in rules.word_set("units")):
        return None
    # the name ends before the link and any other 每 before it (物业费为每月|每平方米3.5元)
    name_end = rules.compile(r"(?:(?:{link})|(?:{per_marks})\p{Han}{1,2})*$").search(doc.text, m.start("indicator"), per.start())
    return name_end.start(), level
