"""Adapter for rule match_shard: rhetoric/shards/<shard>/matches.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.shard_matches import run_match_shard

with job_log(snakemake.log[0]):
    run_match_shard(
        snakemake.input.docbin,
        snakemake.input.sentences,
        list(snakemake.input.sources),
        list(snakemake.input.lexicons),
        snakemake.output.matches,
        doc_ids=list(snakemake.params.doc_ids),
        en_model=snakemake.params.en_model,
    )
