"""Topic stage, units: FREX and exclusivity, Hungarian alignment and stability, the choice of K, held-out
likelihood, bootstrap prevalence, chunk terms (English hyphen compounds, Chinese lexicon terms), the
vocabulary filter and the seeded prior. Every expected number is worked out by hand in the comments."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT
from scipy.sparse import csr_matrix

from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.tokens import load_pipeline, tokenize_segments
from policy_rhetoric.topics.model import (
    Chunk,
    bootstrap_prevalence,
    build_topic_corpus,
    chinese_segmenter,
    chinese_terms,
    english_terms,
    lexicon_terms,
    make_chunks,
    seeded_eta,
    stopword_set,
    topic_labels,
)
from policy_rhetoric.topics.selection import (
    align_topics,
    central_seed,
    exclusivity,
    exclusivity_per_topic,
    frex,
    heldout_loglik,
    matched_similarity,
    mean_rank_choice,
    smooth_idf,
    stability,
    tfidf,
)

LEXICONS = [ROOT / "config/lexicons/militarized.yaml", ROOT / "config/lexicons/self_reliance.yaml"]


# --- FREX and exclusivity -----------------------------------------------------------------------


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


# --- alignment and stability -------------------------------------------------------------------


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


def test_stability_averages_pairs_and_picks_the_central_seed():
    a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    b = np.array([[0.0, 1.0, 0.0], [0.6, 0.8, 0.0]])  # a-b: .8 (above)
    c = np.array(
        [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    )  # a-c: 1.0; b-c: cos(B1,C1)=.6, cos(B0,C0)=1 -> .8
    per_seed, pairs = stability({1: a, 2: b, 3: c}, top_n=1)
    assert [(p[0], p[1]) for p in pairs] == [(1, 2), (1, 3), (2, 3)]
    np.testing.assert_allclose([p[2] for p in pairs], [0.8, 1.0, 0.8])
    assert per_seed[1][0] == pytest.approx(0.9)
    assert per_seed[2][0] == pytest.approx(0.8)
    assert per_seed[3][0] == pytest.approx(0.9)
    assert central_seed(per_seed) == 1  # tie between seeds 1 and 3: the smaller
    single, no_pairs = stability({7: a})
    assert np.isnan(single[7][0]) and no_pairs == []
    assert central_seed(single) == 7


def test_mean_rank_choice_and_its_tie_break():
    summary = [
        {"k": 4, "coherence_npmi": 0.10, "exclusivity": 8.0, "perplexity": 300.0, "stability": 0.9},
        {"k": 6, "coherence_npmi": 0.12, "exclusivity": 9.0, "perplexity": 310.0, "stability": 0.8},
        {"k": 8, "coherence_npmi": 0.11, "exclusivity": 9.5, "perplexity": 320.0, "stability": 0.7},
    ]
    measures = ["coherence_npmi", "exclusivity", "perplexity", "stability"]
    # ranks: K4 (3, 3, 1, 1) = 8; K6 (1, 2, 2, 2) = 7; K8 (2, 1, 3, 3) = 9
    assert mean_rank_choice(summary, measures) == 6
    # exclusivity and stability alone: K4 (3, 1), K6 (2, 2), K8 (1, 3) -> all 4: the smallest K
    assert mean_rank_choice(summary, ["exclusivity", "stability"]) == 4
    # a measure that is NA everywhere (perplexity of NMF) is left out
    for row in summary:
        row["perplexity"] = float("nan")
    assert mean_rank_choice(summary, ["perplexity", "coherence_npmi"]) == 6


def test_heldout_loglik_by_hand():
    # p(term 0) = .5*.5 + .5*1 = .75, p(term 1) = .5*.5 + .5*0 = .25; counts 2 and 1.
    theta = np.array([[0.5, 0.5]])
    beta = np.array([[0.5, 0.5], [1.0, 0.0]])
    ll, tokens = heldout_loglik(theta, beta, csr_matrix(np.array([[2, 1]])))
    assert tokens == 3
    assert ll == pytest.approx(2 * np.log(0.75) + np.log(0.25))


def test_tfidf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = csr_matrix(
        np.array([[3, 0, 1], [2, 0, 0], [3, 0, 0], [4, 0, 0], [3, 2, 0], [3, 0, 2]])
    )
    expected = TfidfTransformer().fit_transform(counts).toarray()
    np.testing.assert_allclose(tfidf(counts, smooth_idf(counts)).toarray(), expected, atol=1e-15)


# --- prevalence --------------------------------------------------------------------------------


def test_bootstrap_prevalence_estimate_interval_and_streams():
    theta = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, 0.8]])
    weights = np.array([10.0, 30.0, 20.0, 5.0])
    groups = ["a", "a", "b", "c"]
    rows = bootstrap_prevalence(theta, weights, groups, level="genre", resamples=500, seed=1)
    table = {(r[1], r[2]): r for r in rows}
    # group a: (10*[1,0] + 30*[0,1]) / 40 = [.25, .75]; resamples of two chunks give 0, .25, .5 ... 1
    assert table[("a", 0)][3] == pytest.approx(0.25)
    assert table[("a", 1)][3] == pytest.approx(0.75)
    assert table[("a", 0)][4] == 0.0 and table[("a", 0)][5] == 1.0
    assert table[("a", 0)][6:] == (2, 40)
    # one chunk: no variation
    assert table[("b", 0)][3:6] == (0.5, 0.5, 0.5)
    # same seed, same numbers; a group's interval does not depend on the other groups
    again = bootstrap_prevalence(
        theta[:2], weights[:2], ["a", "a"], level="genre", resamples=500, seed=1
    )
    assert again == [r for r in rows if r[1] == "a"]


# --- chunk terms -------------------------------------------------------------------------------


def test_english_terms_keep_hyphen_compounds_and_drop_noise():
    nlp = load_pipeline("en", "blank")
    doc = nlp(
        "We must win the battles for self-reliance in 2035, and 10 core technologies (核心技术)."
    )
    assert english_terms(doc, stopword_set()) == [
        "win",
        "battle",
        "self-reliance",
        "core",
        "technology",
    ]


def test_chinese_terms_keep_lexicon_terms_that_jieba_splits():
    import jieba

    text = "坚决打赢关键核心技术攻坚战，实现自主可控。"
    assert "关键核心技术" not in jieba.lcut(text)  # jieba alone: 关键|核心技术, 自主|可控
    zh = tuple(sorted({t for cat in lexicon_terms(LEXICONS).values() for t in cat["zh"]}))
    terms = chinese_terms(text, chinese_segmenter(zh), stopword_set())
    assert terms == ["打赢", "关键核心技术", "攻坚战", "自主可控"]  # 坚决, 实现: spaCy stop words
    # the process-global jieba dictionary is untouched
    assert "关键核心技术" not in jieba.lcut(text)


def test_lexicon_terms_from_the_project_lexicons():
    terms = lexicon_terms(LEXICONS)
    assert sorted(terms) == ["militarized", "self_reliance"]
    assert {"battlefield", "weapon", "containment"} <= set(terms["militarized"]["en"])
    assert {"self-reliance", "chokepoint", "core_technology"} <= set(terms["self_reliance"]["en"])
    assert {"关键核心技术", "卡脖子", "自立自强"} <= set(terms["self_reliance"]["zh"])
    assert not any("..." in t for cat in terms.values() for t in cat["zh"])


def test_chunks_are_paragraphs_or_windows_with_exact_offsets():
    path = ROOT / "resources/corpus/003_d6f9097df6b254f5.txt"
    raw = raw_text(path)
    en_start = raw.index('"Techno-scientific innovation has become')  # first quoted passage
    en_end = raw.index("\n", en_start)
    zh_start = raw.index("科技创新成为国际战略博弈的主要战场")  # its Chinese original
    zh_end = raw.index("\n", zh_start)
    segments = [
        {"doc_id": "d", "seg_id": 0, "start_char": en_start, "voice": "primary", "lang": "en",
         "text": raw[en_start:en_end]},
        {"doc_id": "d", "seg_id": 1, "start_char": en_end, "voice": "commentary", "lang": "en",
         "text": raw[en_end:zh_start]},
        {"doc_id": "d", "seg_id": 2, "start_char": zh_start, "voice": "primary", "lang": "zh",
         "text": raw[zh_start:zh_end]},
    ]  # fmt: skip
    docs, _ = tokenize_segments(segments, {"en": "blank", "zh": "blank"})
    common = dict(stopwords=stopword_set(), segmenter=chinese_segmenter(()))
    paragraphs = make_chunks(docs, unit="paragraph", window_sentences=5, **common)
    assert [(c.lang, raw[c.start : c.end]) for c in paragraphs] == [
        ("en", raw[en_start:en_end].strip()),
        ("zh", raw[zh_start:zh_end].strip()),
    ]
    windows = make_chunks(docs, unit="window", window_sentences=1, **common)
    assert len(windows) > 2 and all(c.doc_id == "d" for c in windows)
    assert all(raw[c.start : c.end] == raw[c.start : c.end].strip() for c in windows)
    assert (
        make_chunks(docs, unit="paragraph", window_sentences=5, languages=("en",), **common)[0]
        == (paragraphs[0])
    )


def test_vocabulary_filter_keep_terms_and_heldout_sample():
    chunks = [
        Chunk("a", 0, 10, "en", ("x", "y", "z", "common")),
        Chunk("a", 20, 30, "en", ("x", "y", "rare", "common")),
        Chunk("b", 0, 10, "en", ("x", "z", "common", "common")),
        Chunk("b", 20, 30, "en", ("y", "z", "common")),
        Chunk("c", 0, 5, "en", ("x",)),
    ]
    corpus = build_topic_corpus(chunks, min_df=2, max_df=0.8, min_chunk_tokens=2)
    # "common" is in 4 of 4 chunks (> .8), "rare" in 1 (< 2); chunk c has 1 term and is left out
    assert corpus.vocab == ["x", "y", "z"]
    assert corpus.terms[2] == ("x", "z")
    kept = build_topic_corpus(
        chunks, min_df=2, max_df=0.8, min_chunk_tokens=2, keep_terms={"rare", "common"}
    )
    assert kept.vocab == ["rare", "x", "y", "z"]  # max_df still applies
    held = build_topic_corpus(
        chunks, min_df=2, max_df=0.8, min_chunk_tokens=2, heldout_fraction=0.5, seed=3
    )
    rows = held.heldout_rows()
    assert len(rows) == 2
    assert held.heldout_rows().tolist() == rows.tolist()
    train, out = held.train_counts().toarray(), held.heldout_counts().toarray()
    np.testing.assert_array_equal(train + out, held.counts().toarray())
    assert out[[i for i in range(4) if i not in rows]].sum() == 0


def test_seeded_eta_and_labels():
    eta, names = seeded_eta(
        ["battle", "innovation", "self-reliance"],
        {"militarized": ["battle", "war"], "self_reliance": ["self-reliance"]},
        other_topics=2,
        strength=10.0,
    )
    assert names == ["militarized", "self_reliance", "other_0", "other_1"]
    np.testing.assert_array_equal(
        eta,
        [[10, 0.25, 0.25], [0.25, 0.25, 10], [0.25, 0.25, 0.25], [0.25, 0.25, 0.25]],
    )
    terms = [(0, 1, "a", 0.5, 0.9), (0, 2, "b", 0.3, 0.8), (1, 1, "c", 0.6, 0.7)]
    assert topic_labels(terms, 2) == {0: "a / b", 1: "c"}
    terms += [(0, 3, "z", 0.1, 0.95), (0, 4, "y", 0.05, 0.8)]  # FREX orders the label; ties by rank
    assert topic_labels(terms, 2) == {0: "z / a / b", 1: "c"}
    assert topic_labels(terms, 2, [{"topic": 1, "label": "Talent"}])[1] == "Talent"
    with pytest.raises(Exception, match="topics 0..1"):
        topic_labels(terms, 2, [{"topic": 5, "label": "x"}])


def test_phrases_join_frequent_pairs_into_lexicon_style_terms():
    chunks = [
        Chunk("a", i, i + 1, "en", (f"x{i}", "core", "technology", f"y{i % 2}")) for i in range(6)
    ]
    corpus = build_topic_corpus(
        chunks,
        min_df=2,
        max_df=1.0,
        min_chunk_tokens=2,
        phrases={"enabled": True, "min_count": 3, "threshold": 0.5},
    )
    assert corpus.vocab == ["core_technology", "y0", "y1"]  # x0..x5 occur once (min_df)
    assert "core_technology" in lexicon_terms(LEXICONS)["self_reliance"]["en"]
