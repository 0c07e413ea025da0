"""Adapter for rule infer_rhetoric: rhetoric/document_counts.tsv, genre_estimates.tsv and
genre_inference.tsv."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.rhetoric.inference import run_infer_rhetoric

with job_log(snakemake.log[0]):
    run_infer_rhetoric(
        snakemake.input.sentences,
        snakemake.input.matches,
        snakemake.input.documents,
        snakemake.input.pairs,
        list(snakemake.input.lexicons),
        snakemake.output.counts,
        snakemake.output.estimates,
        snakemake.output.inference,
        pooled_language=snakemake.params.pooled_language,
        overlap_years=list(snakemake.params.overlap_years),
        seed=int(snakemake.params.seed),
        resamples=int(snakemake.params.resamples),
        permutations=int(snakemake.params.permutations),
    )
