"""Paper figure: topic prevalence by genre with 95% intervals (rule plot_topic_prevalence).

Draws topics/prevalence.tsv (share of each genre's primary-voice text per topic, bootstrap intervals)
with the labels of topics/labels.tsv and, when the seeded model ran, topics/seeded_share.tsv.
"""

from __future__ import annotations

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
)


def plot_topic_prevalence(
    prevalence: pd.DataFrame,
    labels: dict[int, str],
    seeded: pd.DataFrame | None,
    paths: list[str],
) -> None:
    """Dot-and-interval plot: share of each genre's primary text per topic (95% bootstrap intervals);
    a second panel shows the seeded topics' share when the seeded model ran."""
    panels = [
        ("Topics of the final model", prevalence, {t: f"{t}: {x}" for t, x in labels.items()})
    ]
    if seeded is not None and len(seeded):
        names = sorted(seeded["topic"].unique())
        panels.append(
            (
                "Seeded topics (separate LDA with a lexicon prior)",
                seeded.assign(topic=seeded["topic"].map(names.index)),
                {i: n.replace("_", "-") for i, n in enumerate(names)},
            )
        )
    by_genre = prevalence[prevalence["level"] == "genre"]
    genres = ordered_genres(by_genre["group"])
    n_chunks = by_genre.drop_duplicates("group").set_index("group")["n_chunks"]
    heights = [max(len(p[2]), 2) for p in panels]
    with figure_style():
        fig, axes = plt.subplots(
            len(panels),
            1,
            figsize=(5.2, 0.42 * sum(heights) + 0.9 * len(panels) + 0.5),
            gridspec_kw={"height_ratios": heights},
            squeeze=False,
        )
        step = 0.7 / max(len(genres), 1)
        for ax, (title, table, names) in zip(axes[:, 0], panels, strict=True):
            sub = table[table["level"] == "genre"]
            topics = sorted(names)
            for j, genre in enumerate(genres):
                g = sub[sub["group"] == genre].set_index("topic")
                y = np.array(topics) + (j - (len(genres) - 1) / 2) * step
                values = g.reindex(topics)
                est = values["proportion"].astype(float).to_numpy()
                low = values["ci_low"].astype(float).to_numpy()
                high = values["ci_high"].astype(float).to_numpy()
                color = genre_color(genre, genres)
                ax.hlines(y, low, high, color=color, linewidth=1.1)
                ax.plot(
                    est,
                    y,
                    "o",
                    color=color,
                    markersize=3.2,
                    label=f"{genre_label(genre)} ({n_chunks[genre]} chunks)",
                )
            ax.set_yticks(topics, [names[t] for t in topics])
            ax.set_ylim(len(topics) - 0.5, -0.5)
            ax.set_xlim(left=0)
            ax.set_title(title, loc="left")
            ax.grid(axis="x", linewidth=0.3, color="#dddddd")
            ax.set_axisbelow(True)
            ax.set_xlabel("Share of the genre's primary-voice text (modelled terms)")
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


def run_plot_topic_prevalence(
    prevalence_tsv: str, labels_tsv: str, seeded_tsv: str | None, outputs: list[str]
) -> None:
    """Rule plot_topic_prevalence: figures/topic_prevalence_by_genre.{pdf,svg,png}."""
    prevalence = read_tsv(prevalence_tsv)
    prevalence["topic"] = prevalence["topic"].astype(int)
    labels = {int(r.topic): r.label for r in read_tsv(labels_tsv).itertuples()}
    seeded = read_tsv(seeded_tsv) if seeded_tsv else None
    plot_topic_prevalence(prevalence, labels, seeded, outputs)
