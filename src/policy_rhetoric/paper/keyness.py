"""Figure 5, keyness by genre: every term's z-score of the log-odds ratio of one genre against the
rest and its corpus frequency, the most distinctive terms labelled (rhetoric/keyness.tsv)."""

from __future__ import annotations

import logging
import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.style import (
    DOUBLE_COLUMN,
    LIGHT,
    NEUTRAL,
    SINGLE_COLUMN,
    Paths,
    as_numbers,
    empty_panel,
    figure_style,
    genre_color,
    genre_label,
    ordered_genres,
    place_labels,
    save_figure,
)


def plot_keyness(keyness: pd.DataFrame, paths: Paths, *, top_n: int = 8) -> None:
    """Figure 5: one panel per genre against the rest: z-score of the log-odds ratio (x) and corpus
    frequency (y, log scale) of every term; the top_n most distinctive terms of the genre labelled."""
    table = as_numbers(
        keyness, ints=("count_genre", "count_rest", "count_total"), floats=("z_score",)
    )
    genres = ordered_genres(table["genre"])
    ncols = 3 if len(genres) > 2 else max(1, len(genres))
    nrows = max(1, math.ceil(len(genres) / ncols))
    width = DOUBLE_COLUMN if ncols == 3 else SINGLE_COLUMN
    with figure_style():
        fig, axes = plt.subplots(nrows, ncols, figsize=(width, 2.15 * nrows + 0.2), squeeze=False)
        flat = list(axes.ravel())
        if table.empty:
            empty_panel(flat[0], "no primary-voice English text")
        x_extent = max(
            2.5, float(np.nanmax(np.append(table["z_score"].abs().to_numpy(), 0.0))) * 1.08
        )
        y_max = max(2, int(np.max(np.append(table["count_total"].to_numpy(), 1))))
        rng = np.random.default_rng(0)
        for ax, genre in zip(flat, genres, strict=False):
            sub = table[table["genre"] == genre].reset_index(drop=True)
            jitter = 10 ** rng.uniform(-0.07, 0.07, len(sub))
            y = sub["count_total"].to_numpy(dtype=float) * jitter
            x = sub["z_score"].to_numpy(dtype=float)
            key = (x > 1.96) & (sub["count_genre"].to_numpy() > 0)
            color = genre_color(genre, genres)
            ax.scatter(x[~key], y[~key], s=3, color=LIGHT, linewidths=0, zorder=1, rasterized=False)
            ax.scatter(x[key], y[key], s=5, color=color, linewidths=0, zorder=2)
            for bound in (-1.96, 1.96):
                ax.axvline(bound, color="#9E9E9E", linewidth=0.5, linestyle=":", zorder=0)
            ax.set_xscale("linear")
            ax.set_yscale("log")
            ax.set_xlim(-x_extent, x_extent)
            ax.set_ylim(0.7, y_max * 1.9)
            ax.set_title(f"{genre_label(genre)} vs the rest", color=color)
            order = [
                i
                for i in np.argsort(-x, kind="stable")
                if x[i] > 0 and sub.loc[i, "count_genre"] > 0
            ][:top_n]
            ax.scatter(
                x[order],
                y[order],
                s=5,
                color=[color if key[i] else NEUTRAL for i in order],
                linewidths=0,
                zorder=2,
            )
            ax._pr_top = [
                (x[i], y[i], sub.loc[i, "term"], color if key[i] else NEUTRAL) for i in order
            ]
            ax._pr_avoid = [(x[i], y[i]) for i in range(len(x)) if key[i]]
        for ax in flat[len(genres) :]:
            ax.set_visible(False)
        for row in axes:
            row[0].set_ylabel("Corpus frequency (count, log)")
        for ax in flat[max(0, len(genres) - ncols) : len(genres)]:
            ax.set_xlabel("z-score of log-odds ratio, genre vs rest")
        fig.tight_layout(h_pad=1.2, w_pad=1.0)
        for ax, genre in zip(flat, genres, strict=False):
            if ax._pr_top:
                drawn = {
                    t.get_text()
                    for t in place_labels(ax, ax._pr_top, avoid=ax._pr_avoid, fontsize=6)
                }
                missing = [t for _, _, t, _ in ax._pr_top if t not in drawn]
                if missing:
                    logging.getLogger(__name__).warning(
                        "keyness, %s: no free place for the labels of %s", genre, ", ".join(missing)
                    )
        save_figure(fig, paths)


def draw_keyness_by_genre(keyness_tsv: str, outputs: Sequence[str], *, top_n: int = 8) -> None:
    """Drawn by rule plot_rhetoric_figures (figure 5): figures/keyness_by_genre.{pdf,png,svg}; the numbers are
    rhetoric/keyness.tsv itself (rule score_keyness)."""
    plot_keyness(read_tsv(keyness_tsv), list(outputs), top_n=top_n)
