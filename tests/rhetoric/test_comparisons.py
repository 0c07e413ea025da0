"""Genre comparisons on crafted data: permutation tests, Benjamini-Hochberg q-values, term influence."""

from __future__ import annotations

from math import comb

import numpy as np
import pytest

from policy_rhetoric.rhetoric.comparisons import (
    GENRE_TEST_COLUMNS,
    TERM_INFLUENCE_COLUMNS,
    as_written,
    benjamini_hochberg,
    genre_tests,
    permutation_differences,
)


def test_permutation_test_and_term_influence(corpus):
    sentences, matches, documents = corpus
    tests, influence = genre_tests(
        sentences, matches, documents, ["militarized"], seed=0, permutations=2000
    )
    assert list(tests.columns) == list(GENRE_TEST_COLUMNS)
    assert list(influence.columns) == list(TERM_INFLUENCE_COLUMNS)
    row = tests[(tests["voice"] == "primary") & (tests["lang"] == "en")].iloc[0]
    assert (row["genre_a"], row["genre_b"]) == ("analysis", "speech")
    assert (row["rate_a"], row["rate_b"], row["difference"]) == (10.0, 50.0, -40.0)
    # exact null: 6 hit sentences among 20, 10 to each side; |d| >= 40 needs a 5-1 or 1-5 split or more
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


def test_grouped_permutations_draw_the_same_distribution():
    # 2 hit sentences of 4, 2 to each side: d = +1000 (both hits to a), 0 or -1000 with
    # probabilities 1/6, 4/6, 1/6, whether sentences are relabelled one by one or by profile
    hits = np.array([[1.0], [1.0], [0.0], [0.0]])
    in_a = np.array([True, False, True, False])
    for grouped in (False, True):
        d = permutation_differences(
            hits, np.ones(4), in_a, 6000, np.random.default_rng(1), grouped=grouped
        )[:, 0]
        assert d.shape == (6000,)
        shares = [np.mean(np.isclose(d, v)) for v in (1000.0, 0.0, -1000.0)]
        assert shares == pytest.approx([1 / 6, 4 / 6, 1 / 6], abs=0.02)


def test_grouped_permutations_apply_from_the_configured_size(corpus):
    sentences, matches, documents = corpus
    options = dict(seed=0, permutations=2000)
    plain, _ = genre_tests(sentences, matches, documents, ["militarized"], **options)
    # every comparison here has 20 sentences: a threshold above leaves the table as it was
    above, _ = genre_tests(
        sentences, matches, documents, ["militarized"], grouped_permutations_from=21, **options
    )
    assert above.equals(plain)
    grouped, _ = genre_tests(
        sentences, matches, documents, ["militarized"], grouped_permutations_from=20, **options
    )
    row = grouped[(grouped["voice"] == "primary") & (grouped["lang"] == "en")].iloc[0]
    extreme = sum(comb(6, k) * comb(14, 10 - k) for k in (0, 1, 5, 6)) / comb(20, 10)
    assert abs(row["p_value"] - extreme) < 0.02  # the same exact null as sentence by sentence
    assert not grouped["p_value"].equals(plain["p_value"])  # other draws
    columns = [c for c in GENRE_TEST_COLUMNS if c not in ("p_value", "q_value")]
    assert grouped[columns].equals(plain[columns])


def test_benjamini_hochberg_by_hand():
    q = benjamini_hochberg([0.01, 0.04, 0.03, float("nan"), 0.5])
    # sorted p 0.01, 0.03, 0.04, 0.5 with m = 4: 0.04, 0.06, 0.0533, 0.5 -> monotone 0.04, 0.0533, 0.0533, 0.5
    assert q[0] == pytest.approx(0.04)
    assert q[1] == pytest.approx(0.04 * 4 / 3)
    assert q[2] == pytest.approx(0.04 * 4 / 3)
    assert np.isnan(q[3])
    assert q[4] == pytest.approx(0.5)


def test_q_values_are_adjusted_within_each_voice_and_language(corpus):
    sentences, matches, documents = corpus
    zh = sentences.assign(lang="zh", sent_id=sentences["sent_id"] + 100)
    both = sentences.__class__(
        [*sentences.itertuples(index=False), *zh.itertuples(index=False)], columns=sentences.columns
    )
    tests, _ = genre_tests(both, matches, documents, ["militarized", "x"], seed=0, permutations=200)
    for _, family in tests.groupby(["voice", "lang"]):
        expected = benjamini_hochberg(as_written(family["p_value"]))
        assert np.allclose(family["q_value"].to_numpy(), expected, equal_nan=True)
    assert (tests["q_value"] >= tests["p_value"]).all()
