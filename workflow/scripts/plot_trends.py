"""Adapter for rule plot_trends: figures/rhetoric_trends.{tsv,pdf,png,svg}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.trends import run_plot_trends

with step_log(snakemake.log[0]):
    run_plot_trends(
        snakemake.input.counts,
        snakemake.input.curve,
        snakemake.input.summary,
        list(snakemake.output),
    )
