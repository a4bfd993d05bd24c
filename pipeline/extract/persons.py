"""Persons: which candidate spans are names, and where else the article names them.

jieba tags many words as names (施策, 白名单, 支三垒, 老二), so a name needs evidence:
- a title or a byline around it (市委书记吴新明, 记者魏志豪, (樊希萌)): the rule's pattern
  is the evidence; the name must still end on a word edge and not be a common word (记者查阅);
- alone, only a three-character word jieba does not know (its HMM made it) that the tagger
  calls a name, not counted by a number before it (2支三垒打);
- a three-character word jieba's dictionary knows as a name, right before a verb of speaking
  (马英九表示), not the end of a longer name (交银|施罗德, 勒布朗-詹姆斯);
- in a list with a name already found (胡金龙、林益全及高国辉): the others look like names;
- a transliterated foreign name, parts joined by - or · (德里克-罗斯, 迈克尔·乔丹).
"""
from __future__ import annotations

import regex

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag, token_at, token_over, tokenizer

_NAME_TAGS = {"nr", "nrfg", "nrt"}
TRANSLIT_SEP = "-·・•‧"

_HAN = regex.compile(r"\p{Han}")
_OPEN = regex.compile(r"[(]")
_GLOSS_AFTER = regex.compile(r"\p{Han}{1,3}[(]\s?[A-Z][a-z]")   # a Latin gloss one to three characters on


def list_sep(rules: RuleSet) -> regex.Pattern:
    """What joins the names of a list (、, 及, 以及): list_separators.txt."""
    return rules.compile("{list_separators}")


def _masked(name: str, rules: RuleSet) -> bool:
    """张某, 李××, 王姓: a withheld name (name_masks.txt)."""
    lex = rules.lexicons.get("name_masks")
    cols = lex.columns if lex else {}
    return any(m in name if cols.get(m, ["any"])[0] == "any" else name.endswith(m) for m in rules.words("name_masks"))


def _counted(before: str, rules: RuleSet) -> bool:
    """A count before a word makes it a measure phrase, not a name: 2支三垒打, 三名选手."""
    lex = rules.lexicons.get("numerals")
    numerals = [w for w in rules.words("numerals") if lex.columns.get(w, [""])[0] in ("digit", "small")]
    return bool(before) and (before[-1].isdigit() or before[-1] in numerals or before[-1] in rules.words("count_marks"))


def known_word(word: str, rules: RuleSet) -> bool:
    return bool(tokenizer(rules.user_words()).FREQ.get(word))


_NOT_IN_NAMES = {"v", "vn", "vd", "a", "ad", "u", "p", "c", "d", "r", "uj", "ul", "ud", "ug", "uz",
                 "uv", "y", "e", "f", "m", "q", "t", "x"}


def _common_word(name: str, rules: RuleSet) -> bool:
    """A word jieba knows as something other than a name (查阅 v, 城市 ns), or a verb or
    function word inside (查阅了): not a person."""
    tagged = tag(name, rules.user_words())
    if len(tagged) == 1:
        return known_word(name, rules) and tagged[0][1] not in _NAME_TAGS
    return any(pos in _NOT_IN_NAMES for _, pos in tagged)


def _zone(name: str, rules: RuleSet) -> bool:
    """高新区: jieba's dictionary tags it a name (nr); a word ending like a zone is none."""
    return name.endswith(tuple(rules.words("zone_suffixes")))


def _plain_reject(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    name = doc.text[start:end]
    return (len(name) < 2 or name in rules.words("non_names") or _masked(name, rules)
            or _zone(name, rules) or _common_word(name, rules))


def fit(doc: Doc, start: int, end: int) -> int | None:
    """A name pattern takes up to three characters; keep the longest that ends on a word edge."""
    for stop in range(end, start + 1, -1):
        if stop in doc.word_ends or stop == len(doc.text):
            return stop
    return None


def _glued_fit(doc: Doc, start: int, end: int, rules: RuleSet) -> int | None:
    """Where a name ends that jieba glued to the next word (洋投毕尔先发: 毕尔先发 is one
    token): the longest stop after which the rest of the token is a word jieba knows."""
    for stop in range(end, start + 1, -1):
        token = token_over(doc, stop)
        if token and token.end - stop >= 2 and known_word(doc.text[stop:token.end], rules):
            return stop
    return None


# In a given name after a title, jieba's verbs and adjectives are names' words (冯|建新,
# 伍|继承); function words, numbers and times are not.
_NOT_IN_TITLED = _NOT_IN_NAMES - {"v", "vn", "vd", "a", "ad"}
_COMMON_GIVEN = 10000    # a jieba frequency: 和平 7998, 继承 2580 name people; 成为 35966, 没有 87597 do not


def _titled_reject(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """A titled name is refused when it is a place or a common word or holds a function word;
    a surname and one word may be a verb or an adjective (冯|建新), not a reporting verb
    (市长李强调: 李 then 强调, name_verbs.txt)."""
    name = doc.text[start:end]
    if len(name) < 2 or name in rules.words("non_names") or _masked(name, rules) or _glossed_longer(doc, start, end) \
            or _zone(name, rules):
        return True
    from pipeline.extract.gazetteer import load
    if load(rules).lookup(name):
        return True                      # 领导张家港: a place after the title
    tagged = tag(name, rules.user_words())
    if len(tagged) == 1:
        return known_word(name, rules) and tagged[0][1] not in _NAME_TAGS
    surname_first = len(tagged) == 2 and tagged[0][0] in rules.word_set("surnames") \
        and tagged[0][0] not in rules.word_set("function_surnames") \
        and tagged[0][1] not in _NOT_IN_NAMES                          # 区领导全挂钩, 记者都没有, 曾说
    if not surname_first:
        return _common_word(name, rules)
    given = tagged[1][0]
    return tagged[1][1] in _NOT_IN_TITLED or given in rules.word_set("name_verbs") \
        or tokenizer(rules.user_words()).FREQ.get(given, 0) >= _COMMON_GIVEN \
        or tagged[0][1] == tagged[1][1] == "n"       # 主席成定局: two common nouns, a predicate


def with_context(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A name beside a title or in a byline: the longest that ends on a word edge and passes
    (领导李明的: 李明), else one jieba glued to the next word."""
    stops = [s for s in range(end, start + 1, -1) if s in doc.word_ends or s == len(doc.text)]
    for stop in stops or [_glued_fit(doc, start, end, rules) or start]:
        if not _titled_reject(doc, start, stop, rules):
            return start, stop
    return None


def credit(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A name a credit or byline delimits (张春海摄, (通讯员 王辉 黄春华)): jieba may glue the
    mark on or split the name (黄 | 春华), so only a withheld name or one common word is refused."""
    name = doc.text[start:end]
    if len(name) < 2 or name in rules.words("non_names") or _masked(name, rules):
        return None
    tags = tag(name, rules.user_words())
    if len(tags) == 1 and known_word(name, rules) and tags[0][1] not in _NAME_TAGS:
        return None
    return start, end


def tagged(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A name with no title: one unknown word of three characters that jieba tags as a name."""
    token = token_at(doc, start)
    if token is None or not (3 <= token.end - start <= 4) or token.end > end:
        return None
    stop = token.end - 1 if token.end - start == 4 and list_sep(rules).fullmatch(doc.text[token.end - 1]) else token.end
    name = doc.text[start:stop]          # 郭俊佑及: jieba glued the list's 及 on
    if name[0] in rules.words("function_surnames") or known_word(name, rules) or _counted(doc.text[max(0, start - 1):start], rules):
        return None
    if _translit_stump(doc, start, stop, rules):
        return None
    tags = tag(name, rules.user_words())
    if len(tags) != 1 or tags[0][1] not in ("nr", "nrfg"):
        return None
    if _plain_reject(doc, start, stop, rules):
        return None
    return start, stop


def speaker(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """马英九表示: a three-character word that jieba's dictionary knows and tags as a name, right
    before a verb of speaking (the pattern's context). Its ~46,000 such words hold many that
    are no name, so the tag alone is not enough; a speaking verb after it is a person's."""
    token = token_at(doc, start)
    if token is None or token.end != end or end - start != 3 or not known_word(doc.text[start:end], rules):
        return None
    tags = tag(doc.text[start:end], rules.user_words())
    if len(tags) != 1 or tags[0][1] not in ("nr", "nrfg") or doc.text[start] in rules.words("function_surnames") \
            or _plain_reject(doc, start, end, rules) or _inside_name(doc, start, end, rules):
        return None
    return start, end


def _inside_name(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """The end of a longer name: a proper noun or a word of our lexicons glued before it (交银|施罗德
    is a fund company), the last part of a foreign name the article spells out (勒布朗-詹姆斯), or
    a foreign name after a transliterating character (德|安东尼)."""
    prev = doc.token_ending_at(start)
    prev_tags = tag(doc.text[prev.start:start], rules.user_words()) if prev else ()
    if len(prev_tags) == 1 and prev_tags[0][1] in ("ns", "nz", "nt", "j", "x") and _HAN.match(prev_tags[0][0]):
        return True
    chars, name = rules.word_set("translit"), doc.text[start:end]
    return any(sep + name in doc.text for sep in TRANSLIT_SEP) or \
        start > 0 and all(ch in chars for ch in doc.text[start - 1:end])


def _translit_stump(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """梅德韦|杰夫: jieba cut a foreign name and tags its head as a Chinese name; the head's
    given name is all transliteration characters and so is the character after it. A stump is
    a wrong name, so none is given (the whole may come from a title or a Latin gloss)."""
    chars = rules.word_set("translit")
    return _glossed_longer(doc, start, end) or \
        end < len(doc.text) and all(ch in chars for ch in doc.text[start + 1:end + 1])


def _glossed_longer(doc: Doc, start: int, end: int) -> bool:
    """史摩伍|德(Kate Smallwood), then 史摩伍德说: somewhere in the article a longer name that
    opens with this one carries a Latin gloss, so this one is cut short. (The name stands
    right before a place where a gloss opens; those places are found once per article, not
    by compiling a pattern per name: ~4% of the entity stage.)"""
    name = doc.text[start:end]
    return any(doc.text.startswith(name, at - len(name)) for at in _gloss_starts(doc) if at >= len(name))


def _gloss_starts(doc: Doc) -> list[int]:
    """Where _GLOSS_AFTER matches in DOC's text: one to three characters before each (."""
    kept = doc.__dict__.get("_gloss_starts")
    if kept is None or kept[0] is not doc.text:
        text = doc.text
        tries = sorted({m.start() - k for m in _OPEN.finditer(text) for k in (1, 2, 3) if m.start() >= k})
        kept = doc.__dict__["_gloss_starts"] = (text, [at for at in tries if _GLOSS_AFTER.match(text, at)])
    return kept[1]


def list_member(doc: Doc, start: int, end: int, rules: RuleSet, known: set[str]) -> bool:
    """A piece of a list that holds a known name: it must look like a name itself."""
    name = doc.text[start:end]
    if name in known:
        return True
    sep = list_sep(rules).pattern
    if not (2 <= len(name) <= 3):
        return False
    if start not in doc.word_starts and not regex.search(f"(?:{sep})$", doc.text[:start]):
        return False
    if end not in doc.word_ends and not regex.match(sep, doc.text[end:]):
        return False
    return not _titled_reject(doc, start, end, rules)     # a list with a known name is a title's context


def translit(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """德里克-罗斯: at least one part of two characters; not a place (巴-以)."""
    parts = regex.split(f"[{TRANSLIT_SEP}]", doc.text[start:end])
    if max(len(p) for p in parts) < 2 or len(parts) < 2:
        return None
    return start, end


def translit_single(doc: Doc, start: int, end: int, rules: RuleSet, known: set[str]) -> tuple[int, int] | None:
    """史蒂文森, 维兰纽瓦: a foreign name in one part, only in an article that already names
    foreigners in full (two or more names with a separator); not a place, not a word jieba
    knows as something else (马拉松, 特斯拉)."""
    if not foreigners_named(known):
        return None
    name = doc.text[start:end]
    if any(name.startswith(last_part(k) or "\0") for k in known):
        return None                      # 斯塔基连续: the short form of a name already found
    if end not in doc.word_ends and _HAN.match(doc.text[end:end + 1] or " "):
        return None
    if start not in doc.word_starts and _HAN.match(doc.text[start - 1:start] or " "):
        return None
    return (start, end) if _foreign_name(name, rules) else None


def foreigners_named(known: set[str]) -> bool:
    """Two or more of the names KNOWN are foreign names in full (parts joined by a separator)."""
    return sum(1 for name in known if any(sep in name for sep in TRANSLIT_SEP)) >= 2


def titled_translit(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """克扎 after 卫生部长: a foreign name of one part, on word edges, not a place (总理巴黎之行)
    and not a word jieba knows as something else (马拉松)."""
    if start not in doc.word_starts or end not in doc.word_ends and _HAN.match(doc.text[end:end + 1] or " "):
        return None
    return (start, end) if _foreign_name(doc.text[start:end], rules) else None


def _foreign_name(name: str, rules: RuleSet) -> bool:
    """Not a place (巴黎) and not a word jieba knows as something else (马拉松): a name jieba
    knows is one only when it tags it as a name."""
    from pipeline.extract.gazetteer import load
    if load(rules).lookup(name) or name in rules.words("countries") or name in rules.words("places"):
        return False
    tags = tag(name, rules.user_words())
    return not known_word(name, rules) or (len(tags) == 1 and tags[0][1] in _NAME_TAGS)


def latin_gloss(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """梅西(Lionel Messi): as titled_translit, and the whole name: the word before is one jieba
    knows or no Chinese (乔柯|维奇 is the tail of a name), not a region's 的 (某州的安阿伯 is a
    city)."""
    before = doc.text[max(0, start - 2):start]
    if before[-1:] and before[-1] in TRANSLIT_SEP:
        return None                      # 保罗‧艾伦: the last part of a name the translit rule takes
    prev = doc.token_ending_at(start)
    if before[-1:] and _HAN.match(before[-1]) and (prev is None or not known_word(doc.text[prev.start:start], rules)):
        return None
    if regex.fullmatch(r"[州国省市县]的", before):
        return None
    return titled_translit(doc, start, end, rules)


def last_part(name: str) -> str | None:
    """The family name a transliterated name is shortened to later on (德里克-罗斯 -> 罗斯)."""
    parts = regex.split(f"[{TRANSLIT_SEP}]", name)
    return parts[-1] if len(parts) > 1 and len(parts[-1]) >= 2 else None
