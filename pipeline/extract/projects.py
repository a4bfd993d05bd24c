"""Projects: a named project (度亘光电项目) and a public works by its name (人民路拓宽工程), the
checks `project` and `works` of rules/entities.toml (pipeline/extract/entities.py runs them)."""
from __future__ import annotations

from pipeline.document import Doc
from pipeline.engine.rules import RuleSet
from pipeline.extract import organizations as orgs
from pipeline.extract import places
from pipeline.text.segment import tag_cached as tag

# jieba's tags of words that never stand inside a name, and of names (x: a word jieba does not know)
FUNCTION = {"u", "p", "c", "d", "r", "uj", "ul", "ud", "ug", "uz", "uv", "y", "e", "f", "m", "q"}
PROPER = {"nr", "nrt", "nrfg", "ns", "nt", "nz", "j", "x", "eng"}


def _counted(doc: Doc, start: int, rules: RuleSet) -> bool:
    """2个高精铝项目, 三项工程: a classifier just before is a count of projects, not a name."""
    return bool(rules.compile(r"(?:{classifiers})\p{Han}?$").search(doc.text[max(0, start - 3):start]))


def named_project(doc: Doc, start: int, end: int, rules: RuleSet) -> tuple[int, int] | None:
    """A named project: its name is a proper name (度亘光电), not counted (2个高精铝项目, nor its
    tail 精铝项目), not a generic kind (重大, 招商) and not a place alone (通州区项目)."""
    name = doc.text[start:end - 2]
    glue = rules.words("project_lead_glue")
    while doc.text[start] in glue and end - start > 6:
        start += 1                       # 和泓川智能装备项目: a conjunction is no part of it
        name = doc.text[start:end - 2]
    if len(name) < 2 or doc.cuts_word(start, end) or _counted(doc, start, rules):
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
            or rules.compile("^(?:{num})").match(stem):      # 三大基础性工程: counted
        return None
    tagged = tag(stem, rules.user_words())
    verbs = rules.word_set("works_verbs")
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
