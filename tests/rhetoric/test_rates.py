"""Rate tables on crafted data: hits per sentence, document and genre rates with seeded bootstrap
intervals, document scores with languages pooled, subcategory shares and position bins."""

from __future__ import annotations

import numpy as np
import pandas as pd

from policy_rhetoric.rhetoric.rates import (
    DOCUMENT_SCORE_COLUMNS,
    POSITION_COLUMNS,
    SUBCATEGORY_SHARE_COLUMNS,
    bootstrap_rates,
    document_score_table,
    exact_floats,
    genre_score_table,
    hit_matrix,
    position_table,
    rate_per_1k,
    rate_table,
    subcategory_share_table,
)


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


# Sentences of two documents in two languages and their matches (all cells text, as read).
SENTENCES = pd.DataFrame(
    [
        ("d1", 0, 0, 40, "primary", "en", 10),
        ("d1", 1, 40, 60, "primary", "zh", 8),
        ("d1", 2, 60, 100, "commentary", "en", 12),
        ("d1", 3, 100, 140, "primary", "en", 10),
        ("d1", 4, 140, 160, "primary", "zh", 10),
        ("d2", 0, 0, 50, "primary", "en", 20),
        ("d2", 1, 50, 90, "primary", "en", 20),
    ],
    columns=["doc_id", "sent_id", "start_char", "end_char", "voice", "lang", "n_tokens"],
).astype(str)
MATCHES = pd.DataFrame(
    [
        ("d1", 0, 5, 11, "militarized", "battle", "battle", "primary"),
        ("d1", 1, 42, 44, "militarized", "battle", "battle", "primary"),
        ("d1", 1, 50, 54, "self_reliance", "autonomy", "autonomy_control", "primary"),
        ("d1", 2, 70, 76, "militarized", "battle", "battle", "commentary"),
        ("d1", 3, 110, 120, "self_reliance", "core", "core_technologies", "primary"),
        ("d1", 4, 145, 149, "self_reliance", "core", "core_technologies", "primary"),
        ("d2", 1, 60, 66, "militarized", "battle", "battle", "primary"),
    ],
    columns=[
        "doc_id",
        "sent_id",
        "start_char",
        "end_char",
        "category",
        "subcategory",
        "term",
        "voice",
    ],
).astype(str)
DOCUMENTS = pd.DataFrame({"doc_id": ["d1", "d2"], "genre": ["study_outline", "speech"]})
CATEGORIES = ["militarized", "self_reliance"]


def test_one_rate_helper_gives_zero_or_nan_without_tokens():
    assert rate_per_1k([3, 0], [1500, 0]).tolist() == [2.0, 0.0]
    assert np.isnan(rate_per_1k(0, 0, empty=np.nan))


def test_exact_floats_round_trip_and_write_na():
    frame = exact_floats(pd.DataFrame({"x": [1 / 3, np.nan], "n": [1, 2]}))
    assert float(frame["x"].iloc[0]) == 1 / 3 and frame["x"].iloc[1] == "NA"
    assert frame["n"].tolist() == [1, 2]


def test_document_scores_pool_languages_with_the_genre_tables_interval():
    scores = document_score_table(SENTENCES, MATCHES, DOCUMENTS, CATEGORIES, seed=7, resamples=200)
    assert list(scores.columns) == list(DOCUMENT_SCORE_COLUMNS)
    d1 = scores[
        (scores["doc_id"] == "d1")
        & (scores["voice"] == "primary")
        & (scores["lang"] == "all")
        & (scores["category"] == "militarized")
    ].iloc[0]
    assert (d1.genre, d1.hits, d1.tokens) == ("study_outline", 2, 38)
    assert d1.ci_low <= d1.rate_per_1k <= d1.ci_high
    # One document per genre here: the same numbers as the genre table.
    own = pd.DataFrame({"doc_id": ["d1", "d2"], "genre": ["d1", "d2"]})
    reference = genre_score_table(SENTENCES, MATCHES, own, CATEGORIES, seed=7, resamples=200)
    assert scores["ci_high"].tolist() == reference["ci_high"].tolist()


class Lexicon:
    """The two fields of a lexicon the rate tables read."""

    def __init__(self, category, labels):
        self.category, self.labels = category, labels


def test_subcategory_shares_cover_every_lexicon_subcategory_and_sum_to_one():
    lexicons = [
        Lexicon("militarized", {"battle": "Battle", "weapons": "Weapons"}),
        Lexicon("self_reliance", {"core": "Core technologies", "autonomy": "Autonomy"}),
    ]
    genre_scores = genre_score_table(SENTENCES, MATCHES, DOCUMENTS, lexicons, resamples=0)
    shares = subcategory_share_table(genre_scores, lexicons)
    assert list(shares.columns) == list(SUBCATEGORY_SHARE_COLUMNS)
    n_subs = sum(len(lx.labels) for lx in lexicons)
    cells = genre_scores[["genre", "voice", "lang"]].drop_duplicates()
    assert len(shares) == n_subs * len(cells)
    assert list(dict.fromkeys(shares["category"])) == CATEGORIES
    assert list(dict.fromkeys(shares["subcategory"]))[2:] == ["core", "autonomy"]
    primary = shares[(shares["voice"] == "primary") & (shares["lang"] == "all")]
    sums = primary.dropna(subset=["share"]).groupby(["genre", "category"])["share"].sum()
    assert np.allclose(sums, 1.0)
    commentary = shares[(shares["voice"] == "commentary") & (shares["category"] == "self_reliance")]
    assert commentary["share"].isna().all() and (commentary["category_hits"] == 0).all()
    # each row carries its genre's documents (the figure calls a one-document column a document)
    whole = genre_scores[genre_scores["subcategory"] == "all"]
    expected = whole.set_index(["genre", "voice", "lang", "category"])["documents"].astype(int)
    got = shares.set_index(["genre", "voice", "lang", "category"])["documents"]
    assert (got == expected.reindex(got.index)).all()
    assert set(shares.loc[shares["genre"] == "speech", "documents"]) == {1}


def test_position_rates_put_each_sentence_in_the_bin_of_its_midpoint():
    rates = position_table(SENTENCES, MATCHES, DOCUMENTS, CATEGORIES, bins=4)
    assert list(rates.columns) == list(POSITION_COLUMNS)
    # d2 (speech): two sentences of 20 tokens, midpoints at 25% and 75% -> bins 1 and 3.
    speech = rates[(rates["genre"] == "speech") & (rates["category"] == "militarized")]
    assert speech[["bin", "hits", "tokens"]].to_numpy().tolist() == [[1, 0, 20], [3, 1, 20]]
    # d1 primary tokens 10, 8, 10, 10 (commentary skipped): midpoints 5, 14, 23, 33 of 38.
    outline = rates[(rates["genre"] == "study_outline") & (rates["category"] == "militarized")]
    assert outline["bin"].tolist() == [0, 1, 2, 3]
    assert outline["hits"].tolist() == [1, 1, 0, 0]
    assert outline["position"].tolist() == [0.125, 0.375, 0.625, 0.875]
