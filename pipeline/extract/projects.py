"""Projects: a named project (度亘光电项目), a public works by its name (人民路拓宽工程), a site
named as a project (数梦小镇, 阿里创新中心) and an estate in real-estate copy (万达广场, “东方帕缇欧”
楼盘): the checks `project`, `works`, `site` and `estate` of rules/entities.toml
(pipeline/extract/entities.py runs them); and `quoted_title` and `quoted_head`, a document's name in quotation marks."""
from __future__ import annotations

import regex

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.extract import organizations as orgs
from pipeline.extract import places
from pipeline.text.segment import tag_cached as tag, tokenizer

# jieba's tags of words that never stand inside a name, and of names (x: a word jieba does not know)
FUNCTION = {"u", "p", "c", "d", "r", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "f", "m", "q"}
PROPER = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "x", "eng"}
_NAMES = {"nr", "nrt", "nrfg", "nt", "nz"}      # names of persons, bodies and brands, no place
_HAN = regex.compile(r"\p{Han}+")


def _counted(doc: Doc, start: int, rules: RuleSet) -> bool:
    """2个高精铝项目, 三项工程, 这项工程: a number or a demonstrative and a classifier just before
    is a count of projects, not a name (落户的 holds the classifier 户 but counts nothing)."""
    return bool(rules.compile(r"(?:\d|[零一二两三四五六七八九十百千万几多数这那该此每各首])(?:{classifiers})\p{Han}?$")
                .search(doc.text[max(0, start - 4):start]))


def _cut_start(doc: Doc, start: int, rules: RuleSet) -> bool:
    """A name never starts inside another one: at the measure word of a number in a name
    (name_counters.txt: 地铁5|号线二期工程) or inside a place's name (新|北市社会住宅专案)."""
    if start and doc.text[start - 1].isdigit() and rules.compile("{name_counters}").match(doc.text, start):
        return True
    return places.place_across(doc, start, rules) is not None


def named_project(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A named project: its name is a proper name (度亘光电), not counted (2个高精铝项目, nor its
    tail 精铝项目), not a generic kind (重大, 招商) and not a place alone (通州区项目)."""
    name = doc.text[start:end - 2]
    glue = rules.words("project_lead_glue")
    while doc.text[start] in glue and end - start > 6:
        start += 1                       # 和泓川智能装备项目: a conjunction is no part of it
        name = doc.text[start:end - 2]
    if len(name) < 2 or doc.cuts_word(start, end) or _counted(doc, start, rules) or _cut_start(doc, start, rules):
        return None
    if _generic(name, rules) or places.load(rules).lookup(name):
        return None
    return (start, end) if _named(name, rules) else None


def _generic(name: str, rules: RuleSet) -> bool:
    """重点项目, 新开工亿元以上项目, 该项目: a kind of project opens or ends with a generic word
    (江华新能源智慧产业园项目 only holds one)."""
    generic = tuple(rules.words("generic_projects"))
    return name.startswith(generic) or name.endswith(generic)


def works(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A public works or a programme by its name (人民路拓宽工程, 青龙大桥改建工程, 社会住宅专案
    is none): it opens with a name or names its site (人民路), its only verbs name the work
    (works_verbs.txt), and it is neither counted nor generic (民生工程, 这项工程)."""
    stem = doc.text[start:end - 2]
    if len(stem) < 2 or doc.cuts_word(start, end) or _counted(doc, start, rules) or _generic(stem, rules) \
            or rules.compile("^(?:{num})").match(stem) or _cut_start(doc, start, rules):   # 三大基础性工程: counted
        return None
    tagged = tag(stem, rules.user_words())
    verbs = rules.word_set("works_verbs")
    if tagged[0][0] in verbs:
        return None                      # 改扩建工程: the work alone, its site is cut off
    if any(p in FUNCTION or p.startswith("v") and w not in verbs for w, p in tagged[1:]) or tagged[0][1] in FUNCTION:
        return None
    sites = rules.word_set("works_sites")
    site = any(w in sites and i for i, (w, _) in enumerate(tagged))
    opens = orgs.opens_with_name(tagged, rules, PROPER) or places.load(rules).lookup(tagged[0][0])
    return (start, end) if site or opens else None


def _named(text: str, rules: RuleSet) -> bool:
    """Its first word is tagged as a name or unknown to jieba (度亘, 福立旺), no word is a
    function word, and no later word is a verb (狠抓项目 is no name)."""
    tagged = tag(text, rules.user_words())
    if text[:1].isdigit() or tagged[0][1] in ("m", "t"):
        return False                     # 7月份城区高端项目: a time, not a name
    return orgs.opens_with_name(tagged, rules, PROPER) and \
        not any(p in FUNCTION or (i and p == "v") for i, (_, p) in enumerate(tagged))


_ESTATE_WORDS = 3      # distinct estate words that make an article real-estate copy
_COMMON = 1000         # a jieba frequency: 城市 25084, 阳光 3451 are words; 中海 136, 万达 72 names


def _person_glued(stem: str, rules: RuleSet) -> bool:
    """周刚波特兰花园: a person's name runs into the estate's (a caption's or a roster's names
    written without separators); a name of one word may be a person's (碧桂园 nr)."""
    tagged = tag(stem, rules.user_words())
    return len(tagged) > 1 and any(p in ("nr", "nrfg") for _, p in tagged)


def _common_word(stem: str, rules: RuleSet) -> bool:
    """城市花园, 阳光小镇: the name is one common word, whatever jieba tags it (城市 ns)."""
    return tokenizer(rules.user_words()).FREQ.get(stem, 0) >= _COMMON


def _estate_copy(doc: Doc, rules: RuleSet) -> bool:
    """An article about housing (楼盘, 开发商, 均价...): there 某某花园 and 某某广场 are estates;
    elsewhere 人民广场 is a square and 某某花园 a garden."""
    return sum(1 for word in rules.words("estate_words") if word in doc.text) >= _ESTATE_WORDS


def _suffix_at_end(text: str, words: list[str]) -> str:
    return max((w for w in words if text.endswith(w)), key=len, default="")


def estate(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """An estate by its name: before an estate suffix ({estate_suffixes}) in real-estate copy,
    the name a proper one (万达广场, 中海公馆; not 城市花园, 休闲广场); in quotation marks before
    an estate word (“东方帕缇欧”楼盘), any name that is no count and no kind (“三个一批”项目)."""
    text = doc.text[start:end]
    if doc.text[start - 1:start] == "《":
        return None                      # 《时论广场》: a column's title
    quoted = start > 0 and doc.text[start - 1] in "“「\""
    suffix = "" if quoted else _suffix_at_end(text, rules.words("estate_suffixes"))
    stem = text[:len(text) - len(suffix)]
    if len(stem) < 2 or doc.cuts_word(start, end) or _counted(doc, start, rules) or _generic(stem, rules) \
            or _cut_start(doc, start, rules):
        return None
    if quoted:
        if doc.text.startswith("项目", end + 1) and not _estate_copy(doc, rules):
            return None                  # “一带一路”项目: a quoted programme, outside housing copy
        tagged = tag(stem, rules.user_words())
        if tagged[0][1] in ("m", "t") or any(p in FUNCTION and p != "f" for _, p in tagged):
            return None
        return start, end
    if not _estate_copy(doc, rules) or places.load(rules).lookup(stem) or _common_word(stem, rules) \
            or _person_glued(stem, rules):
        return None
    return (start, end) if _named(stem, rules) else None


def site(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A site named as a project (阿里创新中心, 某某加工基地, 数梦小镇): the name opens with a word
    tagged as a name, or is a coined name of single characters jieba knows no word of (数/梦;
    特色小镇, 旅游小镇, 精深加工基地 are kinds)."""
    text = doc.text[start:end]
    suffix = _suffix_at_end(text, rules.words("site_suffixes"))
    stem = text[:len(text) - len(suffix)]
    if len(stem) < 2 or doc.cuts_word(start, end) or _counted(doc, start, rules) or _generic(stem, rules) \
            or _common_word(stem, rules) or _person_glued(stem, rules) or _cut_start(doc, start, rules):
        return None
    tagged = tag(stem, rules.user_words())
    if len(stem) <= 3 and all(len(w) == 1 and p not in FUNCTION - {"m"} for w, p in tagged) \
            and _HAN.fullmatch(stem):
        return start, end                # coined: 数/梦
    if any(p in FUNCTION for _, p in tagged) or places.load(rules).lookup(stem) and tagged[0][1] not in _NAMES:
        return None                      # 南京研发基地: a place's site (阿里 nrt is the firm, not 阿里地区)
    return (start, end) if orgs.opens_with_name(tagged, rules, PROPER - {"x"}) else None


def quoted_title(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """“渔业合作联合行动计划”: a title is a noun phrase; an adverb or a pronoun inside (“必须抓紧
    制定规划”), or a count before it (“这份报告”), makes the quotation a clause someone said, not a document's name."""
    tagged = tag(doc.text[start:end], rules.user_words())
    if any(p in ("d", "r") for _, p in tagged) or tagged[0][1] in ("m", "mq", "q"):
        return None                      # (“这份报告”, “一项规划”: counted, not named)
    return start, end


def quoted_head(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """“十五五”规划: the quoted term may be a number (a plan's period), but a pronoun or an
    adverb in it (“这个”报告) makes it speech set before a noun, not a title."""
    close = max(doc.text.rfind(mark, start, end) for mark in "”」")
    tagged = tag(doc.text[start + 1:close], rules.user_words())
    return None if any(p in ("d", "r") for _, p in tagged) else (start, end)
