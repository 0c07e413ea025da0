"""Cross-experiment comparison: the headline numbers of two or more experiments side by side (rule
compare_experiments), so a reader sees how far the findings move with the lexicon (or any other setting).

Headline numbers, all read from the experiments' own tables (nothing is recomputed here):
- `rate_per_1k` by genre (rhetoric/genre_scores.tsv: primary voice, languages pooled, whole category),
  with its 95% interval;
- `f1` of the lexicon by validation sample x split x language (rhetoric/validation.tsv: method lexicon,
  term all), with its 95% document-bootstrap interval and the lexicon version that produced it.
"""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.style import (
    DOUBLE_COLUMN,
    EXTRA_COLORS,
    GENRE_ORDER,
    NEUTRAL,
    RATE_LABEL,
    as_numbers,
    category_title,
    figure_style,
    save_figure,
    write_figure_data,
)
from policy_rhetoric.paper.tables import Column, write_table

COMPARISON_COLUMNS = (
    "measure",
    "category",
    "group",
    "experiment",
    "lexicon_version",
    "value",
    "ci_low",
    "ci_high",
    "n",
)
MEASURES = ("rate_per_1k", "f1")
EXPERIMENT_COLORS = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", *EXTRA_COLORS]
SPLIT_ORDER = {"test": 0, "dev": 1, "all": 2}


def headline_rows(
    experiment: str, genre_scores: pd.DataFrame, validation: pd.DataFrame
) -> pd.DataFrame:
    """One experiment's headline numbers in COMPARISON_COLUMNS (long format)."""
    versions = (
        validation.drop_duplicates("category").set_index("category")["lexicon_version"].to_dict()
        if "lexicon_version" in validation
        else {}
    )
    rates = genre_scores[
        (genre_scores["voice"] == "primary")
        & (genre_scores["lang"] == "all")
        & (genre_scores["subcategory"] == "all")
    ]
    rates = as_numbers(rates, ints=("documents",), floats=("rate_per_1k", "ci_low", "ci_high"))
    rate_rows = pd.DataFrame(
        {
            "measure": "rate_per_1k",
            "category": rates["category"],
            "group": rates["genre"],
            "experiment": experiment,
            "lexicon_version": [versions.get(c, "") for c in rates["category"]],
            "value": rates["rate_per_1k"],
            "ci_low": rates["ci_low"],
            "ci_high": rates["ci_high"],
            "n": rates["documents"],
        }
    )
    method = validation["method"] if "method" in validation else "lexicon"
    f1 = validation[
        (method == "lexicon")
        & (validation["term"] == "all")
        & (validation["sample"] != "all")
        & (validation["lang"] != "all")
    ]
    f1 = as_numbers(f1, ints=("coded_positive",), floats=("f1", "f1_ci_low", "f1_ci_high"))
    f1_rows = pd.DataFrame(
        {
            "measure": "f1",
            "category": f1["category"],
            "group": f1["sample"] + " " + f1["split"] + " " + f1["lang"],
            "experiment": experiment,
            "lexicon_version": f1.get("lexicon_version", ""),
            "value": f1["f1"],
            "ci_low": f1["f1_ci_low"],
            "ci_high": f1["f1_ci_high"],
            "n": f1["coded_positive"],
        }
    )
    return pd.concat([rate_rows, f1_rows], ignore_index=True)[list(COMPARISON_COLUMNS)]


def _group_key(measure: str, group: str) -> tuple:
    if measure == "rate_per_1k":
        return (0, GENRE_ORDER.index(group) if group in GENRE_ORDER else len(GENRE_ORDER), group)
    sample, split, lang = group.split(" ")
    return (1, sample, SPLIT_ORDER.get(split, 9), lang)


def comparison_table(
    experiments: Sequence[str],
    genre_scores: Sequence[pd.DataFrame],
    validations: Sequence[pd.DataFrame],
) -> pd.DataFrame:
    """All experiments' headline numbers, long format, ordered by measure, category, group, experiment
    (in the configured order). ValueError when fewer than two experiments are given."""
    if len(experiments) < 2:
        raise ValueError(
            f"compare.experiments lists {len(experiments)} experiment(s); a comparison needs at least two"
        )
    if len(set(experiments)) != len(experiments):
        raise ValueError(f"compare.experiments lists an experiment twice: {list(experiments)}")
    frames = [
        headline_rows(e, g, v)
        for e, g, v in zip(experiments, genre_scores, validations, strict=True)
    ]
    table = pd.concat(frames, ignore_index=True)
    order = {e: i for i, e in enumerate(experiments)}
    keys = [
        (MEASURES.index(m), c, _group_key(m, g), order[e])
        for m, c, g, e in zip(
            table["measure"], table["category"], table["group"], table["experiment"], strict=True
        )
    ]
    positions = sorted(range(len(table)), key=lambda i: keys[i])
    return table.iloc[positions].reset_index(drop=True)


def side_by_side(table: pd.DataFrame, experiments: Sequence[str]) -> pd.DataFrame:
    """The comparison with one value column (and one lexicon-version column) per experiment."""
    rows = []
    for (measure, category, group), part in table.groupby(
        ["measure", "category", "group"], sort=False
    ):
        row = {"measure": measure, "category": category, "group": group}
        by_exp = part.set_index("experiment")
        for e in experiments:
            row[e] = by_exp["value"].get(e, np.nan)
            row[f"{e}_version"] = by_exp["lexicon_version"].get(e, "")
        rows.append(row)
    return pd.DataFrame(rows)


def plot_comparison(table: pd.DataFrame, experiments: Sequence[str], paths) -> None:
    """Dot plot: rows genres (rates) and validation cells (F1), one colour per experiment, 95% intervals;
    one column of panels per construct."""
    categories = sorted(table["category"].unique(), key=lambda c: (c != "militarized", c))
    with figure_style():
        heights = [max(1, table[(table["measure"] == m)]["group"].nunique()) for m in MEASURES]
        fig, axes = plt.subplots(
            2,
            len(categories),
            figsize=(DOUBLE_COLUMN, 0.22 * sum(heights) + 1.6),
            gridspec_kw={"height_ratios": heights},
            squeeze=False,
        )
        offsets = np.linspace(-0.25, 0.25, len(experiments)) if len(experiments) > 1 else [0.0]
        for r, measure in enumerate(MEASURES):
            groups = list(dict.fromkeys(table[table["measure"] == measure]["group"]))
            for c, category in enumerate(categories):
                ax = axes[r][c]
                part = table[(table["measure"] == measure) & (table["category"] == category)]
                for k, experiment in enumerate(experiments):
                    rows = part[part["experiment"] == experiment]
                    y = [groups.index(g) + offsets[k] for g in rows["group"]]
                    color = EXPERIMENT_COLORS[k % len(EXPERIMENT_COLORS)]
                    ax.hlines(y, rows["ci_low"], rows["ci_high"], color=color, lw=0.8)
                    version = next((v for v in rows["lexicon_version"] if v), "")
                    label = f"{experiment} (lexicon {version})" if version else experiment
                    ax.plot(rows["value"], y, "o", ms=3.2, color=color, label=label)
                ax.set_yticks(range(len(groups)), groups if c == 0 else [""] * len(groups))
                ax.set_ylim(len(groups) - 0.5, -0.5)
                ax.grid(axis="x", color="#DDDDDD", lw=0.5)
                if measure == "f1":
                    ax.axvline(0.9, color=NEUTRAL, lw=0.6, ls=":")
                    low = np.nanmin(table[table["measure"] == "f1"]["ci_low"].to_numpy(float))
                    ax.set_xlim(min(0.5, np.floor(10 * low) / 10) - 0.02, 1.02)
                    ax.set_xlabel("Lexicon F1 (95% document bootstrap); dotted: 0.90")
                else:
                    ax.set_xlabel("Primary voice: " + RATE_LABEL.lower())
                    ax.set_title(category_title(category))
        handles, labels = axes[0][0].get_legend_handles_labels()
        fig.legend(handles, labels, loc="upper center", ncol=len(experiments), frameon=False)
        fig.tight_layout(h_pad=1.2, rect=(0, 0, 1, 0.96))
        save_figure(fig, paths)


def run_compare_experiments(
    experiments: Sequence[str],
    genre_scores_tsvs: Sequence[str],
    validation_tsvs: Sequence[str],
    table_tsv: str,
    table_tex: str,
    figure_outputs: Sequence[str],
) -> None:
    """Rule compare_experiments: tables/experiment_comparison.{tsv,tex} (side by side) and
    figures/experiment_comparison.{tsv,pdf,png,svg} (long format, the numbers the figure draws)."""
    table = comparison_table(
        list(experiments),
        [read_tsv(p) for p in genre_scores_tsvs],
        [read_tsv(p) for p in validation_tsvs],
    )
    wide = side_by_side(table, list(experiments))
    columns = [
        Column("measure", "Measure"),
        Column("category", "Construct"),
        Column("group", "Genre / sample split language"),
        *[Column(e, e.replace("_", r"\_"), "float3", "r") for e in experiments],
    ]
    write_table(
        table_tsv,
        table_tex,
        wide,
        columns,
        caption="Headline numbers by experiment: primary-voice rate per 1,000 tokens by genre, and the "
        "lexicon's F1 by validation sample, split and language",
        label="tab:experiment_comparison",
        group_by="category",
        notes="Each experiment's numbers come from its own rhetoric/genre_scores.tsv and "
        "rhetoric/validation.tsv; the lexicon version of every value is in the TSV.",
    )
    plot_comparison(table, list(experiments), write_figure_data(table, figure_outputs))
