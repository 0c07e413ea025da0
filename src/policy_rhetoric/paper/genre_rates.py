"""Figure 1, rates by genre, and the genre comparison in the years the genres overlap: per genre the
rate per 1,000 tokens (hits / tokens over its documents) with its document-level 95% interval, and each
document's own rate beside it (rows of rhetoric/genre_estimates.tsv and rhetoric/document_counts.tsv).

A genre with one document is labelled as a document, and its interval is the exact Poisson interval of
that one document's count (variation inside the document, not between documents of a genre)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.transforms import blended_transform_factory

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import center_xlabel, errorbar, nice_upper, sqrt_axis
from policy_rhetoric.paper.style import (
    NEUTRAL,
    RATE_LABEL,
    SINGLE_COLUMN,
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

GENRE_POINT_COLUMNS = (
    "level",
    "years",
    "genre",
    "doc_id",
    "unit",
    "category",
    "documents",
    "hits",
    "tokens",
    "rate_per_1k",
    "ci_low",
    "ci_high",
    "interval",
    "flag",
)


def genre_points(
    estimates: pd.DataFrame,
    counts: pd.DataFrame,
    *,
    years: str = "all",
    voice: str = "primary",
    lang: str = ALL,
) -> pd.DataFrame:
    """The rows a genre-rate figure draws, whole categories only: level "genre" (per genre: pooled
    rate; interval = document bootstrap where the unit is a genre, exact Poisson where it is one
    document) and level "document" (per document of those genres in those years: its rate)."""
    est = estimates[
        (estimates["years"] == years)
        & (estimates["voice"] == voice)
        & (estimates["lang"] == lang)
        & (estimates["subcategory"] == ALL)
    ]
    est = as_numbers(
        est,
        ints=("documents", "hits", "tokens"),
        floats=("rate_per_1k", "exact_low", "exact_high", "boot_low", "boot_high"),
    )
    is_genre = est["unit"] == "genre"
    genre_rows = pd.DataFrame(
        {
            "level": "genre",
            "years": years,
            "genre": est["genre"],
            "doc_id": "",
            "unit": est["unit"],
            "category": est["category"],
            "documents": est["documents"],
            "hits": est["hits"],
            "tokens": est["tokens"],
            "rate_per_1k": est["rate_per_1k"],
            "ci_low": np.where(is_genre, est["boot_low"], est["exact_low"]),
            "ci_high": np.where(is_genre, est["boot_high"], est["exact_high"]),
            "interval": np.where(is_genre, "document bootstrap", "exact Poisson"),
            "flag": est["flag"],
        }
    )
    docs = counts[
        (counts["voice"] == voice) & (counts["lang"] == lang) & (counts["subcategory"] == ALL)
    ]
    docs = as_numbers(docs, ints=("hits", "tokens"), floats=("year", "rate_per_1k"))
    if years != "all":
        first, last = (int(y) for y in years.split("-"))
        docs = docs[docs["year"].between(first, last)]
    docs = docs[(docs["tokens"] > 0) & docs["genre"].isin(set(genre_rows["genre"]))]
    doc_rows = pd.DataFrame(
        {
            "level": "document",
            "years": years,
            "genre": docs["genre"],
            "doc_id": docs["doc_id"],
            "unit": "document",
            "category": docs["category"],
            "documents": 1,
            "hits": docs["hits"],
            "tokens": docs["tokens"],
            "rate_per_1k": docs["rate_per_1k"],
            "ci_low": np.nan,
            "ci_high": np.nan,
            "interval": "",
            "flag": "",
        }
    )
    frame = pd.concat([genre_rows, doc_rows], ignore_index=True)[list(GENRE_POINT_COLUMNS)]
    return frame.sort_values(["category", "level", "genre", "doc_id"], kind="stable").reset_index(
        drop=True
    )


def unit_ticklabel(genre: str, unit: str, documents: int, tokens: int) -> str:
    """A genre's axis label with its sample: documents and tokens; ": one document" for a genre
    that is a single document."""
    if unit == "document":
        return f"{genre_label(genre)}: one document\n{tokens:,} tokens"
    return f"{genre_label(genre)}\n{documents} documents, {tokens:,} tokens"


def plot_genre_points(
    points: pd.DataFrame, paths: Paths, *, title: str = "", empty: str = ""
) -> None:
    """One panel per construct: genres down the y axis; the genre's rate (point) with its 95%
    interval (line; hollow point = flagged: < 10 hits or < 3 documents), each document's rate as a
    small dot just below, and the genre's hits at the right."""
    genre_rows = points[points["level"] == "genre"]
    genres = ordered_genres(genre_rows["genre"]) if not genre_rows.empty else []
    categories = sorted(genre_rows["category"].unique()) if not genre_rows.empty else []
    with figure_style():
        fig, axes = plt.subplots(
            1,
            max(1, len(categories)),
            figsize=(SINGLE_COLUMN + 0.6, 0.42 * max(1, len(genres)) + 1.0),
            sharey=True,
            squeeze=False,
        )
        if genre_rows.empty:
            empty_panel(axes[0][0], empty or "no primary-voice text")
        for ax, category in zip(axes[0], categories, strict=False):
            _genre_panel(ax, points[points["category"] == category], genres)
            ax.set_title(category_title(category))
        if genres:
            first = genre_rows.drop_duplicates("genre").set_index("genre")
            labels = [
                unit_ticklabel(
                    g, first.loc[g, "unit"], first.loc[g, "documents"], first.loc[g, "tokens"]
                )
                for g in genres
            ]
            axes[0][0].set_yticks(np.arange(len(genres)) - 0.05, labels, fontsize=6)
            axes[0][0].set_xlabel("Primary voice: " + RATE_LABEL.lower() + " (√ scale)")
        if title:
            fig.suptitle(title, fontsize=7.5)
        fig.tight_layout(w_pad=1.2)
        if genres:
            center_xlabel(axes[0])
        save_figure(fig, paths)


def _genre_panel(ax, sub: pd.DataFrame, genres: list[str]) -> None:
    rows = sub[sub["level"] == "genre"].set_index("genre")
    docs = sub[sub["level"] == "document"]
    values = np.concatenate(
        [
            rows["rate_per_1k"].to_numpy(float),
            rows["ci_high"].to_numpy(float),
            docs["rate_per_1k"].to_numpy(float),
        ]
    )
    limit = nice_upper(1.05 * float(np.nanmax(values, initial=0.0)) or 1.0)
    text = blended_transform_factory(ax.transAxes, ax.transData)
    for i, genre in enumerate(genres):
        if genre not in rows.index:
            continue
        row = rows.loc[genre]
        color = genre_color(genre, genres)
        flagged = bool(row["flag"])
        errorbar(
            ax,
            row["rate_per_1k"],
            i - 0.12,
            row["ci_low"],
            row["ci_high"],
            limit=limit,
            color=color,
            marker="o",
            markersize=4,
            markerfacecolor="white" if flagged else color,
            markeredgecolor=color,
            markeredgewidth=0.8,
        )
        own = docs[docs["genre"] == genre].sort_values("rate_per_1k")
        if len(own) and row["unit"] == "genre":
            spread = 0.1 * ((np.arange(len(own)) % 5) / 4 - 0.5)
            ax.plot(
                own["rate_per_1k"],
                i + 0.2 + spread,
                linestyle="",
                marker="o",
                markersize=1.8,
                color=color,
                alpha=0.55,
                markeredgewidth=0,
                zorder=1,
            )
        ax.text(
            1.0,
            i - 0.12,
            f" {int(row['hits']):,}",
            transform=text,
            ha="left",
            va="center",
            fontsize=5,
            color=NEUTRAL,
        )
        ax.axhline(i - 0.12, color="#EEEEEE", linewidth=0.5, zorder=0)
    ax.set_ylim(len(genres) - 0.5, -0.5)
    sqrt_axis(ax.xaxis, ax, limit)
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)
    ax.text(1.0, -0.62, " hits", transform=text, ha="left", va="bottom", fontsize=5, color=NEUTRAL)


def draw_rates_by_genre(estimates_tsv: str, counts_tsv: str, outputs: Sequence[str]) -> None:
    """Drawn by rule plot_rhetoric_estimates (figure 1): figures/rates_by_genre.{tsv,pdf,png,svg}, all years."""
    points = genre_points(read_tsv(estimates_tsv), read_tsv(counts_tsv))
    plot_genre_points(points, write_figure_data(points, outputs))
