"""Adapter for rule label_topics: topics/labels.tsv (default FREX labels, overridden by topics.labels)."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.topics.model import run_label_topics

with job_log(snakemake.log[0]):
    params = snakemake.params
    run_label_topics(
        snakemake.input.vocabulary,
        snakemake.input.beta,
        snakemake.output.labels,
        top_n=int(params.top_n),
        frex_weight=float(params.frex_weight),
        labels=[dict(item) for item in params.labels],
    )
