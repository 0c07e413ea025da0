"""Figure 3, voice by document: per document, the rate in the source's words (x) against the rate in
the outlet's commentary (y), square-root axes, 95% intervals (rows of rhetoric/document_scores.tsv)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import axis_limit, sqrt_axes
from policy_rhetoric.paper.style import (
    LIGHT,
    RATE_LABEL,
    SINGLE_COLUMN,
    Paths,
    as_numbers,
    category_title,
    empty_panel,
    figure_style,
    genre_color,
    genre_handles,
    ordered_categories,
    ordered_genres,
    place_labels,
    save_figure,
    write_figure_data,
)
from policy_rhetoric.rhetoric.rates import ALL


def document_voice_rates(scores: pd.DataFrame) -> pd.DataFrame:
    """The rows of rhetoric/document_scores.tsv figure 3 draws, side by side: per document x category
    the rate (and 95% interval) in the primary voice and in commentary, languages pooled; documents
    with no tokens in one of the two voices keep NaN there."""
    table = scores[scores["voice"].isin(["primary", "commentary"]) & (scores["lang"] == ALL)]
    table = as_numbers(table, ints=("hits", "tokens"), floats=("rate_per_1k", "ci_low", "ci_high"))
    rows = []
    for (doc_id, genre, category), group in table.groupby(
        ["doc_id", "genre", "category"], sort=True
    ):
        row = {"doc_id": doc_id, "genre": genre, "category": category}
        for voice in ("primary", "commentary"):
            cell = group[(group["voice"] == voice) & (group["tokens"] > 0)]
            for field in ("hits", "tokens"):
                row[f"{voice}_{field}"] = int(cell[field].iloc[0]) if len(cell) else 0
            for field in ("rate_per_1k", "ci_low", "ci_high"):
                name = f"{voice}_{'rate' if field == 'rate_per_1k' else field}"
                row[name] = float(cell[field].iloc[0]) if len(cell) else np.nan
        rows.append(row)
    columns = ["doc_id", "genre", "category"] + [
        f"{v}_{f}"
        for v in ("primary", "commentary")
        for f in ("hits", "tokens", "rate", "ci_low", "ci_high")
    ]
    return pd.DataFrame(rows, columns=columns)


def plot_voice_by_document(rates: pd.DataFrame, paths: Paths) -> None:
    """Figure 3: per document, rate in the source's words (x) vs in the outlet's commentary (y), both
    axes on a square-root scale; 95% intervals beyond the axes end in an arrow."""
    genres = ordered_genres(rates["genre"])
    categories = ordered_categories(rates) if not rates.empty else []
    both = rates.dropna(subset=["primary_rate", "commentary_rate"])
    with figure_style():
        fig, axes = plt.subplots(
            1, max(1, len(categories)), figsize=(SINGLE_COLUMN, 2.25), squeeze=False
        )
        if both.empty:
            empty_panel(axes[0][0], "no document has text in both voices")
        for ax, category in zip(axes[0], categories, strict=False):
            sub = both[both["category"] == category]
            upper = axis_limit(
                sub[["primary_rate", "commentary_rate"]].to_numpy(float).ravel(),
                sub[["primary_ci_high", "commentary_ci_high"]].to_numpy(float).ravel(),
            )
            ax.plot([0, upper], [0, upper], color=LIGHT, linewidth=0.6, linestyle="--", zorder=0)
            labels = []
            for row in sub.itertuples():
                color = genre_color(row.genre, genres)
                x, y = row.primary_rate, row.commentary_rate
                for low, high, horizontal in (
                    (row.primary_ci_low, row.primary_ci_high, True),
                    (row.commentary_ci_low, row.commentary_ci_high, False),
                ):
                    if not (np.isfinite(low) and np.isfinite(high)):
                        continue
                    end = min(high, upper)
                    xs, ys = ([low, end], [y, y]) if horizontal else ([x, x], [low, end])
                    ax.plot(xs, ys, color=color, linewidth=0.7, alpha=0.55, zorder=1)
                    if high > upper:
                        ax.plot(
                            *((upper, y) if horizontal else (x, upper)),
                            marker=">" if horizontal else "^",
                            markersize=2.5,
                            color=color,
                            alpha=0.8,
                            clip_on=False,
                        )
                ax.plot(
                    x,
                    y,
                    marker="o",
                    markersize=4.5,
                    color=color,
                    markeredgecolor="white",
                    markeredgewidth=0.4,
                    linestyle="",
                    zorder=3,
                    clip_on=False,
                )
                label = f"{_short_doc(row.doc_id)} ({row.primary_hits}/{row.commentary_hits})"
                labels.append((x, y, label, color))
            sqrt_axes(ax, upper)
            ax.set_aspect("equal")
            ax.set_title(category_title(category))
            ax.set_xlabel("Source (primary) voice")
            ax._pr_labels = labels
        axes[0][0].set_ylabel("Outlet (commentary) voice")
        fig.legend(
            handles=genre_handles(genres),
            loc="upper center",
            ncol=min(3, len(genres)) or 1,
            bbox_to_anchor=(0.5, 1.0),
        )
        fig.text(
            0.5,
            0.0,
            RATE_LABEL + " (√ scale)",
            ha="center",
            va="bottom",
            fontsize=7,
        )
        fig.tight_layout(rect=(0, 0.05, 1, 0.88), w_pad=1.5)
        for ax in axes[0]:
            if getattr(ax, "_pr_labels", None):
                place_labels(ax, ax._pr_labels, fontsize=5.5)
        save_figure(fig, paths)


def _short_doc(doc_id: str) -> str:
    """ "003_security_outline" -> "003"; ids without a numeric prefix stay as they are."""
    head = doc_id.split("_", 1)[0]
    return head if head.isdigit() else doc_id


def draw_voice_by_document(document_scores_tsv: str, outputs: Sequence[str]) -> None:
    """Drawn by rule plot_rhetoric_figures (figure 3): figures/voice_by_document.{tsv,pdf,png,svg}."""
    rates = document_voice_rates(read_tsv(document_scores_tsv))
    plot_voice_by_document(rates, write_figure_data(rates, outputs))
