"""Adapter for rule align_translations: corpus/aligned_pairs.tsv."""

from policy_rhetoric.align import run_align_translations
from policy_rhetoric.logs import step_log

with step_log(snakemake.log[0]):
    run_align_translations(snakemake.input.segments, snakemake.output.pairs)
