"""Adapter for rule plot_topic_selection: figures/topic_selection_<lang>.{pdf,svg,png}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.topic_selection import run_plot_topic_selection

with step_log(snakemake.log[0]):
    run_plot_topic_selection(snakemake.input.selection, list(snakemake.output))
