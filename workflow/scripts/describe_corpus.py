"""Adapter for rule describe_corpus: corpus/documents.tsv, corpus/segments.tsv and corpus/shards.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.corpus.segments import run_describe_corpus

with job_log(snakemake.log[0]):
    run_describe_corpus(
        list(snakemake.params.manifest),
        list(snakemake.input.sources),
        list(snakemake.input.segments),
        snakemake.output.documents,
        snakemake.output.segments,
        shards={s: list(ids) for s, ids in snakemake.params.shards.items()},
        shards_out=snakemake.output.shards,
    )
