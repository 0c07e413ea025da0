"""Adapter for rule expand_lexicon: rhetoric/expansion_candidates.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.expansion import run_expand_lexicon

with job_log(snakemake.log[0]):
    params = snakemake.params
    run_expand_lexicon(
        list(snakemake.input.docbins),
        snakemake.input.matches,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        snakemake.output.candidates,
        languages=list(params.languages),
        seed=int(params.seed),
        vector_size=int(params.vector_size),
        window=int(params.window),
        min_count=int(params.min_count),
        epochs=int(params.epochs),
        top_n=int(params.top_n),
        kwic_window=int(params.kwic_window),
        prior=float(params.prior),
        max_sentence_share=float(params.max_sentence_share),
        phrase_threshold=float(params.phrase_threshold),
        min_embedding_tokens=int(params.min_embedding_tokens),
    )
