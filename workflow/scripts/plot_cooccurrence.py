"""Adapter for rule plot_cooccurrence: figures/cooccurrence.{tsv,pdf,png,svg} (figure 9)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.cooccurrence import run_plot_cooccurrence

with step_log(snakemake.log[0]):
    run_plot_cooccurrence(snakemake.input.cooccurrence, list(snakemake.output))
