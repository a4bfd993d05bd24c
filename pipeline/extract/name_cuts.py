"""Where an indicator's words end or begin, before subject and context are looked at.

Each cut takes the words of a candidate name (jieba's, as (start, end) pairs) and returns the
ones that can name what is measured: per whom (每人每年), whom a causative acts on (使|5万人),
which member a superlative picks (净值增长率最低的|基金甲), the clock time of a clause
(收盘时|涨幅). Every word consulted is in a lexicon or a pattern under rules/.
"""
from __future__ import annotations

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag

# Parts of speech that do not open an indicator (prepositions, pronouns, conjunctions,
# particles: 由目前的, 这, 和) and that do not close one (particles: 的, 了).
# Adverbs and 比 stay: jieba tags 高新 as an adverb and 比 in 占比 as a preposition.
_NO_OPEN = {"p", "r", "c", "u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e"}
_NO_CLOSE = {"u", "uj", "ul", "uz", "ug", "ud", "uv", "y", "e"}
# A single adverb, numeral or measure word is no indicator (逆势同比增长11%: the subject is in
# the clause before; 是次刚好达…: 次 is "this time").
_ADVERBS = {"d", "vd", "ad", "m", "q", "mq"}

# 企业“A”“B”和“C”需求: quoted items, joined by 、 or a conjunction of list_and.txt
_QUOTED_LIST = r"([^“”]*)(?:“[^“”]+”(?:、|{list_and})?){2,}([^“”]+)"


def word_text(doc: Doc, word: tuple[int, int]) -> str:
    return doc.text[word[0]:word[1]]


def before_rank(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """净值增长率最低的|基金甲(仅有1.4%): a measure's name, a superlative and 的 (rank_one in
    patterns.toml) pick the member that holds the figure; the measure is what is reported.
    When what follows 的 is itself a measure (收益率最低的基金甲净值增长率) that one is. A bare
    move (涨幅最大的基金甲: bare_rate_words.txt) ranks subjects by it, and a place or a
    subject ranked (人口最多的甲州) names no measure: those words are left to the other steps."""
    rank = rules.compile("(?:{rank_one})")
    for i in range(1, len(words) - 2):
        if word_text(doc, words[i + 1]) == "的" and rank.fullmatch(word_text(doc, words[i])):
            if word_text(doc, words[i - 1]) in rules.word_set("bare_rate_words"):
                return words
            measures = tuple(rules.words("indicator_heads")) + tuple(rules.words("growth_names"))
            if word_text(doc, words[-1]).endswith(measures):
                return words[i + 2:]
            return words[:i] if word_text(doc, words[i - 1]).endswith(measures) else words
    return words


def after_when(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """中午收盘时|涨幅, 记者发稿时|股价: a clause ended by a word of when (when_marks.txt) dates
    the figure; it names nothing measured. The name is the words after it."""
    marks = rules.word_set("when_marks")
    cut = max((i for i, w in enumerate(words[:-1]) if word_text(doc, w) in marks), default=None)
    return words[cut + 1:] if cut is not None else words


def before_per_tail(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """筹资水平要达到每人每年|100元: a run of 每 + one character (每人, 每年, 每户) right before the
    figure says per whom or per when, not what is measured: the name stands before it. A rate
    per head (每万人, per_rate) is a name of its own."""
    per = rules.compile(r"(?:(?:{per_marks})\p{Han})+")      # 每人, 每年, 每人每年 (one jieba word)
    i = len(words)
    while i > 0 and per.fullmatch(word_text(doc, words[i - 1])) and not per_rate(doc.text, words[i - 1][0], rules):
        i -= 1
    return words[:i]        # a run alone names nothing: 达到每人每年150元 continues the name before


def per_rate(text: str, pos: int, rules: RuleSet) -> bool:
    """A rate per head opens at POS: 每 (per_marks.txt), a number and a head (per_heads.txt:
    每万人, 每十万人口, 每千名)."""
    # (asked at every word of every candidate: the pattern runs only where a mark stands)
    marks = tuple(rules.words("per_marks"))
    return (not marks or text.startswith(marks, pos)) and rules.compile(
        "(?:{per_marks}){sp}(?:(?:{num})(?:{magnitude})?|{magnitude})(?:{per_heads})").match(text, pos) is not None


def before_causative(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """这些款物使|5万人受益: after a causative the figure counts whom the subject acts on; the
    words before it measure nothing of that figure."""
    return [] if words and word_text(doc, words[-1]) in rules.word_set("causatives") else words


def quoted_list_head(name: str, rules: RuleSet) -> str:
    """企业“技术改造”“科技创新”和“上市融资”需求 counts 需求 of 企业: a list of quoted items
    names kinds of the head noun that follows them."""
    if name.count("“") < 2:
        return name            # (no two quoted items: every name is asked, few have them)
    m = rules.compile(_QUOTED_LIST).fullmatch(name)
    return (m.group(1) + m.group(2)) if m else name


def paired(name: str) -> str:
    """The name without a quote mark that opens or closes nothing inside it (资金“弹药 -> 资金弹药:
    the name ends inside the quotation)."""
    if name.count("“") != name.count("”"):
        name = name.replace("“", "").replace("”", "")
    return name


def trim_function_words(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """Drop prepositions, pronouns, adverbs and particles at either end (POS-tagged: the span
    is a few words, so the slow tagger costs little here)."""
    if not words:
        return words
    text = doc.text[words[0][0]:words[-1][1]]
    tagged = tag(text, rules.user_words())
    first, last = 0, len(tagged)
    # our own lexicons' words are never trimmed: jieba tags 接单 as a conjunction
    closing = rules.word_set("ind_skip_end")
    keep = rules.word_set("ind_categories", "user_words")
    if len(tagged) == 1 and tagged[0][1] in _ADVERBS:
        return []
    opening = words[0][0]
    while first < last and tagged[first][1] in _NO_OPEN and tagged[first][0] not in keep \
            and not per_rate(doc.text, opening + sum(len(w) for w, _ in tagged[:first]), rules):
        first += 1
    while last > first and (tagged[last - 1][1] in _NO_CLOSE or tagged[last - 1][0] in closing):
        last -= 1
    if first == last:
        return []
    start = words[0][0] + sum(len(w) for w, _ in tagged[:first])
    end = words[0][0] + sum(len(w) for w, _ in tagged[:last])
    return [(s, e) for s, e in [(max(s, start), min(e, end)) for s, e in words] if s < e]


def qualifier_of_share(doc: Doc, words: list, rules: RuleSet, found: dict) -> list:
    """此部分收入约占收入总额的40%: a qualifier (qual_pre.txt) right before 占 (share_words.txt)
    qualifies the share's figure, not the name: noted as the figure's qualifier, and dropped."""
    for i in range(1, len(words) - 1):
        said = word_text(doc, words[i])
        if said in rules.word_set("qual_pre") and word_text(doc, words[i + 1]) in rules.word_set("share_words"):
            found["qualifier"] = rules.lexicons["qual_pre"].columns.get(said, [None])[0]
            return words[:i] + words[i + 1:]
    return words


def inner_end(doc: Doc, start: int, end: int, rules: RuleSet) -> int:
    """Where the words START..END end without a mark of what lies inside them (topic_marks.txt
    close: 样品中, 这些基金当中): the whole a share or a count is drawn from, without 中."""
    inside = next((w for w in rules.unmarked("topic_marks", "open") if doc.text.endswith(w, start, end)), "")
    return end - len(inside)
