"""Adapter for rule plot_subcategories: figures/subcategories_by_genre.{tsv,pdf,png,svg} (figure 2)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.figures import run_plot_subcategories

genre_scores = snakemake.input.genre_scores
lexicons = list(snakemake.input.lexicons)
outputs = list(snakemake.output)

with step_log(snakemake.log[0]):
    run_plot_subcategories(genre_scores, lexicons, outputs)
