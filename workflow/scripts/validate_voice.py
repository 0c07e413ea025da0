"""Adapter for rule validate_voice: corpus/voice_validation.tsv and corpus/voice_disagreements.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.corpus.voice_validation import run_validate_voice

with job_log(snakemake.log[0]):
    run_validate_voice(
        snakemake.input.sample,
        snakemake.input.segments,
        list(snakemake.params.doc_ids),
        list(snakemake.input.sources),
        snakemake.output.metrics,
        snakemake.output.disagreements,
    )
