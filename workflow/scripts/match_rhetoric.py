"""Adapter for rule match_rhetoric: rhetoric/matches/<doc_id>.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.rhetoric.matching import run_match_rhetoric

with step_log(snakemake.log[0]):
    run_match_rhetoric(
        snakemake.input.docbin,
        snakemake.input.sentences,
        snakemake.input.source,
        list(snakemake.input.lexicons),
        snakemake.output.matches,
        en_model=snakemake.params.en_model,
    )
