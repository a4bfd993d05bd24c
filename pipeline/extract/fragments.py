"""Fragments: the words a rule read before a value that name nothing measured (a list of
actions, a pronoun's speech, a word that never closes a name), so no fact is reported and
`cnie explain` says why."""
from __future__ import annotations

from pipeline.engine.rules import RuleSet
from pipeline.text.segment import tag_cached as tag

# Parts of speech that never close the name of what is measured: adverbs, time words,
# directions, adjectives (退税最多, 政府史上最高, 沪基指半日, 位在西部); our own lexicons' words
# are exempt (jieba tags some of them wrongly).
NO_NAME_CLOSE = {"d", "t", "f", "a", "ad"}
# nor does a whole word tagged a preposition (私募一般按照|0.5%: it governs the figure), but
# 比 of 首付比 is a ratio (ratio_words.txt)
_PREPOSITION = "p"


def unnamed(name: str | None, rules: RuleSet, before: str = "", whole: bool = True,
            clause: str = "") -> str | None:
    """Why the words before a value name nothing measured, or None: the last word is one that
    never closes a name (indicator_bad_closers.txt: 要求, 成立, 被征收; or an adverb, time word or
    adjective; or a verb after 、, one of a list of actions: 增加…、成立10亿元基金; or it or its
    clause holds a pronoun: 你每年把利润的九成…, speech_pronouns.txt, name_pronouns.txt), so the clause
    holds a fragment of the sentence, and no fact is reported. BEFORE: the text before the name;
    WHOLE: nothing was cut after it (额外经常|拨款: the adverb is the cut verb's, not the name's);
    CLAUSE: the clause up to the name's end (a pronoun trimmed off the name still speaks)."""
    words = tag(name, rules.user_words()) if name else []
    if not words:
        return None
    word, flag = words[-1]
    if len(name) == 1 and flag == "v":
        return f"indicator {name!r} is a verb alone (占49.1%): what is measured is in another clause"
    if name.endswith(tuple(rules.words("durations"))) and clause.endswith(name) and rules.compile(
            r"(?:{num}|{numeral_digit}){sp}(?:{classifiers})?$").search(clause[:len(clause) - len(name)]):
        return f"indicator {name!r} is a span of time after its count (两个交易日|暴跌): when, not what moved"
    if name.startswith("一") and before[-1:] in rules.word_set("demonstratives"):
        return f"indicator {before[-1] + name!r} points back at what was named before (demonstratives.txt): no name"
    if name in rules.word_set("up", "down") and name not in rules.word_set("growth_names"):
        # 上调为20万元: what moved is named before it; GDP成长(将保持在3%) is a name of growth
        return f"indicator {name!r} is a verb of change alone: what moved is named before it"
    if flag == "v" and (words[-2][0] if len(words) > 1 else before) == "、":
        return f"indicator {name!r} ends with a list of actions (、{word}): no name"
    speech = rules.word_set("speech_pronouns")
    # (a word of the clause is a piece of its text: without a pronoun's characters in it,
    # the clause is not tagged to look for one)
    said = words if not clause else tag(clause, rules.user_words()) if any(p in clause for p in speech) else ()
    if pronoun := next((w for w, _ in said if w in speech), None):
        return f"the clause of {name!r} holds {pronoun!r} (speech_pronouns.txt): speech, not a fact"
    if pronoun := next((w for w, _ in words if w in rules.word_set("name_pronouns")), None):
        return f"indicator {name!r} holds {pronoun!r} (name_pronouns.txt): a fragment, not a name"
    closers = rules.word_set("indicator_bad_closers")
    if word in closers or any(len(c) > 1 and word.endswith(c) for c in closers):   # (迄今已有: one word)
        return f"indicator {name!r} ends with {word!r} (indicator_bad_closers.txt): a fragment, not a name"
    if whole and (flag in NO_NAME_CLOSE or flag == _PREPOSITION) \
            and word not in rules.word_set("ind_categories", "user_words", "ratio_words"):
        return f"indicator {name!r} ends with {word!r} ({flag}): a fragment, not a name"
    return None


def action_duration(name: str | None, unit: str, rules: RuleSet) -> str | None:
    """Why a level in a unit of time (durations.txt) is no fact: the words before it name an
    action that took that long (会晤将近50分钟, 步行20多分钟, 不到12个小时), not a measure of
    time (平均逗留时间1.2日, 续航时间36小时: time_measures.txt), or None."""
    if unit not in rules.word_set("durations") or (name or "").endswith(tuple(rules.words("time_measures"))):
        return None
    return f"{name or ''}…{unit}: how long an action took, not a measure of time (time_measures.txt)"


def object_after_verb(doc, name: str | None, level_end: int, unit: str, rules: RuleSet) -> tuple[str, int, int] | None:
    """采用4倍|光学变焦, 吸引了2.64亿元|资金, 坚持18亿亩|耕地: the words before the figure end
    with a verb and nouns follow the figure (not a name jieba tags as one, not 的 or a list
    mark), so the figure measures those nouns, not the verb phrase: the nouns (up to two words)
    and their span, or None. Counts (classifiers.txt) and % are read elsewhere."""
    if not name or unit == "%" or unit in rules.word_set("classifiers") or level_end >= len(doc.text):
        return None
    words = tag(name, rules.user_words())
    if not words or words[-1][1] != "v" or words[-1][0] in rules.word_set("user_words"):
        return None
    after = tag(doc.text[level_end:level_end + 8], rules.user_words())
    nouns = []
    for word, flag in after[:2]:
        if flag[:1] != "n" or flag in _PROPER_NOUNS:
            break
        nouns.append(word)
    if not nouns:
        return None
    text = "".join(nouns)
    return text, level_end, level_end + len(text)


# jieba's tags of proper names: a name after a figure is a new clause (…764亿元|中新网5月22日电)
_PROPER_NOUNS = {"nr", "ns", "nt", "nz", "nrt", "nrfg"}
