"""Figure: rhetoric over time, the lead figure on a dated corpus. One panel per construct (rows) and
dated genre (columns): each document's rate per 1,000 tokens by year with its exact 95% interval, the
negative-binomial trend (natural spline of year) with its 95% band, and the rate ratio per decade
(rows of rhetoric/document_counts.tsv, trend_curve.tsv and trend_summary.tsv). A second figure draws
the subcategories' trend curves. Where no genre has dates varying over at least three years, each
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
    "model",
)
NO_TREND = (
    "no genre has documents dated over three or more years\n"
    "(primary_date in the manifest): no trend to draw"
)
SUBCATEGORY_COLORS = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000"]


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


def plot_trends(points: pd.DataFrame, paths: Paths) -> None:
    """Constructs (rows) x dated genres (columns): documents by year with exact intervals, the NB
    spline trend with its band, and the rate ratio per decade with the sample above each panel."""
    genres, categories = _panels(points)
    with figure_style():
        fig, axes = plt.subplots(
            max(1, len(categories)),
            max(1, len(genres)),
            figsize=(DOUBLE_COLUMN, 2.3 * max(1, len(categories)) + 0.4),
            squeeze=False,
        )
        if not genres:
            empty_panel(axes[0][0], NO_TREND)
        for r, category in enumerate(categories):
            for c, genre in enumerate(genres):
                cell = points[(points["genre"] == genre) & (points["category"] == category)]
                _trend_panel(axes[r][c], cell, genre_color(genre, genres))
                axes[r][c].set_title(
                    f"{category_title(category)}: {genre_label(genre)}", fontsize=7
                )
            axes[r][0].set_ylabel(RATE_LABEL + " (√ scale)")
        fig.tight_layout(h_pad=1.2)
        save_figure(fig, paths)


def _trend_panel(ax, cell: pd.DataFrame, color: str) -> None:
    docs = cell[cell["level"] == "document"].sort_values("year")
    curve = cell[cell["level"] == "curve"].sort_values("year")
    summary = cell[cell["level"] == "summary"].iloc[0]
    top = np.nanmax(
        np.concatenate([docs["rate_per_1k"].to_numpy(float), curve["high"].to_numpy(float), [0.0]])
    )
    limit = nice_upper(1.08 * top if top > 0 else 1.0)
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
    if len(curve):
        ax.fill_between(
            curve["year"],
            curve["low"],
            np.minimum(curve["high"], limit),
            color=color,
            alpha=0.18,
            linewidth=0,
            zorder=2,
        )
        ax.plot(curve["year"], curve["rate_per_1k"], color=color, linewidth=1.1, zorder=4)
    ax.text(
        0.02,
        0.97,
        _summary_text(summary),
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


def plot_subcategory_trends(points: pd.DataFrame, paths: Paths) -> None:
    """Constructs (rows) x dated genres (columns): each subcategory's NB spline trend (lines, no
    bands; the bands are in the TSV), labelled at the right end with its rate ratio per decade."""
    genres, categories = _panels(points)
    with figure_style():
        fig, axes = plt.subplots(
            max(1, len(categories)),
            max(1, len(genres)),
            figsize=(DOUBLE_COLUMN, 2.3 * max(1, len(categories)) + 0.4),
            squeeze=False,
        )
        if not genres:
            empty_panel(axes[0][0], NO_TREND)
        for r, category in enumerate(categories):
            subs = sorted(points[(points["category"] == category)]["subcategory"].unique())
            for c, genre in enumerate(genres):
                ax = axes[r][c]
                cell = points[(points["genre"] == genre) & (points["category"] == category)]
                curve = cell[cell["level"] == "curve"]
                top = float(np.nanmax(curve["rate_per_1k"].to_numpy(float), initial=0.0))
                limit = nice_upper(1.1 * top if top > 0 else 1.0)
                for k, sub in enumerate(subs):
                    line = curve[curve["subcategory"] == sub].sort_values("year")
                    summary = cell[(cell["level"] == "summary") & (cell["subcategory"] == sub)]
                    if line.empty or summary.empty:
                        continue
                    s = summary.iloc[0]
                    colour = SUBCATEGORY_COLORS[k % len(SUBCATEGORY_COLORS)]
                    ax.plot(line["year"], line["rate_per_1k"], color=colour, linewidth=1.0)
                    ratio = f"×{s['rate_per_1k']:.2f}" if np.isfinite(s["rate_per_1k"]) else "–"
                    ax.plot(
                        [],
                        [],
                        color=colour,
                        label=f"{sub.replace('_', ' ')} {ratio} ({int(s['hits'])} hits)",
                    )
                if ax.get_legend_handles_labels()[0]:
                    ax.legend(
                        fontsize=5,
                        loc="upper right",
                        frameon=False,
                        title="per decade",
                        title_fontsize=5,
                    )
                ax.set_title(f"{category_title(category)}: {genre_label(genre)}", fontsize=7)
                sqrt_axis(ax.yaxis, ax, limit)
            axes[r][0].set_ylabel(RATE_LABEL + " (√ scale)")
        fig.tight_layout(h_pad=1.2)
        save_figure(fig, paths)


def run_plot_trends(
    counts_tsv: str, curve_tsv: str, summary_tsv: str, outputs: Sequence[str]
) -> None:
    """Rule plot_trends: figures/rhetoric_trends.{tsv,pdf,png,svg}."""
    points = trend_points(read_tsv(counts_tsv), read_tsv(curve_tsv), read_tsv(summary_tsv))
    plot_trends(points, write_figure_data(points, outputs))


def run_plot_subcategory_trends(curve_tsv: str, summary_tsv: str, outputs: Sequence[str]) -> None:
    """Rule plot_subcategory_trends: figures/subcategory_trends.{tsv,pdf,png,svg}."""
    points = trend_points(None, read_tsv(curve_tsv), read_tsv(summary_tsv), subcategories=True)
    plot_subcategory_trends(points, write_figure_data(points, outputs))
