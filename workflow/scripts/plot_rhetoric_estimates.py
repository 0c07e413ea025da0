"""Adapter for rule plot_rhetoric_estimates: the figures of the genre and trend models, figures/<name>.{tsv,pdf,png,svg}."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.paper.rhetoric_figures import ESTIMATE_FIGURES, run_plot_rhetoric_estimates

with job_log(snakemake.log[0]):
    run_plot_rhetoric_estimates(
        {name: snakemake.input[name] for name in snakemake.input.keys()},
        {name: list(snakemake.output[name]) for name in ESTIMATE_FIGURES},
    )
