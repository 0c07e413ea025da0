"""Adapter for rule segment_shard: one shard's corpus files -> corpus/shards/<shard>/segments.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.corpus.segments import run_segment_shard

with job_log(snakemake.log[0]):
    run_segment_shard(
        list(snakemake.input.sources),
        snakemake.output.segments,
        doc_ids=list(snakemake.params.doc_ids),
        annotations={d: dict(a) for d, a in snakemake.params.annotations.items()},
        default_voices=dict(snakemake.params.default_voices),
    )
