"""topics/measures.py: FREX and STM exclusivity, Hungarian alignment and matched similarity, held-out
likelihood. Every expected number is worked out by hand in the comments."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from policy_rhetoric.topics.corpus import TopicCorpus
from policy_rhetoric.topics.measures import (
    align_topics,
    coherences,
    exclusivity,
    exclusivity_per_topic,
    frex,
    heldout_loglik,
    matched_similarity,
    npmi_coherence,
    order_topics,
)


def test_frex_equal_weight_by_hand():
    # beta columns sum to (1.1, 0.4, 0.5); exclusivity of topic 0 = (.4545, .75, .4) -> ranks (2, 3, 1)/3;
    # frequency ranks (3, 2, 1)/3. FREX(0.5) of term 0 = 1 / (.5 / (2/3) + .5 / 1) = 0.8.
    beta = np.array([[0.5, 0.3, 0.2], [0.6, 0.1, 0.3]])
    np.testing.assert_allclose(
        frex(beta, 0.5), [[0.8, 0.8, 1 / 3], [0.8, 1 / 3, 0.8]], rtol=0, atol=1e-12
    )


def test_exclusivity_is_stm_with_tied_ranks():
    # beta = [[.6, .3, .1], [.2, .2, .6]]: column sums (.8, .5, .7).
    # Topic 0: exclusivity (.75, .6, .143) and frequency both rank (3, 2, 1)/3, so FREX = (1, 2/3, 1/3);
    #   top-2 terms 0, 1 -> 5/3.
    # Topic 1: exclusivity (.25, .4, .857) ranks (1, 2, 3)/3; frequency (.2, .2, .6) ranks (1.5, 1.5, 3)/3
    #   (ties averaged, as R's rank). FREX(0.7) of term 2 = 1, of term 0 = 1 / (.7*3 + .3*2) = 1/2.7;
    #   top-2 terms are 2 and then 0 (the tie between 0 and 1 goes to the smaller id) -> 1 + 10/27.
    beta = np.array([[0.6, 0.3, 0.1], [0.2, 0.2, 0.6]])
    np.testing.assert_allclose(exclusivity_per_topic(beta, 2), [5 / 3, 37 / 27], atol=1e-12)
    assert exclusivity(beta, 2) == pytest.approx(41 / 27, abs=1e-12)


def test_exclusivity_of_identical_topics_is_lower_than_of_distinct_topics():
    same = np.array([[0.4, 0.3, 0.2, 0.1]] * 2)
    distinct = np.array([[0.4, 0.3, 0.2, 0.1], [0.1, 0.2, 0.3, 0.4]])
    # identical topics: every term has exclusivity .5 (all ranks tied at 2.5/4) -> FREX of the top-2
    # = 1/(.7/.625 + .3/1) + 1/(.7/.625 + .3/.75) = 1/1.42 + 1/1.52
    assert exclusivity(same, 2) == pytest.approx(1 / 1.42 + 1 / 1.52, abs=1e-12)
    assert exclusivity(distinct, 2) == pytest.approx(1 + 1 / (0.7 / 0.75 + 0.3 / 0.75), abs=1e-12)


def test_hungarian_alignment_beats_greedy_matching():
    # Greedy takes (0,0)=.9 and is left with (1,1)=.1: total 1.5. The optimum pairs 0-1 and 1-0: 2.15.
    similarity = np.array([[0.9, 0.8, 0.0], [0.85, 0.1, 0.0], [0.0, 0.0, 0.5]])
    cols, matched = align_topics(similarity)
    assert cols.tolist() == [1, 0, 2]
    np.testing.assert_allclose(matched, [0.8, 0.85, 0.5])
    assert matched.mean() == pytest.approx(2.15 / 3)


def test_matched_similarity_cosine_and_jaccard():
    # cos(A0,B0)=0, cos(A0,B1)=.6, cos(A1,B0)=1, cos(A1,B1)=.8: best matching A0-B1, A1-B0 -> mean .8.
    # Top-1 terms: A0 {0}, A1 {1}, B0 {1}, B1 {1}: Jaccard on that matching (0 + 1) / 2 = .5.
    a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    b = np.array([[0.0, 1.0, 0.0], [0.6, 0.8, 0.0]])
    assert matched_similarity(a, b, top_n=1) == pytest.approx((0.8, 0.5))


def test_heldout_loglik_by_hand():
    # p(term 0) = .5*.5 + .5*1 = .75, p(term 1) = .5*.5 + .5*0 = .25; counts 2 and 1.
    theta = np.array([[0.5, 0.5]])
    beta = np.array([[0.5, 0.5], [1.0, 0.0]])
    ll, tokens = heldout_loglik(theta, beta, csr_matrix(np.array([[2, 1]])))
    assert tokens == 3
    assert ll == pytest.approx(2 * np.log(0.75) + np.log(0.25))


def test_order_topics_by_weighted_prevalence():
    # weighted topic totals: topic 0 = 1*.2 + 3*.5 = 1.7, topic 1 = .8 + 1.5 = 2.3, topic 2 = 0
    theta = np.array([[0.2, 0.8, 0.0], [0.5, 0.5, 0.0]])
    assert order_topics(theta, np.array([1.0, 3.0])).tolist() == [1, 0, 2]


def test_coherence_uses_only_the_reference_documents():
    # training documents: "alpha" and "beta" never together; reference documents: always together
    train = [("alpha", "gamma", "delta"), ("beta", "gamma", "delta")] * 5
    reference = [("alpha", "beta", "delta")] * 3 + [("gamma", "delta", "epsilon")] * 3
    rows = [("t", i, 0, 1, "en", 3, 0, 0) for i in range(len(train))] + [
        ("r", len(train) + i, 0, 1, "en", 3, 0, 1) for i in range(len(reference))
    ]
    vocab = sorted({t for terms in train + reference for t in terms})
    corpus = TopicCorpus(rows, train + reference, vocab)
    beta = np.full((1, len(vocab)), 0.01)
    beta[0, vocab.index("alpha")], beta[0, vocab.index("beta")] = 0.6, 0.35
    (_, npmi) = coherences({("lda", 1, 1): beta}, corpus, top_n=2)[("lda", 1, 1)]
    # on the reference texts alpha and beta always co-occur: NPMI = 1 (the training texts give -1)
    assert npmi == pytest.approx(1.0, abs=1e-6)
    only_train = TopicCorpus([r[:7] + (1,) for r in rows[: len(train)]], train, vocab)
    (_, npmi_train) = coherences({("lda", 1, 1): beta}, only_train, top_n=2)[("lda", 1, 1)]
    assert npmi_train < -0.9
    with pytest.raises(ValueError, match="reference_fraction"):
        coherences(
            {("lda", 1, 1): beta},
            TopicCorpus([r[:7] + (0,) for r in rows], train + reference, vocab),
            2,
        )


def test_npmi_coherence_by_hand():
    # texts {0,1}, {0}, {1}, {2}: p0 = p1 = .5, p01 = .25 -> log(.25/.25) = 0; (0,2), (1,2) never
    # co-occur -> -1 each; term 3 never occurs: its pairs are undefined and left out -> mean -2/3
    reference = csr_matrix(np.array([[1, 1, 0, 0], [2, 0, 0, 0], [0, 1, 0, 0], [0, 0, 3, 0]]))
    assert npmi_coherence(np.array([0, 1, 2, 3]), reference) == pytest.approx(-2 / 3)
    assert np.isnan(npmi_coherence(np.array([3]), reference))


def test_average_ranks_are_scipys_rankdata():
    from scipy.stats import rankdata

    from policy_rhetoric.topics.measures import _within_topic_ecdf, average_ranks

    rng = np.random.default_rng(3)
    for size in (0, 1, 2, 7, 50):
        values = rng.integers(0, 4, size).astype(float)  # many ties
        values[: size // 5] = np.inf
        assert np.array_equal(average_ranks(values), rankdata(values, method="average"))
    assert average_ranks([3.0, 1.0, 3.0, 2.0]).tolist() == [3.5, 1.0, 3.5, 2.0]
    beta = rng.dirichlet(np.ones(30), size=4).round(2)  # topics x terms, with ties
    assert np.array_equal(
        _within_topic_ecdf(beta), rankdata(beta, axis=1, method="average") / beta.shape[1]
    )
    with pytest.raises(ValueError, match="NaN has no rank"):
        average_ranks([1.0, np.nan])


def _gensim_cv(models: list[np.ndarray], texts: list[list[int]], vocab: list[str]) -> list:
    """c_v per topic of each model by gensim's CoherenceModel, as measures.coherences computed it
    before it counted windows itself: one accumulator over every model's terms (`for_topics`)."""
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    dictionary = Dictionary()
    dictionary.token2id = {t: i for i, t in enumerate(vocab)}
    dictionary.id2token = dict(enumerate(vocab))
    topics = [[[vocab[i] for i in row] for row in model] for model in models]
    model = CoherenceModel.for_topics(
        topics,
        texts=[[vocab[i] for i in text] for text in texts],
        dictionary=dictionary,
        coherence="c_v",
        topn=models[0].shape[1],
        processes=1,
    )
    out = []
    for words in topics:
        model.topics = words
        with np.errstate(all="ignore"):
            out.append(np.array(model.get_coherence_per_topic(), dtype=float))
    return out


@pytest.mark.parametrize("seed", range(6))
def test_cv_is_gensims_to_the_bit(seed):
    # Random reference texts over a small vocabulary (many repeats; texts longer than gensim's window
    # of 110 terms slide), several models whose topics share terms, terms absent from the texts
    # (undefined NPMI) and a pair that never co-occurs: every c_v equals gensim's bit for bit.
    from policy_rhetoric.topics.measures import cv_per_topic, window_cooccurrences

    rng = np.random.default_rng(seed)
    n_vocab = 40
    vocab = [f"w{i:02d}" for i in range(n_vocab)]
    weights = rng.dirichlet(np.full(n_vocab - 3, 0.3))  # the last three terms never occur
    texts = [
        rng.choice(n_vocab - 3, size=int(size), p=weights).tolist()
        for size in rng.choice([1, 3, 8, 20, 60, 109, 110, 111, 140, 300], size=25)
    ]
    top_n = int(rng.choice([3, 5, 10]))
    models = [
        np.array([rng.choice(n_vocab, size=top_n, replace=False) for _ in range(k)])
        for k in rng.choice([1, 2, 4, 6], size=4)
    ]
    expected = _gensim_cv(models, texts, vocab)
    relevant = np.unique(np.concatenate([m.ravel() for m in models]))
    n_windows, single, pairs = window_cooccurrences(texts, relevant)
    assert np.array_equal(np.diagonal(pairs.toarray()), single)
    # counted a few windows at a time (as a corpus of long texts is): the same counts
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("policy_rhetoric.topics.measures.WINDOW_BLOCK", 7)
        blocked = window_cooccurrences(texts, relevant)
    assert blocked[0] == n_windows and np.array_equal(blocked[1], single)
    assert (blocked[2] != pairs).nnz == 0
    column = {int(t): i for i, t in enumerate(relevant)}
    for model, want in zip(models, expected, strict=True):
        got = cv_per_topic(model, n_windows, pairs, column)
        assert got.tobytes() == want.tobytes(), (got, want)


def test_window_counts_follow_gensims_sliding_window():
    # window 3 over "a b a c": windows [a b a] and [b a c]. gensim's first window marks {a, b}; the
    # next unmarks the term that left ("a", though another "a" is still inside) and marks "c": {b, c}.
    # So a: 1 window, b: 2, c: 1; (a, b) 1, (b, c) 1, (a, c) 0. A short text "c" is one window.
    from policy_rhetoric.topics.measures import window_cooccurrences

    n_windows, single, pairs = window_cooccurrences([[0, 1, 0, 2], [2], []], np.array([0, 1, 2]), 3)
    assert n_windows == 4  # the empty text counts as a window, as in gensim
    assert single.tolist() == [1, 2, 2]
    assert pairs.toarray().tolist() == [[1, 1, 0], [1, 2, 1], [0, 1, 2]]
