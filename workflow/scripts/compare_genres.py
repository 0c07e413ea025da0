"""Adapter for rule compare_genres: rhetoric/genre_tests.tsv and rhetoric/term_influence.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.rhetoric.rates import run_compare_genres

with step_log(snakemake.log[0]):
    sentences = snakemake.input.sentences
    matches = snakemake.input.matches
    documents = snakemake.input.documents
    lexicons = list(snakemake.input.lexicons)
    seed = int(snakemake.params.seed)
    permutations = int(snakemake.params.permutations)
    run_compare_genres(
        sentences,
        matches,
        documents,
        lexicons,
        snakemake.output.tests,
        snakemake.output.influence,
        seed=seed,
        permutations=permutations,
    )
