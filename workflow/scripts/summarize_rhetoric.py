"""Adapter for rule summarize_rhetoric: rhetoric/matches.tsv and rhetoric/scores.tsv."""

from policy_rhetoric.logs import step_log
from policy_rhetoric.scoring import run_summarize_rhetoric

with step_log(snakemake.log[0]):
    run_summarize_rhetoric(
        list(snakemake.input.matches),
        snakemake.input.sentences,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        snakemake.output.matches,
        snakemake.output.scores,
    )
