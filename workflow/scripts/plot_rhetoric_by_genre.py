"""Adapter for rule plot_rhetoric_by_genre: figures/rhetoric_by_genre_voice.{tsv,pdf,png,svg}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.rhetoric_by_genre import run_plot_rhetoric_by_genre

with step_log(snakemake.log[0]):
    run_plot_rhetoric_by_genre(snakemake.input.genre_scores, list(snakemake.output))
