"""Adapter for rule tokenize_shard: corpus/shards/<shard>/docs.spacy and sentences.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.corpus.shard_tokens import run_tokenize_shard

with job_log(snakemake.log[0]):
    run_tokenize_shard(
        snakemake.input.segments,
        snakemake.output.docbin,
        snakemake.output.sentences,
        en_model=snakemake.params.en_model,
        zh_model=snakemake.params.zh_model,
    )
