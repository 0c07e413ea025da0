"""Figure 6, position in the document: rate along the relative position in the document's
primary-voice text, one line per genre and a panel per construct (rows of rhetoric/position.tsv)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import wrap
from policy_rhetoric.paper.style import (
    NEUTRAL,
    SINGLE_COLUMN,
    Paths,
    as_numbers,
    category_title,
    empty_panel,
    figure_style,
    genre_color,
    genre_handles,
    genre_label,
    ordered_categories,
    ordered_genres,
    save_figure,
    write_figure_data,
)


def position_rows(position: pd.DataFrame) -> pd.DataFrame:
    """rhetoric/position.tsv with its numbers as numbers: what figure 6 draws."""
    return as_numbers(
        position, ints=("bin", "hits", "tokens", "documents"), floats=("position", "rate_per_1k")
    )


def plot_position(rates: pd.DataFrame, paths: Paths, *, min_tokens: int = 100) -> None:
    """Figure 6: rate along the relative position in the document, one line per genre and a panel per
    construct. Bins with fewer than `min_tokens` tokens are not drawn (their rate is noise; the line
    breaks there); genres left with no bin are named under the figure."""
    genres = ordered_genres(rates["genre"])
    categories = ordered_categories(rates) if not rates.empty else []
    shown = rates[rates["tokens"] >= min_tokens]
    hidden = [g for g in genres if g not in set(shown["genre"])]
    drawn = [g for g in genres if g not in hidden]
    bins = int(rates["bin"].max()) + 1 if not rates.empty else 10
    with figure_style():
        fig, axes = plt.subplots(
            len(categories) or 1,
            1,
            figsize=(SINGLE_COLUMN, 1.35 * max(1, len(categories)) + 0.75),
            sharex=True,
            squeeze=False,
            layout="constrained",
        )
        if shown.empty:
            empty_panel(axes[0][0], f"no position bin with {min_tokens} tokens or more")
        for ax, category in zip(axes[:, 0], categories, strict=False):
            sub = shown[shown["category"] == category]
            for genre in drawn:
                line = sub[sub["genre"] == genre].set_index("bin").reindex(range(bins))
                ax.plot(
                    100 * (np.arange(bins) + 0.5) / bins,
                    line["rate_per_1k"].to_numpy(dtype=float),
                    color=genre_color(genre, genres),
                    marker="o",
                    markersize=2.8,
                    linewidth=1.0,
                    clip_on=False,
                )
            ax.set_ylim(bottom=0)
            hits = rates[rates["category"] == category].groupby("genre")["hits"].sum()
            ax.set_title(
                "hits: " + ", ".join(f"{genre_label(g)} {int(hits.get(g, 0)):,}" for g in drawn),
                loc="right",
                fontsize=5.5,
                color=NEUTRAL,
            )
            ax.set_ylabel("Matches per\n1,000 tokens")
            ax.set_title(category_title(category), loc="left")
        last = axes[-1][0]
        last.set_xlim(0, 100)
        last.set_xticks(np.linspace(0, 100, 6))
        last.set_xticks(np.linspace(0, 100, bins + 1), minor=True)
        last.set_xlabel("Relative position in the document's primary-voice text (%)")
        if drawn:
            per_category = rates[rates["category"] == categories[0]]
            tokens = per_category.groupby("genre")["tokens"].sum()
            documents = per_category.groupby("genre")["documents"].max()
            handles = genre_handles(drawn, marker="o")
            for handle, genre in zip(handles, drawn, strict=True):
                n = int(documents[genre])
                handle.set_label(
                    f"{genre_label(genre)} ({n} document{'' if n == 1 else 's'}, "
                    f"{int(tokens[genre]):,} tokens)"
                )
            fig.legend(
                handles=handles,
                loc="outside upper center",
                ncol=min(2, len(drawn)),
                fontsize=5.5,
            )
        if hidden:
            totals = rates.groupby("genre")["tokens"].sum() // max(1, len(categories))
            note = "Not shown, no bin of {} tokens or more: {}.".format(
                min_tokens,
                ", ".join(f"{genre_label(g)} ({int(totals[g]):,} tokens)" for g in hidden),
            )
            last.annotate(
                wrap(note, 85),
                (0.0, 0.0),
                xycoords="axes fraction",
                xytext=(-22, -26),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=5.5,
                color=NEUTRAL,
            )
        save_figure(fig, paths)


def draw_position_in_document(
    position_tsv: str, outputs: Sequence[str], *, min_tokens: int = 100
) -> None:
    """Drawn by rule plot_rhetoric_figures (figure 6): figures/position_in_document.{tsv,pdf,png,svg}."""
    rates = position_rows(read_tsv(position_tsv))
    plot_position(rates, write_figure_data(rates, outputs), min_tokens=min_tokens)
