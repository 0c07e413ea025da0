"""The figures of the rhetoric stage, drawn in two processes by which tables they need.

Rule plot_rhetoric_figures draws the figures of the summary tables (summarize_rhetoric,
compare_translations, score_keyness, measure_position, measure_cooccurrence); rule
plot_rhetoric_estimates the figures of the genre and trend models (infer_rhetoric, measure_trends), so
the first draws while the models are still fitted. Each figure keeps its own module and drawing
function; a run function only calls them one after the other, so a job pays the interpreter,
matplotlib and the font set-up once instead of once per figure. Every figure is drawn inside its own
`figure_style()` context, so neither the order nor the grouping changes any file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from policy_rhetoric.paper.cooccurrence import draw_cooccurrence
from policy_rhetoric.paper.genre_rates import draw_rates_by_genre
from policy_rhetoric.paper.genre_window import draw_genre_window
from policy_rhetoric.paper.keyness import draw_keyness_by_genre
from policy_rhetoric.paper.position import draw_position_in_document
from policy_rhetoric.paper.rhetoric_by_genre import draw_rhetoric_by_genre_voice
from policy_rhetoric.paper.subcategories import draw_subcategories_by_genre
from policy_rhetoric.paper.translation import draw_translation_pairs
from policy_rhetoric.paper.trends import draw_rhetoric_trends, draw_subcategory_trends
from policy_rhetoric.paper.voice_by_document import draw_voice_by_document

# rule plot_rhetoric_figures: the figures of the summary tables
RHETORIC_FIGURES = (
    "subcategories_by_genre",
    "voice_by_document",
    "rhetoric_by_genre_voice",
    "translation_pairs",
    "keyness_by_genre",
    "position_in_document",
    "cooccurrence",
)
# rule plot_rhetoric_estimates: the figures of the genre estimates and the trend model
ESTIMATE_FIGURES = (
    "rates_by_genre",
    "genre_window",
    "rhetoric_trends",
    "subcategory_trends",
)


def _check_outputs(rule: str, outputs: Mapping[str, Sequence[str]], names: Sequence[str]) -> None:
    missing = [name for name in names if name not in outputs]
    if missing:
        raise ValueError(f"{rule}: no output files given for figure(s) {missing}")


def run_plot_rhetoric_figures(
    inputs: Mapping[str, str],
    outputs: Mapping[str, Sequence[str]],
    *,
    translation_top_terms: int,
    keyness_top_terms: int,
    position_min_tokens: int,
) -> None:
    """Rule plot_rhetoric_figures: figures/<figure>.{tsv,pdf,png,svg} for every RHETORIC_FIGURES name.

    `inputs` maps the rule's input names to rhetoric tables; `outputs` maps each figure's name to its
    files ([numbers TSV,] PDF, PNG, SVG)."""
    _check_outputs("plot_rhetoric_figures", outputs, RHETORIC_FIGURES)
    i = inputs
    draw_subcategories_by_genre(i["subcategory_shares"], list(outputs["subcategories_by_genre"]))
    draw_voice_by_document(i["document_scores"], list(outputs["voice_by_document"]))
    draw_rhetoric_by_genre_voice(i["genre_scores"], list(outputs["rhetoric_by_genre_voice"]))
    draw_translation_pairs(
        i["pairs"],
        i["tests"],
        i["terms"],
        list(outputs["translation_pairs"]),
        top_terms=translation_top_terms,
    )
    draw_keyness_by_genre(i["keyness"], list(outputs["keyness_by_genre"]), top_n=keyness_top_terms)
    draw_position_in_document(
        i["position"], list(outputs["position_in_document"]), min_tokens=position_min_tokens
    )
    draw_cooccurrence(i["cooccurrence"], list(outputs["cooccurrence"]))


def run_plot_rhetoric_estimates(
    inputs: Mapping[str, str], outputs: Mapping[str, Sequence[str]]
) -> None:
    """Rule plot_rhetoric_estimates: figures/<figure>.{tsv,pdf,png,svg} for every ESTIMATE_FIGURES
    name, from infer_rhetoric's genre estimates and document counts and measure_trends' curve and
    summary (`inputs`: estimates, counts, curve, summary)."""
    _check_outputs("plot_rhetoric_estimates", outputs, ESTIMATE_FIGURES)
    i = inputs
    draw_rates_by_genre(i["estimates"], i["counts"], list(outputs["rates_by_genre"]))
    draw_genre_window(i["estimates"], i["counts"], list(outputs["genre_window"]))
    draw_rhetoric_trends(i["counts"], i["curve"], i["summary"], list(outputs["rhetoric_trends"]))
    draw_subcategory_trends(i["curve"], i["summary"], list(outputs["subcategory_trends"]))
