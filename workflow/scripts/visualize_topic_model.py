"""Adapter for rule visualize_topic_model: topics/ldavis.html (optional; needs pyLDAvis)."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.topics.ldavis import run_visualize_topic_model

with job_log(snakemake.log[0]):
    run_visualize_topic_model(
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        snakemake.input.beta,
        snakemake.input.theta,
        snakemake.output.html,
    )
