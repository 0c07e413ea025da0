"""Adapter for rule plot_topic_prevalence: figures/topic_prevalence_by_genre.{pdf,png}."""

from policy_rhetoric.figures import run_plot_topic_prevalence
from policy_rhetoric.logs import step_log

with step_log(snakemake.log[0]):
    run_plot_topic_prevalence(
        snakemake.input.documents, snakemake.input.labels, list(snakemake.output)
    )
