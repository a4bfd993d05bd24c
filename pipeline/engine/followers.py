"""What follows a rule's opening word: a second word every match holds at a bounded distance.

entity.person.name_title opens with a surname ({surnames}) and, one or two characters on, has a
title ({titles}); entity.person.list has a list's 、/和/及 two to four characters after its
start; entity.person.latin_gloss a ( after two to seven transliterating characters. Their
trigger words (triggers.py) are one of ~400 single characters and stand at every tenth
position of news text, while a surname with a title two to four characters on is rare: the
engine tries such a rule only where both stand (trigger_pass.py finds the second words in the
same pass). The follower is read off the pattern as written, as the trigger is: the branch's
first element is a word list or a literal, of known least and greatest width, with no
repeat; what comes after it opens with words (triggers._opening), which a match then holds
at the element's width plus their shift. A group at the head is read on into what follows
it, each of its branches in turn. Anything else gives None: the trigger alone decides.
"""
from __future__ import annotations

from pipeline.engine.triggers import (_GROUP, _LITERAL, _LOOKAROUND, _MAX_SHIFT, _PUNCT, _QUANTIFIER,
                                      _REF, _atom, _branches, _close, _opening, rule_trigger)


def rule_follower(rule, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    """(word, least shift, greatest shift) of the words every match of RULE holds after its
    opening word (see the module's comment); None when that cannot be read, or the rule has
    no trigger."""
    if rule_trigger(rule, lexicons) is None:
        return None
    try:
        return _followers(rule.source, lexicons)
    except ValueError:
        return None


def _followers(source: str, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    found: set[tuple[str, int, int]] = set()
    for branch in _branches(source):
        follower = _follower(branch, lexicons)
        if not follower:
            return None
        found |= follower
    return frozenset(found)


def _follower(branch: str, lexicons: dict) -> frozenset[tuple[str, int, int]] | None:
    i = 0
    while branch.startswith(_LOOKAROUND, i):          # zero-width: the element starts here still
        i = _close(branch, i)
        if _QUANTIFIER.match(branch, i):
            return None
    group = _GROUP.match(branch, i)
    if group:
        end = _close(branch, i)
        if _QUANTIFIER.match(branch, end):
            return None
        rest = branch[end:]
        return _followers("|".join(f"{part}{rest}" for part in _branches(branch[group.end():end - 1])), lexicons) \
            if "|" in branch[group.end():end - 1] else _follower(branch[group.end():end - 1] + rest, lexicons)
    first = _first_element(branch, i, lexicons)
    if first is None:
        return None
    least, most, end = first
    after = _opening(branch[end:], lexicons)
    if not after or any(hi + most > _MAX_SHIFT for _, _, hi in after):
        return None
    return frozenset((word, lo + least, hi + most) for word, lo, hi in after)


def _first_element(branch: str, i: int, lexicons: dict) -> tuple[int, int, int] | None:
    """(least width, greatest width, end) of the word list or literal at BRANCH[i], unrepeated."""
    ref = _REF.match(branch, i)
    if ref:
        lexicon = lexicons.get(ref.group(1))
        if lexicon is None or not lexicon.entries:
            return None
        if _QUANTIFIER.match(branch, ref.end()):
            return _atom(branch, i, lexicons)          # {translit}{2,7}: single characters repeated
        lengths = [len(word) for word in lexicon.entries]
        return min(lengths), max(lengths), ref.end()
    if (_LITERAL.match(branch, i) or _PUNCT.match(branch, i)) and not _QUANTIFIER.match(branch, i + 1):
        return 1, 1, i + 1
    return None
