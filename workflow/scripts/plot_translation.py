"""Adapter for rule plot_translation: figures/translation_pairs.{tsv,pdf,png,svg} (figure 4)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.translation import run_plot_translation

with step_log(snakemake.log[0]):
    run_plot_translation(
        snakemake.input.pairs,
        snakemake.input.tests,
        snakemake.input.terms,
        list(snakemake.output),
        top_terms=int(snakemake.params.top_terms),
    )
