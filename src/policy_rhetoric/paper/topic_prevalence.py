"""Paper figure: topic prevalence by genre (drawn by rule plot_topic_figures), one per language model.

Draws topics/<lang>/prevalence.tsv (each genre's mean over its documents of their topic proportions,
95% intervals over draws of theta and of documents) with the labels of topics/<lang>/labels.tsv
(FREX terms or topics.labels) and, when the seeded model ran, topics/<lang>/seeded_share.tsv (median
and range over seeds). The numbers drawn go to the figure's TSV (FIGURE_COLUMNS).
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.style import (
    figure_style,
    genre_color,
    genre_label,
    ordered_genres,
    save_figure,
    write_figure_data,
)

FIGURE_COLUMNS = (
    "panel",
    "topic",
    "label",
    "genre",
    "estimate",
    "low",
    "high",
    "interval",
    "n_documents",
    "flag",
)
FINAL_PANEL = "final model"
SEEDED_PANEL = "seeded model"


def figure_rows(
    prevalence: pd.DataFrame, labels: dict[int, str], seeded: pd.DataFrame | None
) -> pd.DataFrame:
    """The numbers the figure draws (FIGURE_COLUMNS), genre level only: the final model's estimate
    with its 95% interval, and the seeded topics' median share with its range over seeds."""
    genre = prevalence[prevalence["level"] == "genre"]
    rows = [
        (
            FINAL_PANEL,
            int(r.topic),
            f"{int(r.topic)}: {labels[int(r.topic)]}",
            r.group,
            float(r.proportion),
            float(r.ci_low),
            float(r.ci_high),
            "95% interval (draws of theta and of documents)",
            int(r.n_documents),
            r.flag,
        )
        for r in genre.itertuples()
    ]
    if seeded is not None and len(seeded):
        names = sorted(seeded["topic"].unique())
        for r in seeded[seeded["level"] == "genre"].itertuples():
            rows.append(
                (
                    SEEDED_PANEL,
                    names.index(r.topic),
                    r.topic.replace("_", "-"),
                    r.group,
                    float(r.median),
                    float(r.seed_min),
                    float(r.seed_max),
                    f"median and range over {int(r.n_seeds)} seeds",
                    int(r.n_documents),
                    "",
                )
            )
    return pd.DataFrame(rows, columns=list(FIGURE_COLUMNS)).sort_values(
        ["panel", "topic", "genre"], kind="stable", ignore_index=True
    )


def plot_topic_prevalence(rows: pd.DataFrame, paths: Sequence[str]) -> None:
    """Dot-and-interval plot of figure_rows: the final model's topics (95% intervals) and, when
    present, the seeded topics (median over seeds, bar = range over seeds)."""
    panels = [p for p in (FINAL_PANEL, SEEDED_PANEL) if (rows["panel"] == p).any()]
    titles = {
        FINAL_PANEL: "Topics of the final model (bar: 95% interval)",
        SEEDED_PANEL: "Seeded topics, separate LDA (dot: median over seeds; bar: range)",
    }
    genres = ordered_genres(rows["genre"])
    n_docs = rows.drop_duplicates("genre").set_index("genre")["n_documents"]
    heights = [max(rows[rows["panel"] == p]["topic"].nunique(), 2) for p in panels]
    with figure_style():
        fig, axes = plt.subplots(
            len(panels),
            1,
            figsize=(5.2, 0.42 * sum(heights) + 0.9 * len(panels) + 0.5),
            gridspec_kw={"height_ratios": heights},
            squeeze=False,
        )
        step = 0.7 / max(len(genres), 1)
        for ax, panel in zip(axes[:, 0], panels, strict=True):
            sub = rows[rows["panel"] == panel]
            names = sub.drop_duplicates("topic").set_index("topic")["label"].to_dict()
            topics = sorted(names)
            for j, genre in enumerate(genres):
                values = sub[sub["genre"] == genre].set_index("topic").reindex(topics)
                y = np.array(topics) + (j - (len(genres) - 1) / 2) * step
                color = genre_color(genre, genres)
                n = int(n_docs[genre])
                ax.hlines(y, values["low"], values["high"], color=color, linewidth=1.1)
                ax.plot(
                    values["estimate"],
                    y,
                    "o",
                    color=color,
                    markersize=3.2,
                    label=f"{genre_label(genre)} ({n} document{'s' if n != 1 else ''})",
                )
            ax.set_yticks(topics, [names[t] for t in topics])
            ax.set_ylim(len(topics) - 0.5, -0.5)
            ax.set_xlim(left=0)
            ax.set_title(titles[panel], loc="left")
            ax.grid(axis="x", linewidth=0.3, color="#dddddd")
            ax.set_axisbelow(True)
            ax.set_xlabel("Share of the text (mean over the genre's documents)")
        handles, legend_labels = axes[0, 0].get_legend_handles_labels()
        fig.legend(
            handles,
            legend_labels,
            loc="upper center",
            ncol=min(len(genres), 3),
            bbox_to_anchor=(0.5, 1.0),
            frameon=False,
        )
        legend_rows = -(-len(genres) // 3)
        fig.tight_layout(rect=(0, 0, 1, 1 - (0.17 * legend_rows + 0.08) / fig.get_figheight()))
        save_figure(fig, paths)


def draw_topic_prevalence_by_genre(
    prevalence_tsv: str, labels_tsv: str, seeded_tsv: str | None, outputs: Sequence[str]
) -> None:
    """Drawn by rule plot_topic_figures: figures/topic_prevalence_by_genre_<lang>.{tsv,pdf,svg,png}."""
    prevalence = read_tsv(prevalence_tsv)
    prevalence["topic"] = prevalence["topic"].astype(int)
    labels = {int(r.topic): r.label for r in read_tsv(labels_tsv).itertuples()}
    seeded = read_tsv(seeded_tsv) if seeded_tsv else None
    rows = figure_rows(prevalence, labels, seeded)
    plot_topic_prevalence(rows, write_figure_data(rows, outputs))
