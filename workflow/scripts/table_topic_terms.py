"""Adapter for rule table_topic_terms: tables/topic_terms.{tsv,tex}."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.paper.tables import run_table_topic_terms

with job_log(snakemake.log[0]):
    run_table_topic_terms(
        snakemake.input.terms,
        snakemake.input.labels,
        snakemake.output.tsv,
        snakemake.output.tex,
        n_terms=int(snakemake.params.n_terms),
    )
