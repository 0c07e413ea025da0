"""Adapter for rule plot_subcategories: figures/subcategories_by_genre.{tsv,pdf,png,svg} (figure 2)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.subcategories import run_plot_subcategories

with step_log(snakemake.log[0]):
    run_plot_subcategories(snakemake.input.subcategory_shares, list(snakemake.output))
