"""Adapter for rule plot_voice_by_document: figures/voice_by_document.{tsv,pdf,png,svg} (figure 3)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.voice_by_document import run_plot_voice_by_document

with step_log(snakemake.log[0]):
    run_plot_voice_by_document(snakemake.input.document_scores, list(snakemake.output))
