"""Adapter for rule plot_position: figures/position_in_document.{tsv,pdf,png,svg} (figure 6)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.figures import run_plot_position

sentences = snakemake.input.sentences
matches = snakemake.input.matches
documents = snakemake.input.documents
lexicons = list(snakemake.input.lexicons)
outputs = list(snakemake.output)
bins = int(snakemake.params.bins)
min_tokens = int(snakemake.params.min_tokens)

with step_log(snakemake.log[0]):
    run_plot_position(
        sentences, matches, documents, lexicons, outputs, bins=bins, min_tokens=min_tokens
    )
