"""Adapter for rule write_kwic: rhetoric/kwic.tsv (every match with its context, for hand review)."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.kwic import run_write_kwic

with job_log(snakemake.log[0]):
    run_write_kwic(
        snakemake.input.matches,
        snakemake.input.documents,
        snakemake.output.kwic,
        window=int(snakemake.params.window),
    )
