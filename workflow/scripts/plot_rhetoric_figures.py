"""Adapter for rule plot_rhetoric_figures: the figures of the summary tables, figures/<name>.{tsv,pdf,png,svg}."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.paper.rhetoric_figures import RHETORIC_FIGURES, run_plot_rhetoric_figures

with job_log(snakemake.log[0]):
    run_plot_rhetoric_figures(
        {name: snakemake.input[name] for name in snakemake.input.keys()},
        {name: list(snakemake.output[name]) for name in RHETORIC_FIGURES},
        translation_top_terms=int(snakemake.params.translation_top_terms),
        keyness_top_terms=int(snakemake.params.keyness_top_terms),
        position_min_tokens=int(snakemake.params.position_min_tokens),
    )
