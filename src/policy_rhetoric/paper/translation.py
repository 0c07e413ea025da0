"""Figure 4, translation pairs: per aligned pair, the matches in the Chinese original against those
in its English translation (paired counts: a rate per Chinese token and a rate per English token are in
different units), the paired test of the difference, and the lexicon entries matched on one side of a
pair only (rows of rhetoric/translation_pairs.tsv, translation_tests.tsv and translation_terms.tsv)."""

from __future__ import annotations

import math
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.ticker import MaxNLocator

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.axes import nice_upper
from policy_rhetoric.paper.style import (
    LIGHT,
    NEUTRAL,
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
    save_figure,
    write_figure_data,
)
from policy_rhetoric.rhetoric.rates import ALL

PAIR_INTS = ("zh_hits", "zh_tokens", "en_hits", "en_tokens")
PAIR_FLOATS = ("zh_rate", "en_rate")


def pair_rows(pairs: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """rhetoric/translation_pairs.tsv split into the rows of the aligned pairs (what the figure
    plots) and each category's row pooled over all pairs (pair_id "all")."""
    pooled = pairs["pair_id"] == ALL
    numbers = as_numbers(pairs, ints=PAIR_INTS, floats=PAIR_FLOATS)
    rows = as_numbers(numbers[~pooled], ints=("pair_id",)).reset_index(drop=True)
    return rows, numbers[pooled].reset_index(drop=True)


def legend_genres(pair_rates: pd.DataFrame) -> list[str]:
    """The genres with a drawn point (a pair with a match on either side), in figure order."""
    drawn = pair_rates[(pair_rates["zh_hits"] > 0) | (pair_rates["en_hits"] > 0)]
    return ordered_genres(drawn["genre"]) if not drawn.empty else []


def plot_translation(
    pair_rates: pd.DataFrame,
    tests: pd.DataFrame,
    terms: pd.DataFrame,
    paths: Paths,
    *,
    top_terms: int = 12,
) -> None:
    """Figure 4: per aligned pair, matches in the Chinese original (y) vs the English translation (x),
    one panel per construct, with the paired test above it (`tests`: translation_tests.tsv); below,
    the entries matched on one side of a pair only. The legend lists the genres with a drawn point."""
    categories = ordered_categories(pair_rates) if not pair_rates.empty else []
    genres = legend_genres(pair_rates)
    one_sided = terms.assign(
        zh_only=terms["pairs_zh_only"].astype(int), en_only=terms["pairs_en_only"].astype(int)
    )
    one_sided = one_sided.assign(one_sided=one_sided["zh_only"] + one_sided["en_only"])
    one_sided = (
        one_sided[one_sided["one_sided"] > 0]
        .sort_values(["one_sided", "zh_only", "term"], ascending=[False, False, True])
        .head(top_terms)
    )
    n_bars = max(1, len(one_sided))
    top_height, bar_height = 2.45, 0.17 * n_bars + 0.75
    with figure_style():
        fig = plt.figure(figsize=(SINGLE_COLUMN, top_height + bar_height), layout="constrained")
        top, bottom = fig.subfigures(2, 1, height_ratios=[top_height, bar_height], hspace=0.02)
        top_axes = top.subplots(1, max(1, len(categories)), squeeze=False)[0]
        if pair_rates.empty:
            empty_panel(top_axes[0], "no aligned Chinese-English pairs")
        for ax, category in zip(top_axes, categories, strict=False):
            test = tests[(tests["genre"] == ALL) & (tests["category"] == category)]
            _translation_panel(
                ax,
                pair_rates[pair_rates["category"] == category],
                next(test.itertuples()) if len(test) else None,
                genres,
            )
            ax.set_title(category_title(category), pad=34)
            ax.set_xlabel("English translation")
        top_axes[0].set_ylabel("Chinese original")
        if categories:
            top.supxlabel("Matches per aligned pair", fontsize=7)
        if genres:
            top.legend(
                handles=genre_handles(genres),
                loc="outside upper center",
                ncol=min(3, len(genres)),
            )
        bar_ax = bottom.subplots()
        if one_sided.empty:
            empty_panel(bar_ax, "every matched entry appears on both sides of its pair")
        else:
            _one_sided_bars(bar_ax, one_sided)
        save_figure(fig, paths)


def _translation_panel(ax, sub: pd.DataFrame, test, genres: list[str]) -> None:
    """Scatter of paired counts (x English, y Chinese). Pairs with no match on either side are not
    drawn but counted above the panel with the paired test (`test`, the category's row of
    translation_tests.tsv over all pairs); pairs at the same point are one marker whose area grows
    with their number (square root), labelled with the number when the panel has few such stacks."""
    upper = nice_upper(
        1.08 * max(1.0, float(np.max(sub[["zh_hits", "en_hits"]].to_numpy(), initial=0)))
    )
    ax.plot([0, upper], [0, upper], color=LIGHT, linewidth=0.6, linestyle="--", zorder=0)
    empty = (sub["zh_hits"] == 0) & (sub["en_hits"] == 0)
    points = sub[~empty].assign(x=sub["en_hits"], y=sub["zh_hits"])
    stacked = points.groupby(["genre", "x", "y"], as_index=False).size()
    # Larger markers first, so a smaller one of another genre at the same point stays visible.
    stacked = stacked.sort_values(["size", "genre", "x", "y"], ascending=[False, True, True, True])
    many = len(points) > 60
    for row in stacked.itertuples():
        color = genre_color(row.genre, genres)
        ax.scatter(
            row.x,
            row.y,
            s=(6 if many else 10) * math.sqrt(row.size),
            color=color,
            alpha=0.6 if many else 0.85,
            edgecolors=_edge(color),
            linewidths=0.4,
            zorder=3,
            clip_on=False,
        )
    counts = points.groupby(["x", "y"], as_index=False).size()
    counts = counts[counts["size"] > 1]
    if not many and len(counts) <= 6:
        for row in counts.itertuples():
            ax.annotate(
                f"{row.size} pairs",
                (row.x, row.y),
                xytext=(3 + math.sqrt(10 * math.sqrt(row.size)) / 2, 2),
                textcoords="offset points",
                fontsize=5.5,
                color=NEUTRAL,
            )
    if test is not None:
        note = ax.text(
            0.5,
            1.02,
            f"original {int(test.zh_hits)}, translation {int(test.en_hits)} matches\n"
            f"more in original / translation: {int(test.zh_more)} / {_pairs(test.en_more)}\n"
            f"sign test p {_fmt_p(test.sign_p)} ({_plural(int(test.documents), 'document')})\n"
            f"{int(empty.sum())} of {len(sub)} pairs without any",
            transform=ax.transAxes,
            ha="center",
            va="bottom",
            fontsize=5,
            color=NEUTRAL,
        )
        note.set_in_layout(False)
    ax.set_xlim(-0.04 * upper, upper)
    ax.set_ylim(-0.04 * upper, upper)
    for axis in (ax.xaxis, ax.yaxis):
        axis.set_major_locator(MaxNLocator(nbins=5, integer=True))


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" + ("" if n == 1 else "s")


def _pairs(n) -> str:
    return _plural(int(n), "pair")


def _fmt_p(p: float) -> str:
    if not np.isfinite(p):
        return "–"
    return "< 0.001" if p < 0.001 else f"= {p:.2g}"


def _edge(color: str) -> str:
    """Marker edge: white, except a dark edge for light colours (Okabe-Ito yellow) on white paper."""
    return "#7F6A00" if color.upper() == "#F0E442" else "white"


def _one_sided_bars(ax, one_sided: pd.DataFrame) -> None:
    """Diverging bars: pairs where an entry matched only in the original (right, dark) or only in the
    translation (left, light); labelled with the entry and its Chinese forms."""
    ys = np.arange(len(one_sided))
    ax.barh(ys, one_sided["zh_only"], color=NEUTRAL, height=0.62, zorder=2)
    ax.barh(ys, -one_sided["en_only"], color=LIGHT, height=0.62, zorder=2)
    ax.axvline(0, color="#262626", linewidth=0.6)
    ax.set_yticks(ys, [_term_label(r) for r in one_sided.itertuples()], fontsize=6)
    ax.set_ylim(len(one_sided) - 0.5, -0.5)
    widest = int(max(one_sided["zh_only"].max(), one_sided["en_only"].max(), 1))
    ax.set_xlim(-widest - 0.5, widest + 0.5)
    step = max(1, math.ceil(widest / 4))
    ticks = [t for t in range(-widest, widest + 1) if t % step == 0]
    ax.set_xticks(ticks, [str(abs(t)) for t in ticks])
    ax.set_xlabel("Aligned pairs with the entry\n← in translation only | in original only →")
    ax.tick_params(axis="y", length=0)
    ax.spines["left"].set_visible(False)


def _term_label(row) -> str:
    forms = row.zh_forms.split(" / ") if row.zh_forms else []
    name = row.term.replace("_", " ")
    return f"{name} {forms[0]}" if forms else name


def draw_translation_pairs(
    pairs_tsv: str, tests_tsv: str, terms_tsv: str, outputs: Sequence[str], *, top_terms: int = 12
) -> None:
    """Drawn by rule plot_rhetoric_figures (figure 4): figures/translation_pairs.{tsv,pdf,png,svg}."""
    rows, _ = pair_rows(read_tsv(pairs_tsv))
    tests = as_numbers(
        read_tsv(tests_tsv),
        ints=("documents", "zh_hits", "en_hits", "zh_more", "en_more"),
        floats=("sign_p", "wilcoxon_p"),
    )
    plot_translation(
        rows, tests, read_tsv(terms_tsv), write_figure_data(rows, outputs), top_terms=top_terms
    )
