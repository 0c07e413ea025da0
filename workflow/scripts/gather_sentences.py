"""Adapter for rule gather_sentences: corpus/sentences.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.corpus.shard_tokens import run_gather_sentences

with job_log(snakemake.log[0]):
    run_gather_sentences(list(snakemake.input.sentences), snakemake.output.sentences)
