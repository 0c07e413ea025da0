"""Document-level inference on crafted counts: exact intervals against published values, the NB fit on
simulated documents, the document bootstrap, permutation of documents, pooling an aligned pair once."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.rhetoric.inference import (
    DOCUMENT_COUNT_COLUMNS,
    GENRE_ESTIMATE_COLUMNS,
    GENRE_INFERENCE_COLUMNS,
    document_bootstrap,
    document_counts,
    exact_rate_interval,
    flag_for,
    genre_design,
    infer_genres,
    nb_fit,
    overlap_window,
    permutation_p_values,
    rate_ratio,
)
from policy_rhetoric.rhetoric.rates import ALL, genre_score_table, pooled_mask, position_table


@pytest.mark.parametrize(
    ("k", "low", "high"),
    [
        # Garwood (1936) / Ulm (1990) 95% limits for a Poisson count, as tabulated
        (0, 0.0, 3.689),
        (1, 0.0253, 5.572),
        (2, 0.2422, 7.225),
        (5, 1.6235, 11.668),
        (10, 4.7954, 18.390),
    ],
)
def test_exact_interval_matches_published_poisson_limits(k, low, high):
    lo, hi = exact_rate_interval(k, 1.0)
    assert float(lo) == pytest.approx(low, abs=6e-4)
    assert float(hi) == pytest.approx(high, abs=6e-4)


def test_exact_interval_is_per_unit_exposure_and_nan_without_exposure():
    lo, hi = exact_rate_interval([0, 0], [60.0, 0.0])
    # 0 hits on 60 tokens: upper 3.689 / 60 per token = 61.5 per 1,000 (the example)
    assert 1000 * hi[0] == pytest.approx(61.48, abs=0.01)
    assert lo[0] == 0.0
    assert np.isnan(lo[1]) and np.isnan(hi[1])


def test_flags():
    assert flag_for(9, 3) == "few_hits"
    assert flag_for(10, 2) == "few_documents"
    assert flag_for(3, 1) == "few_hits;few_documents"
    assert flag_for(10, 3) == ""
    assert flag_for(10, None) == ""


def _simulated(n_per_genre, rates, alpha, seed):
    """Documents of genres with known rates per token, gamma-distributed document effects (mean 1,
    variance alpha: NB2) and varying lengths."""
    rng = np.random.default_rng(seed)
    genres, hits, tokens = [], [], []
    for genre, rate in rates.items():
        length = rng.integers(2_000, 20_000, n_per_genre)
        effect = rng.gamma(1 / alpha, alpha, n_per_genre) if alpha > 0 else np.ones(n_per_genre)
        hits.extend(rng.poisson(rate * length * effect))
        tokens.extend(length)
        genres.extend([genre] * n_per_genre)
    return np.array(genres), np.array(hits), np.array(tokens)


def test_nb_fit_recovers_a_known_rate_ratio():
    genres, hits, tokens = _simulated(400, {"a": 0.006, "b": 0.002}, alpha=0.5, seed=1)
    fit = nb_fit(hits, tokens, genre_design(genres, ["a", "b"]))
    ratio, low, high, p = rate_ratio(fit, 0, 1)
    assert low < 3.0 < high
    assert ratio == pytest.approx(3.0, rel=0.1)
    assert p < 1e-10
    # rates per token recovered; alpha (last parameter) near the truth
    assert np.exp(fit.params[0]) == pytest.approx(0.006, rel=0.1)
    assert fit.params[-1] == pytest.approx(0.5, rel=0.25)


def test_nb_interval_covers_ratio_one_when_genres_do_not_differ():
    genres, hits, tokens = _simulated(60, {"a": 0.004, "b": 0.004}, alpha=0.5, seed=2)
    ratio, low, high, p = rate_ratio(nb_fit(hits, tokens, genre_design(genres, ["a", "b"])), 0, 1)
    assert low < 1.0 < high and p > 0.05


def test_nb_fit_without_hits_is_none():
    assert (
        nb_fit(np.zeros(6), np.full(6, 100.0), genre_design(["a"] * 3 + ["b"] * 3, ["a", "b"]))
        is None
    )


def test_document_bootstrap_widens_with_between_document_variance():
    tokens = np.full(20, 1000.0)
    same = np.full(20, 5.0)  # every document at 5 per 1,000
    spread = np.array([0.0, 10.0] * 10)  # the same pooled rate, documents at 0 or 10 per 1,000
    wider = np.array([0.0, 0.0, 0.0, 20.0] * 5)
    widths = []
    for hits in (same, spread, wider):
        low, high = document_bootstrap(hits, tokens, 2000, np.random.default_rng(0))
        assert low <= 5.0 <= high
        widths.append(high - low)
    assert widths[0] == 0.0
    assert 0 < widths[1] < widths[2]
    # the pooled ratio's bootstrap SE is the document SD / sqrt(n): 5 / sqrt(20) = 1.118 -> width ~4.4
    assert widths[1] == pytest.approx(2 * 1.96 * 5 / np.sqrt(20), rel=0.12)


def test_document_bootstrap_needs_two_documents():
    assert all(np.isnan(document_bootstrap([3.0], [100.0], 100, np.random.default_rng(0))))


def test_permutation_of_documents_exact_extremes():
    # two genres of 3 documents each, all of a's hits far above b's: the observed split is the most
    # extreme of the C(6,3) = 20 splits, twice (a<->b), so p is near 2/20 for the pairwise test
    hits = np.array([30.0, 31.0, 29.0, 1.0, 2.0, 0.0])
    tokens = np.full(6, 1000.0)
    labels = np.array([0, 0, 0, 1, 1, 1])
    omnibus, pairs = permutation_p_values(hits, tokens, labels, 4000, np.random.default_rng(0))
    assert pairs[(0, 1)] == pytest.approx(0.1, abs=0.02)
    assert omnibus == pytest.approx(0.1, abs=0.02)


def _counts(rows):
    frame = pd.DataFrame(rows, columns=["doc_id", "genre", "year", "hits", "tokens"]).assign(
        voice="primary", lang=ALL, category="militarized", subcategory=ALL, sentences=1
    )
    frame["year"] = frame["year"].astype(float)
    return frame


def test_one_document_genre_is_a_document_with_exact_interval_and_no_p_value():
    rows = [(f"s{i}", "speech", 2013 + i % 4, 10 + i, 2000) for i in range(6)]
    rows += [(f"w{i}", "work_report", 2010 + i, 3 + i, 3000) for i in range(6)]
    rows += [("c0", "congress_report", 2012, 4, 5000)]
    estimates, tests = infer_genres(_counts(rows), seed=0, resamples=200, permutations=200)
    assert list(estimates.columns) == list(GENRE_ESTIMATE_COLUMNS)
    assert list(tests.columns) == list(GENRE_INFERENCE_COLUMNS)
    every = estimates[estimates["years"] == "all"].set_index("genre")
    congress = every.loc["congress_report"]
    assert congress["unit"] == "document"
    assert congress["flag"] == "few_hits;few_documents"
    assert np.isnan(congress["boot_low"]) and np.isnan(congress["nb_rate"])
    lo, hi = exact_rate_interval(4, 5000)
    assert (congress["exact_low"], congress["exact_high"]) == (1000 * lo, 1000 * hi)
    assert every.loc["speech", "unit"] == "genre"
    assert every.loc["speech", "rate_per_1k"] == pytest.approx(1000 * 75 / 12000)
    contrasts = tests[(tests["test"] == "contrast") & (tests["years"] == "all")]
    with_congress = contrasts[(contrasts["genre_a"] == "congress_report")]
    assert len(with_congress) == 2
    assert with_congress["p_value"].isna().all() and with_congress["p_permutation"].isna().all()
    assert with_congress["flag"].str.contains("one_document").all()
    speech_work = contrasts[contrasts["genre_a"] == "speech"].iloc[0]
    assert speech_work["genre_b"] == "work_report"
    assert speech_work["rate_ratio"] > 1 and speech_work["adjusted_for"] == "year"
    assert speech_work["q_value"] == pytest.approx(speech_work["p_value"])  # the only testable pair
    omnibus = tests[(tests["test"] == "omnibus") & (tests["years"] == "all")].iloc[0]
    assert omnibus["genre_a"] == "speech|work_report"
    # the overlap window: speeches 2013-2016, work reports 2010-2015, congress 2012 -> 2013-2015? no:
    # latest first year 2013, earliest last year 2012 (the congress report) -> no overlap of all three
    assert set(estimates["years"]) == {"all"}


def test_overlap_window_from_config_or_from_the_data():
    counts = _counts(
        [
            ("a", "speech", 2013, 1, 10),
            ("b", "speech", 2016, 1, 10),
            ("c", "work_report", 2000, 1, 10),
        ]
        + [("d", "work_report", 2014, 1, 10)]
    )
    assert overlap_window(counts) == (2013, 2014)
    assert overlap_window(counts, [2012, 2016]) == (2012, 2016)
    assert overlap_window(counts[counts["genre"] == "speech"]) is None
    with pytest.raises(InputError, match="scoring.overlap_years"):
        overlap_window(counts, [2016])
    with pytest.raises(InputError, match="first <= last"):
        overlap_window(counts, [2016, 2012])


def _bilingual():
    """One document: an aligned pair (zh 0-10, en 11-40) and an English sentence outside any pair."""
    sentences = pd.DataFrame(
        {
            "doc_id": ["d"] * 3,
            "sent_id": [0, 1, 2],
            "voice": ["primary"] * 3,
            "lang": ["zh", "en", "en"],
            "start_char": [0, 11, 41],
            "end_char": [10, 40, 80],
            "n_tokens": [8, 6, 10],
        }
    )
    matches = pd.DataFrame(
        {
            "doc_id": ["d"] * 3,
            "sent_id": [0, 1, 2],
            "category": ["militarized"] * 3,
            "subcategory": ["combat"] * 3,
        }
    )
    documents = pd.DataFrame({"doc_id": ["d"], "genre": ["speech"], "primary_date": ["2013-03-01"]})
    pairs = pd.DataFrame(
        {
            "doc_id": ["d"],
            "pair_id": [0],
            "en_start": [11],
            "en_end": [40],
            "zh_start": [0],
            "zh_end": [10],
        }
    )
    return sentences, matches, documents, pairs


def test_pooling_counts_an_aligned_pair_once():
    sentences, matches, documents, pairs = _bilingual()
    assert pooled_mask(sentences, pairs, "zh").tolist() == [True, False, True]
    assert pooled_mask(sentences, pairs, "en").tolist() == [False, True, True]
    counts = document_counts(sentences, matches, documents, ["militarized"], pairs=pairs)
    assert list(counts.columns) == list(DOCUMENT_COUNT_COLUMNS)
    by_lang = counts.set_index("lang")
    # zh 1 hit / 8 tokens, en 2 / 16; pooled: the zh side of the pair + the unpaired en sentence
    assert (by_lang.loc["zh", "hits"], by_lang.loc["zh", "tokens"]) == (1, 8)
    assert (by_lang.loc["en", "hits"], by_lang.loc["en", "tokens"]) == (2, 16)
    assert (by_lang.loc[ALL, "hits"], by_lang.loc[ALL, "tokens"]) == (2, 18)
    assert by_lang.loc[ALL, "year"] == 2013.0
    en = document_counts(
        sentences, matches, documents, ["militarized"], pairs=pairs, pooled_language="en"
    ).set_index("lang")
    assert (en.loc[ALL, "hits"], en.loc[ALL, "tokens"]) == (2, 16)
    # the genre table pools the same way
    genre = genre_score_table(
        sentences, matches, documents, ["militarized"], resamples=0, pairs=pairs
    )
    pooled = genre[genre["lang"] == ALL].iloc[0]
    assert (pooled["hits"], pooled["tokens"], pooled["sentences"]) == (2, 18, 2)
    # without pairs, both sides count (the old double counting)
    doubled = document_counts(sentences, matches, documents, ["militarized"]).set_index("lang")
    assert (doubled.loc[ALL, "hits"], doubled.loc[ALL, "tokens"]) == (3, 24)


def test_position_table_counts_an_aligned_pair_once():
    sentences, matches, documents, pairs = _bilingual()
    matches = matches.assign(voice="primary")
    once = position_table(sentences, matches, documents, ["militarized"], bins=1, pairs=pairs)
    assert (once["hits"].iloc[0], once["tokens"].iloc[0]) == (2, 18)
    twice = position_table(sentences, matches, documents, ["militarized"], bins=1)
    assert (twice["hits"].iloc[0], twice["tokens"].iloc[0]) == (3, 24)


def test_a_genre_without_hits_gets_no_nb_test_only_the_permutation_p_value():
    # 9 hits in speeches, none in work reports: the cell-means NB is separated (in the cn_political run
    # it printed a rate ratio of 8e8 with p = 1e-107); the permutation test over documents is still valid
    rows = [(f"s{i}", "speech", 2013 + i % 4, (2, 1, 3, 0, 2, 1)[i], 500) for i in range(6)]
    rows += [(f"w{i}", "work_report", 2012 + i, 0, 120) for i in range(5)]
    estimates, tests = infer_genres(_counts(rows), seed=0, resamples=200, permutations=500)
    every = tests[tests["years"] == "all"].set_index("test")
    for test in ("omnibus", "contrast"):
        row = every.loc[test]
        assert np.isnan(row["p_value"]) and np.isnan(row["q_value"])
        assert row["flag"].endswith("genre_without_hits")
        assert 0 < row["p_permutation"] <= 1
    assert (
        np.isnan(every.loc["contrast", "rate_ratio"])
        and every.loc["contrast", "adjusted_for"] == ""
    )
    # the genre's own estimate is unaffected: rate 0 with an exact upper bound
    work = estimates[(estimates["years"] == "all") & (estimates["genre"] == "work_report")].iloc[0]
    assert work["rate_per_1k"] == 0 and work["exact_high"] == pytest.approx(
        1000 * 3.689 / 600, rel=1e-3
    )
