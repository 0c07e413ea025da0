"""topics/prevalence.py: the document is the unit (documents resampled, not chunks), the method of
composition recovers a known genre and year effect, seeded shares summarised over seeds."""

from __future__ import annotations

import numpy as np
import pytest

from policy_rhetoric.topics.prevalence import (
    document_matrix,
    prevalence_by_group,
    prevalence_effects,
    shares_by_group,
    summarize_over_seeds,
)

SHARP = 1e10  # gamma this large: the posterior of theta is a point (sd ~ 5e-6)


def test_document_matrix_weights_chunks_by_terms():
    docs, matrix = document_matrix(["b", "a", "b"], np.array([10.0, 5.0, 30.0]))
    assert docs == ["a", "b"]
    theta = np.array([[1.0, 0.0], [0.2, 0.8], [0.0, 1.0]])
    np.testing.assert_allclose(matrix @ theta, [[0.2, 0.8], [0.25, 0.75]])


def test_genre_intervals_resample_documents_not_chunks():
    # two documents with identical proportions (0.5) made of opposite chunks: resampling chunks
    # would give intervals up to [0, 1]; resampling documents gives the point
    gamma = SHARP * np.array([[1.0, 1e-9], [1e-9, 1.0], [1.0, 1e-9], [1e-9, 1.0], [0.9, 0.1]])
    doc_ids = ["d1", "d1", "d2", "d2", "d3"]
    genres = {"d1": "speech", "d2": "speech", "d3": "report"}
    rows = prevalence_by_group(gamma, np.ones(5), doc_ids, genres, draws=200, seed=1)
    table = {(r[0], r[1], r[2]): r for r in rows}
    speech = table[("genre", "speech", 0)]
    assert speech[3:6] == pytest.approx((0.5, 0.5, 0.5), abs=1e-4)
    assert speech[6:9] == (2, 4, 4)
    assert speech[9] == "fewer than 3 documents"
    report = table[("genre", "report", 0)]
    assert report[3] == pytest.approx(0.9, abs=1e-4)
    assert report[9].startswith("one document")
    assert table[("document", "d3", 1)][3:7] == pytest.approx((0.1, 0.1, 0.1, 1), abs=1e-4)


def test_genre_interval_widens_with_between_document_variance():
    doc_ids = [f"d{i}" for i in range(10)]
    genres = dict.fromkeys(doc_ids, "speech")
    same = SHARP * np.tile([0.5, 0.5], (10, 1))
    spread = SHARP * np.array([[p, 1 - p] for p in np.linspace(0.1, 0.9, 10)])
    narrow = prevalence_by_group(same, np.ones(10), doc_ids, genres, draws=400, seed=2)[0]
    wide = prevalence_by_group(spread, np.ones(10), doc_ids, genres, draws=400, seed=2)[0]
    assert narrow[5] - narrow[4] < 1e-4
    assert wide[3] == pytest.approx(0.5) and wide[5] - wide[4] > 0.2


def simulated_documents(n: int, effect: float, year_effect: float, noise: float, seed: int):
    """n one-chunk documents, half of genre b; topic 0's proportion = 0.3 + effect x [genre b] +
    year_effect per decade (years 1960..2020) + noise; gamma = 200 x the proportions."""
    rng = np.random.default_rng(seed)
    doc_ids = [f"d{i:03d}" for i in range(n)]
    genres = {d: "a" if i % 2 else "b" for i, d in enumerate(doc_ids)}
    years = {d: 1960 + (i * 7) % 61 for i, d in enumerate(doc_ids)}
    p = np.array(
        [0.3 + effect * (genres[d] == "b") + year_effect * (years[d] - 1990) / 10 for d in doc_ids]
    )
    p = np.clip(p + noise * rng.standard_normal(n), 0.02, 0.98)
    return np.column_stack([p, 1 - p]), doc_ids, genres, years


def test_method_of_composition_recovers_a_known_genre_and_year_effect():
    props, doc_ids, genres, years = simulated_documents(80, 0.2, 0.03, 0.05, seed=3)
    rows = prevalence_effects(200 * props, np.ones(80), doc_ids, genres, years, draws=400, seed=1)
    table = {(r[0], r[1]): r for r in rows}
    genre = table[(0, "genre")]
    assert genre[2:4] == ("b", "a")  # level b against the reference a (tie: first by name)
    assert genre[4] == pytest.approx(0.2, abs=0.03)
    assert genre[5] < 0.2 < genre[6] and genre[5] > 0.1
    assert genre[7:10] == (80, 400, "genre + year")
    year = table[(0, "year_per_decade")]
    assert year[4] == pytest.approx(0.03, abs=0.01) and year[5] < 0.03 < year[6]
    # topic 1 is the complement
    assert table[(1, "genre")][4] == pytest.approx(-genre[4])


def test_method_of_composition_adds_the_topic_models_uncertainty():
    props, doc_ids, genres, years = simulated_documents(40, 0.2, 0.0, 0.0, seed=4)
    sharp = prevalence_effects(SHARP * props, np.ones(40), doc_ids, genres, {}, draws=300, seed=1)
    vague = prevalence_effects(5 * props, np.ones(40), doc_ids, genres, {}, draws=300, seed=1)
    s, v = sharp[1], vague[1]
    assert s[1] == "genre" and s[9] == "genre"  # no years: genre only
    assert s[4] == pytest.approx(0.2, abs=1e-4)  # no noise, sharp posterior: exact
    assert s[6] - s[5] < 1e-3
    assert v[6] - v[5] > 0.1  # a vague posterior widens the interval


def test_prevalence_effects_without_residual_degrees_of_freedom_give_na():
    gamma = SHARP * np.array([[0.5, 0.5], [0.2, 0.8]])
    rows = prevalence_effects(
        gamma, np.ones(2), ["d1", "d2"], {"d1": "a", "d2": "b"}, {}, draws=10, seed=1
    )
    assert [r[4:7] for r in rows] == [("NA", "NA", "NA")] * 4
    assert rows[0][-1] == "no residual degrees of freedom (2 documents, 2 coefficients)"


def test_seeded_summary_gives_median_and_range_over_seeds():
    shares = {("genre", "speech", 0, 81): [0.68, 0.013, 0.2], ("genre", "speech", 1, 81): [0.1]}
    assert summarize_over_seeds(shares) == [
        ("genre", "speech", 0, 0.2, 0.013, 0.68, 3, 81),
        ("genre", "speech", 1, 0.1, 0.1, 0.1, 1, 81),
    ]


def test_shares_by_group_counts_each_document_once():
    theta = np.array([[1.0], [0.0], [0.5]])
    shares = shares_by_group(
        theta, np.array([1.0, 3.0, 2.0]), ["d1", "d1", "d2"], dict(d1="g", d2="g")
    )
    assert shares[("document", "d1", 0, 1)] == pytest.approx(0.25)
    assert shares[("genre", "g", 0, 2)] == pytest.approx((0.25 + 0.5) / 2)
