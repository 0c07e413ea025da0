"""Trends on simulated documents: the NB trend recovers a known rate ratio per decade; genres without
varying dates get no trend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.rhetoric.rates import ALL
from policy_rhetoric.rhetoric.trends import (
    MAX_TREND_GAP,
    TREND_CURVE_COLUMNS,
    TREND_SUMMARY_COLUMNS,
    trend_tables,
    year_runs,
)


def _documents(genre, years, rate_2000, ratio_per_decade, seed, alpha=0.2):
    rng = np.random.default_rng(seed)
    tokens = rng.integers(5_000, 30_000, len(years))
    rate = rate_2000 * ratio_per_decade ** ((np.asarray(years) - 2000) / 10)
    hits = rng.poisson(rate * tokens * rng.gamma(1 / alpha, alpha, len(years)))
    return pd.DataFrame(
        {
            "doc_id": [f"{genre}{i:03d}" for i in range(len(years))],
            "genre": genre,
            "year": np.asarray(years, dtype=float),
            "voice": "primary",
            "lang": ALL,
            "category": "militarized",
            "subcategory": ALL,
            "hits": hits,
            "tokens": tokens,
            "sentences": 1,
        }
    )


def test_trend_recovers_a_known_rate_ratio_per_decade_and_skips_undated_genres():
    years = np.repeat(np.arange(1954, 2026, 2), 6)  # 216 documents over 72 years
    reports = _documents("work_report", years, 0.004, 0.7, seed=3)
    speeches = _documents(
        "speech", [2013, 2014, 2015, 2016] * 3, 0.004, 1.0, seed=4
    )  # 4 years: no trend
    summary, curve = trend_tables(pd.concat([reports, speeches], ignore_index=True))
    assert list(summary.columns) == list(TREND_SUMMARY_COLUMNS)
    assert list(curve.columns) == list(TREND_CURVE_COLUMNS)
    assert summary["genre"].tolist() == ["work_report"]
    row = summary.iloc[0]
    assert row["rr_low"] < 0.7 < row["rr_high"]
    assert row["rr_per_decade"] == pytest.approx(0.7, rel=0.05)
    assert (row["first_year"], row["last_year"], row["documents"]) == (1954, 2024, 216)
    assert curve["year"].tolist() == list(range(1954, 2025))
    assert curve["model"].iloc[0].startswith("NB, natural spline")
    assert set(curve["segment"]) == {"1954-2024"} and row["gaps"] == ""
    assert (curve["low"] < curve["rate_per_1k"]).all() and (
        curve["rate_per_1k"] < curve["high"]
    ).all()
    # the spline follows the exponential decline: 4 per 1,000 in 2000 within its band
    at_2000 = curve.set_index("year").loc[2000]
    assert at_2000["low"] < 4.0 < at_2000["high"]


def test_year_runs_split_only_at_gaps_longer_than_the_limit():
    assert MAX_TREND_GAP == 10
    assert year_runs([1921, 1921, 1923, 1969, 1973, 1977]) == [(1921, 1923), (1969, 1977)]
    # a gap of exactly ten years joins, eleven splits (the work reports' 1964 -> 1975)
    assert year_runs([1950, 1960, 1964, 1975, 1978]) == [(1950, 1964), (1975, 1978)]
    assert year_runs([2000]) == [(2000, 2000)]
    assert year_runs([]) == []


def test_trend_curve_is_not_fitted_or_drawn_across_a_gap():
    # congress-report-like years: three documents 1921-1923, then every five years 1969-2022 (twelve),
    # plus a dense later run so both a short and a spline run are exercised
    early = [1921, 1921, 1923]
    late = list(range(1969, 2023, 5)) * 3  # 1969, 1974, ..., 2019: eleven years, 33 documents
    docs = _documents("congress_report", early + late, 0.004, 1.0, seed=5)
    summary, curve = trend_tables(docs)
    row = summary.iloc[0]
    assert (row["first_year"], row["last_year"], row["documents"]) == (1921, 2019, 36)
    assert row["gaps"] == "1923-1969"
    # the three early documents are too few for a curve; the later run is fitted alone, linear in
    # year (eleven distinct years < SPLINE_MIN_YEARS), and no year of the gap has a curve value
    assert set(curve["segment"]) == {"1969-2019"}
    assert curve["year"].tolist() == list(range(1969, 2020))
    assert set(curve["model"]) == {"NB, linear in year"}
    assert not curve["year"].between(1924, 1968).any()


def test_each_run_gets_its_own_curve():
    years = list(range(1954, 1965)) + list(range(1975, 2026))  # work-report-like: 1965-1974 empty
    docs = _documents("work_report", years * 2, 0.004, 0.8, seed=6)
    summary, curve = trend_tables(docs)
    assert summary.iloc[0]["gaps"] == "1964-1975"
    assert sorted(set(curve["segment"])) == ["1954-1964", "1975-2025"]
    by = curve.groupby("segment")
    assert by["year"].min().to_dict() == {"1954-1964": 1954, "1975-2025": 1975}
    assert by["year"].max().to_dict() == {"1954-1964": 1964, "1975-2025": 2025}
    assert by["model"].first().to_dict() == {
        "1954-1964": "NB, linear in year",
        "1975-2025": "NB, natural spline of year (df 4)",
    }
    assert len(curve) == 11 + 51


def test_few_hits_get_a_straight_line_and_too_few_no_curve():
    years = list(range(1990, 2020))  # 30 distinct years: enough for a spline by years alone
    docs = _documents("work_report", years, 0.004, 1.0, seed=2)
    docs["hits"] = 0
    docs.loc[docs.index[:12], "hits"] = 1  # 12 hits: >= 10, < 50
    _, curve = trend_tables(docs)
    assert set(curve["model"]) == {"NB, linear in year"}
    docs.loc[docs.index[:12], "hits"] = [1] * 9 + [0] * 3  # 9 hits: no curve at all
    summary, curve = trend_tables(docs)
    assert curve.empty and summary.iloc[0]["hits"] == 9
