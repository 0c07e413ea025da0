"""Adapter for rule validate_rhetoric: rhetoric/validation.tsv and rhetoric/validation_disagreements.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.rhetoric.validation import run_validate_rhetoric

with step_log(snakemake.log[0]):
    sample = snakemake.input.sample
    matches = snakemake.input.matches
    documents = snakemake.input.documents
    lexicons = list(snakemake.input.lexicons)
    gwr_sample = list(snakemake.input.gwr_sample)
    gwr_texts = list(snakemake.input.gwr_texts)
    models = dict(snakemake.params.models)
    seed = int(snakemake.params.seed)
    resamples = int(snakemake.params.resamples)
    run_validate_rhetoric(
        sample,
        matches,
        documents,
        lexicons,
        snakemake.output.metrics,
        snakemake.output.disagreements,
        gwr_sample_tsv=gwr_sample[0] if gwr_sample else None,
        gwr_texts=gwr_texts,
        models=models,
        seed=seed,
        resamples=resamples,
    )
