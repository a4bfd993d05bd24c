"""jieba's part-of-speech Viterbi (jieba/posseg/viterbi.py, the same in jieba_fast), with the
same arithmetic in the same order and the same choice on ties, made cheaper: it was 15-20% of
the pipeline's time (entity and metric checks tag their candidates).

What is the same: every score is (previous score + transition) + emission, summed in that
order as jieba sums it; the best previous state is the largest (score, state) pair, so a tie
in score goes to the larger state as with jieba's max over tuples; the states tried at each
character are jieba's. What is cheaper: the emission of a state is looked up once per
character instead of once per previous state, and the previous scores and transition rows are
gathered once per character. tests/test_segmenter.py compares the tags with jieba's own.
"""
from __future__ import annotations

MIN_FLOAT = -3.14e100
MIN_INF = float("-inf")


def viterbi(obs, states, start_p, trans_p, emit_p):
    all_states = trans_p.keys()
    first = obs[0]
    scores = {y: start_p[y] + emit_p[y].get(first, MIN_FLOAT) for y in states.get(first, all_states)}
    paths = [dict.fromkeys(scores, "")]
    for t in range(1, len(obs)):
        char = obs[t]
        before = [(scores[x], trans_p[x], x) for x in paths[t - 1] if len(trans_p[x]) > 0]
        expected = {y for _, row, _ in before for y in row}
        tried = set(states.get(char, all_states)) & expected
        if not tried:
            tried = expected if expected else all_states
        now, path = {}, {}
        for y in tried:
            emit = emit_p[y].get(char, MIN_FLOAT)
            now[y], path[y] = max((score + row.get(y, MIN_INF) + emit, x) for score, row, x in before)
        scores = now
        paths.append(path)
    prob, state = max((scores[y], y) for y in paths[-1])
    route = [None] * len(obs)
    for i in range(len(obs) - 1, -1, -1):
        route[i] = state
        state = paths[i][state]
    return prob, route
