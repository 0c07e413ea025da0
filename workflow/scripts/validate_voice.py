"""Adapter for rule validate_voice: validation/voice.tsv and validation/voice_disagreements.tsv."""

from policy_rhetoric.logs import step_log
from policy_rhetoric.voice_validation import run_validate_voice

with step_log(snakemake.log[0]):
    run_validate_voice(
        snakemake.input.sample,
        snakemake.input.segments,
        list(snakemake.params.manifest),
        list(snakemake.input.sources),
        snakemake.output.metrics,
        snakemake.output.disagreements,
    )
