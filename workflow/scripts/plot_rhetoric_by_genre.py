"""Adapter for rule plot_rhetoric_by_genre: figures/rhetoric_by_genre_voice.{pdf,png}."""

from policy_rhetoric.figures import run_plot_rhetoric_by_genre
from policy_rhetoric.logs import step_log

with step_log(snakemake.log[0]):
    run_plot_rhetoric_by_genre(snakemake.input.scores, list(snakemake.output))
