"""Adapter for rule plot_translation: figures/translation_pairs.{tsv,pdf,png,svg} (figure 4) and
figures/translation_terms.tsv (lexicon entries matched on one side of an aligned pair only)."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.paper.figures import run_plot_translation

pairs = snakemake.input.pairs
sentences = snakemake.input.sentences
matches = snakemake.input.matches
documents = snakemake.input.documents
lexicons = list(snakemake.input.lexicons)
outputs = [
    snakemake.output.data,
    snakemake.output.pdf,
    snakemake.output.png,
    snakemake.output.svg,
]
terms = snakemake.output.terms
top_terms = int(snakemake.params.top_terms)

with step_log(snakemake.log[0]):
    run_plot_translation(
        pairs, sentences, matches, documents, lexicons, outputs, terms, top_terms=top_terms
    )
