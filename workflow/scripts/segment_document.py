"""Adapter for rule segment_document: one corpus file -> results/<exp>/corpus/segments/<doc_id>.tsv."""

from policy_rhetoric.ingest import run_segment_document
from policy_rhetoric.logs import step_log

with step_log(snakemake.log[0]):
    run_segment_document(
        snakemake.input.source,
        snakemake.output.segments,
        doc_id=snakemake.wildcards.doc_id,
        annotation=dict(snakemake.params.annotation),
    )
