"""Figure 2, subcategories by genre: the share of each genre's matches of a construct that falls in
each subcategory, as a heatmap (rows of rhetoric/subcategory_shares.tsv); each column's header says how
many documents it holds ("document" where a genre is one document)."""

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
    genre_label,
    ordered_categories,
    ordered_genres,
    save_figure,
    write_figure_data,
)
from policy_rhetoric.rhetoric.rates import ALL


def subcategory_rows(
    shares: pd.DataFrame, *, voice: str = "primary", lang: str = ALL
) -> pd.DataFrame:
    """The rows of rhetoric/subcategory_shares.tsv figure 2 draws: one voice, languages pooled; per
    subcategory (lexicon order) the genres in the figures' order."""
    table = shares[(shares["voice"] == voice) & (shares["lang"] == lang)]
    table = as_numbers(table, ints=("documents", "hits", "category_hits"), floats=("share",))
    rank = {genre: i for i, genre in enumerate(ordered_genres(table["genre"]))}
    keys = list(dict.fromkeys(zip(table["category"], table["subcategory"], strict=True)))
    order = {key: i for i, key in enumerate(keys)}
    table = table.assign(
        _key=[order[k] for k in zip(table["category"], table["subcategory"], strict=True)],
        _genre=table["genre"].map(rank),
    ).sort_values(["_key", "_genre"], kind="stable")
    columns = [
        "category",
        "subcategory",
        "label",
        "genre",
        "documents",
        "hits",
        "category_hits",
        "share",
    ]
    return table[columns].reset_index(drop=True)


def unit_text(documents: int) -> str:
    """A column's unit, short enough for a column: "document" where the genre has one document (its
    shares describe that document, not a genre), else "N docs"."""
    return "document" if documents == 1 else f"{documents} docs"


def plot_subcategory_composition(shares: pd.DataFrame, paths: Paths) -> None:
    """Figure 2: heatmap of subcategory shares, one block of rows per construct, genres as columns."""
    genres = ordered_genres(shares["genre"])
    documents = shares.groupby("genre")["documents"].max().to_dict()
    categories = ordered_categories(shares) if not shares.empty else []
    blocks = [shares[shares["category"] == c] for c in categories]
    n_rows = [max(1, b["subcategory"].nunique()) for b in blocks] or [1]
    row_height = 0.25
    with figure_style():
        fig, axes = plt.subplots(
            len(n_rows),
            1,
            figsize=(SINGLE_COLUMN, row_height * sum(n_rows) + 0.42 * len(n_rows) + 0.25),
            gridspec_kw={"height_ratios": n_rows},
            squeeze=False,
        )
        if not blocks:
            empty_panel(axes[0][0], "no lexicon subcategories")
        for index, (ax, category, block) in enumerate(
            zip(axes[:, 0], categories, blocks, strict=False)
        ):
            subs = list(dict.fromkeys(block["subcategory"]))
            grid = (
                block.pivot(index="subcategory", columns="genre", values="share")
                .reindex(index=subs, columns=genres)
                .to_numpy(dtype=float)
            )
            counts = (
                block.pivot(index="subcategory", columns="genre", values="hits")
                .reindex(index=subs, columns=genres)
                .fillna(0)
                .to_numpy(dtype=int)
            )
            totals = block.groupby("genre")["category_hits"].max().reindex(genres).fillna(0)
            ax.imshow(np.nan_to_num(grid), cmap="Blues", vmin=0, vmax=1, aspect="auto")
            for (r, c), value in np.ndenumerate(grid):
                if np.isnan(value):
                    ax.add_patch(
                        plt.Rectangle(
                            (c - 0.5, r - 0.5),
                            1,
                            1,
                            facecolor="#F2F2F2",
                            edgecolor="#BDBDBD",
                            linewidth=0,
                            hatch="////",
                        )
                    )
                    continue
                if counts[r, c] == 0:
                    text, color = "·", NEUTRAL
                else:
                    text = f"{100 * value:.0f}%"
                    color = "white" if value > 0.55 else "#1A1A1A"
                ax.text(c, r, text, ha="center", va="center", fontsize=6, color=color)
            label_of = dict(zip(block["subcategory"], block["label"], strict=False))
            ax.set_yticks(range(len(subs)), [wrap(label_of[s], 27) for s in subs], fontsize=6)
            header = [f"n = {int(totals[g])}" for g in genres]
            if index == 0:
                header = [
                    f"{genre_label(g, 10)}\n{unit_text(documents.get(g, 0))}\n{h}"
                    for g, h in zip(genres, header, strict=True)
                ]
            ax.set_xticks(range(len(genres)), header, fontsize=5.5 if index == 0 else 6)
            ax.xaxis.tick_top()
            for c, genre in enumerate(genres):
                ax.add_patch(
                    plt.Rectangle(
                        (c - 0.42, -0.5 - 0.16),
                        0.84,
                        0.1,
                        facecolor=genre_color(genre, genres),
                        edgecolor="none",
                        clip_on=False,
                    )
                )
            ax.tick_params(length=0, pad=4)
            ax.text(
                -0.03,
                1.0 + 0.02,
                category_title(category),
                transform=ax.transAxes,
                ha="right",
                va="bottom",
                fontsize=7.5,
                fontweight="bold",
                family="DejaVu Sans",
            )
            for spine in ax.spines.values():
                spine.set_visible(False)
            ax.set_xticks(np.arange(-0.5, len(genres)), minor=True)
            ax.set_yticks(np.arange(-0.5, len(subs)), minor=True)
            ax.grid(which="minor", color="white", linewidth=1.2)
            ax.tick_params(which="minor", length=0)
        fig.tight_layout(h_pad=0.6)
        save_figure(fig, paths)


def draw_subcategories_by_genre(shares_tsv: str, outputs: Sequence[str]) -> None:
    """Drawn by rule plot_rhetoric_figures (figure 2): figures/subcategories_by_genre.{tsv,pdf,png,svg}."""
    shares = subcategory_rows(read_tsv(shares_tsv))
    plot_subcategory_composition(shares, write_figure_data(shares, outputs))
