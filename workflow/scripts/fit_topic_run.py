"""Adapter for rule fit_topic_run: one (family, K, seed) of the sweep -> beta.npy, theta.npy, metrics.json."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.topics.selection import run_fit_topic_run

with step_log(snakemake.log[0]):
    family = snakemake.wildcards.family
    k = int(snakemake.wildcards.k)
    seed = int(snakemake.wildcards.seed)
    run_fit_topic_run(
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        family,
        k,
        seed,
        dict(snakemake.params.settings),
        snakemake.output.beta,
        snakemake.output.theta,
        snakemake.output.metrics,
    )
