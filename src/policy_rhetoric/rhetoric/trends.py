"""Trends over time: rhetoric rates by year within each dated genre, the document as the unit.

From document_counts.tsv (one row per document x voice x language x category/subcategory, with the
document's year), for every genre whose documents are dated with at least three distinct years and
MIN_TREND_DOCUMENTS documents, per voice x category/subcategory (languages pooled, an aligned pair once):
- trend_summary.tsv: a negative-binomial regression of hits on year (log link, log-token offset,
  covariance clustered by document): the rate ratio per decade with its 95% interval and p-value, over
  all the genre's documents (one slope, also across gaps; `gaps` lists them so a reader knows which
  years the straight line spans without data).
- trend_curve.tsv: the fitted rate per 1,000 tokens at every year of each run of documents, with a
  95% band, from the same NB model with a natural cubic regression spline of year (patsy `cr`, SPLINE_DF
  degrees of freedom) where the run has at least SPLINE_MIN_YEARS distinct years and SPLINE_MIN_HITS hits
  and the spline can be fitted, linear in year otherwise (the `model` column says which); no curve
  for a run with fewer than MIN_HITS hits (a line through one or two matches says nothing).
  A run is a stretch of documents with no gap of more than MAX_TREND_GAP years between consecutive
  years: each run is fitted on its own documents and no curve is fitted or drawn across a gap (the
  congress reports jump from 1923 to 1969, the work reports from 1964 to 1975), so a curve never
  interpolates through years without a document. Runs with fewer than MIN_TREND_DOCUMENTS documents or
  fewer than three distinct years get no curve (their documents are still drawn). The gaps are listed
  in trend_summary.tsv (`gaps`).
The per-document points a figure draws beside the curve are rows of document_counts.tsv (rate with its
exact Poisson interval). Genres without varying dates get no rows; the figure says so.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import write_frame
from policy_rhetoric.rhetoric.inference import (
    LEVEL,
    MIN_HITS,
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
# a spline's four degrees of freedom follow noise on few hits (a subcategory with 27 hits over 12
# congress reports drew a peak and a fall); fewer hits than this get the straight line
SPLINE_MIN_HITS = 50
# A curve is fitted and drawn only within runs of documents with no more than MAX_TREND_GAP years between
# consecutive dated documents: ten years, i.e. two regular five-year congress or planning cycles, so that
# congresses held on schedule form one run while a decade with no document (1965-1974 for the work
# reports, 1924-1968 for the congress reports in cn_political) is a gap, not an interpolation.
MAX_TREND_GAP = 10

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
    "gaps",
    "flag",
)
TREND_CURVE_COLUMNS = (
    "genre",
    "voice",
    "lang",
    "category",
    "subcategory",
    "segment",
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
    from scipy import stats  # here, not at the top: a corpus of one year fits no model

    years = rows["year"].to_numpy(dtype=float)
    design = np.column_stack([np.ones(len(rows)), (years - years.mean()) / 10.0])
    fit = nb_fit(rows["hits"].to_numpy(), rows["tokens"].to_numpy(), design)
    if fit is None:
        return np.nan, np.nan, np.nan, np.nan
    b, se = float(fit.params[1]), float(fit.bse[1])
    z = stats.norm.ppf(0.5 + LEVEL / 2)
    p = float(2 * stats.norm.sf(abs(b) / se)) if se > 0 else np.nan
    return float(np.exp(b)), float(np.exp(b - z * se)), float(np.exp(b + z * se)), p


def year_runs(years, max_gap: int = MAX_TREND_GAP) -> list[tuple[int, int]]:
    """(first, last) year of each run of the distinct `years`, split wherever two consecutive years
    are more than `max_gap` apart: year_runs([1921, 1923, 1969, 1973]) == [(1921, 1923), (1969, 1973)]."""
    distinct = np.unique(np.asarray(years, dtype=float))
    if not len(distinct):
        return []
    breaks = np.flatnonzero(np.diff(distinct) > max_gap)
    starts = np.concatenate([[0], breaks + 1])
    ends = np.concatenate([breaks, [len(distinct) - 1]])
    return [(int(distinct[a]), int(distinct[b])) for a, b in zip(starts, ends, strict=True)]


def gap_text(runs: list[tuple[int, int]]) -> str:
    """The gaps between runs as "1923-1969;..." (last year before, first year after), or ""."""
    return ";".join(f"{a[1]}-{b[0]}" for a, b in zip(runs, runs[1:], strict=False))


def run_curve(rows: pd.DataFrame) -> tuple[str, pd.DataFrame] | None:
    """Fitted rate per 1,000 tokens with a 95% band (delta method on the log scale, clustered
    covariance) at every year from the first to the last of `rows` (one run); None when the run has
    too few documents, years or hits (MIN_HITS) or the model cannot be fit."""
    import patsy
    from scipy import stats

    years = rows["year"].to_numpy(dtype=float)
    hits = rows["hits"].sum()
    if len(rows) < MIN_TREND_DOCUMENTS or not dates_vary(years) or hits < MIN_HITS:
        return None
    models = [("year", "NB, linear in year")]
    if len(np.unique(years)) >= SPLINE_MIN_YEARS and hits >= SPLINE_MIN_HITS:
        models.insert(
            0,
            (
                f"cr(year, df={SPLINE_DF}, constraints='center')",
                f"NB, natural spline of year (df {SPLINE_DF})",
            ),
        )
    # decades from the run's mean year: the same curve, and the optimiser converges (raw years near
    # 2000 make the linear model's columns nearly collinear and the NB fit fail)
    centre = years.mean()
    fit = model = design = None
    for formula, name in models:  # the spline, then the straight line where the spline fails
        design = patsy.dmatrix(formula, {"year": (years - centre) / 10.0}, return_type="matrix")
        fit = nb_fit(rows["hits"].to_numpy(), rows["tokens"].to_numpy(), np.asarray(design))
        if fit is not None:
            model = name
            break
    if fit is None:
        return None
    grid = np.arange(int(years.min()), int(years.max()) + 1, dtype=float)
    (new,) = patsy.build_design_matrices([design.design_info], {"year": (grid - centre) / 10.0})
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


def trend_curve(rows: pd.DataFrame) -> pd.DataFrame | None:
    """The fitted curve of every run of `rows` (see year_runs) that can be fitted, each on its own
    documents, with columns segment ("first-last" of the run), model, year, rate_per_1k, low, high;
    None when no run can be fitted."""
    years = rows["year"].to_numpy(dtype=float)
    curves = []
    for first, last in year_runs(years):
        fitted = run_curve(rows[(years >= first) & (years <= last)])
        if fitted is not None:
            model, curve = fitted
            curve.insert(0, "model", model)
            curve.insert(0, "segment", f"{first}-{last}")
            curves.append(curve)
    return pd.concat(curves, ignore_index=True) if curves else None


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
            + (gap_text(year_runs(rows["year"])), flag)
        )
        curve = trend_curve(rows)
        if curve is not None:
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
