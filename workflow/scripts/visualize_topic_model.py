"""Adapter for rule visualize_topic_model: topics/ldavis.html (optional; needs pyLDAvis)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.topics.model import run_visualize_topic_model

with step_log(snakemake.log[0]):
    run_visualize_topic_model(
        snakemake.input.selection,
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        list(snakemake.input.betas),
        list(snakemake.input.thetas),
        snakemake.output.html,
    )
