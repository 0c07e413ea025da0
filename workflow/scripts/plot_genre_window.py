"""Adapter for rule plot_genre_window: figures/genre_window.{tsv,pdf,png,svg}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.genre_window import run_plot_genre_window

with step_log(snakemake.log[0]):
    run_plot_genre_window(snakemake.input.estimates, snakemake.input.counts, list(snakemake.output))
