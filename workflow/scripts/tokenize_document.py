"""Adapter for rule tokenize_document: corpus/docs/<doc_id>.spacy and corpus/sentences/<doc_id>.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.corpus.tokens import run_tokenize_document

with step_log(snakemake.log[0]):
    run_tokenize_document(
        snakemake.input.segments,
        snakemake.output.docbin,
        snakemake.output.sentences,
        en_model=snakemake.params.en_model,
        zh_model=snakemake.params.zh_model,
    )
