"""Adapter for rule score_keyness: rhetoric/keyness.tsv, every genre against the rest by the log-odds
ratio with an informative Dirichlet prior (Monroe, Colaresi and Quinn 2008)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.rhetoric.keyness import run_keyness

docbins = list(snakemake.input.docbins)
documents = snakemake.input.documents
output = snakemake.output.keyness
alpha0 = snakemake.params.alpha0
min_count = int(snakemake.params.min_count)
extra_stopwords = list(snakemake.params.extra_stopwords)

with step_log(snakemake.log[0]):
    run_keyness(
        docbins,
        documents,
        output,
        alpha0=None if alpha0 is None else float(alpha0),
        min_count=min_count,
        extra_stopwords=extra_stopwords,
    )
