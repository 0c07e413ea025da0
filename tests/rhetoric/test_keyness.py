"""Keyness by the log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008):
hand-computed values, symmetry, the prior's effect, and the lemma counts from real spaCy Docs."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.corpus.tokens import tokenize_segments
from policy_rhetoric.rhetoric.keyness import (
    KEYNESS_COLUMNS,
    doc_lemmas,
    genre_keyness,
    keyness_stopwords,
    log_odds_dirichlet,
)


def test_log_odds_matches_the_formula_by_hand():
    # Two words; group i says only "a" (10 times), group j only "b" (10 times); prior 1 each (a_0 = 2).
    delta, se = log_odds_dirichlet(np.array([10, 0]), np.array([0, 10]), np.array([1.0, 1.0]))
    # delta_a = log((10+1)/(10+2-10-1)) - log((0+1)/(10+2-0-1)) = log 11 - log(1/11) = 2 log 11
    assert delta[0] == pytest.approx(2 * math.log(11))
    assert delta[1] == pytest.approx(-2 * math.log(11))
    assert se[0] == pytest.approx(math.sqrt(1 / 11 + 1 / 1))


def test_swapping_the_groups_negates_delta_and_keeps_the_error():
    y_i, y_j, prior = np.array([5, 3, 0, 9]), np.array([1, 7, 0, 9]), np.array([0.5, 1, 0.4, 2.0])
    d1, s1 = log_odds_dirichlet(y_i, y_j, prior)
    d2, s2 = log_odds_dirichlet(y_j, y_i, prior)
    assert np.allclose(d1, -d2) and np.allclose(s1, s2)
    # Equal group sizes: a word used equally often by both has delta 0.
    assert d1[2] == pytest.approx(0.0) and d1[3] == pytest.approx(0.0)


def test_a_stronger_prior_shrinks_rare_words_toward_zero():
    counts = pd.DataFrame(
        [
            ("a", "rare", 2),
            ("b", "common", 50),
            ("a", "common", 40),
            ("b", "filler", 60),
            ("a", "filler", 58),
        ],
        columns=["genre", "term", "count"],
    )
    weak = genre_keyness(counts, alpha0=1.0).set_index(["genre", "term"])
    strong = genre_keyness(counts, alpha0=1000.0).set_index(["genre", "term"])
    assert abs(strong.loc[("a", "rare"), "delta"]) < abs(weak.loc[("a", "rare"), "delta"])


def test_genre_keyness_compares_each_genre_with_all_the_others():
    counts = pd.DataFrame(
        [
            ("speech", "talent", 12),
            ("speech", "innovation", 10),
            ("outline", "weapon", 8),
            ("outline", "innovation", 10),
            ("news", "innovation", 3),
            ("news", "battle", 2),
        ],
        columns=["genre", "term", "count"],
    )
    table = genre_keyness(counts)
    assert list(table.columns) == list(KEYNESS_COLUMNS)
    assert len(table) == 3 * 4
    top = table.groupby("genre").head(1).set_index("genre")["term"].to_dict()
    assert top == {"news": "battle", "outline": "weapon", "speech": "talent"}
    talent = table[(table["genre"] == "speech") & (table["term"] == "talent")].iloc[0]
    assert (talent.count_genre, talent.count_rest, talent.count_total) == (12, 0, 12)
    # Default prior a_w = corpus count of w: a_0 = 45.
    prior = np.array([2, 23, 12, 8], dtype=float)  # battle, innovation, talent, weapon
    delta, se = log_odds_dirichlet(np.array([0, 10, 12, 0]), np.array([2, 13, 0, 8]), prior)
    assert talent.delta == pytest.approx(delta[2]) and talent.z_score == pytest.approx(
        delta[2] / se[2]
    )


def test_min_count_drops_rare_terms_before_anything_is_computed():
    counts = pd.DataFrame(
        [("a", "x", 1), ("b", "x", 0), ("a", "y", 5), ("b", "y", 5), ("a", "z", 1), ("b", "z", 2)],
        columns=["genre", "term", "count"],
    )
    assert set(genre_keyness(counts, min_count=2)["term"]) == {"y", "z"}
    assert genre_keyness(counts, min_count=4).empty


def test_lemmas_come_from_primary_english_text_without_stop_words():
    segments = [
        {
            "doc_id": "t",
            "seg_id": 0,
            "start_char": 0,
            "voice": "primary",
            "lang": "en",
            "text": "We must win the battles of core technologies in 2022.",
        },
        {
            "doc_id": "t",
            "seg_id": 1,
            "start_char": 60,
            "voice": "commentary",
            "lang": "en",
            "text": "The analyst doubts the battles.",
        },
    ]
    docs, _ = tokenize_segments(segments, {})
    lemmas = list(doc_lemmas(docs, stopwords=keyness_stopwords()))
    assert lemmas == ["win", "battle", "core", "technology"]


def test_extra_stop_words_are_removed_too():
    assert "innovation" in keyness_stopwords(["Innovation"])
    assert "the" in keyness_stopwords()
