"""Adapter for rule table_validation: tables/lexicon_validation.{tsv,tex}."""

from policy_rhetoric.logs import step_log
from policy_rhetoric.paper_tables import run_validation_table

validation = snakemake.input.validation
tsv = snakemake.output.tsv
tex = snakemake.output.tex

with step_log(snakemake.log[0]):
    run_validation_table(validation, tsv, tex)
