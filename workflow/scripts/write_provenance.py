"""Adapter for rule write_provenance: provenance.json."""

from pathlib import Path

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.provenance import run_write_provenance

with step_log(snakemake.log[0]):
    inputs = {
        "documents": list(snakemake.input.documents),
        "manifest": [snakemake.input.manifest],
        "lexicons": list(snakemake.input.lexicons),
    }
    if Path(snakemake.params.annotations).exists():
        inputs["voice_annotations"] = [snakemake.params.annotations]
    run_write_provenance(dict(snakemake.params.config), inputs, snakemake.output.provenance)
