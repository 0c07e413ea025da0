"""Shared figure machinery: style, CJK font, one colour per genre, byte-identical saving."""

from __future__ import annotations

import os
from contextlib import contextmanager
from importlib import resources
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

STYLE = resources.files("policy_rhetoric").joinpath("policy_rhetoric.mplstyle")
# Okabe-Ito colours, one per genre, the same in every figure.
GENRE_COLORS = {
    "speech": "#0072B2",
    "conference_report": "#E69F00",
    "study_outline": "#009E73",
    "news_report": "#CC79A7",
    "analysis": "#56B4E9",
}
EXTRA_COLORS = ["#D55E00", "#F0E442", "#000000", "#999999"]
VOICE_HATCH = {"primary": "", "commentary": "////", "boilerplate": ".."}
GENRE_ORDER = list(GENRE_COLORS)


def genre_color(genre: str, known: list[str] | None = None) -> str:
    if genre in GENRE_COLORS:
        return GENRE_COLORS[genre]
    extras = sorted(g for g in (known or [genre]) if g not in GENRE_COLORS)
    return (
        EXTRA_COLORS[extras.index(genre) % len(EXTRA_COLORS)]
        if genre in extras
        else EXTRA_COLORS[0]
    )


def genre_label(genre: str) -> str:
    """Genre name for axis labels: "conference_report" -> "conference report"."""
    return genre.replace("_", " ")


def ordered_genres(genres) -> list[str]:
    present = list(dict.fromkeys(genres))
    return [g for g in GENRE_ORDER if g in present] + sorted(
        g for g in present if g not in GENRE_ORDER
    )


def cjk_font_path() -> Path:
    """Noto Sans SC (SIL OFL) shipped by the pylopdf-fonts-zh-cn package from PyPI."""
    import pylopdf_fonts_zh_cn

    return Path(pylopdf_fonts_zh_cn.__file__).parent / "NotoSansSC-Regular.otf"


def register_cjk_font() -> str:
    """Make Noto Sans SC known to matplotlib (a fallback for glyphs DejaVu Sans lacks); returns its name."""
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
    """Save to every path (.pdf, .png, .svg) with no dates or other run-dependent metadata."""
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
        fig.savefig(tmp, metadata=metadata)
        os.replace(tmp, path)
    plt.close(fig)
