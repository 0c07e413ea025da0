"""Figure: rhetoric over time, the lead figure on a dated corpus. One panel per construct (rows) and
dated genre (columns): each document's rate per 1,000 tokens by year with its exact 95% interval, the
negative-binomial trend (natural spline of year) with its 95% band within each run of documents (no
curve across a gap of more than rhetoric.trends.MAX_TREND_GAP years; the gap is shaded and labelled),
and the rate ratio per decade (rows of rhetoric/document_counts.tsv, trend_curve.tsv and
trend_summary.tsv). A second figure draws the subcategories' trend curves, each in one of 28
colour x line-style combinations; a panel without any curve says why. Where no genre has dates varying over at least three years, each
figure is one panel saying so."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import nice_upper, sqrt_axis
from policy_rhetoric.paper.style import (
    DOUBLE_COLUMN,
    LIGHT,
    NEUTRAL,
    RATE_LABEL,
    Paths,
    as_numbers,
    category_title,
    empty_panel,
    figure_style,
    genre_color,
    genre_label,
    ordered_genres,
    save_figure,
    write_figure_data,
)
from policy_rhetoric.rhetoric.rates import ALL

TREND_POINT_COLUMNS = (
    "level",
    "genre",
    "category",
    "subcategory",
    "doc_id",
    "year",
    "documents",
    "hits",
    "tokens",
    "rate_per_1k",
    "low",
    "high",
    "segment",
    "model",
    "gaps",
)
NO_TREND = (
    "no genre has documents dated over three or more years\n"
    "(primary_date in the manifest): no trend to draw"
)
SUBCATEGORY_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]
SUBCATEGORY_LINESTYLES = ["-", "--", ":", "-."]
GAP_SHADE = "#F0F0F0"


def trend_points(
    counts: pd.DataFrame | None,
    curve: pd.DataFrame,
    summary: pd.DataFrame,
    *,
    voice: str = "primary",
    subcategories: bool = False,
) -> pd.DataFrame:
    """The rows a trend figure draws (languages pooled): level "curve" (fitted rate and band per
    year), "summary" (rate ratio per decade in rate_per_1k, its interval in low/high, with the
    sample), and, for whole categories, "document" (each document's rate with its exact interval)."""
    keep = (
        (lambda f: f["subcategory"] != ALL)
        if subcategories
        else (lambda f: f["subcategory"] == ALL)
    )
    curve = as_numbers(curve, ints=("year",), floats=("rate_per_1k", "low", "high"))
    curve = curve[(curve["voice"] == voice) & keep(curve)]
    summary = as_numbers(
        summary,
        ints=("documents", "hits", "tokens"),
        floats=("rr_per_decade", "rr_low", "rr_high"),
    )
    summary = summary[(summary["voice"] == voice) & keep(summary)]
    frames = [
        curve.assign(level="curve", doc_id="", documents=np.nan, hits=np.nan, tokens=np.nan),
        summary.assign(
            level="summary",
            doc_id="",
            year=np.nan,
            rate_per_1k=summary["rr_per_decade"],
            low=summary["rr_low"],
            high=summary["rr_high"],
            model="NB, linear in year: rate ratio per decade",
        ),
    ]
    if counts is not None and not subcategories:
        docs = as_numbers(
            counts,
            ints=("hits", "tokens"),
            floats=("year", "rate_per_1k", "exact_low", "exact_high"),
        )
        docs = docs[
            (docs["voice"] == voice)
            & (docs["lang"] == ALL)
            & (docs["subcategory"] == ALL)
            & (docs["tokens"] > 0)
            & docs["genre"].isin(set(summary["genre"]))
        ]
        frames.append(
            docs.assign(
                level="document",
                documents=1,
                low=docs["exact_low"],
                high=docs["exact_high"],
                model="",
            )
        )
    frame = pd.concat(
        [f.reindex(columns=list(TREND_POINT_COLUMNS)) for f in frames], ignore_index=True
    )
    return frame.sort_values(
        ["level", "genre", "category", "subcategory", "year", "doc_id"], kind="stable"
    ).reset_index(drop=True)


def _panels(points: pd.DataFrame):
    summary = points[points["level"] == "summary"]
    genres = ordered_genres(summary["genre"]) if not summary.empty else []
    categories = sorted(summary["category"].unique()) if not summary.empty else []
    return genres, categories


def _trend_grid(points: pd.DataFrame, paths: Paths, draw_cell, row_height: float = 2.3) -> None:
    """Constructs (rows) x dated genres (columns), one panel per cell drawn by
    draw_cell(ax, cell, category_points, genre, genres); one panel saying why when nothing is dated."""
    genres, categories = _panels(points)
    with figure_style():
        fig, axes = plt.subplots(
            max(1, len(categories)),
            max(1, len(genres)),
            figsize=(DOUBLE_COLUMN, row_height * max(1, len(categories)) + 0.4),
            squeeze=False,
        )
        if not genres:
            empty_panel(axes[0][0], NO_TREND)
        for r, category in enumerate(categories):
            of_category = points[points["category"] == category]
            for c, genre in enumerate(genres):
                ax = axes[r][c]
                cell = of_category[of_category["genre"] == genre]
                draw_cell(ax, cell, of_category, genre, genres)
                ax.set_title(f"{category_title(category)}: {genre_label(genre)}", fontsize=7)
            axes[r][0].set_ylabel(RATE_LABEL + " (√ scale)")
        fig.tight_layout(h_pad=1.2)
        save_figure(fig, paths)


def plot_trends(points: pd.DataFrame, paths: Paths) -> None:
    """Constructs (rows) x dated genres (columns): documents by year with exact intervals, the NB
    trend with its band within each run of documents (none across a gap of more than MAX_TREND_GAP
    years, which is shaded), and the rate ratio per decade with the sample above each panel."""
    _trend_grid(
        points,
        paths,
        lambda ax, cell, _, genre, genres: _trend_panel(ax, cell, genre_color(genre, genres)),
    )


def _gaps(summary: pd.DataFrame) -> list[tuple[int, int]]:
    """The (last year before, first year after) of every gap listed in the cell's summary rows."""
    spans = set()
    for text in summary["gaps"].fillna("").astype(str):
        for gap in filter(None, text.split(";")):
            first, last = gap.split("-")
            spans.add((int(first), int(last)))
    return sorted(spans)


def _shade_gaps(ax, summary: pd.DataFrame) -> None:
    """A light band over every gap without documents (no curve there), labelled."""
    for first, last in _gaps(summary):
        ax.axvspan(first, last, color=GAP_SHADE, linewidth=0, zorder=0)
        ax.text(
            (first + last) / 2,
            0.5,
            f"no documents {first + 1}–{last - 1}: no curve",
            transform=ax.get_xaxis_transform(),
            rotation=90,
            ha="center",
            va="center",
            fontsize=4.5,
            color=NEUTRAL,
            zorder=1,
        )


def _segments(curve: pd.DataFrame):
    """The curve rows of each run of documents, in year order (one line per run)."""
    for _, run in curve.groupby("segment", sort=True):
        yield run.sort_values("year")


def _trend_panel(ax, cell: pd.DataFrame, color: str) -> None:
    docs = cell[cell["level"] == "document"].sort_values("year")
    curve = cell[cell["level"] == "curve"]
    summary = cell[cell["level"] == "summary"]
    top = np.nanmax(
        np.concatenate([docs["rate_per_1k"].to_numpy(float), curve["high"].to_numpy(float), [0.0]])
    )
    limit = nice_upper(1.08 * top if top > 0 else 1.0)
    _shade_gaps(ax, summary)
    for row in docs.itertuples():
        ax.plot(
            [row.year, row.year],
            [row.low, min(row.high, limit)],
            color=LIGHT,
            linewidth=0.6,
            zorder=1,
        )
    ax.plot(
        docs["year"],
        docs["rate_per_1k"],
        "o",
        color=color,
        markersize=2.4,
        markeredgewidth=0,
        zorder=3,
    )
    for run in _segments(curve):
        ax.fill_between(
            run["year"],
            run["low"],
            np.minimum(run["high"], limit),
            color=color,
            alpha=0.18,
            linewidth=0,
            zorder=2,
        )
        ax.plot(run["year"], run["rate_per_1k"], color=color, linewidth=1.1, zorder=4)
    ax.text(
        0.02,
        0.97,
        _summary_text(summary.iloc[0]),
        transform=ax.transAxes,
        ha="left",
        va="top",
        fontsize=5.5,
        color=NEUTRAL,
        bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.8, "pad": 1},
        zorder=5,
    )
    sqrt_axis(ax.yaxis, ax, limit)


def _summary_text(row) -> str:
    ratio = (
        f"×{row['rate_per_1k']:.2f} per decade [{row['low']:.2f}, {row['high']:.2f}]"
        if np.isfinite(row["rate_per_1k"])
        else "trend model not fit"
    )
    return (
        f"{ratio}\n{int(row['documents'])} documents, {int(row['tokens']):,} tokens, "
        f"{int(row['hits']):,} hits"
    )


def subcategory_style(k: int) -> tuple[str, str]:
    """Colour and line style of the k-th subcategory: seven colours, then the same colours dashed,
    dotted and dash-dotted, so up to 28 subcategories stay distinct."""
    n = len(SUBCATEGORY_COLORS)
    return SUBCATEGORY_COLORS[k % n], SUBCATEGORY_LINESTYLES[(k // n) % len(SUBCATEGORY_LINESTYLES)]


def no_curve_text(summary: pd.DataFrame) -> str:
    """Why a subcategory panel has no line: no subcategory matched, or none could be fitted."""
    hits = int(summary["hits"].sum()) if len(summary) else 0
    if not hits:
        return "no subcategory matched\nin these documents"
    fitted = int(np.isfinite(summary["rate_per_1k"].to_numpy(float)).sum())
    subs = f"{len(summary)} subcategor{'y' if len(summary) == 1 else 'ies'}"
    return (
        f"no subcategory curve could be fitted:\n{hits} hits over {subs},\n"
        f"too few in each run of documents for the NB model\n"
        f"(rate ratio per decade fitted for {fitted} of them: trend_summary.tsv)"
    )


def plot_subcategory_trends(points: pd.DataFrame, paths: Paths) -> None:
    """Constructs (rows) x dated genres (columns): each subcategory's NB trend within each run of
    documents (lines, no bands; the bands are in the TSV), listed with its rate ratio per decade and
    hits; subcategories without a curve are listed as such, and a panel without any line says why."""
    _trend_grid(points, paths, _subcategory_panel, row_height=3.6)


def _subcategory_panel(ax, cell, of_category, genre, genres) -> None:
    subs = sorted(of_category["subcategory"].unique())
    curve = cell[cell["level"] == "curve"]
    summary = cell[cell["level"] == "summary"]
    top = float(np.nanmax(curve["rate_per_1k"].to_numpy(float), initial=0.0))
    limit = nice_upper(1.1 * top if top > 0 else 1.0)
    if curve.empty:
        empty_panel(ax, no_curve_text(summary))
        return
    _shade_gaps(ax, summary)
    for k, sub in enumerate(subs):
        row = summary[summary["subcategory"] == sub]
        if row.empty:
            continue
        s = row.iloc[0]
        colour, style = subcategory_style(k)
        lines = curve[curve["subcategory"] == sub]
        for run in _segments(lines):
            ax.plot(run["year"], run["rate_per_1k"], color=colour, linestyle=style, linewidth=1.0)
        ratio = f"×{s['rate_per_1k']:.2f}" if np.isfinite(s["rate_per_1k"]) else "–"
        note = "" if len(lines) else ", no curve"
        ax.plot(
            [],
            [],
            color=colour,
            linestyle=style,
            label=f"{sub.replace('_', ' ')} {ratio} ({int(s['hits'])} hits{note})",
        )
    # below the panel, so it never covers a curve
    ax.legend(
        fontsize=5,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.14),
        ncol=2,
        frameon=False,
        title="rate ratio per decade",
        title_fontsize=5,
    )
    sqrt_axis(ax.yaxis, ax, limit)


def draw_rhetoric_trends(
    counts_tsv: str, curve_tsv: str, summary_tsv: str, outputs: Sequence[str]
) -> None:
    """Drawn by rule plot_rhetoric_estimates: figures/rhetoric_trends.{tsv,pdf,png,svg}."""
    points = trend_points(read_tsv(counts_tsv), read_tsv(curve_tsv), read_tsv(summary_tsv))
    plot_trends(points, write_figure_data(points, outputs))


def draw_subcategory_trends(curve_tsv: str, summary_tsv: str, outputs: Sequence[str]) -> None:
    """Drawn by rule plot_rhetoric_estimates: figures/subcategory_trends.{tsv,pdf,png,svg}."""
    points = trend_points(None, read_tsv(curve_tsv), read_tsv(summary_tsv), subcategories=True)
    plot_subcategory_trends(points, write_figure_data(points, outputs))
