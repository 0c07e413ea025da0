"""Adapter for rule measure_trends: rhetoric/trend_summary.tsv and trend_curve.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.trends import run_measure_trends

with job_log(snakemake.log[0]):
    run_measure_trends(snakemake.input.counts, snakemake.output.summary, snakemake.output.curve)
