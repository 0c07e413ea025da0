"""Adapter for rule write_kwic: rhetoric/kwic.tsv (every match with its context, for hand review)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.rhetoric.rates import run_write_kwic

with step_log(snakemake.log[0]):
    matches = snakemake.input.matches
    documents = snakemake.input.documents
    window = int(snakemake.params.window)
    run_write_kwic(matches, documents, snakemake.output.kwic, window=window)
