"""Adapter for rule prepare_topic_corpus: topics/corpus.tsv and topics/vocabulary.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.topics.model import run_prepare_topic_corpus

with step_log(snakemake.log[0]):
    docbins = list(snakemake.input.docbins)
    lexicons = list(snakemake.input.lexicons)
    settings = dict(snakemake.params.settings)
    run_prepare_topic_corpus(
        docbins, lexicons, settings, snakemake.output.corpus, snakemake.output.vocabulary
    )
