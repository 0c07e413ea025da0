"""Paper stage, labels: the order of genres in every figure and table (and their colours' keys), with no
matplotlib, so that the LaTeX table rules need not import it (paper/style.py re-exports these)."""

from __future__ import annotations

# Okabe-Ito colours, one per genre, the same in every figure.
GENRE_COLORS = {
    "speech": "#0072B2",
    "conference_report": "#E69F00",
    "study_outline": "#009E73",
    "news_report": "#CC79A7",
    "analysis": "#56B4E9",
}
GENRE_ORDER = list(GENRE_COLORS)


def ordered_genres(genres) -> list[str]:
    """Genres present, built-in ones first in their canonical order, then the others alphabetically."""
    present = list(dict.fromkeys(genres))
    return [g for g in GENRE_ORDER if g in present] + sorted(
        g for g in present if g not in GENRE_ORDER
    )
