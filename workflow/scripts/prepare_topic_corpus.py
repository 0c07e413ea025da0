"""Adapter for rule prepare_topic_corpus: topics/{lang}/corpus.tsv,
vocabulary.tsv and lexicon_terms.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.topics.chunks import run_prepare_topic_corpus

with job_log(snakemake.log[0]):
    params = snakemake.params
    run_prepare_topic_corpus(
        list(snakemake.input.docbins),
        list(snakemake.input.lexicons),
        snakemake.output.corpus,
        snakemake.output.vocabulary,
        snakemake.output.lexicon_terms,
        lang=snakemake.wildcards.lang,
        unit=params.unit,
        window_sentences=int(params.window_sentences),
        extra_stopwords=list(params.extra_stopwords),
        zh_user_words=list(params.zh_user_words),
        seeded=bool(params.seeded),
        keep_seed_words=bool(params.keep_seed_words),
        phrases=dict(params.phrases),
        min_df=int(params.min_df),
        max_df=float(params.max_df),
        min_chunk_tokens=int(params.min_chunk_tokens),
        heldout_fraction=float(params.heldout_fraction),
        reference_fraction=float(params.reference_fraction),
        resampling_seed=int(params.resampling_seed),
    )
