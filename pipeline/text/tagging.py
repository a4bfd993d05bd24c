"""Part-of-speech tags of a candidate span, exactly as jieba's posseg gives them, cheaper.

posseg's POSTokenizer.cut (jieba/posseg/__init__.py, the same code in jieba_fast) is four
generator layers deep and, in jieba_fast too, finds each block's best route with the Python
get_DAG and calc, which jieba_fast's tokenize() does in C. Tagging candidate spans was ~11% of
the pipeline's time on real articles, about half of it that overhead rather than the Viterbi.

Tagger.cut below is posseg's cut with HMM, step for step: the same block patterns (read from
the posseg module itself), the same route (jieba_fast's C _get_DAG_and_calc where the tokenizer
is jieba_fast's, the very function its tokenize() uses; otherwise the tokenizer's own get_DAG
and calc), the same handling of runs of single characters, the same Viterbi (posseg.viterbi,
looked up at each call as posseg does, so segment._remembered serves it too), the same tag
table. tests/test_segmenter.py compares its tags with posseg's own on real articles.
"""
from __future__ import annotations


class Tagger:
    """(word, tag) pairs of posseg's POSTokenizer POS over the posseg module POSSEG."""

    def __init__(self, posseg, pos):
        self._posseg, self._pos = posseg, pos
        self._tok = pos.tokenizer
        self._c_route = _c_route_function(self._tok)

    def cut(self, sentence: str) -> list[tuple[str, str]]:
        p, out = self._posseg, []
        self._pos.makesure_userdict_loaded()       # posseg does this on every cut
        for blk in p.re_han_internal.split(sentence):
            if p.re_han_internal.match(blk):
                self._cut_dag(blk, out)
                continue
            for x in p.re_skip_internal.split(blk):
                if p.re_skip_internal.match(x):
                    out.append((x, "x"))
                    continue
                for xx in x:
                    if p.re_num.match(xx):
                        out.append((xx, "m"))
                    elif p.re_eng.match(x):             # x, not xx: as posseg has it
                        out.append((xx, "eng"))
                    else:
                        out.append((xx, "x"))
        return out

    def _ends(self, sentence: str) -> list[int]:
        """ends[x]: the last index of the best route's word that starts at x."""
        tok = self._tok
        if self._c_route is not None:
            route: list = []
            self._c_route(tok.FREQ, sentence, route, float(tok.total))
            return route
        routes: dict = {}
        tok.calc(sentence, tok.get_DAG(sentence), routes)
        return [routes[x][1] for x in range(len(sentence))]

    def _cut_dag(self, sentence: str, out: list) -> None:
        """posseg's __cut_DAG: dictionary words tagged from the table, runs of single
        characters tagged one by one if they make a dictionary word, else by the Viterbi."""
        ends, tags = self._ends(sentence), self._pos.word_tag_tab
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = ends[x] + 1
            word = sentence[x:y]
            if y - x == 1:
                buf += word
            else:
                if buf:
                    self._flush(buf, out)
                    buf = ""
                out.append((word, tags.get(word, "x")))
            x = y
        if buf:
            self._flush(buf, out)

    def _flush(self, buf: str, out: list) -> None:
        tags = self._pos.word_tag_tab
        if len(buf) == 1:
            out.append((buf, tags.get(buf, "x")))
        elif not self._tok.FREQ.get(buf):
            self._cut_detail(buf, out)
        else:
            out.extend((char, tags.get(char, "x")) for char in buf)

    def _cut_detail(self, sentence: str, out: list) -> None:
        p = self._posseg
        for blk in p.re_han_detail.split(sentence):
            if p.re_han_detail.match(blk):
                self._cut_hmm(blk, out)
                continue
            for x in p.re_skip_detail.split(blk):
                if x:
                    tag = "m" if p.re_num.match(x) else "eng" if p.re_eng.match(x) else "x"
                    out.append((x, tag))

    def _cut_hmm(self, sentence: str, out: list) -> None:
        """posseg's __cut: words and tags from the Viterbi path over the states B M E S."""
        p = self._posseg
        _, states = p.viterbi(sentence, p.char_state_tab_P, p.start_P, p.trans_P, p.emit_P)
        begin = nexti = 0
        for i, char in enumerate(sentence):
            where, tag = states[i]
            if where == "B":
                begin = i
            elif where == "E":
                out.append((sentence[begin:i + 1], tag))
                nexti = i + 1
            elif where == "S":
                out.append((char, tag))
                nexti = i + 1
        if nexti < len(sentence):
            out.append((sentence[nexti:], states[nexti][1]))


def _c_route_function(tok):
    """jieba_fast's C route for TOK if TOK is a jieba_fast Tokenizer, else None."""
    module = __import__(type(tok).__module__.split(".")[0])
    functions = getattr(module, "_jieba_fast_functions", None)
    return getattr(functions, "_get_DAG_and_calc", None)
