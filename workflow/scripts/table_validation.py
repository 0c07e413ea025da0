"""Adapter for rule table_validation: tables/lexicon_validation.{tsv,tex}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.tables import run_table_validation

with step_log(snakemake.log[0]):
    run_table_validation(snakemake.input.validation, snakemake.output.tsv, snakemake.output.tex)
