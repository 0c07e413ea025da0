"""Adapter for rule compare_experiments: tables/ and figures/experiment_comparison.*."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.paper.experiments import run_compare_experiments

with job_log(snakemake.log[0]):
    out = snakemake.output
    run_compare_experiments(
        list(snakemake.params.experiments),
        list(snakemake.input.genre_scores),
        list(snakemake.input.validation),
        out.tsv,
        out.tex,
        [out.data, out.pdf, out.png, out.svg],
    )
