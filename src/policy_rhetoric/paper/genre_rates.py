"""Figure 1, rates by genre: rate per 1,000 tokens of each construct by genre, primary voice,
languages pooled, with 95% intervals (rows of rhetoric/genre_scores.tsv)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import center_xlabel, dot_panels, genre_ticklabels
from policy_rhetoric.paper.style import (
    RATE_LABEL,
    SINGLE_COLUMN,
    Paths,
    as_numbers,
    empty_panel,
    figure_style,
    ordered_categories,
    ordered_genres,
    save_figure,
    write_figure_data,
)
from policy_rhetoric.rhetoric.rates import ALL


def genre_rates(
    genre_scores: pd.DataFrame, *, voice: str = "primary", lang: str = ALL
) -> pd.DataFrame:
    """The rows of rhetoric/genre_scores.tsv figure 1 draws: rate per 1,000 tokens with its 95%
    interval per genre x category, for one voice and whole categories (subcategory "all"), languages
    pooled (lang "all") unless `lang` names one."""
    table = genre_scores[
        (genre_scores["subcategory"] == ALL)
        & (genre_scores["voice"] == voice)
        & (genre_scores["lang"] == lang)
    ]
    table = as_numbers(table, ints=("hits", "tokens"), floats=("rate_per_1k", "ci_low", "ci_high"))
    columns = ["genre", "voice", "lang", "category", "hits", "tokens", "rate_per_1k"]
    columns += ["ci_low", "ci_high"]
    return table[columns].sort_values(["category", "genre"]).reset_index(drop=True)


def plot_genre_rates(rates: pd.DataFrame, paths: Paths) -> None:
    """Figure 1: rate per 1,000 tokens by genre, one panel per construct, 95% intervals."""
    genres = ordered_genres(rates["genre"])
    categories = ordered_categories(rates)
    tokens = rates.groupby("genre")["tokens"].max().to_dict()
    with figure_style():
        fig, axes = plt.subplots(
            1,
            max(1, len(categories)),
            figsize=(SINGLE_COLUMN, 0.32 * len(genres) + 0.9),
            sharey=True,
            squeeze=False,
        )
        if rates.empty:
            empty_panel(axes[0][0], "no primary-voice text")
        else:
            dot_panels(axes[0], rates, genres, categories)
            axes[0][0].set_yticks(range(len(genres)), genre_ticklabels(genres, tokens))
            axes[0][0].set_xlabel("Primary voice: " + RATE_LABEL.lower() + " (√ scale)")
        fig.tight_layout(w_pad=1.5)
        center_xlabel(axes[0])
        save_figure(fig, paths)


def run_plot_genre_rates(genre_scores_tsv: str, outputs: Sequence[str]) -> None:
    """Rule plot_genre_rates (figure 1): figures/rates_by_genre.{tsv,pdf,png,svg}."""
    rates = genre_rates(read_tsv(genre_scores_tsv))
    plot_genre_rates(rates, write_figure_data(rates, outputs))
