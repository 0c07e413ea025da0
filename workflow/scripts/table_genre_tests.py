"""Adapter for rule table_genre_tests: tables/genre_tests.{tsv,tex}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.tables import run_table_genre_tests

with step_log(snakemake.log[0]):
    run_table_genre_tests(snakemake.input.tests, snakemake.output.tsv, snakemake.output.tex)
