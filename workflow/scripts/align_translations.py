"""Adapter for rule align_translations: corpus/aligned_pairs.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.corpus.alignment import run_align_translations

with job_log(snakemake.log[0]):
    run_align_translations(snakemake.input.segments, snakemake.output.pairs)
