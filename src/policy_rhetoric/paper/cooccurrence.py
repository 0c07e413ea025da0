"""Figure 9, co-occurrence: units holding both constructs, observed against the permutation
baseline with its 95% range, per scope and voice (rows of rhetoric/cooccurrence.tsv)."""

from __future__ import annotations

from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import nice_upper
from policy_rhetoric.paper.style import (
    LIGHT,
    NEUTRAL,
    SINGLE_COLUMN,
    Paths,
    as_numbers,
    empty_panel,
    figure_style,
    save_figure,
    write_figure_data,
)
from policy_rhetoric.rhetoric.cooccurrence import COOCCURRENCE_COLUMNS as MEASURED_COLUMNS

# The columns of rhetoric/cooccurrence.tsv that the figure reads (all but the permutation count).
COOCCURRENCE_COLUMNS = tuple(c for c in MEASURED_COLUMNS if c != "permutations")


def cooccurrence_rows(cooccurrence: pd.DataFrame) -> pd.DataFrame:
    """The co-occurrence rows to plot: no boilerplate; languages pooled where the table has lang "all";
    sentences before paragraphs, primary before commentary."""
    table = cooccurrence[cooccurrence["voice"] != "boilerplate"].copy()
    if (table["lang"] == "all").any():
        table = table[table["lang"] == "all"]
    table = as_numbers(
        table,
        ints=("units", "units_militarized", "units_self_reliance", "units_both"),
        floats=("expected_both", "expected_ci_low", "expected_ci_high", "p_value"),
    )
    scope_order = {"sentence": 0, "paragraph": 1}
    voice_order = {"primary": 0, "commentary": 1, "all": 2}
    table = table.assign(
        _s=table["scope"].map(scope_order).fillna(9), _v=table["voice"].map(voice_order).fillna(9)
    ).sort_values(["_s", "scope", "_v", "voice", "lang"])
    return table[list(COOCCURRENCE_COLUMNS)].reset_index(drop=True)


def plot_cooccurrence(rows: pd.DataFrame, paths: Paths) -> None:
    """Figure 9: units holding both constructs, observed (filled) vs the permutation baseline (open,
    with its 95% interval), per scope and voice."""
    with figure_style():
        fig, ax = plt.subplots(figsize=(SINGLE_COLUMN, 0.3 * max(1, len(rows)) + 0.85))
        if rows.empty:
            empty_panel(ax, "no co-occurrence table rows")
        else:
            ys = np.arange(len(rows))
            for y, row in zip(ys, rows.itertuples(), strict=True):
                ax.plot(
                    [row.expected_ci_low, row.expected_ci_high],
                    [y, y],
                    color=LIGHT,
                    linewidth=3.2,
                    solid_capstyle="butt",
                    zorder=1,
                )
                ax.plot(
                    row.expected_both,
                    y,
                    marker="o",
                    markersize=4,
                    color=NEUTRAL,
                    markerfacecolor="white",
                    linestyle="",
                    zorder=2,
                )
                ax.plot(
                    row.units_both,
                    y,
                    marker="o",
                    markersize=4,
                    color="#000000",
                    linestyle="",
                    zorder=3,
                )
            labels = [
                f"{r.scope}s, {r.voice}"
                + (f" ({r.lang})" if r.lang != "all" else "")
                + f"\n{r.units:,} units: {r.units_militarized} mil., {r.units_self_reliance} self-rel."
                for r in rows.itertuples()
            ]
            ax.set_yticks(ys, labels)
            ax.set_ylim(len(rows) - 0.5, -0.5)
            upper = nice_upper(
                1.08
                * max(1.0, float(np.nanmax(rows[["units_both", "expected_ci_high"]].to_numpy())))
            )
            ax.set_xlim(0, upper)
            for y, row in zip(ys, rows.itertuples(), strict=True):
                ax.text(
                    1.01,
                    y,
                    _fmt_p(row.p_value),
                    transform=ax.get_yaxis_transform(),
                    ha="left",
                    va="center",
                    fontsize=6,
                    color=NEUTRAL,
                )
            ax.set_xlabel("Units with both militarized and self-reliance matches")
            ax.tick_params(axis="y", length=0)
            ax.spines["left"].set_visible(False)
            handles = [
                Line2D([], [], marker="o", linestyle="", color="#000000", label="observed"),
                Line2D(
                    [],
                    [],
                    marker="o",
                    linestyle="",
                    color=NEUTRAL,
                    markerfacecolor="white",
                    label="permuted: mean",
                ),
                Line2D([], [], color=LIGHT, linewidth=3.2, label="95% range"),
            ]
            ax.legend(
                handles=handles,
                loc="lower center",
                ncol=3,
                bbox_to_anchor=(0.4, 1.0),
                handlelength=1.2,
                handletextpad=0.5,
                columnspacing=1.0,
            )
        fig.tight_layout()
        save_figure(fig, paths)


def _fmt_p(p: float) -> str:
    if not np.isfinite(p):
        return ""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}"


def draw_cooccurrence(cooccurrence_tsv: str, outputs: Sequence[str]) -> None:
    """Drawn by rule plot_rhetoric_figures (figure 9): figures/cooccurrence.{tsv,pdf,png,svg}."""
    rows = cooccurrence_rows(read_tsv(cooccurrence_tsv))
    plot_cooccurrence(rows, write_figure_data(rows, outputs))
