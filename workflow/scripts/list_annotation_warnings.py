"""Adapter for rule list_annotation_warnings: annotation anchors that begin no line -> a table."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.corpus.manifest import run_list_annotation_warnings

with job_log(snakemake.log[0]):
    run_list_annotation_warnings(
        list(snakemake.input.sources),
        list(snakemake.params.doc_ids),
        dict(snakemake.params.annotations),
        snakemake.output.warnings,
    )
