"""Stage 5, compare and figures: comparative figures of rhetoric rates and topic prevalence."""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.plotting import (
    VOICE_HATCH,
    figure_style,
    genre_color,
    genre_label,
    ordered_genres,
    save_figure,
)

CATEGORY_TITLES = {"militarized": "Militarized", "self_reliance": "Self-reliance"}


def genre_voice_rates(scores: pd.DataFrame) -> pd.DataFrame:
    """Pooled rate per 1,000 tokens by genre x voice x category (all languages, subcategory 'all')."""
    table = scores[scores["subcategory"] == "all"].copy()
    table["hits"] = table["hits"].astype(int)
    table["tokens"] = table["tokens"].astype(int)
    pooled = table.groupby(["genre", "voice", "category"], as_index=False)[["hits", "tokens"]].sum()
    pooled["rate_per_1k"] = np.where(
        pooled["tokens"] > 0, 1000.0 * pooled["hits"] / pooled["tokens"].clip(lower=1), 0.0
    )
    return pooled.sort_values(["category", "genre", "voice"]).reset_index(drop=True)


def plot_rates_by_genre_voice(scores: pd.DataFrame, paths) -> None:
    """Bars: rate per 1,000 tokens for each genre, primary vs commentary voice, one panel per category."""
    pooled = genre_voice_rates(scores)
    pooled = pooled[pooled["voice"].isin(["primary", "commentary"])]
    genres = ordered_genres(pooled["genre"])
    categories = sorted(pooled["category"].unique())
    voices = ["primary", "commentary"]
    with figure_style():
        fig, axes = plt.subplots(1, len(categories), figsize=(3.5, 2.4), sharey=True, squeeze=False)
        width = 0.38
        for ax, category in zip(axes[0], categories, strict=True):
            sub = pooled[pooled["category"] == category].set_index(["genre", "voice"])
            for j, voice in enumerate(voices):
                for i, genre in enumerate(genres):
                    key = (genre, voice)
                    rate = float(sub.loc[key, "rate_per_1k"]) if key in sub.index else 0.0
                    present = key in sub.index and int(sub.loc[key, "tokens"]) > 0
                    ax.bar(
                        i + (j - 0.5) * width,
                        rate,
                        width,
                        color=genre_color(genre, genres),
                        hatch=VOICE_HATCH[voice],
                        edgecolor="white" if voice == "primary" else "black",
                        linewidth=0.3,
                        alpha=1.0 if present else 0.0,
                    )
                    if not present:
                        ax.text(i + (j - 0.5) * width, 0, "–", ha="center", va="bottom", fontsize=6)
            ax.set_title(CATEGORY_TITLES.get(category, category))
            ax.set_xticks(
                range(len(genres)),
                [genre_label(g) for g in genres],
                rotation=40,
                ha="right",
                rotation_mode="anchor",
            )
        axes[0][0].set_ylabel("Matches per 1,000 tokens")
        handles = [
            plt.Rectangle(
                (0, 0),
                1,
                1,
                facecolor="#bbbbbb",
                hatch=VOICE_HATCH[v],
                edgecolor="black",
                linewidth=0.3,
            )
            for v in voices
        ]
        fig.legend(
            handles,
            ["source (primary)", "outlet (commentary)"],
            loc="upper center",
            ncol=2,
            bbox_to_anchor=(0.5, 1.06),
        )
        fig.tight_layout()
        save_figure(fig, paths)


def genre_topic_prevalence(doc_topics: pd.DataFrame) -> pd.DataFrame:
    """Mean topic proportion per genre (documents weighted equally)."""
    table = doc_topics.assign(
        proportion=doc_topics["proportion"].astype(float), topic=doc_topics["topic"].astype(int)
    )
    return table.groupby(["genre", "topic"], as_index=False)["proportion"].mean()


def plot_topic_prevalence(doc_topics: pd.DataFrame, labels: dict[int, str], paths) -> None:
    """Heatmap: topic (rows, labelled by top terms) x genre (columns), mean proportion of primary text."""
    prevalence = genre_topic_prevalence(doc_topics)
    genres = ordered_genres(prevalence["genre"])
    topics = sorted(prevalence["topic"].unique())
    grid = (
        prevalence.pivot(index="topic", columns="genre", values="proportion")
        .reindex(index=topics, columns=genres)
        .fillna(0.0)
    )
    with figure_style():
        fig, ax = plt.subplots(figsize=(3.5, 0.3 * len(topics) + 1.2))
        image = ax.imshow(
            grid.to_numpy(),
            cmap="Blues",
            vmin=0,
            vmax=max(0.01, float(grid.to_numpy().max())),
            aspect="auto",
        )
        for (r, c), value in np.ndenumerate(grid.to_numpy()):
            ax.text(
                c,
                r,
                f"{value:.2f}",
                ha="center",
                va="center",
                fontsize=5.5,
                color="white" if value > 0.6 * grid.to_numpy().max() else "black",
            )
        ax.set_xticks(
            range(len(genres)),
            [genre_label(g) for g in genres],
            rotation=40,
            ha="right",
            rotation_mode="anchor",
        )
        ax.set_yticks(range(len(topics)), [f"T{t}: {labels.get(t, '')}" for t in topics])
        ax.tick_params(length=0)
        for spine in ax.spines.values():
            spine.set_visible(False)
        bar = fig.colorbar(image, ax=ax, fraction=0.05, pad=0.02)
        bar.set_label("Mean topic proportion")
        bar.outline.set_visible(False)
        fig.tight_layout()
        save_figure(fig, paths)


def run_plot_rhetoric_by_genre(scores_tsv: str, outputs: list[str]) -> None:
    """Rule plot_rhetoric_by_genre."""
    from policy_rhetoric.tables import read_tsv

    plot_rates_by_genre_voice(read_tsv(scores_tsv), outputs)


def run_plot_topic_prevalence(doc_topics_tsv: str, labels_tsv: str, outputs: list[str]) -> None:
    """Rule plot_topic_prevalence."""
    from policy_rhetoric.tables import read_tsv

    labels = {int(r.topic): r.label for r in read_tsv(labels_tsv).itertuples()}
    plot_topic_prevalence(read_tsv(doc_topics_tsv), labels, outputs)
