"""Adapter for rule measure_cooccurrence: rhetoric/cooccurrence.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.cooccurrence import run_measure_cooccurrence

with job_log(snakemake.log[0]):
    run_measure_cooccurrence(
        snakemake.input.sentences,
        snakemake.input.segments,
        snakemake.input.matches,
        snakemake.output.cooccurrence,
        seed=int(snakemake.params.seed),
        permutations=int(snakemake.params.permutations),
    )
