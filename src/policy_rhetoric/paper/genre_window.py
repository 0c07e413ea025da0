"""Figure: the genres compared in the years they overlap (controlled for time): per genre its rate with
a document-level 95% interval and each document's rate beside it, the rows of rhetoric/genre_estimates.tsv
whose `years` is the overlap window, and of rhetoric/document_counts.tsv in those years. The title names
the years each genre's documents cover inside the window (cn_political's 2012-2016 window holds no
speech before 2013)."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.genre_rates import genre_points, plot_genre_points
from policy_rhetoric.paper.style import as_numbers, genre_label, ordered_genres, write_figure_data

NO_WINDOW = (
    "no years in which the dated genres overlap\n(undated documents, or disjoint date ranges;\n"
    "set scoring.overlap_years)"
)


def genre_years(counts: pd.DataFrame, points: pd.DataFrame, window: tuple[int, int]) -> str:
    """The years each drawn genre's documents actually cover in the window, e.g. "speech 2013–2016,
    work report 2012–2016, congress report 2012", so a window wider than a genre's dates says so; ""
    where every genre covers the whole window."""
    drawn = points[points["level"] == "document"]
    years = (
        as_numbers(counts, floats=("year",)).drop_duplicates("doc_id").set_index("doc_id")["year"]
    )
    spans, whole = [], True
    for genre in ordered_genres(drawn["genre"]):
        covered = years.reindex(drawn.loc[drawn["genre"] == genre, "doc_id"].unique()).dropna()
        if covered.empty:
            continue
        first, last = int(covered.min()), int(covered.max())
        whole = whole and (first, last) == tuple(window)
        spans.append(f"{genre_label(genre)} {first}" + ("" if first == last else f"–{last}"))
    return "" if whole else ", ".join(spans)


def draw_genre_window(estimates_tsv: str, counts_tsv: str, outputs: Sequence[str]) -> None:
    """Drawn by rule plot_rhetoric_estimates: figures/genre_window.{tsv,pdf,png,svg}: the genres in the years they
    overlap (the `years` of genre_estimates.tsv other than "all"); an empty panel saying why where
    there are none."""
    estimates = read_tsv(estimates_tsv)
    windows = sorted(set(estimates["years"]) - {"all"})
    if windows:
        counts = read_tsv(counts_tsv)
        points = genre_points(estimates, counts, years=windows[0])
        first, last = windows[0].split("-")
        span = first if first == last else f"{first}–{last}"
        covered = genre_years(counts, points, (int(first), int(last)))
        title = f"Genres in {span}" + (f": {covered}" if covered else "")
    else:
        points = genre_points(estimates.iloc[0:0], read_tsv(counts_tsv).iloc[0:0])
        title = ""
    plot_genre_points(points, write_figure_data(points, outputs), title=title, empty=NO_WINDOW)
