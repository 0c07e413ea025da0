"""Adapter for rule typeset_tables: the corpus and rhetoric tables, tables/<name>.{tsv,tex}."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.paper.tables import TABLES, run_typeset_tables

with job_log(snakemake.log[0]):
    run_typeset_tables(
        snakemake.input.documents,
        snakemake.input.sentences,
        snakemake.input.tests,
        snakemake.input.validation or None,
        {name: list(snakemake.output[name]) for name in TABLES if name in snakemake.output.keys()},
    )
