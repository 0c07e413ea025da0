"""Adapter for rule summarize_rhetoric: rhetoric/matches.tsv, scores.tsv and genre_scores.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.rhetoric.rates import run_summarize_rhetoric

with step_log(snakemake.log[0]):
    match_tables = list(snakemake.input.matches)
    sentences = snakemake.input.sentences
    documents = snakemake.input.documents
    lexicons = list(snakemake.input.lexicons)
    seed = int(snakemake.params.seed)
    resamples = int(snakemake.params.resamples)
    run_summarize_rhetoric(
        match_tables,
        sentences,
        documents,
        lexicons,
        snakemake.output.matches,
        snakemake.output.scores,
        snakemake.output.genre_scores,
        seed=seed,
        resamples=resamples,
    )
