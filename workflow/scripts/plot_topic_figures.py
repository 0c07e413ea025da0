"""Adapter for rule plot_topic_figures: both figures of one topic model, figures/<name>_<lang>.{tsv,pdf,svg,png}."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.paper.topic_figures import TOPIC_FIGURES, run_plot_topic_figures

with job_log(snakemake.log[0]):
    run_plot_topic_figures(
        snakemake.input.selection,
        snakemake.input.prevalence,
        snakemake.input.labels,
        snakemake.input.seeded or None,
        {name: list(snakemake.output[name]) for name in TOPIC_FIGURES},
    )
