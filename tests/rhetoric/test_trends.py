"""Trends on simulated documents: the NB trend recovers a known rate ratio per decade; genres without
varying dates get no trend."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.rhetoric.rates import ALL
from policy_rhetoric.rhetoric.trends import (
    TREND_CURVE_COLUMNS,
    TREND_SUMMARY_COLUMNS,
    trend_tables,
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
    assert (curve["low"] < curve["rate_per_1k"]).all() and (
        curve["rate_per_1k"] < curve["high"]
    ).all()
    # the spline follows the exponential decline: 4 per 1,000 in 2000 within its band
    at_2000 = curve.set_index("year").loc[2000]
    assert at_2000["low"] < 4.0 < at_2000["high"]
