"""Shared figure machinery: style, CJK font, one colour per genre, labels, label placement,
byte-identical saving, and the figure's numbers written beside it.

Every figure of the project is drawn inside `figure_style()` and written with `save_figure()`, so all of
them share one look (policy_rhetoric.mplstyle: single-column width, embedded TrueType fonts, Okabe-Ito
colours) and are byte-identical across runs. Colour always means genre; constructs get a panel each;
voices are told apart by fill (filled = the Chinese source's own words, open = the outlet's commentary).
"""

from __future__ import annotations

import os
import textwrap
from collections.abc import Sequence
from contextlib import contextmanager
from functools import cache
from importlib import resources
from pathlib import Path

import matplotlib
import numpy as np
import pandas as pd

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.lines import Line2D  # noqa: E402
from matplotlib.transforms import Bbox  # noqa: E402

from policy_rhetoric.core.tables import write_frame  # noqa: E402
from policy_rhetoric.paper.labels import GENRE_COLORS  # noqa: E402
from policy_rhetoric.paper.labels import GENRE_ORDER as GENRE_ORDER  # noqa: E402 (re-exported)
from policy_rhetoric.paper.labels import ordered_genres as ordered_genres  # noqa: E402 (re-exported)

STYLE = resources.files("policy_rhetoric.paper").joinpath("policy_rhetoric.mplstyle")
SINGLE_COLUMN = 3.5  # inches, a journal's single column
DOUBLE_COLUMN = 7.2  # inches, a journal's full text width
# Further genres: vermillion, black, then yellow (light: markers get a dark edge) and grey.
EXTRA_COLORS = ["#D55E00", "#000000", "#F0E442", "#999999"]
# Constructs and voices are told apart by marker shape and fill, never by colour (colour = genre).
CATEGORY_MARKERS = {"militarized": "o", "self_reliance": "s"}
CATEGORY_TITLES = {"militarized": "Militarized", "self_reliance": "Self-reliance"}
VOICE_HATCH = {"primary": "", "commentary": "////", "boilerplate": ".."}
VOICE_LABELS = {
    "primary": "source (primary)",
    "commentary": "outlet (commentary)",
    "boilerplate": "boilerplate",
}
NEUTRAL = "#4D4D4D"
LIGHT = "#BDBDBD"
RATE_LABEL = "Matches per 1,000 tokens"
Paths = Sequence[str | os.PathLike]


def genre_color(genre: str, known: list[str] | None = None) -> str:
    """The genre's colour: Okabe-Ito for the built-in genres, then the remaining Okabe-Ito colours."""
    if genre in GENRE_COLORS:
        return GENRE_COLORS[genre]
    extras = sorted(g for g in (known or [genre]) if g not in GENRE_COLORS)
    return (
        EXTRA_COLORS[extras.index(genre) % len(EXTRA_COLORS)]
        if genre in extras
        else EXTRA_COLORS[0]
    )


def genre_label(genre: str, width: int | None = None) -> str:
    """Genre name for labels: "conference_report" -> "conference report" (wrapped at `width`)."""
    label = genre.replace("_", " ")
    return "\n".join(textwrap.wrap(label, width)) if width else label


def category_title(category: str) -> str:
    """Panel title of a construct: "self_reliance" -> "Self-reliance"."""
    return CATEGORY_TITLES.get(category, category.replace("_", " ").capitalize())


def ordered_categories(frame: pd.DataFrame) -> list[str]:
    """The categories of a table, the built-in constructs first, then the others alphabetically."""
    known = [c for c in CATEGORY_TITLES if c in set(frame["category"])]
    return known + sorted(set(frame["category"]) - set(known))


def category_marker(category: str, known: list[str] | None = None) -> str:
    if category in CATEGORY_MARKERS:
        return CATEGORY_MARKERS[category]
    extras = sorted(c for c in (known or [category]) if c not in CATEGORY_MARKERS)
    return "^v<>Dph"[extras.index(category) % 7] if category in extras else "^"


def cjk_font_path() -> Path:
    """Noto Sans SC (SIL OFL) shipped by the pylopdf-fonts-zh-cn package from PyPI."""
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf"


@cache
def register_cjk_font() -> str:
    """Make Noto Sans SC known to matplotlib (a fallback for glyphs DejaVu Sans lacks); returns its name.

    Once per process: each `addfont` parses the 8 MB font again, appends another copy of it to the font
    list every lookup scores, and empties matplotlib's font lookup cache (a process drawing eleven
    figures paid all three eleven times). The font found for every glyph is the same either way."""
    path = cjk_font_path()
    font_manager.fontManager.addfont(str(path))
    return font_manager.FontProperties(fname=str(path)).get_name()


@contextmanager
def figure_style():
    """The project style with the CJK fallback font, for the duration of one figure."""
    name = register_cjk_font()
    with plt.style.context(str(STYLE)):
        # An explicit family list (not the generic "sans-serif") makes matplotlib fall back glyph by glyph.
        matplotlib.rcParams["font.family"] = ["DejaVu Sans", name]
        yield


def save_figure(fig, paths) -> None:
    """Save to every path (.pdf, .png, .svg) with no dates or other run-dependent metadata.

    The layout and the tight bounding box (savefig.bbox: tight) are found once, at the saving
    resolution (savefig.dpi, as saving the PNG alone would), and every format is saved with that box:
    `savefig` asked for a tight box draws the figure an extra time per format to find it (a third of
    the figures' saving time), and one box makes the PDF, PNG and SVG crop alike."""
    bbox = _final_layout_bbox(fig)
    for path in paths:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        suffix = path.suffix.lower()
        metadata = {
            "pdf": {"CreationDate": None, "ModDate": None, "Producer": "policy-rhetoric"},
            "svg": {"Date": None},
            "png": {"Software": "policy-rhetoric"},
        }[suffix[1:]]
        tmp = path.with_name(f".{path.stem}.tmp{suffix}")
        fig.savefig(tmp, metadata=metadata, bbox_inches=bbox)
        os.replace(tmp, path)
    plt.close(fig)


def _final_layout_bbox(fig) -> Bbox | None:
    """Fix `fig`'s layout at savefig.dpi: its layout engine (constrained layout) runs once and is
    then removed, so the layout stays as found; returns the tight box (inches, padded by
    savefig.pad_inches) when savefig.bbox is "tight", else None (the figure's own size).

    The engine and the box are computed as a draw would (`Figure.draw` runs the engine, and
    `get_tightbbox` updates ticks, titles, axis labels and legends itself, as tight and constrained
    layout rely on), without drawing every artist once more before the three saves draw them."""
    rc = matplotlib.rcParams
    dpi = fig.dpi if rc["savefig.dpi"] == "figure" else rc["savefig.dpi"]
    original = fig.dpi
    fig.set_dpi(dpi)
    try:
        engine = fig.get_layout_engine()
        if engine is not None and fig.axes:
            engine.execute(fig)
        bbox = (
            fig.get_tightbbox(fig.canvas.get_renderer()).padded(rc["savefig.pad_inches"])
            if rc["savefig.bbox"] == "tight"
            else None
        )
    finally:
        fig.set_dpi(original)
    fig.set_layout_engine(None)
    if fig.get_layout_engine() is not None:  # rcParams figure.autolayout / constrained_layout.use
        raise ValueError(
            "save_figure: the style turns on a layout engine (figure.autolayout or "
            "figure.constrained_layout.use); the project style leaves both off"
        )
    return bbox


def as_numbers(frame: pd.DataFrame, ints=(), floats=()) -> pd.DataFrame:
    """A copy with the named columns converted (tables are read as text; "NA" becomes NaN)."""
    frame = frame.copy()
    for column in ints:
        frame[column] = pd.to_numeric(frame[column]).astype(int)
    for column in floats:
        frame[column] = pd.to_numeric(frame[column].replace({"NA": np.nan, "": np.nan})).astype(
            float
        )
    return frame


def write_figure_data(frame: pd.DataFrame, outputs: Sequence[str]) -> list[str]:
    """Write the figure's numbers to the .tsv among `outputs`; return the image paths."""
    images = [str(p) for p in outputs if not str(p).endswith(".tsv")]
    for path in outputs:
        if str(path).endswith(".tsv"):
            write_frame(path, frame)
    return images


def empty_panel(ax, message: str) -> None:
    """A panel that says why it has no data, instead of a blank or a misleading zero."""
    ax.text(
        0.5,
        0.5,
        message,
        ha="center",
        va="center",
        transform=ax.transAxes,
        color=NEUTRAL,
        wrap=True,
    )
    ax.set_xticks([])
    ax.set_yticks([])
    for spine in ax.spines.values():
        spine.set_visible(False)


def genre_handles(genres: list[str], marker: str = "o"):
    """Legend handles, one per genre in its colour."""
    return [
        Line2D(
            [],
            [],
            marker=marker,
            linestyle="",
            markersize=4.5,
            markerfacecolor=genre_color(g, genres),
            markeredgecolor=genre_color(g, genres),
            label=genre_label(g),
        )
        for g in genres
    ]


# Offsets (points) tried around a point, nearest first: right, left, above, below, then diagonals.
_DIRECTIONS = [(1, 0), (-1, 0), (0, 1), (0, -1), (1, 1), (-1, 1), (1, -1), (-1, -1)] + [
    (1, 0.5),
    (-1, 0.5),
    (1, -0.5),
    (-1, -0.5),
    (0.5, 1),
    (-0.5, 1),
    (0.5, -1),
    (-0.5, -1),
]
_RADII = [3, 7, 11, 16, 22]


def place_labels(ax, points, *, avoid=(), fontsize=None, pad_px: float = 1.5) -> list:
    """Label points without overlapping each other, the other points or the axes frame.

    `points` is a list of (x, y, text, color) in data coordinates, most important first; `avoid` holds
    further (x, y) data points whose markers labels must not cover. Each label goes at the first offset
    (nearest first: right, left, above, below, diagonals, then farther out) where its box is inside the
    axes and clear of every placed label and every marker; displaced labels get a thin leader line. A
    label with no free place anywhere is left out (returned texts tell which were drawn). Deterministic.
    Call after the figure's layout is final (no tight_layout afterwards).

    Each label's text is measured once (its box anchored left/bottom at its point): a candidate place
    only moves that box (offset, then alignment: centred and right/top alignment shift it by half or
    all of its width/height, as matplotlib aligns unrotated text), so the up to 80 places tried per
    label cost no text layout of their own."""
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    frame = ax.get_window_extent(renderer)
    px_per_pt = fig.dpi / 72.0
    marker_px = px_per_pt * 3.0
    to_px = ax.transData.transform
    markers = [
        Bbox.from_bounds(px - marker_px, py - marker_px, 2 * marker_px, 2 * marker_px)
        for px, py in (to_px((x, y)) for x, y, *_ in list(points) + [(*p, None) for p in avoid])
    ]
    taken: list[Bbox] = []
    leaders: list[tuple[tuple[float, float], tuple[float, float]]] = []
    drawn = []
    for x, y, text, color in points:
        label = ax.annotate(
            text,
            (x, y),
            xytext=(0, 0),
            textcoords="offset points",
            fontsize=fontsize,
            color=color,
            ha="left",
            va="bottom",
            annotation_clip=False,
        )
        anchor = to_px((x, y))
        # the text's box relative to its point when anchored left/bottom there
        measured = label.get_window_extent(renderer)
        left, bottom = measured.x0 - anchor[0], measured.y0 - anchor[1]
        width, height = measured.width, measured.height
        placed = False
        for radius in _RADII:
            for dx, dy in _DIRECTIONS:
                ha = "left" if dx > 0 else "right" if dx < 0 else "center"
                va = "bottom" if dy > 0 else "top" if dy < 0 else "center"
                x0 = (
                    anchor[0]
                    + dx * radius * px_per_pt
                    + left
                    - {"left": 0.0, "center": width / 2, "right": width}[ha]
                )
                y0 = (
                    anchor[1]
                    + dy * radius * px_per_pt
                    + bottom
                    - {"bottom": 0.0, "center": height / 2, "top": height}[va]
                )
                box = Bbox.from_extents(
                    x0 - pad_px, y0 - pad_px, x0 + width + pad_px, y0 + height + pad_px
                )
                inside = (
                    box.x0 >= frame.x0
                    and box.x1 <= frame.x1
                    and box.y0 >= frame.y0
                    and box.y1 <= frame.y1
                )
                tip = (
                    anchor[0] + dx * (radius - 1) * px_per_pt,
                    anchor[1] + dy * (radius - 1) * px_per_pt,
                )
                leader = (tuple(anchor), tip) if radius > _RADII[0] else None
                if (
                    inside
                    and not any(box.overlaps(t) for t in taken)
                    and not any(box.overlaps(m) for m in markers)
                    and not any(_crosses(seg, box) for seg in leaders)
                    and not (leader and any(_crosses(leader, t) for t in taken))
                ):
                    label.set_position((dx * radius, dy * radius))
                    label.set_ha(ha)
                    label.set_va(va)
                    taken.append(box)
                    if leader:
                        leaders.append(leader)
                    if radius > _RADII[0]:
                        ax.annotate(
                            "",
                            (x, y),
                            xytext=(dx * (radius - 1), dy * (radius - 1)),
                            textcoords="offset points",
                            arrowprops={
                                "arrowstyle": "-",
                                "color": color,
                                "linewidth": 0.4,
                                "shrinkA": 0,
                                "shrinkB": 2,
                            },
                        )
                    placed = True
                    break
            if placed:
                break
        if placed:
            drawn.append(label)
        else:
            label.remove()
    return drawn


def _crosses(segment, box: Bbox, steps: int = 12) -> bool:
    """Whether a straight segment (display coordinates) passes through a box (sampled points)."""
    (x0, y0), (x1, y1) = segment
    for i in range(steps + 1):
        t = i / steps
        if box.contains(x0 + t * (x1 - x0), y0 + t * (y1 - y0)):
            return True
    return False
