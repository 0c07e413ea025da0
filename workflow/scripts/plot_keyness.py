"""Adapter for rule plot_keyness: figures/keyness_by_genre.{pdf,png,svg} (figure 5)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.keyness import run_plot_keyness

with step_log(snakemake.log[0]):
    run_plot_keyness(
        snakemake.input.keyness, list(snakemake.output), top_n=int(snakemake.params.top_n)
    )
