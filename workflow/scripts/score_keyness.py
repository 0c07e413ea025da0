"""Adapter for rule score_keyness: rhetoric/keyness.tsv, every genre against the rest by the log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008)."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.keyness import run_score_keyness

with job_log(snakemake.log[0]):
    alpha0 = snakemake.params.alpha0
    run_score_keyness(
        list(snakemake.input.docbins),
        snakemake.input.documents,
        snakemake.output.keyness,
        alpha0=None if alpha0 is None else float(alpha0),
        min_count=int(snakemake.params.min_count),
        extra_stopwords=list(snakemake.params.extra_stopwords),
    )
