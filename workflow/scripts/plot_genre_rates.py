"""Adapter for rule plot_genre_rates: figures/rates_by_genre.{tsv,pdf,png,svg} (figure 1)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.genre_rates import run_plot_genre_rates

with step_log(snakemake.log[0]):
    run_plot_genre_rates(snakemake.input.estimates, snakemake.input.counts, list(snakemake.output))
