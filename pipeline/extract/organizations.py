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
from pipeline.extract import places
from pipeline.extract.org_lists import brand, latin_member, leveled, media_word, nested, plain_name, trim_lead  # noqa: F401  (entities.py calls orgs.*)
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag, tag_from_right, token_at, token_over, tokenizer

_PROPER = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "eng"}
_STOP = {"p", "c", "u", "d", "r", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "m", "q", "t", "tg",
         "v", "f", "x", "a", "ad", "zg", "i", "l"}
_MAX = 16
# (the leftmost start from which the window holds only these up to its end: the whole run)
_NAME_RUN = regex.compile(r"[\p{Han}A-Za-z0-9]+\Z")
_COUNTED = regex.compile(r"[0-9一二两三四五六七八九十几多各]")     # a count of bodies opens the word


def grow_left(doc: Doc, start: int, end: int, rules: RuleSet) -> int:
    """Where the name that ends with text[start:end] begins (start when nothing precedes)."""
    begin = _grow(doc, start, rules)
    return _joins_kept(doc, begin, start, rules)


def _grow(doc: Doc, start: int, rules: RuleSet) -> int:
    run = _NAME_RUN.search(doc.text, max(0, start - _MAX), start)   # the name's characters up to start
    if run is None:
        return start
    lo = run.start()
    stops = rules.word_set("org_lead_stop", "goal", "name_verbs")    # 力争|汽车电子, 出席|省政府
    begin = start
    # 统计局: a verb that names a body's work; 卫生及公共服务部: a join, checked by _joins_kept
    work_or_join = rules.word_set("org_work_verbs", "org_joins")
    ours = rules.word_set("user_words")       # our lexicons' words (股份有限公司) are no stop, whatever jieba tags them,
    # except the words that stand beside names (出货, 购房, 知名), modal verbs (是否能够|调整政府)
    # verbs of what a thing is taken to be (作为|华安基金公司) and link verbs (来到|湖南大学)
    context = rules.word_set("org_brand_after", "estate_words", "school_kinds", "modal_verbs", "disposal_verbs", "link")
    # from the ending leftwards, each word tagged when reached: the walk stops at the first
    # word no name holds, and the words before it need no tags (the Viterbi's runs mostly)
    for word, pos in tag_from_right(doc.text[lo:start], rules.user_words()):
        # a time word stops it even when ours (昨天|国家林业局)
        if word in stops or pos in ("t", "tg") or pos in _STOP and not (pos in ("v", "c") and word in work_or_join) \
                and (word not in ours or word in context):
            break
        begin -= len(word)
    return begin


def _joins_kept(doc: Doc, begin: int, start: int, rules: RuleSet) -> int:
    """A conjunction inside a name (美国卫生及公共服务部, 食品暨药物管理局) stays only where the
    name opens with a country or place and no place stands just before the conjunction; else
    the name starts after it (市场和市统计局 -> 市统计局, 北京和上海统计局 -> 上海统计局)."""
    joins, head = rules.word_set("org_joins"), doc.text[begin:start]
    if not any(join in head for join in joins):
        return begin                      # no word of the head can be a conjunction: no tags needed
    words = tag(head, rules.user_words())
    places = gazetteer(rules)
    is_place = lambda w: bool(places.lookup(w)) or w in rules.word_set("countries")
    pos, cut, opened = begin, None, bool(words) and is_place(words[0][0])
    levels = tuple(rules.words("org_levels"))
    for i, (word, _) in enumerate(words):
        pos += len(word)
        after = words[i + 1][0] if i + 1 < len(words) else doc.text[start:start + 1]
        if word in joins and (not opened or i == 0 or is_place(words[i - 1][0])
                              or is_place(after) or after.startswith(levels)):
            cut = pos                     # 加拿大联邦及省政府: two bodies, the second one's level after 及
    return begin if cut is None else cut


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
    """The organisation whose name ends with the ending at [start, end); where jieba knows the
    name ending so as one word (国家禁毒委员会, 英国卫生|安全局), grown from that word's start."""
    ending, freq = doc.text[start:end], tokenizer(rules.user_words()).FREQ
    opened = token_at(doc, start)
    if opened and opened.end > end and freq.get(opened.word) and (
            len(ending) == 1 or opened.word[len(ending):] in rules.word_set("agent_suffixes")):
        return None                               # 署|网站, 有关|部门, 银行|家: the ending opens a longer word
    around = token_over(doc, start)
    if around and around.end > end and around.word in rules.word_set("user_words"):
        return None                               # 上证基金指数: inside a name our lexicons hold (an index)
    inner = _closed_word(doc, start, end, rules)
    if inner is None and len(ending) == 1 and freq.get(doc.text[start - 1:end]):
        return None                               # 布局, 格局, 物联网: the ending is inside a word
    found = _named(doc, _begin(doc, start, start, end, rules), start, end, rules)
    if inner is None or found and (found[0] in doc.word_starts or found[0] <= inner or _place_before(doc, inner, found[0], rules)):
        return found            # 首都|师范大学 (首都 out of context is an adverb) starts inside 首都师范大学;
    begin = _begin(doc, inner, start, end, rules)     # 美国|芝加哥大学 does not: a place opens jieba's word
    if begin == inner and not doc.text.startswith(tuple(rules.words("org_levels")), inner):
        return _bare_in_speech(doc, inner, end, rules)   # 中小银行, 英国大学: jieba's word alone is a kind
    return _named(doc, begin, start, end, rules)


def _place_before(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """doc.text[start:end] is a place's name as jieba tags it (美国 in 美国芝加哥大学)."""
    return all(pos == "ns" for _, pos in tag(doc.text[start:end], rules.user_words()))


def _bare_in_speech(doc: Doc, begin: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """交通局表示: a body's word alone, which elsewhere is a kind, names the one body the copy is
    about where that body speaks ({org_speech_after}); only a word jieba tags as a body (nt:
    not 中小银行), not after a kind's mark (各统计局表示)."""
    tags = tag(doc.text[begin:end], rules.user_words())
    if len(tags) != 1 or tags[0][1] != "nt" or _kind_marked(doc, begin, rules) \
            or not doc.text.startswith(tuple(rules.words("org_speech_after")), end):
        return None
    return begin, end


def _begin(doc: Doc, grow_from: int, start: int, end: int, rules: RuleSet) -> int:
    begin = grow_left(doc, grow_from, end, rules)
    begin = _after_glue(doc, _after_joined(doc, begin, start, rules), start, rules)
    across = places.place_across(doc, begin, rules)
    return begin if across is None else across   # 新|北市政府: the name takes the whole place


def _named(doc: Doc, begin: int, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """The name at [begin, end) with the ending at [start, end), if it is one body's."""
    ending = doc.text[start:end]
    if begin == start:
        return _school(doc, start, end, rules)
    if _kind_marked(doc, begin, rules):
        return None                               # 各地方政府卫生局, 各市统计局: every such body, no one
    head = doc.text[begin:start]
    suffixes = rules.lexicons["org_suffix"]
    if _a_kind(doc.text[begin:end], rules) or head in rules.word_set("scope_regions", "latin_kinds") \
            or rules.compile("(?:{numeral_run})(?:{classifiers}|{org_rank_words})").match(head):   # 十大, 两家 (三一 is a name)
        return None                               # 上市公司, 头部企业, 全国法院, QDII基金, 十大基金: a kind, not one body
    if "legal" in suffixes.columns.get(ending, []):
        return (begin, end) if len(head) >= 2 else None
    if "brand" in suffixes.columns.get(ending, []):
        if not brand_like(head, rules) and not ("level" in suffixes.columns[ending]
                                                 and (_leveled(head, rules) or _foreign(head, rules))):
            return None
    elif not _proper(head, rules) and not (ending.endswith(tuple(rules.words("org_organs"))) and len(head) >= 4):
        return _school(doc, start, end, rules)
    if "named" in suffixes.columns.get(ending, []) and not _one_brand(head, rules):
        return None
    if "state" in suffixes.columns.get(ending, []) and not _state_owned(head, rules):
        return None
    if "media" in suffixes.columns.get(ending, []) and not _media_head(head, rules):
        return None
    return begin, end


def _media_head(head: str, rules: RuleSet) -> bool:
    """A paper's name before 商报/时报: one or two words, each a place, a name or unknown to jieba
    (成都|商报); a headline run into the byline (线路调整|晨报讯) has a common word."""
    words, freq = tag(head, rules.user_words()), tokenizer(rules.user_words()).FREQ
    return len(words) <= 2 and all(pos in _PROPER or not freq.get(word) for word, pos in words)


def _closed_word(doc: Doc, start: int, end: int, rules: RuleSet) -> int | None:
    """Where the jieba word that the ending closes starts, when that word is itself a body's
    name: jieba tags it an organisation (英国卫生|安全局) or a longer ending closes two
    characters or more (国家禁毒委员会 is one word); 布局 and 物联网 are ordinary words. The
    name must then run left of that word or open with a level (suffix_name)."""
    token = token_over(doc, start)
    if token is None or token.end != end or token.word in rules.word_set("non_orgs") \
            or _COUNTED.match(token.word):
        return None                               # 上市公司 is a kind; 两国政府 is two bodies
    tags = tag(token.word, rules.user_words())
    if len(tags) == 1 and tags[0][1] == "nt" or end - start >= 2 and start - token.start >= 2:
        return token.start
    return None


def _kind_marked(doc: Doc, begin: int, rules: RuleSet) -> bool:
    """A word before the name that makes it every body of a kind ({org_kind_marks}: 各, 每)."""
    marks = tuple(rules.words("org_kind_marks"))
    return doc.text[max(0, begin - 4):begin].endswith(marks) or \
        doc.text.startswith(tuple(m for m in marks if len(m) >= 2), begin)       # 市级财政部门


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
    kinds = rules.word_set("non_orgs")         # (each ending of the name looked up, not each kind tried)
    return name in kinds or any(name[-n:] in kinds and not brand_like(name[:-n], rules)
                                for n in range(4, len(name)))


def _leveled(head: str, rules: RuleSet) -> bool:
    """The name opens with a level of government (中央, 国家, 市) as a word of its own (not 市场)
    and says more than the level (市中心 is the city's centre), not a whole territory (全国)."""
    levels = tuple(rules.words("org_levels"))
    first, pos = tag(head, rules.user_words())[0] if head else ("", "")
    if first not in levels and pos not in _PROPER:
        return False                     # 市场研究部: 市场 is a word, not the city's level
    return head.startswith(levels) and head not in levels and not head.startswith(tuple(rules.words("scope_regions")))


def _state_owned(head: str, rules: RuleSet) -> bool:
    """A department of a state (美国卫生及公共服务部, 广东省委宣传部, 国家环保部): the name opens
    with a level or a country, or with a place and its party committee; a firm's 研究部 or
    营业部 (北京营业部) is a unit, not a body."""
    places = gazetteer(rules)
    return _leveled(head, rules) or _foreign(head, rules) or \
        any(places.lookup(head[:i]) and "委" in head[i:i + 2] for i in range(2, len(head)))  # 广东省委宣传部


def _foreign(head: str, rules: RuleSet) -> bool:
    """A foreign government's body (美国疾病管制暨预防中心): the name opens with a country and
    holds no verb or function word but those that name a body's work."""
    words = tag(head, rules.user_words())
    work = rules.word_set("org_work_verbs", "org_joins")
    return len(words) > 1 and words[0][0] in rules.word_set("countries") \
        and not any(p in _STOP and w not in work or _COUNTED.match(w) for w, p in words[1:])   # 三国内务部


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
    if not glue.intersection(doc.text[begin:start]):
        return begin                      # no glue character to leave out: no tags needed
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
