"""Adapter for rule plot_cooccurrence: figures/cooccurrence.{tsv,pdf,png,svg} (figure 9)."""

from policy_rhetoric.figures import run_plot_cooccurrence
from policy_rhetoric.logs import step_log

cooccurrence = snakemake.input.cooccurrence
outputs = list(snakemake.output)

with step_log(snakemake.log[0]):
    run_plot_cooccurrence(cooccurrence, outputs)
