"""Organisations: a name grown leftwards from the word that ends it.

The rule finds the end (统计局, 有限公司, (00845.HK)); the name runs left over the words of a
name and stops at the first word that cannot be in one: a verb, a preposition or another
function word, punctuation, or a lead word such as 记者/母公司 (记者从市发改委了解到 -> 市发改委,
被省政府表彰 -> 省政府). What is left must be more than the ending, and must hold something
proper: a place, a name, a brand jieba does not know, or a level word (市统计局, 省政府);
行业协会 and 重点布局 are not organisations.
"""
from __future__ import annotations

import regex

from pipeline.document import Doc
from pipeline.extract.gazetteer import load as gazetteer
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag, tokenizer

_PROPER = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}
_STOP = {"p", "c", "u", "d", "r", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "m", "q", "t", "tg",
         "v", "f", "x", "a", "ad", "zg", "i", "l"}
_MAX = 16
_NAME_CHAR = regex.compile(r"[\p{Han}A-Za-z0-9]")


def grow_left(doc: Doc, start: int, end: int, rules: RuleSet) -> int:
    """Where the name that ends with text[start:end] begins (start when nothing precedes)."""
    lo = start
    while lo > 0 and start - lo < _MAX and _NAME_CHAR.match(doc.text[lo - 1]):
        lo -= 1
    if lo == start:
        return start
    words = tag(doc.text[lo:start], rules.user_words())
    stops = rules.word_set("org_lead_stop", "goal", "name_verbs")    # 力争|汽车电子, 出席|省政府
    begin = start
    work = rules.word_set("org_work_verbs")     # 统计局: a verb that names a body's work
    ours = rules.word_set("user_words")       # our lexicons' words (股份有限公司) are no stop, whatever jieba tags them,
    context = rules.word_set("org_brand_after", "estate_words", "school_kinds")   # except the words that stand beside names (出货, 购房, 知名)
    for word, pos in reversed(words):
        if word in stops or pos in _STOP and not (pos == "v" and word in work) and (word not in ours or word in context):
            break
        begin -= len(word)
    return begin


def _proper(name: str, rules: RuleSet) -> bool:
    if name.startswith(tuple(rules.words("org_levels"))) or regex.search(r"[A-Za-z]", name):
        return True
    if name.endswith(tuple(rules.words("body_heads"))) and len(name) >= 3:
        return True                      # 经济部统计处: the head is a body itself
    places = gazetteer(rules)
    for word, pos in tag(name, rules.user_words()):
        if pos in _PROPER or places.lookup(word) or not tokenizer(rules.user_words()).FREQ.get(word) \
                or _listed(word, rules):
            return True
    return False


def suffix_name(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """The organisation whose name ends with the ending at [start, end)."""
    ending = doc.text[start:end]
    if len(ending) == 1 and tokenizer(rules.user_words()).FREQ.get(doc.text[start - 1:end]):
        return None                               # 布局, 格局, 物联网: the ending is inside a word
    begin = _after_glue(doc, _after_joined(doc, grow_left(doc, start, end, rules), start, rules), start, rules)
    if begin == start:
        return _school(doc, start, end, rules)
    head = doc.text[begin:start]
    suffixes = rules.lexicons["org_suffix"]
    if _a_kind(doc.text[begin:end], rules) or head in rules.word_set("scope_regions", "latin_kinds"):
        return None                               # 上市公司, 头部企业, 全国法院, QDII基金: a kind, not one body
    if "legal" in suffixes.columns.get(ending, []):
        return (begin, end) if len(head) >= 2 else None
    if "brand" in suffixes.columns.get(ending, []):
        if not brand_like(head, rules) and not ("level" in suffixes.columns[ending] and _leveled(head, rules)):
            return None
    elif not _proper(head, rules) and not (ending.endswith(tuple(rules.words("org_organs"))) and len(head) >= 4):
        return _school(doc, start, end, rules)
    if "named" in suffixes.columns.get(ending, []) and not _one_brand(head, rules):
        return None
    return begin, end


def _school(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A school named by one common word (成功大学, 政治大学, 交通大学): the ending is marked
    `school`, the word just before it is a noun or adjective of two characters (three for a
    place or name: 名古屋大学) standing after no other word of a phrase, and neither it nor the
    word after the ending says a kind ({school_kinds}: 重点大学; {school_kind_after}: 大学排名); 本大学, 这所大学
    and 考上大学 stay out."""
    if "school" not in rules.lexicons["org_suffix"].columns.get(doc.text[start:end], []) \
            or doc.text.startswith(tuple(rules.words("school_kind_after")), end):
        return None
    words = tag(doc.text[max(0, start - 8):start], rules.user_words())
    if not words:
        return None
    word, pos = words[-1]
    begin = start - len(word)
    proper = pos in ("nz", "nr", "nrt", "ns", "nt")
    if not (len(word) == 2 and pos in ("n", "a") or len(word) in (2, 3) and proper) \
            or word in rules.word_set("school_kinds") or begin not in doc.word_starts \
            or len(words) > 1 and words[-2][1] not in _STOP:
        return None
    return begin, end


def _a_kind(name: str, rules: RuleSet) -> bool:
    """A kind of organisation (上市公司), or a kind of four characters or more with a modifier
    before it that is no name (全国性地产公司, 总额占到上市公司); 宏昌地产公司 is a company, and
    a short kind (公司, 政府) ends every name."""
    for kind in rules.words("non_orgs"):
        if name == kind or len(kind) >= 4 and name.endswith(kind) and not brand_like(name[:-len(kind)], rules):
            return True
    return False


def _leveled(head: str, rules: RuleSet) -> bool:
    """The name opens with a level of government (中央, 国家, 市) and says more than the level
    (市中心 is the city's centre), not a whole territory (全国)."""
    levels = tuple(rules.words("org_levels"))
    return head.startswith(levels) and head not in levels and not head.startswith(tuple(rules.words("scope_regions")))


def _after_joined(doc: Doc, begin: int, start: int, rules: RuleSet) -> int:
    """A name never runs over another name's ending and the conjunction after it: in
    宏昌集团和锦澜集团 the second name starts after 和 (jieba glues 和锦澜 into one word)."""
    head = doc.text[begin:start]
    endings = tuple(rules.words("org_suffix"))
    cuts = [m.end() for sep in rules.words("list_separators") if sep in head
            for m in regex.finditer(regex.escape(sep), head) if head[:m.start()].endswith(endings)]
    return begin + max(cuts, default=0)


def _after_glue(doc: Doc, begin: int, start: int, rules: RuleSet) -> int:
    """Where the name starts once a function word that jieba glued into a guessed word is left
    out: 签约方为宏昌集团 -> 宏昌集团 (jieba's 方为宏昌), 哲学的林郑月娥政府 -> 林郑月娥政府."""
    glue, freq = rules.word_set("org_glue"), tokenizer(rules.user_words()).FREQ
    cut, pos = begin, begin
    for word, _ in tag(doc.text[begin:start], rules.user_words()):
        if not freq.get(word):
            for i, ch in enumerate(word):
                if ch in glue and start - (pos + i + 1) >= 2:
                    cut = pos + i + 1
        pos += len(word)
    return cut


def _one_brand(head: str, rules: RuleSet) -> bool:
    """The name before 地产 is one brand: not a bare place (北京地产 is a market), not two names
    joined (华南城和恒盛), not a person's name glued on (王蓓润泽: a caption's staff list)."""
    if gazetteer(rules).lookup(head) or head in rules.words("countries"):
        return False
    words = tag(head, rules.user_words())
    if len(words) > 2 or any(sep in head[1:] for sep in rules.words("list_separators")):
        return False
    return not (len(words) > 1 and words[0][1] in ("nr", "nrfg"))


def opens_with_name(words, rules: RuleSet, proper=_PROPER) -> bool:
    """The first of the tagged WORDS is tagged as a name or is unknown to jieba (沃太, 度亘)."""
    if not words:
        return False
    first, pos = words[0]
    return pos in proper or not tokenizer(rules.user_words()).FREQ.get(first) or _listed(first, rules)


def _listed(word: str, rules: RuleSet) -> bool:
    """A listed company's or a known brand's short name: jieba knows it only from our lexicons
    (国科微电子 opens with 国科微, 摩根大通银行 with 摩根大通), so it is a name whatever jieba tags it."""
    return word in rules.word_set("listed_cn", "listed_tw", "org_brands")


def brand_like(text: str, rules: RuleSet) -> bool:
    """A company's name before 科技/能源/集团: it opens with a name, and no later word is a
    verb or a function word (狠抓项目 is no name)."""
    words = tag(text, rules.user_words())
    return opens_with_name(words, rules) and not any(p in _STOP for _, p in words[1:])


def plain_name(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A name the pattern already delimits (teams in a score line, an enumeration's member)."""
    start = trim_lead(doc, start, end, rules.words("org_lead_stop"))
    name = doc.text[start:end]
    if len(name) < 2 or name in rules.words("non_orgs") or doc.cuts_word(start, end):
        return None
    return start, end


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
    if doc.cuts_word(start, end) and not _known_end(doc, start, end) or _given_name(doc, start, rules):
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


def _known_end(doc: Doc, start: int, end: int) -> bool:
    """jieba glues a brand to the next character (三星与 is no word, but 小米在 may be read as
    one): the name still stands when it starts a word and the next character is a function word."""
    return start in doc.word_starts and doc.text[end:end + 1] in "与和及、,在为的是将也已"


def _member_at_end(text: str, rules: RuleSet) -> int:
    """The length of a list member that TEXT ends with (a Latin name or a brand), 0 if none."""
    m = regex.search(r"(?<![A-Za-z0-9&])[A-Z][A-Za-z0-9&]{1,15}$", text)
    if m:
        return len(m.group())
    return max((len(b) for b in rules.words("org_brands") if text.endswith(b)), default=0)


def _member_at_start(text: str, rules: RuleSet) -> int:
    m = regex.match(r"[A-Z][A-Za-z0-9&]{1,15}(?![A-Za-z0-9&])", text)
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
