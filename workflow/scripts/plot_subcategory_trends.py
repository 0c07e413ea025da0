"""Adapter for rule plot_subcategory_trends: figures/subcategory_trends.{tsv,pdf,png,svg}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.trends import run_plot_subcategory_trends

with step_log(snakemake.log[0]):
    run_plot_subcategory_trends(
        snakemake.input.curve, snakemake.input.summary, list(snakemake.output)
    )
