"""Places: China's divisions from the gazetteer, towns and zones, countries and regions; and
which division a name means, read from the whole article.

- A full division name (南通市, 通州区, 巩义市) is a place wherever it stands on word edges.
- A short name (南通, 通州) is one when jieba does not know the word as something else
  (和平, 新兴, 将军 are words before they are districts); a county's short name also needs
  the article to name its prefecture or province (江海, 大关, 太平 are words too often).
- A word of non_places that starts with the name vetoes it (北京时间).
- A town (…镇, …乡, …街道) or a zone (…高新区, …经开区) is a place when its name is one.
- `admin_code`: the division the name means; where several share it (Beijing's and Nantong's
  通州区), the one whose province or prefecture the article names most. Unsure: no code.
"""
from __future__ import annotations

import regex

from pipeline.document import Doc
from pipeline.extract.gazetteer import Division, load
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag, token_at, token_over, tokenizer

_FUNCTION = {"u", "p", "c", "d", "r", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "m", "q"}
_PLACE_TAGS = {"ns", "nz", "nt", "j"}


_COMMON = 3000   # jieba frequency of a word too common to be a level word glued on by chance


def _edges(doc: Doc, start: int, end: int, rules: RuleSet | None = None) -> bool:
    after = token_at(doc, end - 1)
    glued = after is not None and after.end == end + 1           # 海滨/市前: jieba glued the suffix on
    if glued and rules is not None and (tokenizer(rules.user_words()).FREQ.get(after.word) or 0) >= _COMMON:
        glued = False                    # 新城/区域, 南通/市场: the level word opens a common word
    return start in doc.word_starts and (end in doc.word_ends or glued)


def _stop_words(rules: RuleSet) -> frozenset[str]:
    return rules.word_set("subject_regions", "non_places")


def gazetteer_name(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """The longest division name that starts at START and stands on word edges."""
    if start not in doc.word_starts:
        return None
    gaz = load(rules)
    for stop in range(min(end, start + gaz.longest), start + 1, -1):
        name = doc.text[start:stop]
        if name not in gaz.full and name not in gaz.short:
            continue
        if name in _stop_words(rules) or not _edges(doc, start, stop, rules) or _demonym(doc, stop, rules) \
                or _inside_non_place(doc, start, stop, rules):
            continue
        if name in gaz.full or _short_ok(doc, name, gaz.short[name], rules):
            return start, stop
    return None


def _short_ok(doc: Doc, name: str, divisions: list[Division], rules: RuleSet) -> bool:
    tags = tag(name, rules.user_words())
    pos = tags[0][1] if len(tags) == 1 else None
    known = bool(tokenizer(rules.user_words()).FREQ.get(name))
    # A city's name that jieba tags as a plain noun is still the city (烟台, 合肥, 银川: n);
    # a county's is a word first (和平 (n), 将军 (n)), and so is any other tag (新兴 (a), 开封 (v)).
    city = any(d.level < 3 for d in divisions)
    if known and pos not in _PLACE_TAGS and pos not in ("nr", "nrt") and not (city and pos == "n"):
        return False
    if city and (pos in _PLACE_TAGS or pos == "n" or not known):
        return True
    if any(d.level < 3 for d in divisions) and pos in ("nr", "nrt") and len(name) >= 3:
        return True                      # 景德镇 (nr); a two-character one (阿里) needs its province
    return any(_mentions(doc, p, rules) for d in divisions for p in d.parents)


def _mentions(doc: Doc, code: str, rules: RuleSet) -> int:
    div = load(rules).by_code.get(code)
    if div is None:
        return 0
    return sum(doc.text.count(n) for n in {div.name, div.short} if n)


def town(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """北山口镇, 紫荆路街道: the suffix is not the tail of another word (小镇, 重镇, 城乡),
    and the name before it is not a common word (特色小镇)."""
    # The rule's pattern says which endings make a town; a rule that adds one (村) is read
    # with its last character as the ending rather than crashing on an ending listed here.
    name = doc.text[start:end]
    suffix = next((s for s in _longest_first(rules, "town_suffixes") if name.endswith(s)), name[-1:])
    stem = doc.text[start:end - len(suffix)]
    if start not in doc.word_starts or len(stem) < 2 or doc.text[start:end] in _stop_words(rules):
        return None
    split = end - len(suffix)
    inside = token_over(doc, split)
    # (a rare word such as 口镇 in 夹津口镇 is jieba's guess, not a word of the text)
    if inside and (tokenizer(rules.user_words()).FREQ.get(inside.word) or 0) >= 50 and inside.start >= start:
        if tag(inside.word, rules.user_words())[0][1] != "ns":
            return None                  # 小镇, 古镇, 重镇 end a common word
    over = token_over(doc, end)
    if end not in doc.word_ends and not (over and over.start >= start):
        return None
    if over and over.start < split and over.end > end:
        return None                      # 城镇职工, 城乡之间: the ending is inside one word
    if over and over.start == split and over.end > end and tag(over.word, rules.user_words())[0][1][:1] in ("v", "a"):
        return None                      # 保持镇定, 实施镇压: the ending opens a verb
    tagged = tag(stem, rules.user_words())
    if any(p in _FUNCTION for _, p in tagged):
        return None
    if len(tagged) == 1 and tokenizer(rules.user_words()).FREQ.get(stem) and tagged[0][1] not in _PLACE_TAGS | {"nr", "nrt"}:
        return None                      # 特色镇
    return start, end


def village(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """杨柳村, 石桥社区: a town's tests, and the name before the ending is one or two words none
    of which is a verb or an adjective (打造智慧社区, 改造城中村 are a phrase, not a name)."""
    if town(doc, start, end, rules) is None:
        return None
    name = doc.text[start:end]
    suffix = next(s for s in _longest_first(rules, "town_suffixes") if name.endswith(s))
    stem = name[:-len(suffix)]
    inside = token_over(doc, end - len(suffix))
    if inside and start < inside.start < end - len(suffix) \
            and (tokenizer(rules.user_words()).FREQ.get(inside.word) or 0) >= 50:
        return None                      # 卫生部农村: the ending closes a common word (农村)
    over = token_over(doc, end)
    if over and over.start > start:
        return None                      # 农村卫生 runs on past the ending
    if stem in rules.words("village_modifiers") or any(d.level < 3 for d in load(rules).lookup(stem)):
        return None                      # 智慧社区 describes; 台湾社区 is no village's name
    tagged = tag(stem, rules.user_words())
    if len(tagged) > 2 or any(p[:1] in ("v", "a") for _, p in tagged):
        return None
    return start, end


def road(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """中山西路, 世纪大道, 广渠路15号: a named road; the pattern gives the context (a direction,
    an address, a list of roads). 道路, 公路, 丝绸之路 close a common word; 走上大街 opens
    with a verb; a name before a road is the road's, not a place of its own (中山西路)."""
    name = doc.text[start:end]
    suffix = next((s for s in _longest_first(rules, "road_suffixes") if name.endswith(s)), None)
    if suffix is None or start not in doc.word_starts or len(name) - len(suffix) < 2:
        return None
    split = end - len(suffix)
    # a direction and an ordinal belong to the ending (中山南二路): the name is before them
    core = start + len(doc.text[start:split].rstrip("一二三四五六七八九").rstrip("东西南北中"))
    if core - start < 2:
        return None                      # 江东路, 南北路: too little name to tell
    words = tokenizer(rules.user_words()).FREQ
    inside = token_over(doc, split)
    if inside and inside.start < min(split, core) and (words.get(inside.word) or 0) >= 50 \
            and tag(inside.word, rules.user_words())[0][1] != "ns":
        return None                      # 道路, 丝绸之路: the ending closes a common word
    whole = tag(name, rules.user_words())
    if len(whole) == 1 and whole[0][1] == "ns":
        return start, end                # 延安路, 中山西路: jieba knows the road
    if _led_by_place(doc, start, core, rules):
        return None                      # 伦敦牛津大街, 县城黄河路: the road starts later
    stem = tag(doc.text[start:core], rules.user_words())
    if any(p in _FUNCTION for _, p in stem) or stem[0][1][:1] in ("v", "a", "d"):
        return None
    return start, end


def _led_by_place(doc: Doc, start: int, core: int, rules: RuleSet) -> bool:
    """A place's name (宝山区, 伦敦), a time word (日前) or a common noun (县城, with two characters
    or more after it) opens the name: the road's own name starts after it, where the rule tries again."""
    gaz, lexicon = load(rules), rules.word_set("places", "countries", "world_cities")
    words = tokenizer(rules.user_words()).FREQ
    for b in range(start + 1, core):
        head = doc.text[start:b]
        if b not in doc.word_starts:
            continue
        if head in gaz.full or head in gaz.short or head in lexicon:
            return True
        pos = tag(head, rules.user_words())[0][1]
        if pos == "t" or pos == "n" and (words.get(head) or 0) >= 1000 and core - b >= 2:
            return True                  # 日前广渠路, 县城黄河路
    return False


def water(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """黄浦江, 鄱阳湖, 地中海: a river, lake, sea or island that jieba's dictionary has as a place
    word and the text has as one word;
    a division's name is the gazetteer's (黑龙江), and an idiom (人山人海, 得意洋洋) repeats a character."""
    name = doc.text[start:end]
    gaz = load(rules)
    if len(name) < 3 or len(set(name)) < len(name) or name in gaz.full or name in gaz.short:
        return None
    word = token_at(doc, start)
    if word is None or word.end != end or name in _stop_words(rules):
        return None                      # 中国海外: the text's word is another
    tagged = tag(name, rules.user_words())
    # a name jieba only guesses (京何海, a person's) is not one it knows
    if len(tagged) != 1 or tagged[0][1] != "ns" or (tokenizer(rules.user_words()).FREQ.get(name) or 0) < 5:
        return None
    return start, end


def zone(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """南通高新区: a zone's name starts with a place's name; find where."""
    return _after_place(doc, start, end, rules, "zone_suffixes", strict=False)


def landmark(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """桃园国际机场, 高雄港, 屏东火车站: a port or station named by its place."""
    return _after_place(doc, start, end, rules, "landmark_suffixes", strict=True)


def _after_place(doc: Doc, start: int, end: int, rules: RuleSet, suffixes: str, strict: bool) -> tuple[int, int] | None:
    """A name that ends with a word of SUFFIXES and starts with a place's name on a word start;
    STRICT: a short name must pass as a place on its own (新建机场 is a new airport)."""
    name = doc.text[start:end]
    suffix = next((s for s in _longest_first(rules, suffixes) if name.endswith(s)), None)
    if suffix is None:
        return None
    head_end = end - len(suffix)
    gaz, lexicon = load(rules), rules.word_set("places", "countries", "world_cities")

    def place(head: str) -> bool:
        return head in gaz.full or head in lexicon or head in gaz.short and (not strict or _short_ok(doc, head, gaz.short[head], rules))
    for s in range(start, head_end - 1):
        head = doc.text[s:head_end]
        if s not in doc.word_starts:
            continue
        if place(head) or any(place(head[:k]) and place(head[k:]) for k in range(2, len(head) - 1)):
            return s, end                # 上海浦东国际机场: a city and its district
    return None


def glossed(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """南特(Nantes)、波尔多(Bordeaux)等城市: a name glossed in Latin letters in a list that
    closes on a kind of place; the pattern sees the list, this finds where the name opens:
    at the first word start after any function word (至南特 -> 南特), never a single character."""
    for s in range(start, end - 1):
        if s in doc.word_starts and not any(p in _FUNCTION for _, p in tag(doc.text[s:end], rules.user_words())):
            return s, end
    return None


def _longest_first(rules: RuleSet, lexicon: str) -> list[str]:
    return sorted(rules.words(lexicon), key=len, reverse=True)


def _inside_non_place(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """北京时间: a longer word of non_places starts here."""
    return any(len(w) > end - start and doc.text.startswith(w, start) for w in rules.words("non_places"))


def _demonym(doc: Doc, end: int, rules: RuleSet) -> bool:
    """美国人, 南通人: a people, not the place (人民, 人口, 人大 are other words): demonyms.txt."""
    lex = rules.lexicons.get("demonyms")
    if lex is None:
        return False
    kinds = {w: (lex.columns.get(w) or ["people"])[0] for w in lex.entries}
    longest = next((w for w in sorted(kinds, key=len, reverse=True) if doc.text.startswith(w, end)), None)
    return longest is not None and kinds[longest] == "people"


def lexicon_place(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    if not _edges(doc, start, end) or doc.text[start:end] in _stop_words(rules) or _demonym(doc, end, rules) \
            or _inside_non_place(doc, start, end, rules) or _foreign_tail(doc, start, end, rules):
        return None
    return start, end


def _foreign_tail(doc: Doc, start: int, end: int, rules: RuleSet) -> bool:
    """西欧 in 帕拉西欧 (Fernando Palacio): the place opens with a transliterating character, two
    more stand right before it, and the article glosses that whole name in Latin letters once:
    the tail of a foreign name jieba cut apart (纽约伦敦, 爱格德国工厂 have no gloss)."""
    if start < 2 or not all(ch in rules.word_set("translit") for ch in doc.text[start - 2:start + 1]):
        return False
    return regex.search(regex.escape(doc.text[start - 2:end]) + r"\s?[(（]\s?[A-Za-z]", doc.text) is not None


def place_across(doc: Doc, pos: int, rules: RuleSet) -> int | None:
    """Where a division's name of three characters or more starts that runs across pos
    (新北市 across 北: jieba cuts 新|北市 where the user word 北市 ends it), else None; shorter
    forms are too often parts of other words (之前|金域华府)."""
    return _across(doc, rules).get(pos)       # (each organisation's ending asks: one look-up)


def _across(doc: Doc, rules: RuleSet) -> dict[int, int]:
    """pos -> the first start b of a division's name [b, e) of three characters or more with
    b < pos < e, pos - 3 <= b and e <= pos + 4 (what place_across looks for), once per article."""
    kept = doc.__dict__.get("_across")
    if kept is None or kept[0] is not doc.text or kept[1] is not rules:
        across: dict[int, int] = {}
        for b, e in division_spans(doc, rules):
            for pos in range(max(b + 1, e - 4), min(e - 1, b + 3) + 1) if e - b >= 3 else ():
                across[pos] = min(b, across.get(pos, b))
        kept = doc.__dict__["_across"] = (doc.text, rules, across)
    return kept[2]


def division_spans(doc: Doc, rules: RuleSet) -> frozenset[tuple[int, int]]:
    """(start, end) of every division's name in DOC (gazetteer.spans), found once per article."""
    kept = doc.__dict__.get("_division_spans")
    if kept is None or kept[0] is not doc.text or kept[1] is not rules:
        kept = doc.__dict__["_division_spans"] = (doc.text, rules, load(rules).spans(doc.text))
    return kept[2]


def admin_code(doc: Doc, name: str, rules: RuleSet) -> str | None:
    """The code of the division NAME means in this article, or None when unsure."""
    divisions = load(rules).lookup(name)
    if len(divisions) == 1:
        return divisions[0].code or None         # a Taiwanese township has no code of its own
    scored = sorted(((sum(_mentions(doc, p, rules) for p in d.parents), d.code) for d in divisions), reverse=True)
    if scored and scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] > scored[1][0]):
        return scored[0][1] or None
    return None
