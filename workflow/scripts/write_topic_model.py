"""Adapter for rule write_topic_model: the final model's terms, chunks, documents, prevalence, examples."""

from policy_rhetoric.core.logs import job_log
from policy_rhetoric.topics.model import run_write_topic_model

with job_log(snakemake.log[0]):
    params = snakemake.params
    run_write_topic_model(
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        snakemake.input.documents,
        snakemake.input.beta,
        snakemake.input.theta,
        snakemake.input.gamma,
        {name: snakemake.output[name] for name in snakemake.output.keys()},
        top_n=int(params.top_n),
        frex_weight=float(params.frex_weight),
        bootstrap_resamples=int(params.bootstrap_resamples),
        resampling_seed=int(params.resampling_seed),
        examples_per_topic=int(params.examples_per_topic),
    )
