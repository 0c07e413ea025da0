"""Adapter for rule validate_rhetoric: validation/rhetoric.tsv and validation/disagreements.tsv."""

from policy_rhetoric.logs import step_log
from policy_rhetoric.rhetoric_validation import run_validate_rhetoric

with step_log(snakemake.log[0]):
    sample = snakemake.input.sample
    matches = snakemake.input.matches
    documents = snakemake.input.documents
    lexicons = list(snakemake.input.lexicons)
    gwr_sample = snakemake.params.gwr_sample or None
    gwr_texts = snakemake.params.gwr_texts or None
    models = dict(snakemake.params.models)
    run_validate_rhetoric(
        sample,
        matches,
        documents,
        lexicons,
        snakemake.output.metrics,
        snakemake.output.disagreements,
        gwr_sample_tsv=gwr_sample,
        gwr_root=gwr_texts,
        models=models,
    )
