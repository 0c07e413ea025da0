"""Adapter for rule fit_seeded_topics: topics/seeded_terms.tsv, seeded_share.tsv, seed_words.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.topics.model import run_fit_seeded_topics

with step_log(snakemake.log[0]):
    run_fit_seeded_topics(
        snakemake.input.selection,
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        dict(snakemake.params.settings),
        snakemake.output.terms,
        snakemake.output.share,
        snakemake.output.seed_words,
    )
