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

from pipeline.text.cutting import route_function


class Tagger:
    """(word, tag) pairs of posseg's POSTokenizer POS over the posseg module POSSEG."""

    def __init__(self, posseg, pos):
        self._posseg, self._pos = posseg, pos
        self._tok = pos.tokenizer
        self._c_route = route_function(self._tok)

    def cut(self, sentence: str) -> list[tuple[str, str]]:
        p, out = self._posseg, []
        self._pos.makesure_userdict_loaded()       # posseg does this on every cut
        for blk in p.re_han_internal.split(sentence):
            if p.re_han_internal.match(blk):
                self._cut_dag(blk, out)
            else:
                self._cut_other(blk, out)
        return out

    def _cut_other(self, blk: str, out: list) -> None:
        """A block outside the Han pattern: skipped runs, digits and letters one by one."""
        p = self._posseg
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

    def cut_from_right(self, sentence: str):
        """cut(SENTENCE)'s pairs from the last to the first, each run of single characters
        tagged only when it is reached: an organisation's name grows left from its ending
        and stops at the first word that cannot be in it, so the Viterbi of the runs before
        that word (a window's cut-off first word, most often) was done for nothing."""
        p = self._posseg
        self._pos.makesure_userdict_loaded()
        for blk in reversed(p.re_han_internal.split(sentence)):
            if p.re_han_internal.match(blk):
                for piece, run in reversed(self._pieces(blk)):
                    if run:
                        out: list = []
                        self._flush(piece, out)
                        yield from reversed(out)
                    else:
                        yield piece, self._pos.word_tag_tab.get(piece, "x")
            else:
                out = []
                self._cut_other(blk, out)
                yield from reversed(out)

    def _pieces(self, sentence: str) -> list[tuple[str, bool]]:
        """_cut_dag's steps: (word, False) for a word of the route, (run, True) for a run of
        single characters it flushes."""
        ends, pieces = self._ends(sentence), []
        x, buf, n = 0, "", len(sentence)
        while x < n:
            y = ends[x] + 1
            if y - x == 1:
                buf += sentence[x:y]
            else:
                if buf:
                    pieces.append((buf, True))
                    buf = ""
                pieces.append((sentence[x:y], False))
            x = y
        if buf:
            pieces.append((buf, True))
        return pieces

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
        tags = self._pos.word_tag_tab
        for piece, run in self._pieces(sentence):
            if run:
                self._flush(piece, out)
            else:
                out.append((piece, tags.get(piece, "x")))

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
