"""Drawing helpers shared by the figures: square-root axes, round limits, points with 95% intervals,
dot panels (one per construct, genres down the y axis), centred axis labels and wrapped text."""

from __future__ import annotations

import math
import textwrap

import numpy as np

from policy_rhetoric.paper.style import NEUTRAL, category_title, genre_color, genre_label


def nice_upper(value: float) -> float:
    """A round axis limit at or above `value`."""
    if value <= 0 or not np.isfinite(value):
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    for step in (1, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10):
        if step * magnitude >= value:
            return step * magnitude
    return 10 * magnitude


def axis_limit(rates: np.ndarray, highs: np.ndarray) -> float:
    """Upper axis limit: room for every point estimate and every interval that ends within twice the
    largest estimate; longer intervals are drawn clipped, with an arrow and their end value."""
    rates = rates[np.isfinite(rates)]
    top = float(rates.max()) if len(rates) else 1.0
    highs = highs[np.isfinite(highs) & (highs <= 2 * top)]
    return nice_upper(1.08 * max([top, *highs.tolist(), 1e-9]))


def sqrt_ticks(upper: float) -> list[float]:
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


def sqrt_axis(axis, ax, upper: float) -> None:
    """One axis on a square-root scale from 0 to `upper`, with round ticks."""
    forward = (lambda v: np.sqrt(np.clip(v, 0, None)), lambda v: np.square(v))
    ticks = [t for t in sqrt_ticks(upper) if t <= upper]
    if axis is ax.xaxis:
        ax.set_xscale("function", functions=forward)
        ax.set_xticks(ticks, [f"{t:g}" for t in ticks])
        ax.set_xlim(0, upper)
    else:
        ax.set_yscale("function", functions=forward)
        ax.set_yticks(ticks, [f"{t:g}" for t in ticks])
        ax.set_ylim(0, upper)


def sqrt_axes(ax, upper: float) -> None:
    """Both axes on a square-root scale from 0 to `upper` (keeps zero, spreads the small rates)."""
    sqrt_axis(ax.xaxis, ax, upper)
    sqrt_axis(ax.yaxis, ax, upper)


def errorbar(ax, x, y, low=None, high=None, *, limit=None, **kwargs):
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


def dot_panels(ax_row, rates, genres, categories, *, offsets=None, styles=None):
    """One panel per category: genres down the y axis, rate (point) and 95% interval (line)."""
    offsets = offsets or {None: 0.0}
    for ax, category in zip(ax_row, categories, strict=True):
        sub = rates[(rates["category"] == category) & (rates["tokens"] > 0)]
        limit = axis_limit(sub["rate_per_1k"].to_numpy(float), sub["ci_high"].to_numpy(float))
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
                errorbar(
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
        sqrt_axis(ax.xaxis, ax, limit)
        ax.spines["left"].set_visible(False)
        ax.tick_params(axis="y", length=0)
        for i in range(len(genres)):
            ax.axhline(i, color="#EEEEEE", linewidth=0.5, zorder=0)


def center_xlabel(row) -> None:
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


def genre_ticklabels(genres, tokens: dict[str, int] | None = None) -> list[str]:
    """Genre names for an axis, each with its token count under it when `tokens` is given."""
    if not tokens:
        return [genre_label(g) for g in genres]
    return [f"{genre_label(g)}\n{tokens.get(g, 0):,} tokens" for g in genres]


def wrap(text: str, width: int) -> str:
    """Text wrapped at `width` characters (unchanged when it cannot be wrapped)."""
    return "\n".join(textwrap.wrap(text, width)) or text
