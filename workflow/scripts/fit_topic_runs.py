"""Adapter for rule fit_topic_runs: every (K, seed) run of one family of the sweep -> beta, theta, gamma
.npy, metrics.json per run."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.topics.fitting import run_fit_topic_runs

with job_log(snakemake.log[0]):
    params = snakemake.params
    run_fit_topic_runs(
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        list(snakemake.output.betas),
        list(snakemake.output.thetas),
        list(snakemake.output.gammas),
        list(snakemake.output.metrics),
        family=snakemake.wildcards.family,
        ks=[int(k) for k in params.ks],
        seeds=[int(s) for s in params.seeds],
        passes=int(params.passes),
        iterations=int(params.iterations),
        nmf_max_iter=int(params.nmf_max_iter),
        coherence_top_n=int(params.coherence_top_n),
        max_training_chunks=params.max_training_chunks,
        resampling_seed=int(params.resampling_seed),
    )
