"""Adapter for rule plot_topic_prevalence: figures/topic_prevalence_by_genre_<lang>.{tsv,pdf,svg,png}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.topic_prevalence import run_plot_topic_prevalence

with step_log(snakemake.log[0]):
    seeded = snakemake.input.seeded or None
    run_plot_topic_prevalence(
        snakemake.input.prevalence, snakemake.input.labels, seeded, list(snakemake.output)
    )
