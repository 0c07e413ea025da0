"""Adapter for rule summarize_topic_sweep: topics/{lang}/selection.tsv, stability_pairs.tsv and the
final model (topics/{lang}/final/beta.npy, theta.npy, gamma.npy)."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.topics.selection import run_summarize_topic_sweep

with job_log(snakemake.log[0]):
    params = snakemake.params
    run_summarize_topic_sweep(
        list(snakemake.input.betas),
        list(snakemake.input.thetas),
        list(snakemake.input.gammas),
        list(snakemake.input.metrics),
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        snakemake.output.selection,
        snakemake.output.pairs,
        snakemake.output.final_beta,
        snakemake.output.final_theta,
        snakemake.output.final_gamma,
        coherence_top_n=int(params.coherence_top_n),
        num_topics=params.num_topics,
        selection_measures=list(params.selection_measures),
    )
