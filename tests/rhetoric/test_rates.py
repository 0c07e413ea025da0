"""Rates, bootstrap intervals, permutation tests, term influence, co-occurrence and KWIC on crafted data,
and the contract columns of the tables the pipeline writes."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.rhetoric.rates import (
    bootstrap_rates,
    cooccurrence_table,
    genre_score_table,
    genre_tests,
    hit_matrix,
    kwic_rows,
    permutation_differences,
    rate_table,
)

SENTENCE_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "voice", "lang", "n_tokens"]
MATCH_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "category", "subcategory", "term"]


def sentences_frame(rows):
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def matches_frame(rows):
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


@pytest.fixture
def corpus():
    """Two one-document genres: a (10 sentences x 10 tokens, hits in 5) and b (10 x 10, 1 hit)."""
    sentences, matches = [], []
    for d, genre_hits in (("a", 5), ("b", 1)):
        for i in range(10):
            sentences.append((d, i, 100 * i, 100 * i + 50, "primary", "en", 10))
            if i < genre_hits:
                sub, term = ("battle", "war") if i % 2 == 0 else ("weapons", "weapon")
                matches.append((d, i, 100 * i, 100 * i + 3, "militarized", sub, term))
    documents = pd.DataFrame({"doc_id": ["a", "b"], "genre": ["speech", "analysis"]})
    return sentences_frame(sentences), matches_frame(matches), documents


def test_hit_matrix_counts_per_sentence_and_column(corpus):
    sentences, matches, _ = corpus
    hits = hit_matrix(
        sentences, matches, [("militarized", "all"), ("militarized", "battle"), ("x", "all")]
    )
    assert hits[:, 0].tolist() == [1] * 5 + [0] * 5 + [1] + [0] * 9
    assert hits[:, 1].tolist() == [1, 0, 1, 0, 1] + [0] * 5 + [1] + [0] * 9
    assert hits[:, 2].sum() == 0


def test_rate_table_has_every_column_and_a_seeded_interval(corpus):
    sentences, matches, documents = corpus

    class Lex:
        category = "militarized"
        labels = {"battle": "Battle", "weapons": "Weapons", "struggle": "Struggle"}

    table = rate_table(sentences, matches, documents, [Lex], seed=1, resamples=500)
    a = table[table["doc_id"] == "a"].set_index("subcategory")
    assert list(a.index) == ["all", "battle", "struggle", "weapons"]
    assert a.loc["all", ["hits", "tokens", "sentences", "sentences_with_hit"]].tolist() == [
        5,
        100,
        10,
        5,
    ]
    assert a.loc["all", "rate_per_1k"] == 50.0
    assert a.loc["all", "ci_low"] < 50.0 < a.loc["all", "ci_high"]
    assert a.loc["struggle", ["hits", "rate_per_1k", "ci_low", "ci_high"]].tolist() == [0, 0, 0, 0]
    again = rate_table(sentences, matches, documents, [Lex], seed=1, resamples=500)
    pd.testing.assert_frame_equal(table, again)
    other = rate_table(sentences, matches, documents, [Lex], seed=2, resamples=500)
    assert not other["ci_low"].equals(table["ci_low"])


def test_bootstrap_interval_matches_a_direct_resampling():
    rng_hits = np.array([[1.0], [0.0], [0.0], [2.0]])
    tokens = np.array([10.0, 10.0, 20.0, 10.0])
    low, high = bootstrap_rates(rng_hits, tokens, np.zeros(4, int), 4000, np.random.default_rng(0))
    draws = np.random.default_rng(0).multinomial(4, [0.25] * 4, size=4000)
    rates = 1000 * (draws @ rng_hits[:, 0]) / (draws @ tokens)
    assert (low[0], high[0]) == tuple(np.percentile(rates, [2.5, 97.5]))


def test_stratified_bootstrap_keeps_each_stratum_size():
    hits = np.array([[1.0], [0.0], [5.0], [5.0]])
    tokens = np.ones(4)
    low, high = bootstrap_rates(
        hits, tokens, np.array([0, 0, 1, 1]), 1000, np.random.default_rng(3)
    )
    # stratum 1 always contributes 10 hits in 2 tokens: 1000 x (10 + 0..2) / 4
    assert 2500 <= low[0] and high[0] <= 3000
    pooled, _ = bootstrap_rates(hits, tokens, np.zeros(4, int), 1000, np.random.default_rng(3))
    assert pooled[0] < 2500


def test_genre_scores_pool_languages_as_all(corpus):
    sentences, matches, documents = corpus
    zh = sentences.iloc[:2].assign(lang="zh", sent_id=[20, 21], n_tokens=5)
    table = genre_score_table(
        pd.concat([sentences, zh]), matches, documents, ["militarized"], seed=0, resamples=50
    )
    speech = table[table["genre"] == "speech"].set_index("lang")
    assert speech.loc["all", "tokens"] == speech.loc["en", "tokens"] + speech.loc["zh", "tokens"]
    assert speech.loc["all", "hits"] == 5 and speech.loc["all", "documents"] == 1


def test_permutation_test_and_term_influence(corpus):
    sentences, matches, documents = corpus
    tests, influence = genre_tests(
        sentences, matches, documents, ["militarized"], seed=0, permutations=2000
    )
    row = tests[(tests["voice"] == "primary") & (tests["lang"] == "en")].iloc[0]
    assert (row["genre_a"], row["genre_b"]) == ("analysis", "speech")
    assert (row["rate_a"], row["rate_b"], row["difference"]) == (10.0, 50.0, -40.0)
    # exact null: 6 hit sentences among 20, 10 to each side; |d| >= 40 needs a 5-1 or 1-5 split or more
    from math import comb

    extreme = sum(comb(6, k) * comb(14, 10 - k) for k in (0, 1, 5, 6)) / comb(20, 10)
    assert abs(row["p_value"] - extreme) < 0.02
    terms = influence[(influence["voice"] == "primary") & (influence["lang"] == "en")]
    war = terms.set_index("term").loc["war"]
    # without "war" (3 hits in speech, 1 in analysis): 0/100 - 2/100 per 1,000 tokens
    assert (war["difference_without_term"], war["change"]) == (-20.0, 20.0)


def test_permutations_keep_group_sizes():
    hits = np.array([[1.0], [1.0], [0.0], [0.0]])
    differences = permutation_differences(
        hits, np.ones(4), np.array([True, True, False, False]), 100, np.random.default_rng(0)
    )
    assert set(np.round(differences[:, 0])) <= {-1000.0, 0.0, 1000.0}


def test_cooccurrence_baseline_shuffles_within_documents():
    sentences = sentences_frame(
        [("d", i, 10 * i, 10 * i + 5, "primary", "en", 5) for i in range(6)]
        + [("e", i, 10 * i, 10 * i + 5, "primary", "en", 5) for i in range(4)]
    )
    segments = pd.DataFrame(
        {
            "doc_id": ["d", "d", "e"],
            "seg_id": [0, 1, 0],
            "start_char": [0, 30, 0],
            "end_char": [30, 60, 40],
        }
    )
    matches = matches_frame(
        [
            ("d", 0, 0, 1, "militarized", "x", "t"),
            ("d", 0, 2, 3, "self_reliance", "x", "t"),
            ("d", 4, 40, 41, "self_reliance", "x", "t"),
            ("e", 1, 10, 11, "militarized", "x", "t"),
            ("e", 1, 12, 13, "self_reliance", "x", "t"),
        ]
    )
    table = cooccurrence_table(sentences, segments, matches, seed=0, permutations=4000)
    by = table.set_index(["scope", "lang"])
    s = by.loc[("sentence", "en")]
    assert (s["units"], s["units_militarized"], s["units_self_reliance"], s["units_both"]) == (
        10,
        2,
        3,
        2,
    )
    # d: 1 militarized of 6, 2 self-reliance -> 1/3 expected; e: 1 of 4, 1 -> 1/4 expected
    assert abs(s["expected_both"] - (2 / 6 + 1 / 4)) < 0.03
    assert abs(s["p_value"] - (2 / 6) * (1 / 4)) < 0.02
    p = by.loc[("paragraph", "en")]
    assert (p["units"], p["units_militarized"], p["units_self_reliance"], p["units_both"]) == (
        3,
        2,
        3,
        2,
    )
    assert p["expected_both"] == 2 and p["p_value"] == 1.0


def test_kwic_windows_are_raw_text():
    matches = pd.DataFrame(
        [("d", 0, 11, 17, "militarized", "battle", "battle", "primary", "en")],
        columns=[
            "doc_id",
            "sent_id",
            "start_char",
            "end_char",
            "category",
            "subcategory",
            "term",
            "voice",
            "lang",
        ],
    )
    (row,) = kwic_rows(matches, {"d": "We won the battle of chips."}, 5)
    assert row[8:] == (" the ", "battle", " of c")
    (row,) = kwic_rows(matches.assign(start_char=0, end_char=2), {"d": "We won"}, 5)
    assert row[8:] == ("", "We", " won")


CONTRACT = {
    "rhetoric/scores.tsv": [
        "doc_id", "genre", "voice", "lang", "category", "subcategory", "hits", "tokens",
        "sentences", "sentences_with_hit", "rate_per_1k", "ci_low", "ci_high",
    ],
    "rhetoric/genre_scores.tsv": [
        "genre", "voice", "lang", "category", "subcategory", "hits", "tokens", "sentences",
        "rate_per_1k", "ci_low", "ci_high",
    ],
    "rhetoric/genre_tests.tsv": [
        "genre_a", "genre_b", "voice", "lang", "category", "rate_a", "rate_b", "difference",
        "p_value",
    ],
    "rhetoric/term_influence.tsv": [
        "genre_a", "genre_b", "voice", "lang", "category", "term", "difference",
        "difference_without_term", "change",
    ],
    "rhetoric/cooccurrence.tsv": [
        "scope", "voice", "lang", "units", "units_militarized", "units_self_reliance",
        "units_both", "expected_both", "expected_ci_low", "expected_ci_high", "p_value",
    ],
    "rhetoric/kwic.tsv": [
        "doc_id", "start_char", "end_char", "category", "subcategory", "term", "voice", "lang",
        "left", "match", "right",
    ],
}  # fmt: skip


@pytest.mark.parametrize("name,columns", sorted(CONTRACT.items()))
def test_pipeline_tables_keep_the_contract_columns(results, name, columns):
    table = read_tsv(results / name)
    assert list(table.columns)[: len(columns)] == columns
    assert len(table) > 0


def test_pipeline_rates_agree_with_matches_and_sentences(results):
    scores = read_tsv(results / "rhetoric/scores.tsv")
    matches = read_tsv(results / "rhetoric/matches.tsv")
    sentences = read_tsv(results / "corpus/sentences.tsv")
    whole = scores[scores["subcategory"] == "all"]
    assert whole["hits"].astype(int).sum() == len(matches)
    for key, group in scores.groupby(["doc_id", "voice", "lang", "category"]):
        parts = group[group["subcategory"] != "all"]["hits"].astype(int).sum()
        assert parts == int(group[group["subcategory"] == "all"]["hits"].iloc[0]), key
    cell = sentences.groupby(["doc_id", "voice", "lang"])["n_tokens"].apply(
        lambda s: s.astype(int).sum()
    )
    for row in whole.itertuples():
        assert int(row.tokens) == cell[(row.doc_id, row.voice, row.lang)]
        low, rate, high = float(row.ci_low), float(row.rate_per_1k), float(row.ci_high)
        assert low <= rate <= high or int(row.hits) == 0
    genre = read_tsv(results / "rhetoric/genre_scores.tsv")
    assert set(genre["lang"]) >= {"en", "zh", "all"}
    kwic = read_tsv(results / "rhetoric/kwic.tsv")
    key = ["doc_id", "start_char", "end_char", "category", "term"]
    assert sorted(map(tuple, kwic[[*key, "match"]].values.tolist())) == sorted(
        map(tuple, matches[[*key, "matched_text"]].values.tolist())
    )


def test_pipeline_genre_tests_cover_every_pair(results):
    tests = read_tsv(results / "rhetoric/genre_tests.tsv")
    primary = tests[(tests["voice"] == "primary") & (tests["lang"] == "all")]
    pairs = set(zip(primary["genre_a"], primary["genre_b"], strict=True))
    assert len(pairs) == 10 and all(a < b for a, b in pairs)
    p = primary["p_value"].astype(float)
    assert ((p > 0) & (p <= 1)).all()
    influence = read_tsv(results / "rhetoric/term_influence.tsv")
    merged = influence.merge(tests, on=["genre_a", "genre_b", "voice", "lang", "category"])
    assert (merged["difference_x"] == merged["difference_y"]).all()
