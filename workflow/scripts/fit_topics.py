"""Adapter for rule fit_topics: topics/terms.tsv, chunks.tsv, documents.tsv, labels.tsv."""

from policy_rhetoric.logs import step_log
from policy_rhetoric.topics import run_fit_topics

with step_log(snakemake.log[0]):
    run_fit_topics(
        list(snakemake.input.docbins),
        snakemake.input.documents,
        dict(snakemake.params.settings),
        snakemake.output.terms,
        snakemake.output.chunks,
        snakemake.output.documents,
        snakemake.output.labels,
    )
