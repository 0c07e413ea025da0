"""Companion of figure 3, rhetoric by genre and voice: rate per genre in the source's words (filled)
and in the outlet's commentary (open), with 95% intervals (rows of rhetoric/genre_scores.tsv)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.lines import Line2D
from matplotlib.transforms import blended_transform_factory

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import center_xlabel, dot_panels
from policy_rhetoric.paper.style import (
    NEUTRAL,
    RATE_LABEL,
    SINGLE_COLUMN,
    VOICE_LABELS,
    Paths,
    as_numbers,
    empty_panel,
    figure_style,
    genre_label,
    ordered_categories,
    ordered_genres,
    save_figure,
    write_figure_data,
)
from policy_rhetoric.rhetoric.rates import ALL


def genre_voice_rates(genre_scores: pd.DataFrame) -> pd.DataFrame:
    """The rows of rhetoric/genre_scores.tsv the figure draws: rate per genre x voice (primary,
    commentary) x category, languages pooled (lang "all"), with 95% intervals."""
    table = genre_scores[
        (genre_scores["subcategory"] == ALL)
        & genre_scores["voice"].isin(["primary", "commentary"])
        & (genre_scores["lang"] == ALL)
    ]
    table = as_numbers(
        table, ints=("hits", "tokens", "documents"), floats=("rate_per_1k", "ci_low", "ci_high")
    )
    columns = ["genre", "voice", "category", "documents", "hits", "tokens", "rate_per_1k"]
    columns += ["ci_low", "ci_high"]
    return table[columns].sort_values(["category", "genre", "voice"]).reset_index(drop=True)


VOICE_STYLES = {
    "primary": {"marker": "o", "face": "filled"},
    "commentary": {"marker": "o", "face": "open"},
}


def plot_rates_by_genre_voice(rates: pd.DataFrame, paths: Paths) -> None:
    """Rate per genre in the source's words (filled) and the outlet's commentary (open), 95% intervals."""
    genres = ordered_genres(rates["genre"])
    categories = ordered_categories(rates)
    with figure_style():
        fig, axes = plt.subplots(
            1,
            max(1, len(categories)),
            figsize=(SINGLE_COLUMN, 0.34 * len(genres) + 1.0),
            sharey=True,
            squeeze=False,
        )
        if rates.empty:
            empty_panel(axes[0][0], "no text in either voice")
        else:
            dot_panels(
                axes[0],
                rates,
                genres,
                categories,
                offsets={"primary": -0.17, "commentary": 0.17},
                styles=VOICE_STYLES,
            )
            axes[0][0].set_yticks(range(len(genres)), _sample_labels(rates, genres), fontsize=6)
            for ax, category in zip(axes[0], categories, strict=True):
                _hit_counts(ax, rates[rates["category"] == category], genres)
            axes[0][0].set_xlabel(RATE_LABEL + " (√ scale)")
            handles = [
                Line2D([], [], marker="o", linestyle="", color=NEUTRAL, label=VOICE_LABELS[v])
                for v in ("primary", "commentary")
            ]
            handles[1].set_markerfacecolor("white")
            fig.legend(handles=handles, loc="upper center", ncol=2, bbox_to_anchor=(0.55, 1.0))
        fig.tight_layout(rect=(0, 0, 1, 0.92), w_pad=1.5)
        center_xlabel(axes[0])
        save_figure(fig, paths)


def _sample_labels(rates: pd.DataFrame, genres: list[str]) -> list[str]:
    """Genre, its documents and its tokens in the source's words / in the commentary."""
    labels = []
    for genre in genres:
        rows = rates[rates["genre"] == genre].set_index("voice")
        tokens = {
            v: int(rows.loc[v, "tokens"].max()) if v in rows.index else 0 for v in VOICE_STYLES
        }
        n = int(rows["documents"].max())
        unit = "one document" if n == 1 else f"{n} documents"
        labels.append(
            f"{genre_label(genre)}: {unit}\n{tokens['primary']:,} / {tokens['commentary']:,} tokens"
        )
    return labels


def _hit_counts(ax, rates: pd.DataFrame, genres: list[str]) -> None:
    """Each row's matches at the right of the panel (source voice above, commentary below)."""
    text = blended_transform_factory(ax.transAxes, ax.transData)
    for i, genre in enumerate(genres):
        for voice, offset in (("primary", -0.17), ("commentary", 0.17)):
            row = rates[(rates["genre"] == genre) & (rates["voice"] == voice)]
            if len(row):
                ax.text(
                    1.0,
                    i + offset,
                    f" {int(row['hits'].iloc[0]):,}",
                    transform=text,
                    ha="left",
                    va="center",
                    fontsize=5,
                    color=NEUTRAL,
                )
    ax.text(1.0, -0.62, " hits", transform=text, ha="left", va="bottom", fontsize=5, color=NEUTRAL)


def draw_rhetoric_by_genre_voice(genre_scores_tsv: str, outputs: Sequence[str]) -> None:
    """Drawn by rule plot_rhetoric_figures: figures/rhetoric_by_genre_voice.{tsv,pdf,png,svg}."""
    rates = genre_voice_rates(read_tsv(genre_scores_tsv))
    plot_rates_by_genre_voice(rates, write_figure_data(rates, outputs))
