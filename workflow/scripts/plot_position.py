"""Adapter for rule plot_position: figures/position_in_document.{tsv,pdf,png,svg} (figure 6)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.position import run_plot_position

with step_log(snakemake.log[0]):
    run_plot_position(
        snakemake.input.position,
        list(snakemake.output),
        min_tokens=int(snakemake.params.min_tokens),
    )
