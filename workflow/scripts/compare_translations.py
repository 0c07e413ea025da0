"""Adapter for rule compare_translations: rhetoric/translation_pairs.tsv,
translation_terms.tsv and translation_tests.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.translation import run_compare_translations

with job_log(snakemake.log[0]):
    run_compare_translations(
        snakemake.input.pairs,
        snakemake.input.sentences,
        snakemake.input.matches,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        snakemake.output.pairs,
        snakemake.output.terms,
        snakemake.output.tests,
    )
