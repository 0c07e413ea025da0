"""Adapter for rule write_provenance: provenance.json (every named input is hashed under its name)."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.provenance import run_write_provenance

with job_log(snakemake.log[0]):
    run_write_provenance(
        dict(snakemake.params.config),
        {role: getattr(snakemake.input, role) for role in snakemake.input.keys()},
        snakemake.output.provenance,
    )
