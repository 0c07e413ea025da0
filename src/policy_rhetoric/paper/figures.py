"""Stage 5, compare and figures: the paper's comparative figures across genres, voices and languages.

Each figure has a data function (tables in, the tidy numbers it plots out: tested, and written beside
the figure as figures/<name>.tsv) and a plot function (numbers in, PDF/PNG/SVG out, drawn in the shared
style of policy_rhetoric.paper.style). The run_* functions are what the rules call.

Colour always means genre (plotting.GENRE_COLORS); constructs get a panel each; voices are told apart
by fill (filled = the Chinese source's own words, open = the outlet's commentary). Rates of small and
large samples meet on square-root axes, so a genre quoted in a few phrases does not flatten the rest.
"""

from __future__ import annotations

import logging
import math
import os
from collections import Counter
from collections.abc import Sequence

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D

from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.paper.style import (
    DOUBLE_COLUMN,
    LIGHT,
    NEUTRAL,
    SINGLE_COLUMN,
    VOICE_LABELS,
    category_title,
    empty_panel,
    figure_style,
    genre_color,
    genre_handles,
    genre_label,
    ordered_genres,
    place_labels,
    save_figure,
)
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.rates import COOCCURRENCE_COLUMNS as STATS_COOCCURRENCE_COLUMNS
from policy_rhetoric.rhetoric.rates import genre_score_table

CATEGORY_TITLES = {"militarized": "Militarized", "self_reliance": "Self-reliance"}
RATE_LABEL = "Matches per 1,000 tokens"
Paths = Sequence[str | os.PathLike]


# ---------------------------------------------------------------- shared helpers


def _as_numbers(frame: pd.DataFrame, ints=(), floats=()) -> pd.DataFrame:
    """A copy with the named columns converted (tables are read as text; "NA" becomes NaN)."""
    frame = frame.copy()
    for column in ints:
        frame[column] = pd.to_numeric(frame[column]).astype(int)
    for column in floats:
        frame[column] = pd.to_numeric(frame[column].replace({"NA": np.nan, "": np.nan})).astype(
            float
        )
    return frame


def _rate(hits, tokens):
    hits = np.asarray(hits, dtype=float)
    tokens = np.asarray(tokens, dtype=float)
    return np.where(tokens > 0, 1000.0 * hits / np.where(tokens > 0, tokens, 1.0), np.nan)


def _categories(frame: pd.DataFrame) -> list[str]:
    known = [c for c in CATEGORY_TITLES if c in set(frame["category"])]
    return known + sorted(set(frame["category"]) - set(known))


def _pooled_languages(frame: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Rows pooled over languages: the table's own lang == "all" rows where it has them (they carry
    bootstrap intervals); otherwise hits and tokens summed over languages, with no interval."""
    if (frame["lang"] == "all").any():
        return frame[frame["lang"] == "all"].copy()
    pooled = frame.groupby(keys, as_index=False)[["hits", "tokens"]].sum()
    pooled["lang"] = "all"
    pooled["rate_per_1k"] = _rate(pooled["hits"], pooled["tokens"])
    pooled["ci_low"] = np.nan
    pooled["ci_high"] = np.nan
    return pooled


def _rate_frame(table: pd.DataFrame) -> pd.DataFrame:
    """hits/tokens as ints and rate/intervals as floats; missing interval columns become NaN."""
    table = table.copy()
    for column in ("ci_low", "ci_high"):
        if column not in table:
            table[column] = "NA"
    table = _as_numbers(table, ints=("hits", "tokens"), floats=("rate_per_1k", "ci_low", "ci_high"))
    return table


def _axis_limit(rates: np.ndarray, highs: np.ndarray) -> float:
    """Upper axis limit: room for every point estimate and every interval that ends within twice the
    largest estimate; longer intervals are drawn clipped, with an arrow and their end value."""
    rates = rates[np.isfinite(rates)]
    top = float(rates.max()) if len(rates) else 1.0
    highs = highs[np.isfinite(highs) & (highs <= 2 * top)]
    return _nice_upper(1.08 * max([top, *highs.tolist(), 1e-9]))


def _errorbar(ax, x, y, low=None, high=None, *, limit=None, **kwargs):
    """A point with its horizontal 95% interval (when given and finite) behind it; an interval beyond
    `limit` is clipped there and marked with an arrow and its end value."""
    color = kwargs.get("color", NEUTRAL)
    if low is not None and np.isfinite(low) and np.isfinite(high):
        end = high if limit is None else min(high, limit)
        ax.plot([low, end], [y, y], color=color, linewidth=0.9, solid_capstyle="butt", zorder=2)
        if limit is not None and high > limit:
            ax.plot(limit, y, marker=">", markersize=3, color=color, linestyle="", clip_on=False)
            ax.annotate(
                f"{high:.0f}",
                (limit, y),
                xytext=(-1, 2.5),
                textcoords="offset points",
                ha="right",
                va="bottom",
                fontsize=5,
                color=color,
            )
    ax.plot(x, y, linestyle="", zorder=3, clip_on=False, **kwargs)


def _center_xlabel(row) -> None:
    """Centre the first panel's x label under the whole row of panels (call after the layout)."""
    first, last = row[0], row[-1]
    fig = first.figure
    renderer = fig.canvas.get_renderer()
    middle_px = (first.get_window_extent(renderer).x0 + last.get_window_extent(renderer).x1) / 2
    ticks_px = min(
        (t.get_window_extent(renderer).y0 for t in first.get_xticklabels() if t.get_text()),
        default=first.get_window_extent(renderer).y0,
    )
    x, y = first.transAxes.inverted().transform((middle_px, ticks_px - 2 * fig.dpi / 72))
    first.xaxis.set_label_coords(x, y)
    first.xaxis.label.set_va("top")


def _genre_ticklabels(genres, tokens: dict[str, int] | None = None) -> list[str]:
    if not tokens:
        return [genre_label(g) for g in genres]
    return [f"{genre_label(g)}\n{tokens.get(g, 0):,} tokens" for g in genres]


# ---------------------------------------------------------------- figure 1: rates by genre


def genre_rates(
    genre_scores: pd.DataFrame, *, voice: str = "primary", lang: str = "all"
) -> pd.DataFrame:
    """Rate per 1,000 tokens with its 95% interval per genre x category, for one voice (whole
    categories, subcategory "all"), pooled over languages unless `lang` names one."""
    table = _rate_frame(genre_scores[genre_scores["subcategory"] == "all"])
    table = table[table["voice"] == voice]
    if lang == "all":
        table = _pooled_languages(table, ["genre", "voice", "category"])
    else:
        table = table[table["lang"] == lang]
    columns = ["genre", "voice", "lang", "category", "hits", "tokens", "rate_per_1k"]
    columns += ["ci_low", "ci_high"]
    return table[columns].sort_values(["category", "genre"]).reset_index(drop=True)


def _dot_panels(ax_row, rates, genres, categories, *, offsets=None, styles=None):
    """One panel per category: genres down the y axis, rate (point) and 95% interval (line)."""
    offsets = offsets or {None: 0.0}
    for ax, category in zip(ax_row, categories, strict=True):
        sub = rates[(rates["category"] == category) & (rates["tokens"] > 0)]
        limit = _axis_limit(sub["rate_per_1k"].to_numpy(float), sub["ci_high"].to_numpy(float))
        for i, genre in enumerate(genres):
            for key, offset in offsets.items():
                rows = sub[(sub["genre"] == genre) & ((sub["voice"] == key) if key else True)]
                if rows.empty or int(rows["tokens"].iloc[0]) == 0:
                    continue
                row = rows.iloc[0]
                color = genre_color(genre, genres)
                style = dict((styles or {}).get(key, {}))
                style.setdefault("marker", "o")
                style.setdefault("markersize", 4)
                face = style.pop("face", "filled")
                _errorbar(
                    ax,
                    row["rate_per_1k"],
                    i + offset,
                    row["ci_low"],
                    row["ci_high"],
                    limit=limit,
                    color=color,
                    markerfacecolor=color if face == "filled" else "white",
                    markeredgecolor=color,
                    markeredgewidth=0.8,
                    **style,
                )
        ax.set_title(category_title(category))
        ax.set_ylim(len(genres) - 0.5, -0.5)
        _sqrt_axis(ax.xaxis, ax, limit)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        for i in range(len(genres)):
            ax.axhline(i, color="#EEEEEE", linewidth=0.5, zorder=0)


def plot_genre_rates(rates: pd.DataFrame, paths: Paths) -> None:
    """Figure 1: rate per 1,000 tokens by genre, one panel per construct, 95% intervals."""
    genres = ordered_genres(rates["genre"])
    categories = _categories(rates)
    tokens = rates.groupby("genre")["tokens"].max().to_dict()
    with figure_style():
        fig, axes = plt.subplots(
            1,
            max(1, len(categories)),
            figsize=(SINGLE_COLUMN, 0.32 * len(genres) + 0.9),
            sharey=True,
            squeeze=False,
        )
        if rates.empty:
            empty_panel(axes[0][0], "no primary-voice text")
        else:
            _dot_panels(axes[0], rates, genres, categories)
            axes[0][0].set_yticks(range(len(genres)), _genre_ticklabels(genres, tokens))
            axes[0][0].set_xlabel("Primary voice: " + RATE_LABEL.lower() + " (√ scale)")
        fig.tight_layout(w_pad=1.5)
        _center_xlabel(axes[0])
        save_figure(fig, paths)


# ---------------------------------------------------------------- genre x voice (companion of 3)


def genre_voice_rates(genre_scores: pd.DataFrame) -> pd.DataFrame:
    """Rate per genre x voice (primary, commentary) x category, pooled over languages, with intervals.

    Given per-document scores (a doc_id column), hits and tokens are pooled over documents and
    languages, without intervals."""
    table = _rate_frame(genre_scores[genre_scores["subcategory"] == "all"])
    table = table[table["voice"].isin(["primary", "commentary"])]
    if "doc_id" in table.columns:
        table = table[table["lang"] != "all"] if (table["lang"] != "all").any() else table
        table = table.groupby(["genre", "voice", "category"], as_index=False)[
            ["hits", "tokens"]
        ].sum()
        table["lang"] = "all"
        table["rate_per_1k"] = _rate(table["hits"], table["tokens"])
        table["ci_low"] = np.nan
        table["ci_high"] = np.nan
    table = _pooled_languages(table, ["genre", "voice", "category"])
    columns = ["genre", "voice", "category", "hits", "tokens", "rate_per_1k", "ci_low", "ci_high"]
    return table[columns].sort_values(["category", "genre", "voice"]).reset_index(drop=True)


VOICE_STYLES = {
    "primary": {"marker": "o", "face": "filled"},
    "commentary": {"marker": "o", "face": "open"},
}


def plot_rates_by_genre_voice(rates: pd.DataFrame, paths: Paths) -> None:
    """Rate per genre in the source's words (filled) and the outlet's commentary (open), 95% intervals."""
    genres = ordered_genres(rates["genre"])
    categories = _categories(rates)
    with figure_style():
        fig, axes = plt.subplots(
            1,
            max(1, len(categories)),
            figsize=(SINGLE_COLUMN, 0.34 * len(genres) + 1.0),
            sharey=True,
            squeeze=False,
        )
        if rates.empty:
            empty_panel(axes[0][0], "no text in either voice")
        else:
            _dot_panels(
                axes[0],
                rates,
                genres,
                categories,
                offsets={"primary": -0.17, "commentary": 0.17},
                styles=VOICE_STYLES,
            )
            axes[0][0].set_yticks(range(len(genres)), _genre_ticklabels(genres))
            axes[0][0].set_xlabel(RATE_LABEL + " (√ scale)")
            handles = [
                Line2D([], [], marker="o", linestyle="", color=NEUTRAL, label=VOICE_LABELS[v])
                for v in ("primary", "commentary")
            ]
            handles[1].set_markerfacecolor("white")
            fig.legend(handles=handles, loc="upper center", ncol=2, bbox_to_anchor=(0.55, 1.0))
        fig.tight_layout(rect=(0, 0, 1, 0.92), w_pad=1.5)
        _center_xlabel(axes[0])
        save_figure(fig, paths)


# ---------------------------------------------------------------- figure 2: subcategory composition


def subcategory_shares(
    genre_scores: pd.DataFrame,
    labels: dict[tuple[str, str], str],
    *,
    voice: str = "primary",
) -> pd.DataFrame:
    """Share of each genre's matches of a construct that fall in each subcategory (one voice, languages
    pooled). Every subcategory of the lexicons gets a row for every genre, zeros included."""
    table = _rate_frame(genre_scores[genre_scores["voice"] == voice])
    table = _pooled_languages(table, ["genre", "voice", "category", "subcategory"])
    totals = table[table["subcategory"] == "all"].set_index(["genre", "category"])["hits"]
    subs = table[table["subcategory"] != "all"]
    genres = ordered_genres(table["genre"])
    rows = []
    for (category, subcategory), label in labels.items():
        for genre in genres:
            hit_rows = subs[
                (subs["genre"] == genre)
                & (subs["category"] == category)
                & (subs["subcategory"] == subcategory)
            ]
            hits = int(hit_rows["hits"].sum())
            total = int(totals.get((genre, category), 0))
            rows.append(
                {
                    "category": category,
                    "subcategory": subcategory,
                    "label": label,
                    "genre": genre,
                    "hits": hits,
                    "category_hits": total,
                    "share": hits / total if total else np.nan,
                }
            )
    columns = ["category", "subcategory", "label", "genre", "hits", "category_hits", "share"]
    return pd.DataFrame(rows, columns=columns)


def plot_subcategory_composition(shares: pd.DataFrame, paths: Paths) -> None:
    """Figure 2: heatmap of subcategory shares, one block of rows per construct, genres as columns."""
    genres = ordered_genres(shares["genre"])
    categories = _categories(shares) if not shares.empty else []
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
            ax.set_yticks(range(len(subs)), [_wrap(label_of[s], 27) for s in subs], fontsize=6)
            header = [f"n = {int(totals[g])}" for g in genres]
            if index == 0:
                header = [f"{genre_label(g, 10)}\n{h}" for g, h in zip(genres, header, strict=True)]
            ax.set_xticks(range(len(genres)), header, fontsize=6)
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


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text


# ---------------------------------------------------------------- figure 3: source vs commentary


def document_scores(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: list[str],
    *,
    seed: int,
    resamples: int,
) -> pd.DataFrame:
    """Per document x voice x category, languages pooled (lang "all"): hits, tokens, rate and a 95%
    bootstrap interval over sentences stratified by language, computed exactly as the scoring stage
    computes genre_scores.tsv (rhetoric_stats.genre_score_table, with each document as its own group).
    rhetoric/scores.tsv has no pooled-language rows, and a bilingual document needs them."""

    own_group = pd.DataFrame({"doc_id": documents["doc_id"], "genre": documents["doc_id"]})
    table = genre_score_table(
        sentences, matches, own_group, categories, seed=seed, resamples=resamples
    ).rename(columns={"genre": "doc_id"})
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    table.insert(1, "genre", table["doc_id"].map(genres))
    return table


def document_voice_rates(scores: pd.DataFrame) -> pd.DataFrame:
    """Per document x category: rate (and 95% interval) in the primary voice and in commentary,
    languages pooled; documents with no tokens in one of the two voices keep NaN there."""
    table = _rate_frame(scores[scores["subcategory"] == "all"])
    table = table[table["voice"].isin(["primary", "commentary"])]
    table = _pooled_languages(table, ["doc_id", "genre", "voice", "category"])
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


def _sqrt_axes(ax, upper: float) -> None:
    """Both axes on a square-root scale from 0 to `upper` (keeps zero, spreads the small rates)."""
    _sqrt_axis(ax.xaxis, ax, upper)
    _sqrt_axis(ax.yaxis, ax, upper)


def _sqrt_axis(axis, ax, upper: float) -> None:
    """One axis on a square-root scale from 0 to `upper`, with round ticks."""
    forward = (lambda v: np.sqrt(np.clip(v, 0, None)), lambda v: np.square(v))
    ticks = [t for t in _sqrt_ticks(upper) if t <= upper]
    if axis is ax.xaxis:
        ax.set_xscale("function", functions=forward)
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.set_xlim(0, upper)
    else:
        ax.set_yscale("function", functions=forward)
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.set_ylim(0, upper)


def _sqrt_ticks(upper: float) -> list[float]:
    """Round ticks (1, 2, 5 x 10^k) that spread out on a square-root axis, with 0 and `upper`."""
    ticks = [0.0, upper]
    for exponent in range(-2, 7):
        for base in (1, 2, 5):
            value = base * 10.0**exponent
            if value < upper and all(
                abs(np.sqrt(value) - np.sqrt(t)) >= np.sqrt(upper) / 4.5 for t in ticks
            ):
                ticks.append(value)
    return sorted(ticks)


def plot_voice_by_document(rates: pd.DataFrame, paths: Paths) -> None:
    """Figure 3: per document, rate in the source's words (x) vs in the outlet's commentary (y), both
    axes on a square-root scale; 95% intervals beyond the axes end in an arrow."""
    genres = ordered_genres(rates["genre"])
    categories = _categories(rates) if not rates.empty else []
    both = rates.dropna(subset=["primary_rate", "commentary_rate"])
    with figure_style():
        fig, axes = plt.subplots(
            1, max(1, len(categories)), figsize=(SINGLE_COLUMN, 2.25), squeeze=False
        )
        if both.empty:
            empty_panel(axes[0][0], "no document has text in both voices")
        for ax, category in zip(axes[0], categories, strict=False):
            sub = both[both["category"] == category]
            upper = _axis_limit(
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
                labels.append((x, y, _short_doc(row.doc_id), color))
            _sqrt_axes(ax, upper)
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


def _nice_upper(value: float) -> float:
    """A round axis limit at or above `value`."""
    if value <= 0 or not np.isfinite(value):
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


# ---------------------------------------------------------------- figure 4: translation


def _in_ranges(starts: np.ndarray, ends: np.ndarray, lo: int, hi: int) -> np.ndarray:
    return (starts >= lo) & (ends <= hi)


def translation_pair_rates(
    pairs: pd.DataFrame,
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: list[str],
) -> pd.DataFrame:
    """Per aligned pair x category: hits, tokens and rate per 1,000 tokens in the Chinese original
    (zh_*) and in the English translation (en_*). A side is the pair's character range; its tokens are
    those of the sentences inside it in that language, its hits the matches inside it in that language."""
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    sentences = _as_numbers(sentences, ints=("start_char", "end_char", "n_tokens"))
    matches = _as_numbers(matches, ints=("start_char", "end_char"))
    rows = []
    for pair in _as_numbers(
        pairs, ints=("pair_id", "en_start", "en_end", "zh_start", "zh_end")
    ).itertuples():
        doc_sents = sentences[sentences["doc_id"] == pair.doc_id]
        doc_matches = matches[matches["doc_id"] == pair.doc_id]
        side = {}
        for lang, lo, hi in (
            ("zh", pair.zh_start, pair.zh_end),
            ("en", pair.en_start, pair.en_end),
        ):
            s = doc_sents[
                (doc_sents["lang"] == lang)
                & _in_ranges(
                    doc_sents["start_char"].to_numpy(), doc_sents["end_char"].to_numpy(), lo, hi
                )
            ]
            m = doc_matches[
                (doc_matches["lang"] == lang)
                & _in_ranges(
                    doc_matches["start_char"].to_numpy(), doc_matches["end_char"].to_numpy(), lo, hi
                )
            ]
            side[lang] = (int(s["n_tokens"].sum()), m)
        for category in categories:
            row = {
                "doc_id": pair.doc_id,
                "pair_id": pair.pair_id,
                "genre": genres.get(pair.doc_id, ""),
                "category": category,
            }
            for lang in ("zh", "en"):
                tokens, m = side[lang]
                hits = int((m["category"] == category).sum())
                row[f"{lang}_hits"] = hits
                row[f"{lang}_tokens"] = tokens
                row[f"{lang}_rate"] = float(_rate(hits, tokens))
            rows.append(row)
    columns = ["doc_id", "pair_id", "genre", "category"] + [
        f"{lang}_{f}" for lang in ("zh", "en") for f in ("hits", "tokens", "rate")
    ]
    return pd.DataFrame(rows, columns=columns)


def one_sided_terms(pairs: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Per lexicon entry: in how many aligned pairs it matched on both sides, only in the Chinese
    original, only in the English translation; with the matched forms on each side (most frequent
    first)."""
    matches = _as_numbers(matches, ints=("start_char", "end_char"))
    tallies: dict[tuple[str, str, str], dict] = {}
    for pair in _as_numbers(
        pairs, ints=("pair_id", "en_start", "en_end", "zh_start", "zh_end")
    ).itertuples():
        doc_matches = matches[matches["doc_id"] == pair.doc_id]
        present = {}
        for lang, lo, hi in (
            ("zh", pair.zh_start, pair.zh_end),
            ("en", pair.en_start, pair.en_end),
        ):
            m = doc_matches[
                (doc_matches["lang"] == lang)
                & _in_ranges(
                    doc_matches["start_char"].to_numpy(), doc_matches["end_char"].to_numpy(), lo, hi
                )
            ]
            present[lang] = m
        keys = set()
        for lang in ("zh", "en"):
            keys |= set(
                zip(
                    present[lang]["category"],
                    present[lang]["subcategory"],
                    present[lang]["term"],
                    strict=True,
                )
            )
        for key in keys:
            tally = tallies.setdefault(
                key,
                {
                    "both": 0,
                    "zh_only": 0,
                    "en_only": 0,
                    "zh_forms": Counter(),
                    "en_forms": Counter(),
                },
            )
            on = {}
            for lang in ("zh", "en"):
                m = present[lang]
                hit = m[(m["category"] == key[0]) & (m["term"] == key[2])]
                on[lang] = len(hit) > 0
                tally[f"{lang}_forms"].update(str(t).lower() for t in hit["matched_text"])
            tally["both" if on["zh"] and on["en"] else "zh_only" if on["zh"] else "en_only"] += 1
    rows = [
        {
            "category": c,
            "subcategory": s,
            "term": t,
            "pairs_both": v["both"],
            "pairs_zh_only": v["zh_only"],
            "pairs_en_only": v["en_only"],
            "zh_forms": _by_frequency(v["zh_forms"]),
            "en_forms": _by_frequency(v["en_forms"]),
        }
        for (c, s, t), v in sorted(tallies.items())
    ]
    columns = [
        "category",
        "subcategory",
        "term",
        "pairs_both",
        "pairs_zh_only",
        "pairs_en_only",
        "zh_forms",
        "en_forms",
    ]
    return pd.DataFrame(rows, columns=columns)


def _by_frequency(forms: Counter) -> str:
    """Matched forms, most frequent first (ties alphabetical), joined by " / "."""
    return " / ".join(f for f, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])))


def plot_translation(
    pair_rates: pd.DataFrame, terms: pd.DataFrame, paths: Paths, *, top_terms: int = 12
) -> None:
    """Figure 4: per aligned pair, rate in the Chinese original (y) vs the English translation (x),
    one panel per construct; below, the entries matched on one side of a pair only."""
    categories = _categories(pair_rates) if not pair_rates.empty else []
    genres = ordered_genres(pair_rates["genre"]) if not pair_rates.empty else []
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
    top_height, bar_height = 2.35, 0.17 * n_bars + 0.75
    with figure_style():
        fig = plt.figure(figsize=(SINGLE_COLUMN, top_height + bar_height), layout="constrained")
        top, bottom = fig.subfigures(2, 1, height_ratios=[top_height, bar_height], hspace=0.02)
        top_axes = top.subplots(1, max(1, len(categories)), squeeze=False)[0]
        if pair_rates.empty:
            empty_panel(top_axes[0], "no aligned Chinese-English pairs")
        for ax, category in zip(top_axes, categories, strict=False):
            _translation_panel(ax, pair_rates[pair_rates["category"] == category], genres)
            ax.set_title(category_title(category), pad=24)
            ax.set_xlabel("English translation")
        top_axes[0].set_ylabel("Chinese original")
        if categories:
            top.supxlabel(RATE_LABEL + " (√ scale)", fontsize=7)
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


def _translation_panel(ax, sub: pd.DataFrame, genres: list[str]) -> None:
    """Scatter of pair rates (x English, y Chinese). Pairs with no match on either side are not drawn
    but counted above the panel, with the pooled rates and match counts; pairs at the same point are
    one marker whose area grows with their number (square root, so a large stack cannot cover the
    panel), labelled with the number when the panel has few such stacks."""
    sub = sub.dropna(subset=["zh_rate", "en_rate"])
    upper = _nice_upper(
        1.08 * max(1.0, float(np.max(sub[["zh_rate", "en_rate"]].to_numpy(), initial=0.0)))
    )
    ax.plot([0, upper], [0, upper], color=LIGHT, linewidth=0.6, linestyle="--", zorder=0)
    empty = (sub["zh_hits"] == 0) & (sub["en_hits"] == 0)
    points = sub[~empty].assign(x=sub["en_rate"].round(6), y=sub["zh_rate"].round(6))
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
    zh_hits, zh_tokens = int(sub["zh_hits"].sum()), int(sub["zh_tokens"].sum())
    en_hits, en_tokens = int(sub["en_hits"].sum()), int(sub["en_tokens"].sum())
    ax.text(
        0.5,
        1.02,
        f"original {_fmt_rate(zh_hits, zh_tokens)} ({zh_hits} matches)\n"
        f"translation {_fmt_rate(en_hits, en_tokens)} ({en_hits})\n"
        f"{int(empty.sum())} of {len(sub)} pairs without any",
        transform=ax.transAxes,
        ha="center",
        va="bottom",
        fontsize=5.5,
        color=NEUTRAL,
    )
    _sqrt_axes(ax, upper)


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


def _fmt_rate(hits, tokens) -> str:
    rate = float(_rate(hits, tokens))
    return "–" if not np.isfinite(rate) else f"{rate:.1f}"


def _term_label(row) -> str:
    forms = row.zh_forms.split(" / ") if row.zh_forms else []
    name = row.term.replace("_", " ")
    return f"{name} {forms[0]}" if forms else name


# ---------------------------------------------------------------- figure 5: keyness


def plot_keyness(keyness: pd.DataFrame, paths: Paths, *, top_n: int = 8) -> None:
    """Figure 5: one panel per genre against the rest: z-score of the log-odds ratio (x) and corpus
    frequency (y, log scale) of every term; the top_n most distinctive terms of the genre labelled."""
    table = _as_numbers(
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


# ---------------------------------------------------------------- figure 6: position in document


def position_rates(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: list[str],
    *,
    voice: str = "primary",
    bins: int = 10,
) -> pd.DataFrame:
    """Rate per genre x category x relative position in the document (bins of equal width over the
    sequence of the voice's tokens, in reading order; a sentence belongs to the bin of its midpoint).
    Languages pooled; documents of a genre pooled (hits / tokens per bin)."""
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    sents = _as_numbers(
        sentences[sentences["voice"] == voice], ints=("sent_id", "start_char", "n_tokens")
    )
    sents = sents[sents["n_tokens"] > 0].sort_values(["doc_id", "start_char"])
    hits = (
        matches[matches["voice"] == voice]
        .assign(sent_id=lambda m: m["sent_id"].astype(int))
        .groupby(["doc_id", "sent_id", "category"])
        .size()
    )
    rows = []
    for doc_id, group in sents.groupby("doc_id", sort=True):
        tokens = group["n_tokens"].to_numpy(dtype=float)
        before = np.cumsum(tokens) - tokens
        middle = (before + tokens / 2) / tokens.sum()
        position = np.minimum((middle * bins).astype(int), bins - 1)
        for (sent_id, n_tokens), b in zip(
            zip(group["sent_id"], group["n_tokens"], strict=True), position, strict=True
        ):
            for category in categories:
                rows.append(
                    (
                        genres.get(doc_id, ""),
                        category,
                        int(b),
                        int(hits.get((doc_id, sent_id, category), 0)),
                        int(n_tokens),
                    )
                )
    frame = pd.DataFrame(rows, columns=["genre", "category", "bin", "hits", "tokens"])
    if frame.empty:
        return pd.DataFrame(
            columns=[
                "genre",
                "category",
                "bin",
                "position",
                "hits",
                "tokens",
                "rate_per_1k",
                "documents",
            ]
        )
    table = frame.groupby(["genre", "category", "bin"], as_index=False)[["hits", "tokens"]].sum()
    table["position"] = (table["bin"] + 0.5) / bins
    table["rate_per_1k"] = _rate(table["hits"], table["tokens"])
    doc_counts = pd.Series(genres).loc[sorted(sents["doc_id"].unique())].value_counts()
    table["documents"] = table["genre"].map(doc_counts).astype(int)
    columns = ["genre", "category", "bin", "position", "hits", "tokens", "rate_per_1k", "documents"]
    return table[columns].sort_values(["category", "genre", "bin"]).reset_index(drop=True)


def plot_position(rates: pd.DataFrame, paths: Paths, *, min_tokens: int = 100) -> None:
    """Figure 6: rate along the relative position in the document, one line per genre and a panel per
    construct. Bins with fewer than `min_tokens` tokens are not drawn (their rate is noise; the line
    breaks there); genres left with no bin are named under the figure."""
    genres = ordered_genres(rates["genre"])
    categories = _categories(rates) if not rates.empty else []
    shown = rates[rates["tokens"] >= min_tokens]
    hidden = [g for g in genres if g not in set(shown["genre"])]
    drawn = [g for g in genres if g not in hidden]
    bins = int(rates["bin"].max()) + 1 if not rates.empty else 10
    with figure_style():
        fig, axes = plt.subplots(
            len(categories) or 1,
            1,
            figsize=(SINGLE_COLUMN, 1.35 * max(1, len(categories)) + 0.75),
            sharex=True,
            squeeze=False,
            layout="constrained",
        )
        if shown.empty:
            empty_panel(axes[0][0], f"no position bin with {min_tokens} tokens or more")
        for ax, category in zip(axes[:, 0], categories, strict=False):
            sub = shown[shown["category"] == category]
            for genre in drawn:
                line = sub[sub["genre"] == genre].set_index("bin").reindex(range(bins))
                ax.plot(
                    100 * (np.arange(bins) + 0.5) / bins,
                    line["rate_per_1k"].to_numpy(dtype=float),
                    color=genre_color(genre, genres),
                    marker="o",
                    markersize=2.8,
                    linewidth=1.0,
                    clip_on=False,
                )
            ax.set_ylim(bottom=0)
            ax.set_ylabel("Matches per\n1,000 tokens")
            ax.set_title(category_title(category), loc="left")
        last = axes[-1][0]
        last.set_xlim(0, 100)
        last.set_xticks(np.linspace(0, 100, 6))
        last.set_xticks(np.linspace(0, 100, bins + 1), minor=True)
        last.set_xlabel("Relative position in the document's primary-voice text (%)")
        if drawn:
            fig.legend(
                handles=genre_handles(drawn, marker="o"),
                loc="outside upper center",
                ncol=min(3, len(drawn)),
            )
        if hidden:
            totals = rates.groupby("genre")["tokens"].sum() // max(1, len(categories))
            note = "Not shown, no bin of {} tokens or more: {}.".format(
                min_tokens,
                ", ".join(f"{genre_label(g)} ({int(totals[g]):,} tokens)" for g in hidden),
            )
            last.annotate(
                _wrap(note, 85),
                (0.0, 0.0),
                xycoords="axes fraction",
                xytext=(-22, -26),
                textcoords="offset points",
                ha="left",
                va="top",
                fontsize=5.5,
                color=NEUTRAL,
            )
        save_figure(fig, paths)


# ---------------------------------------------------------------- figure 9: co-occurrence


# The columns of rhetoric/cooccurrence.tsv that the figure reads (all but the permutation count).
COOCCURRENCE_COLUMNS = tuple(c for c in STATS_COOCCURRENCE_COLUMNS if c != "permutations")


def cooccurrence_rows(cooccurrence: pd.DataFrame) -> pd.DataFrame:
    """The co-occurrence rows to plot: no boilerplate; languages pooled where the table has lang "all";
    sentences before paragraphs, primary before commentary."""
    table = cooccurrence[cooccurrence["voice"] != "boilerplate"].copy()
    if (table["lang"] == "all").any():
        table = table[table["lang"] == "all"]
    table = _as_numbers(
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
            upper = _nice_upper(
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


# ---------------------------------------------------------------- rule entry points


def _read(path):

    return read_tsv(path)


def _write_data(frame: pd.DataFrame, outputs: Sequence[str]) -> list[str]:
    """Write the figure's numbers to the .tsv among `outputs`; return the image paths."""

    images = [str(p) for p in outputs if not str(p).endswith(".tsv")]
    for path in outputs:
        if str(path).endswith(".tsv"):
            write_frame(path, frame)
    return images


def _lexicon_categories(lexicon_paths) -> list[str]:

    return [lx.category for lx in load_lexicons(lexicon_paths)]


def run_plot_genre_rates(genre_scores_tsv: str, outputs: Sequence[str]) -> None:
    """Rule plot_genre_rates (figure 1)."""
    rates = genre_rates(_read(genre_scores_tsv))
    plot_genre_rates(rates, _write_data(rates, outputs))


def run_plot_rhetoric_by_genre(genre_scores_tsv: str, outputs: Sequence[str]) -> None:
    """Rule plot_rhetoric_by_genre (genre x voice)."""
    rates = genre_voice_rates(_read(genre_scores_tsv))
    plot_rates_by_genre_voice(rates, _write_data(rates, outputs))


def run_plot_subcategories(
    genre_scores_tsv: str, lexicon_paths: Sequence[str], outputs: Sequence[str]
) -> None:
    """Rule plot_subcategories (figure 2)."""

    labels = {
        (lx.category, sub): label
        for lx in load_lexicons(lexicon_paths)
        for sub, label in lx.labels.items()
    }
    shares = subcategory_shares(_read(genre_scores_tsv), labels)
    plot_subcategory_composition(shares, _write_data(shares, outputs))


def run_plot_voice_by_document(
    sentences_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: Sequence[str],
    outputs: Sequence[str],
    *,
    seed: int,
    resamples: int,
) -> None:
    """Rule plot_voice_by_document (figure 3)."""
    scores = document_scores(
        _read(sentences_tsv),
        _read(matches_tsv),
        _read(documents_tsv),
        _lexicon_categories(lexicon_paths),
        seed=seed,
        resamples=resamples,
    )
    rates = document_voice_rates(scores.astype(str))
    plot_voice_by_document(rates, _write_data(rates, outputs))


def run_plot_translation(
    pairs_tsv: str,
    sentences_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: Sequence[str],
    outputs: Sequence[str],
    terms_out: str,
    *,
    top_terms: int = 12,
) -> None:
    """Rule plot_translation (figure 4); the one-sided entries also go to `terms_out`."""

    pairs, matches = _read(pairs_tsv), _read(matches_tsv)
    rates = translation_pair_rates(
        pairs,
        _read(sentences_tsv),
        matches,
        _read(documents_tsv),
        _lexicon_categories(lexicon_paths),
    )
    terms = one_sided_terms(pairs, matches)
    write_frame(terms_out, terms)
    plot_translation(rates, terms, _write_data(rates, outputs), top_terms=top_terms)


def run_plot_keyness(keyness_tsv: str, outputs: Sequence[str], *, top_n: int = 8) -> None:
    """Rule plot_keyness (figure 5): the table comes from rule score_keyness."""
    plot_keyness(_read(keyness_tsv), list(outputs), top_n=top_n)


def run_plot_position(
    sentences_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: Sequence[str],
    outputs: Sequence[str],
    *,
    bins: int = 10,
    min_tokens: int = 100,
) -> None:
    """Rule plot_position (figure 6)."""
    rates = position_rates(
        _read(sentences_tsv),
        _read(matches_tsv),
        _read(documents_tsv),
        _lexicon_categories(lexicon_paths),
        bins=bins,
    )
    plot_position(rates, _write_data(rates, outputs), min_tokens=min_tokens)


def run_plot_cooccurrence(cooccurrence_tsv: str, outputs: Sequence[str]) -> None:
    """Rule plot_cooccurrence (figure 9)."""
    rows = cooccurrence_rows(_read(cooccurrence_tsv))
    plot_cooccurrence(rows, _write_data(rows, outputs))
