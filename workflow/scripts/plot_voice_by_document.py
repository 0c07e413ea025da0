"""Adapter for rule plot_voice_by_document: figures/voice_by_document.{tsv,pdf,png,svg} (figure 3)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.figures import run_plot_voice_by_document

sentences = snakemake.input.sentences
matches = snakemake.input.matches
documents = snakemake.input.documents
lexicons = list(snakemake.input.lexicons)
outputs = list(snakemake.output)
seed = int(snakemake.params.seed)
resamples = int(snakemake.params.resamples)

with step_log(snakemake.log[0]):
    run_plot_voice_by_document(
        sentences, matches, documents, lexicons, outputs, seed=seed, resamples=resamples
    )
