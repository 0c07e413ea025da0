"""Adapter for rule table_validation: tables/lexicon_validation.{tsv,tex}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.tables import run_validation_table

validation = snakemake.input.validation
tsv = snakemake.output.tsv
tex = snakemake.output.tex

with step_log(snakemake.log[0]):
    run_validation_table(validation, tsv, tex)
