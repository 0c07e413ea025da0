"""Adapter for rule summarize_topic_sweep: topics/selection.tsv and topics/stability_pairs.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.topics.selection import run_summarize_topic_sweep

with step_log(snakemake.log[0]):
    run_summarize_topic_sweep(
        list(snakemake.input.betas),
        list(snakemake.input.metrics),
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        dict(snakemake.params.settings),
        snakemake.output.selection,
        snakemake.output.pairs,
    )
