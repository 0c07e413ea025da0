"""Adapter for rule compare_genres: rhetoric/genre_tests.tsv (with q-values) and rhetoric/term_influence.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.comparisons import run_compare_genres

with job_log(snakemake.log[0]):
    run_compare_genres(
        snakemake.input.sentences,
        snakemake.input.matches,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        snakemake.output.tests,
        snakemake.output.influence,
        seed=int(snakemake.params.seed),
        permutations=int(snakemake.params.permutations),
        pairs_tsv=snakemake.input.pairs,
        pooled_language=snakemake.params.pooled_language,
        grouped_permutations_from=snakemake.params.grouped_permutations_from,
    )
