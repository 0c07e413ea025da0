"""Adapter for rule gather_sentences: tokens/sentences.tsv."""

from policy_rhetoric.logs import step_log
from policy_rhetoric.tokenization import run_gather_sentences

with step_log(snakemake.log[0]):
    run_gather_sentences(list(snakemake.input.sentences), snakemake.output.sentences)
