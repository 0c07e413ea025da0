"""Adapter for rule validate_rhetoric: rhetoric/validation.tsv, validation_disagreements.tsv, intercoder.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.validation import run_validate_rhetoric

with job_log(snakemake.log[0]):
    gwr_sample = list(snakemake.input.gwr_sample)
    run_validate_rhetoric(
        snakemake.input.sample,
        snakemake.input.matches,
        snakemake.input.documents,
        list(snakemake.input.lexicons),
        snakemake.output.metrics,
        snakemake.output.disagreements,
        snakemake.output.intercoder,
        gwr_sample_tsv=gwr_sample[0] if gwr_sample else None,
        gwr_texts=list(snakemake.input.gwr_texts),
        external_samples=list(snakemake.params.external_samples),
        en_model=snakemake.params.en_model,
        zh_model=snakemake.params.zh_model,
        seed=int(snakemake.params.seed),
        resamples=int(snakemake.params.resamples),
        classifier_folds=int(snakemake.params.classifier_folds),
    )
