"""Adapter for rule describe_corpus: corpus/documents.tsv and corpus/segments.tsv."""

from policy_rhetoric.ingest import run_describe_corpus
from policy_rhetoric.logs import step_log

with step_log(snakemake.log[0]):
    run_describe_corpus(
        list(snakemake.params.manifest),
        list(snakemake.input.sources),
        list(snakemake.input.segments),
        snakemake.output.documents,
        snakemake.output.segments,
    )
