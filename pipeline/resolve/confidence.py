"""How far a metric or target can be trusted unchecked: `confidence` high, medium or low.

high    the indicator is a known one (indicators.txt) and stated in its own clause;
medium  an indicator read from the clause, with at most one warning sign;
low     an indicator that names a person found in the text (what one person did: an event);
        two or more warning signs: the indicator was inherited from another clause, is long
        (more than 12 characters: other words kept in it), holds a number (第十一期, 2022会计年度),
        or the figure is a bare count (3个, 6人) of an unknown noun; or an
        indicator that opens with a word no name opens with (只会录得, 约有, 、新加坡:
        indicator_bad_openers.txt) or is a date (18年度), a stretch of the sentence rather
        than a name; also low, on a metric, a doubtful shape (doubtful(): an adverb kept in
        the indicator, a comparison read as a level, a clause worded as a rule or a supposition).
On the dev set about half of the low items are wrong, against one in eight overall, so
`cnie run` drops them unless asked for (--min-confidence low).
"""
from __future__ import annotations

from pipeline.document import Doc, Item
from pipeline.engine.rules import RuleSet
from pipeline.extract.records import numeral_class, predicate_span
from pipeline.text.segment import tag_cached as tag

LEVELS = ("low", "medium", "high")
_VERBS = {"v", "vd", "vi"}      # jieba's verb tags (vn, a verb used as a noun, names a thing)
DEFAULT_MINIMUM = "medium"
_LONG = 12
# A size class (20亿级企业, 500亿元级别的产业园区, 亿元以上项目) is part of a name, not a
# number in it nor other words kept in it.
_SIZE_CLASS = (r"\d+(?:\.\d+)?(?:{magnitude})?(?:{units})?{size_class}"
               r"|(?<![\d.]|{numeral_digit})(?:{magnitude})(?:{units})(?:{qual_post})")


def _numeral(name: str, rules: RuleSet) -> bool:
    """A number inside a name (第十一期, 2022会计年度, 5起…案), but not a set phrase's 一
    (一批项目): a digit, or Chinese numerals before a measure word of a name (name_counters.txt)."""
    return rules.compile(rf"\d|{numeral_class(rules)}+{{name_counters}}").search(name) is not None


# A bound that picks out the group named (收益率超过25%的基金, 折价率高于25%的封基)
_BOUND = r"(?:{qual_pre}){sp}(?:{quantity}){sp}(?:{qual_post})?(?=的)|(?:{quantity}){sp}(?:{qual_post})(?=的)"


# Names _judged_name keeps per rule set. Each item's name was judged three times (doubtful,
# not_a_name, _warnings), the bound's pattern run over it each time: 6,191 judgements of
# 2,244 items over 300 real articles, 0.09 s, ~2% of the pipeline (measured).
_KEPT = 4096


def _judged_name(item: Item, rules: RuleSet) -> str:
    """The words judged as a name: not a predicate that names a share or a count of who acts
    (42.5%的受访者|认为房价将上涨, 新增|86人被送进医院: records.predicate_span), which is meant
    to be a stretch of the sentence, nor a bound that picks out the group it names."""
    key = (item["indicator"] or "", item.fields.get("predicate"))
    kept = rules.__dict__.setdefault("_judged_names", {})
    if key not in kept:
        if len(kept) >= _KEPT:
            kept.clear()
        name, said = key
        name = name[:len(name) - len(said)] if said and name.endswith(said) else name
        kept[key] = rules.compile(_BOUND).sub("", name)
    return kept[key]


def _warnings(doc: Doc, item: Item, rules: RuleSet) -> int:
    name = rules.compile(_SIZE_CLASS).sub("", _judged_name(item, rules))
    bare_count = (item["value"] is not None and not item["change"] and not item["indicator_id"]
                  and item["unit"] in rules.words("classifiers"))
    # (a move's subject named in the clause before is read as plainly as a name of its own)
    return sum((item["indicator_from"] == "previous", len(name) > _LONG, _numeral(name, rules), bare_count))


def _names_person(doc: Doc, item: Item) -> bool:
    """A person found in the text is named in the indicator (骗取某某59万元, 某某总共公开了8张):
    what one person did or paid, an event, not a statistic of an economy or a body."""
    name = item["indicator"] or ""
    return any(e["type"] == "person" and e["text"] in name for e in doc.entities)


def not_a_name(item: Item, rules: RuleSet) -> bool:
    """只会录得163亿元 -> 只会: the indicator opens with a word no name opens with
    (indicator_bad_openers.txt) or with a mark, or is one verb that names no measure
    (verb_names.txt), so the clause gave no name."""
    name = _judged_name(item, rules)
    if name[:1] and not name[0].isalnum():
        return True             # 、新加坡和南韩: a list's tail, not a name
    if name and rules.compile("(?:{nonfact_date})").fullmatch(name):
        return True             # 2017/18年度增加21.3% -> 18年度: a date, not what is measured
    words = tag(name, rules.user_words()) if name else ()
    if len(words) == 1 and words[0][1] in _VERBS and words[0][0] not in rules.word_set("verb_names") \
            and not item.fields.get("predicate"):      # (新增|86人被送进医院: the predicate names it)
        return True             # 持有3亿股: an action, and who acted is not said (verb_names.txt)
    # 以内的占71%: a qualifier that follows figures (qual_post.txt) opens the tail of the one before
    return bool(words) and words[0][0] in rules.word_set("indicator_bad_openers", "qual_post")


def doubtful(doc: Doc, item: Item, rules: RuleSet) -> str | None:
    """Why a metric's shape is one an analyst would check before using it, or None: its
    indicator holds an adverb (涨幅也已经超过…, 一举拿下: a stretch of the sentence, not a name)
    or an aspect particle (获得了各类管理费) or a modal verb (可以最高贷款),
    or a comparison word and the metric no change (远超大盘的12%: a base, not the level), or
    its clause is worded as a rule (不得低于三成: what is allowed, not what was measured) or as
    a supposition (是否再投70亿元, …的话: what might be)."""
    name = _judged_name(item, rules)
    if why := name_doubt(name, rules):
        return why
    if not item.fields.get("predicate") and (modal := _modal(doc.text[item.start:item.end], rules)):
        # (项目至少可以提供400套; a predicate may say what those counted can or will do)
        return f"{modal!r} (modal_verbs.txt) says what can or must be, not a measured fact"
    if not item["change"] and (word := next((w for w in rules.words("compare_levels") if w in name), None)):
        return f"indicator {name!r} holds {word!r} (compare_levels.txt): a base or bound, not the level"
    clause = _clause(doc, item, rules)       # once: it was found again for each rule word
    if word := next((w for w in rules.words("rule_words") if w in clause), None):
        return f"its clause holds {word!r} (rule_words.txt): a rule, not a measured fact"
    if word := _supposition(doc, item, rules, clause):
        return f"its clause holds {word!r} (hypothetical_marks.txt): a supposition, not a measured fact"
    return None


def _supposition(doc: Doc, item: Item, rules: RuleSet, clause: str | None = None) -> str | None:
    """The word of a supposition (hypothetical_marks.txt) in a metric's clause, or None. For a
    target, in its sentence up to it (如果…,收入将达到500亿元: the supposition opens the
    sentence), and only a word that supposes (如果, 假设), not one a forecast may use (可能:
    `| fact`)."""
    if item.kind == "metric":
        said, marks = (clause if clause is not None else _clause(doc, item, rules)), rules.words("hypothetical_marks")
    else:
        said = doc.text[doc.sentence_at(item.start)[0]:item.end]
        marks = rules.unmarked("hypothetical_marks", "fact")
    return _tagged_word(said, marks, rules)


def name_doubt(name: str, rules: RuleSet) -> str | None:
    """Why NAME is a stretch of the sentence rather than a name: it holds an adverb, an aspect
    particle or a modal verb (targets.py leaves a target so named out: extract/target_names.py)."""
    words = tag(name, rules.user_words()) if name else ()
    if adverb := next((w for w, flag in words if _adverb(w, flag, rules)), None):
        return f"indicator {name!r} holds the adverb {adverb!r}: words of the sentence kept in it"
    if aspect := next((w for w, _ in words if w in rules.word_set("aspect_marks")), None):
        return f"indicator {name!r} holds {aspect!r} (aspect_marks.txt): a verb of the sentence kept in it"
    if modal := next((w for w, _ in words if w in rules.word_set("modal_verbs")), None):
        return f"indicator {name!r} holds the modal {modal!r} (modal_verbs.txt): what can or must be, not a measured fact"
    return None


def _modal(said: str, rules: RuleSet) -> str | None:
    """A modal verb anywhere in a metric's words, except one marked `| name` (modal_verbs.txt:
    价格要220万, 要 between name and figure is what it costs; name_doubt looks in the name)."""
    return _tagged_word(said, rules.unmarked("modal_verbs", "name"), rules)


def _tagged_word(said: str, words, rules: RuleSet) -> str | None:
    """The first of SAID's tagged words that is one of WORDS, or None. A tagged word is a
    stretch of SAID, so SAID is tagged only when one of WORDS stands in it: a metric's whole
    clause was tagged for each of these questions (a third of all tagging over 1,150 real
    articles), and one clause in a hundred holds such a word."""
    if not any(w in said for w in words):
        return None
    return next((w for w, _ in tag(said, rules.user_words()) if w in words), None)


def _adverb(word: str, flag: str, rules: RuleSet) -> bool:
    """An adverb as jieba tags it, unless a word of our own lexicons (jieba guesses their tags:
    高新, 首发) other than the adverbs that never end a name (ind_skip_end.txt, change_adverbs.txt),
    or one that opens a part of a name (name_adverbs.txt: 不过夜旅客)."""
    if flag != "d" or word in rules.word_set("name_adverbs"):
        return False
    return word not in rules.word_set("user_words") or word in rules.word_set("ind_skip_end", "change_adverbs")


def _clause(doc: Doc, item: Item, rules: RuleSet) -> str:
    """The clause of the item's sentence around it, between the marks that end clauses; a
    predicate left out (约8%的患者可能发展为重症: what those counted may do is the fact)."""
    first, last = doc.sentence_at(item.start)[0], doc.sentence_at(item.end - 1)[1]
    before = rules.compile(r"[^,;:。!?\n]*$").search(doc.text, first, item.start)
    after = rules.compile(r"[^,;:。!?\n]*").match(doc.text, item.end, max(last, item.end))
    if said := predicate_span(item):
        return doc.text[before.start():said[0]] + doc.text[said[1]:after.end()]
    return doc.text[before.start():after.end()]


def rate(doc: Doc, rules: RuleSet) -> None:
    for item in doc.metrics:
        item.fields["confidence"] = "low" if doubtful(doc, item, rules) else _level(doc, item, rules)
    for item in doc.targets:       # 假设…将多付15万元: a worked example, no plan
        item.fields["confidence"] = "low" if _supposition(doc, item, rules) else _level(doc, item, rules)


def _level(doc: Doc, item: Item, rules: RuleSet) -> str:
    if item["indicator_id"] and not item["indicator_from"]:
        return "high"
    if not_a_name(item, rules) or _names_person(doc, item):
        return "low"
    return "low" if _warnings(doc, item, rules) >= 2 else "medium"


def confident(items: list[dict], minimum: str) -> list[dict]:
    """The output items at MINIMUM or above (items without a rating are kept)."""
    floor = LEVELS.index(minimum)
    return [i for i in items if LEVELS.index(i.get("confidence") or "high") >= floor]
