"""Adapter for rule plot_cooccurrence: figures/cooccurrence.{tsv,pdf,png,svg} (figure 9)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.figures import run_plot_cooccurrence

cooccurrence = snakemake.input.cooccurrence
outputs = list(snakemake.output)

with step_log(snakemake.log[0]):
    run_plot_cooccurrence(cooccurrence, outputs)
