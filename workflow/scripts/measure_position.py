"""Adapter for rule measure_position: rhetoric/position.tsv (rates along the position in the document)."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.rates import run_measure_position

with job_log(snakemake.log[0]):
    run_measure_position(
        snakemake.input.sentences,
        snakemake.input.matches,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        snakemake.output.position,
        bins=int(snakemake.params.bins),
        pairs_tsv=snakemake.input.pairs,
        pooled_language=snakemake.params.pooled_language,
    )
