"""Adapter for rule tokenize_document: tokens/docs/<doc_id>.spacy and tokens/sentences/<doc_id>.tsv."""

from policy_rhetoric.logs import step_log
from policy_rhetoric.tokenization import run_tokenize_document

with step_log(snakemake.log[0]):
    run_tokenize_document(
        snakemake.input.segments,
        snakemake.output.docbin,
        snakemake.output.sentences,
        models=dict(snakemake.params.models),
    )
