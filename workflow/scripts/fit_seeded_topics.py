"""Adapter for rule fit_seeded_topics: topics/{lang}/seeded_terms.tsv, seeded_share.tsv, seed_words.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.topics.seeded import run_fit_seeded_topics

with job_log(snakemake.log[0]):
    params = snakemake.params
    run_fit_seeded_topics(
        snakemake.input.selection,
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        snakemake.input.documents,
        snakemake.input.lexicon_terms,
        snakemake.output.terms,
        snakemake.output.share,
        snakemake.output.seed_words,
        strength=float(params.strength),
        other_topics=params.other_topics,
        seeds=list(params.seeds),
        passes=int(params.passes),
        iterations=int(params.iterations),
        top_n=int(params.top_n),
        frex_weight=float(params.frex_weight),
        max_training_chunks=params.max_training_chunks,
        resampling_seed=int(params.resampling_seed),
    )
