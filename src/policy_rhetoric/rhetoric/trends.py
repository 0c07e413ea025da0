"""Trends over time: rhetoric rates by year within each dated genre, the document as the unit.

From document_counts.tsv (one row per document x voice x language x category/subcategory, with the
document's year), for every genre whose documents are dated with at least three distinct years and
MIN_TREND_DOCUMENTS documents, per voice x category/subcategory (languages pooled, an aligned pair once):
- trend_summary.tsv: a negative-binomial regression of hits on year (log link, log-token offset,
  covariance clustered by document): the rate ratio per decade with its 95% interval and p-value.
- trend_curve.tsv: the fitted rate per 1,000 tokens at every year from the first to the last, with a
  95% band, from the same NB model with a natural cubic regression spline of year (patsy `cr`, SPLINE_DF
  degrees of freedom) where there are at least SPLINE_MIN_YEARS distinct years, linear in year otherwise.
The per-document points a figure draws beside the curve are rows of document_counts.tsv (rate with its
exact Poisson interval). Genres without varying dates get no rows; the figure says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import patsy
from scipy import stats

from policy_rhetoric.core.tables import write_frame
from policy_rhetoric.rhetoric.inference import (
    LEVEL,
    dates_vary,
    flag_for,
    nb_fit,
    read_counts,
)
from policy_rhetoric.rhetoric.rates import ALL, exact_floats

MIN_TREND_DOCUMENTS = 5
MIN_TREND_SPAN = 10  # years from the first to the last document: a rate ratio per decade needs one
SPLINE_DF = 4
SPLINE_MIN_YEARS = 12

TREND_SUMMARY_COLUMNS = (
    "genre",
    "voice",
    "lang",
    "category",
    "subcategory",
    "documents",
    "first_year",
    "last_year",
    "hits",
    "tokens",
    "rr_per_decade",
    "rr_low",
    "rr_high",
    "p_value",
    "flag",
)
TREND_CURVE_COLUMNS = (
    "genre",
    "voice",
    "lang",
    "category",
    "subcategory",
    "model",
    "year",
    "rate_per_1k",
    "low",
    "high",
)


def trend_cells(counts: pd.DataFrame, *, lang: str = ALL):
    """(genre, voice, category, subcategory, rows) for every cell with a trend to estimate: the
    genre's documents (with tokens) are all dated, span >= 3 distinct years and >= MIN_TREND_SPAN years
    from first to last, and number >= MIN_TREND_DOCUMENTS (a per-decade ratio from four years of
    speeches would be an extrapolation)."""
    part = counts[(counts["lang"] == lang) & (counts["tokens"] > 0)]
    for (genre, voice, category, sub), rows in part.groupby(
        ["genre", "voice", "category", "subcategory"], sort=True
    ):
        years = rows["year"].to_numpy(dtype=float)
        if (
            len(rows) >= MIN_TREND_DOCUMENTS
            and dates_vary(years)
            and years.max() - years.min() >= MIN_TREND_SPAN
        ):
            yield genre, voice, category, sub, rows.sort_values(["year", "doc_id"])


def linear_trend(rows: pd.DataFrame) -> tuple[float, float, float, float]:
    """NB rate ratio per decade (exp of the year slope x 10), its 95% interval and p-value; NaN when
    the model cannot be fit."""
    years = rows["year"].to_numpy(dtype=float)
    design = np.column_stack([np.ones(len(rows)), (years - years.mean()) / 10.0])
    fit = nb_fit(rows["hits"].to_numpy(), rows["tokens"].to_numpy(), design)
    if fit is None:
        return np.nan, np.nan, np.nan, np.nan
    b, se = float(fit.params[1]), float(fit.bse[1])
    z = stats.norm.ppf(0.5 + LEVEL / 2)
    p = float(2 * stats.norm.sf(abs(b) / se)) if se > 0 else np.nan
    return float(np.exp(b)), float(np.exp(b - z * se)), float(np.exp(b + z * se)), p


def trend_curve(rows: pd.DataFrame) -> tuple[str, pd.DataFrame] | None:
    """Fitted rate per 1,000 tokens with a 95% band (delta method on the log scale, clustered
    covariance) at every year from the first to the last; None when the model cannot be fit."""
    years = rows["year"].to_numpy(dtype=float)
    distinct = len(np.unique(years))
    if distinct >= SPLINE_MIN_YEARS:
        formula, model = (
            f"cr(year, df={SPLINE_DF}, constraints='center')",
            f"NB, natural spline of year (df {SPLINE_DF})",
        )
    else:
        formula, model = "year", "NB, linear in year"
    design = patsy.dmatrix(formula, {"year": years}, return_type="matrix")
    fit = nb_fit(rows["hits"].to_numpy(), rows["tokens"].to_numpy(), np.asarray(design))
    if fit is None:
        return None
    grid = np.arange(int(years.min()), int(years.max()) + 1, dtype=float)
    (new,) = patsy.build_design_matrices([design.design_info], {"year": grid})
    new = np.asarray(new)
    k = new.shape[1]
    beta, cov = fit.params[:k], fit.cov_params()[:k, :k]
    eta = new @ beta
    se = np.sqrt(np.einsum("ij,jk,ik->i", new, cov, new))
    z = stats.norm.ppf(0.5 + LEVEL / 2)
    curve = pd.DataFrame(
        {
            "year": grid.astype(int),
            "rate_per_1k": 1000.0 * np.exp(eta),
            "low": 1000.0 * np.exp(eta - z * se),
            "high": 1000.0 * np.exp(eta + z * se),
        }
    )
    return model, curve


def trend_tables(counts: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """trend_summary.tsv and trend_curve.tsv (languages pooled, lang "all")."""
    summaries, curves = [], []
    for genre, voice, category, sub, rows in trend_cells(counts):
        hits = int(rows["hits"].sum())
        ratio = linear_trend(rows)
        flag = flag_for(hits, len(rows))
        if not np.isfinite(ratio[0]):
            flag = ";".join(filter(None, [flag, "no_fit"]))
        summaries.append(
            (genre, voice, ALL, category, sub, len(rows))
            + (int(rows["year"].min()), int(rows["year"].max()), hits, int(rows["tokens"].sum()))
            + ratio
            + (flag,)
        )
        fitted = trend_curve(rows)
        if fitted is not None:
            model, curve = fitted
            curve.insert(0, "model", model)
            for column, value in reversed(
                [("genre", genre), ("voice", voice), ("lang", ALL), ("category", category)]
                + [("subcategory", sub)]
            ):
                curve.insert(0, column, value)
            curves.append(curve[list(TREND_CURVE_COLUMNS)])
    summary = pd.DataFrame.from_records(summaries, columns=list(TREND_SUMMARY_COLUMNS))
    curve = (
        pd.concat(curves, ignore_index=True)
        if curves
        else pd.DataFrame(columns=list(TREND_CURVE_COLUMNS))
    )
    return summary, curve


def run_measure_trends(counts_tsv: str, summary_out: str, curve_out: str) -> None:
    """Rule measure_trends: trend_summary.tsv and trend_curve.tsv from document_counts.tsv."""
    summary, curve = trend_tables(read_counts(counts_tsv))
    write_frame(summary_out, exact_floats(summary))
    write_frame(curve_out, exact_floats(curve))
