"""Adapter for rule table_corpus: tables/corpus_descriptives.{tsv,tex}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.tables import run_corpus_descriptives

documents = snakemake.input.documents
sentences = snakemake.input.sentences
tsv = snakemake.output.tsv
tex = snakemake.output.tex

with step_log(snakemake.log[0]):
    run_corpus_descriptives(documents, sentences, tsv, tex)
