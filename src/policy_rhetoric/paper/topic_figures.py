"""Both figures of one language's topic model, drawn in one process (rule plot_topic_figures).

Each figure keeps its own module and drawing function (topic_selection, topic_prevalence); this calls
them one after the other, so a run pays the interpreter and matplotlib once per language instead of
once per figure. Every figure is drawn inside its own `figure_style()` context, so the order does not
change any file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policy_rhetoric.paper.topic_prevalence import draw_topic_prevalence_by_genre
from policy_rhetoric.paper.topic_selection import draw_topic_selection

TOPIC_FIGURES = ("topic_selection", "topic_prevalence_by_genre")


def run_plot_topic_figures(
    selection_tsv: str,
    prevalence_tsv: str,
    labels_tsv: str,
    seeded_tsv: str | None,
    outputs: Mapping[str, Sequence[str]],
) -> None:
    """Rule plot_topic_figures: figures/topic_selection_<lang>.{pdf,svg,png} and
    figures/topic_prevalence_by_genre_<lang>.{tsv,pdf,svg,png}.

    `outputs` maps each TOPIC_FIGURES name to its files ([numbers TSV,] images)."""
    missing = [name for name in TOPIC_FIGURES if name not in outputs]
    if missing:
        raise ValueError(f"plot_topic_figures: no output files given for figure(s) {missing}")
    draw_topic_selection(selection_tsv, list(outputs["topic_selection"]))
    draw_topic_prevalence_by_genre(
        prevalence_tsv, labels_tsv, seeded_tsv, list(outputs["topic_prevalence_by_genre"])
    )
