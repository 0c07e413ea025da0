"""Adapter for rule fit_topic_run: one (family, K, seed) of the sweep -> beta, theta, gamma .npy, metrics.json."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.topics.fitting import run_fit_topic_run

with step_log(snakemake.log[0]):
    params = snakemake.params
    run_fit_topic_run(
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        snakemake.output.beta,
        snakemake.output.theta,
        snakemake.output.gamma,
        snakemake.output.metrics,
        family=snakemake.wildcards.family,
        k=int(snakemake.wildcards.k),
        seed=int(snakemake.wildcards.seed),
        passes=int(params.passes),
        iterations=int(params.iterations),
        nmf_max_iter=int(params.nmf_max_iter),
        coherence_top_n=int(params.coherence_top_n),
    )
