"""Figure: the genres compared in the years they overlap (controlled for time): per genre its rate with
a document-level 95% interval and each document's rate beside it, the rows of rhetoric/genre_estimates.tsv
whose `years` is the overlap window, and of rhetoric/document_counts.tsv in those years."""

from __future__ import annotations

from collections.abc import Sequence

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.genre_rates import genre_points, plot_genre_points
from policy_rhetoric.paper.style import write_figure_data

NO_WINDOW = (
    "no years in which the dated genres overlap\n(undated documents, or disjoint date ranges;\n"
    "set scoring.overlap_years)"
)


def run_plot_genre_window(estimates_tsv: str, counts_tsv: str, outputs: Sequence[str]) -> None:
    """Rule plot_genre_window: figures/genre_window.{tsv,pdf,png,svg}: the genres in the years they
    overlap (the `years` of genre_estimates.tsv other than "all"); an empty panel saying why where
    there are none."""
    estimates = read_tsv(estimates_tsv)
    windows = sorted(set(estimates["years"]) - {"all"})
    if windows:
        points = genre_points(estimates, read_tsv(counts_tsv), years=windows[0])
        first, last = windows[0].split("-")
        span = first if first == last else f"{first}–{last}"
        title = f"Genres in the years they overlap: {span}"
    else:
        points = genre_points(estimates.iloc[0:0], read_tsv(counts_tsv).iloc[0:0])
        title = ""
    plot_genre_points(points, write_figure_data(points, outputs), title=title, empty=NO_WINDOW)
