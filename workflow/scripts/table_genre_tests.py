"""Adapter for rule table_genre_tests: tables/genre_tests.{tsv,tex}."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.tables import run_genre_tests_table

tests = snakemake.input.tests
tsv = snakemake.output.tsv
tex = snakemake.output.tex

with step_log(snakemake.log[0]):
    run_genre_tests_table(tests, tsv, tex)
