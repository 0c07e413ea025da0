"""Adapter for rule table_corpus: tables/corpus_descriptives.{tsv,tex}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.tables import run_table_corpus

with step_log(snakemake.log[0]):
    run_table_corpus(
        snakemake.input.documents,
        snakemake.input.sentences,
        snakemake.output.tsv,
        snakemake.output.tex,
    )
