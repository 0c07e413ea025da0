"""Adapter for rule table_topic_terms: tables/topic_terms.{tsv,tex}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.tables import run_topic_terms_table

terms = snakemake.input.terms
labels = snakemake.input.labels
tsv = snakemake.output.tsv
tex = snakemake.output.tex
n_terms = int(snakemake.params.n_terms)

with step_log(snakemake.log[0]):
    run_topic_terms_table(terms, labels, tsv, tex, n_terms=n_terms)
