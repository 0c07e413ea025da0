"""Adapter for rule segment_document: one corpus file -> results/<exp>/corpus/segments/<doc_id>.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.corpus.segments import run_segment_document

with step_log(snakemake.log[0]):
    run_segment_document(
        snakemake.input.source,
        snakemake.output.segments,
        doc_id=snakemake.wildcards.doc_id,
        annotation=dict(snakemake.params.annotation),
        default_voice=snakemake.params.default_voice,
    )
