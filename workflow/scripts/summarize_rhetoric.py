"""Adapter for rule summarize_rhetoric: rhetoric/matches.tsv, scores.tsv, genre_scores.tsv,
document_scores.tsv and subcategory_shares.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.rates import run_summarize_rhetoric

with job_log(snakemake.log[0]):
    run_summarize_rhetoric(
        list(snakemake.input.matches),
        snakemake.input.sentences,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        snakemake.output.matches,
        snakemake.output.scores,
        snakemake.output.genre_scores,
        snakemake.output.document_scores,
        snakemake.output.subcategory_shares,
        seed=int(snakemake.params.seed),
        resamples=int(snakemake.params.resamples),
        pairs_tsv=snakemake.input.pairs,
        pooled_language=snakemake.params.pooled_language,
    )
