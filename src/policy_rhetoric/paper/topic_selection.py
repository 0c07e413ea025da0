"""Paper figure: the topic sweep's measures against K (drawn by rule plot_topic_figures).

Draws topics/selection.tsv as it is: two coherences, exclusivity, held-out perplexity and stability,
one faint point per seed and the mean over seeds as a line, per family; the chosen K is marked. A
family without any value in a panel is named in it with the reason (c_v is undefined where the held-out
reference text is too small, e.g. the one held-out document of the embedded corpus; stability needs two
seeds). The mean of a K is undefined when one seed's value is (selection.tsv), so the line has gaps
there and the faint points stand alone: the panel's axis label says so.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.style import figure_style, save_figure

PANELS = (
    ("coherence_cv", "Coherence c_v", "higher is better"),
    ("coherence_npmi", "Coherence NPMI", "higher is better"),
    ("exclusivity", "Exclusivity (STM)", "higher is better"),
    ("perplexity", "Held-out perplexity (LDA)", "lower is better"),
    ("stability", "Stability across seeds", "mean matched cosine; higher is better"),
)
# why a family has no value in a panel, printed in that panel (perplexity is LDA's alone: its title says so)
UNDEFINED = {
    "coherence_cv": "undefined on the held-out\nreference text (too few windows\nwhere its top terms co-occur)",
    "coherence_npmi": "undefined on the held-out\nreference text (its top\nterms never co-occur there)",
    "exclusivity": "not computed",
    "stability": "needs two or more seeds",
}
FAMILY_STYLE = {
    "lda": {"color": "#0072B2", "marker": "o", "label": "LDA (gensim)"},
    "nmf": {"color": "#D55E00", "marker": "s", "label": "NMF (scikit-learn)"},
}


def plot_topic_selection(selection: pd.DataFrame, paths: list[str]) -> None:
    """Five small panels (two coherences, exclusivity, perplexity, stability) against K, both families:
    one faint point per seed, the mean over seeds as a line; the chosen K is marked."""

    table = selection.copy()
    table["k"] = table["k"].astype(int)
    for column, _, _ in PANELS:
        table[column] = table[column].replace("NA", "nan").astype(float)
    chosen = table[(table["chosen"] == "yes") & (table["seed"] == "mean")]["k"].tolist()
    ks = sorted(table["k"].unique())
    with figure_style():
        fig, axes = plt.subplots(2, 3, figsize=(7.0, 4.2))
        flat = axes.ravel()
        for ax, (column, title, note) in zip(flat, PANELS, strict=False):
            missing = []
            gaps = False  # a K with a seed's value but no mean (another seed's is undefined)
            for family in sorted(table["family"].unique()):
                style = FAMILY_STYLE.get(
                    family, {"color": "#000000", "marker": "^", "label": family}
                )
                sub = table[table["family"] == family]
                runs = sub[sub["seed"] != "mean"]
                means = sub[sub["seed"] == "mean"].sort_values("k")
                if not np.isfinite(means[column]).any():
                    if column in UNDEFINED:
                        missing.append(f"{style['label']}: {UNDEFINED[column]}")
                    continue
                gaps = gaps or bool(
                    set(runs["k"][np.isfinite(runs[column])])
                    - set(means["k"][np.isfinite(means[column])])
                )
                ax.scatter(
                    runs["k"],
                    runs[column],
                    s=9,
                    color=style["color"],
                    marker=style["marker"],
                    alpha=0.35,
                    linewidths=0,
                )
                ax.plot(
                    means["k"],
                    means[column],
                    color=style["color"],
                    marker=style["marker"],
                    markersize=4,
                    linewidth=1.2,
                    label=style["label"],
                )
            if missing:
                ax.text(
                    0.5,
                    0.5,
                    "\n".join(missing),
                    transform=ax.transAxes,
                    ha="center",
                    va="center",
                    fontsize=5.5,
                    color="#444444",
                    bbox={"facecolor": "white", "edgecolor": "none", "alpha": 0.85, "pad": 1},
                )
            for k in chosen:
                ax.axvline(k, color="#555555", linestyle=":", linewidth=0.8)
            ax.set_title(title)
            ax.set_xticks(ks)
            ax.set_xlabel(
                "Number of topics K"
                + ("\n(no mean where a seed's value is undefined)" if gaps else "")
            )
            ax.set_ylabel(note, fontsize=6.5, color="#444444")
            ax.margins(y=0.12)
        legend_ax = flat[len(PANELS)]
        legend_ax.axis("off")
        # every family that any panel draws (the first panel may lack one, e.g. c_v left undefined)
        entries = {}
        for ax in flat[: len(PANELS)]:
            for handle, label in zip(*ax.get_legend_handles_labels(), strict=True):
                entries.setdefault(label, handle)
        handles, labels = list(entries.values()), list(entries)
        handles.append(plt.Line2D([], [], color="#555555", linestyle=":", linewidth=0.8))
        labels.append(f"chosen K = {chosen[0]}" if chosen else "chosen K")
        handles.append(
            plt.Line2D([], [], color="#777777", marker="o", linestyle="", alpha=0.35, markersize=3)
        )
        labels.append("one seed (faint); line = mean")
        legend_ax.legend(handles, labels, loc="center", frameon=False)
        fig.tight_layout()
        save_figure(fig, paths)


def draw_topic_selection(selection_tsv: str, outputs: list[str]) -> None:
    """Drawn by rule plot_topic_figures: figures/topic_selection_<lang>.{pdf,svg,png}."""
    plot_topic_selection(read_tsv(selection_tsv), outputs)
