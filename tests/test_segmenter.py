"""The default segmenter must cut and tag exactly as jieba does: every span, word boundary and
POS tag a rule consults comes from it, so a faster segmenter is only allowed if it changes
nothing. Compared on real articles (../shared/corpora, when present), the dev set and every
rule example, as the pipeline sees them (normalized text, our user words)."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.engine.rules import load
from pipeline.text import segment as seg
from pipeline.document import Doc
from pipeline.text.normalize import normalize

SHARED = Path(__file__).resolve().parents[2] / "shared"
CORPORA = SHARED / "corpora"
DEV = SHARED / "eval" / "dev"
_RULES = load()
USER = _RULES.user_words()


def _seen(text: str) -> str:
    """The text as the pipeline segments it: traditional script converted, width folded."""
    doc = Doc(original=text)
    normalize(doc)
    return doc.text


def _texts(folder: Path) -> list[str]:
    return [_seen(p.read_text(encoding="utf-8-sig")) for p in sorted(folder.rglob("*.txt"))]


def _examples() -> list[str]:
    return [_seen(ex["text"]) for rule in _RULES.all_rules() for ex in rule.examples
            if ex.get("text", "").strip()]


def _tokens(name: str, text: str) -> list[tuple[str, int, int]]:
    return [tuple(t) for t in seg._tokenizer(USER, name).tokenize(text)]


def _tags(name: str, text: str) -> list[tuple[str, str]]:
    return [(p.word, p.flag) for p in seg._pos_tokenizer(USER, name).cut(text)]


def _span_tags(name: str, text: str) -> list[tuple[str, str]]:
    """NAME's tags as the pipeline takes them (text/tagging.py); jieba's are posseg's own."""
    return _tags("jieba", text) if name == "jieba" else seg._span_tagger(USER, name).cut(text)


def _differing(name: str, texts: list[str], cut) -> list[str]:
    return [t[:40] for t in texts if cut(name, t) != cut("jieba", t)]


def _sentences(texts: list[str]) -> list[str]:
    """Tagging runs on candidate spans within a sentence; sentences keep the test short."""
    return [t[s:e] for t in texts for s, e in seg.split_spans(t, seg._SENTENCE_END)]


def test_the_default_is_a_known_segmenter():
    assert seg.DEFAULT in seg.SEGMENTERS


def test_the_blocks_jieba_fast_is_given_are_jiebas_own():
    """jieba_fast cuts as jieba does only with jieba's block pattern ('-' inside a block)."""
    import jieba
    assert (seg.JIEBA_BLOCKS.pattern, seg.JIEBA_BLOCKS.flags) == \
        (jieba.re_han_default.pattern, jieba.re_han_default.flags)


def test_an_unknown_segmenter_is_refused():
    with pytest.raises(ValueError, match="unknown segmenter"):
        seg.use("thulac")


@pytest.mark.skipif(seg.DEFAULT == "jieba", reason="jieba_fast not installed")
def test_default_cuts_rule_examples_and_dev_set_as_jieba():
    texts = _examples() + (_texts(DEV) if DEV.is_dir() else [])
    assert _differing(seg.DEFAULT, texts, _tokens) == []
    assert _differing(seg.DEFAULT, _sentences(texts), _tags) == []
    assert _differing(seg.DEFAULT, _sentences(texts), _span_tags) == []


@pytest.mark.skipif(seg.DEFAULT == "jieba" or not CORPORA.is_dir(),
                    reason="jieba_fast not installed or ../shared/corpora absent")
def test_default_cuts_and_tags_real_articles_as_jieba():
    texts = _texts(CORPORA)
    assert _differing(seg.DEFAULT, texts, _tokens) == []
    # Tagging is ~7x slower than cutting: every 10th article's sentences.
    assert _differing(seg.DEFAULT, _sentences(texts[::10]), _span_tags) == []


def _words(name: str, text: str) -> list[str]:
    """NAME's words as segment() takes them (text/cutting.py for jieba_fast)."""
    return seg.words_with_offsets(seg._tokenizer(USER, name), text)[0]


@pytest.mark.skipif(seg.DEFAULT == "jieba", reason="jieba_fast not installed")
def test_the_lean_cut_gives_jiebas_words():
    # cutting.cut_words is jieba_fast's cut without its generators: jieba's words everywhere,
    # blanks, line ends, Latin letters, digits and unknown runs included
    odd = ["", " ", "\r\n", "a\r\n\r\nb  c", "COVID-19疫情3%-5%", "１２３", "宏昌集团董事长王小明表示,\t好。"]
    texts = odd + _examples() + (_texts(DEV) if DEV.is_dir() else []) + (_texts(CORPORA) if CORPORA.is_dir() else [])
    assert [t[:40] for t in texts if _words(seg.DEFAULT, t) != [w for w, _, _ in _tokens("jieba", t)]] == []


def test_the_span_tagger_tags_as_possegs_own_cut():
    # tagging.Tagger is posseg's cut made cheaper: over jieba's own tokenizer (the Python
    # route) it must give posseg's words and tags on every sentence and on short stretches
    texts = _sentences(_examples() + (_texts(DEV) if DEV.is_dir() else []))
    stretches = [t[i:i + 6] for t in texts for i in range(0, len(t), 5)]
    ours = seg._span_tagger(USER, "jieba")
    assert [t for t in texts + stretches if ours.cut(t) != _tags("jieba", t)] == []


def test_tagging_from_the_right_gives_the_same_pairs_reversed():
    # an organisation's name grows left from its ending: the pairs come last first, each
    # tagged when reached, and must be cut()'s own, in reverse, for any stretch
    texts = _sentences(_examples() + (_texts(DEV) if DEV.is_dir() else []))
    stretches = [t[i:i + 16] for t in texts for i in range(0, len(t), 7)]
    assert [t for t in texts + stretches
            if list(seg.tag_from_right(t, USER)) != list(reversed(seg.tag(t, USER)))] == []


def test_rjieba_keeps_jiebas_word_frequencies():
    pytest.importorskip("rjieba")
    rs = seg._tokenizer(USER, "rjieba")
    assert rs.FREQ is seg._tokenizer(USER, "jieba").FREQ
    assert [w for w, _, _ in rs.tokenize("全市地区生产总值增长")] == ["全市", "地区生产总值", "增长"]


def test_the_chosen_segmenter_reaches_the_pipeline(monkeypatch):
    monkeypatch.setattr(seg, "_chosen", ["jieba"])
    assert seg.tokenizer(USER) is seg._tokenizer(USER, "jieba")
    assert seg._tagger(USER).tokenizer is seg._tokenizer(USER, "jieba")


def test_our_viterbi_tags_as_jiebas_own():
    # the tagger's Viterbi is ours (segment.viterbi): jieba's own function must agree with it
    # on candidate-sized stretches of the rule examples and the dev set, every state and score
    import random

    import regex
    from jieba.posseg import char_state_tab_P, emit_P, start_P, trans_P
    from jieba.posseg.viterbi import viterbi as jiebas
    from pipeline.text.segment import viterbi as ours
    texts = _examples() + (_texts(DEV) if DEV.is_dir() else [])
    runs = [m.group() for t in texts for m in regex.finditer(r"\p{Han}+", t)]
    pick = random.Random(13)
    stretches = [r[i:i + pick.randint(1, 8)] for r in pick.sample(runs, min(400, len(runs)))
                 for i in [pick.randrange(len(r))]]
    # and runs no text holds, where no state the next character allows may be reachable
    chars = sorted(char_state_tab_P)
    stretches += ["".join(pick.choice(chars) for _ in range(pick.randint(2, 10))) for _ in range(300)]
    tables = (char_state_tab_P, start_P, trans_P, emit_P)
    assert [ours(s, *tables) for s in stretches] == [jiebas(s, *tables) for s in stretches]


def test_jieba_fast_tags_with_jiebas_python_viterbi():
    # jieba_fast's posseg runs jieba's Python Viterbi (its C _viterbi is finalseg's, hard-wired
    # to four states: given posseg's 256 it crashes), so ours is installed over both and no
    # faster one of theirs is passed by
    pytest.importorskip("jieba_fast")
    import importlib
    import inspect
    theirs, jiebas = (importlib.import_module(f"{name}.posseg.viterbi") for name in ("jieba_fast", "jieba"))
    assert inspect.getsource(theirs.viterbi) == inspect.getsource(jiebas.viterbi)


def test_remembered_paths_tag_as_jiebas_own_viterbi(monkeypatch):
    # the tagger remembers each run's path (segment._remembered): over the rule examples' and
    # the dev set's sentences, tagged twice (the second time from memory), the tags are those
    # of posseg with jieba's own Viterbi
    from jieba.posseg.viterbi import viterbi as jiebas
    posseg = seg.posseg_module("jieba")
    texts = _sentences(_examples() + (_texts(DEV) if DEV.is_dir() else []))
    first, again = ([_tags("jieba", t) for t in texts] for _ in range(2))
    assert posseg.viterbi.cache_info().hits > 0
    monkeypatch.setattr(posseg, "viterbi", jiebas)
    assert first == again == [_tags("jieba", t) for t in texts]
