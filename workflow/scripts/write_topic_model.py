"""Adapter for rule write_topic_model: the chosen run's terms, labels, chunks, documents, prevalence, examples."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.topics.model import run_write_topic_model

with step_log(snakemake.log[0]):
    outputs = {name: snakemake.output[name] for name in snakemake.output.keys()}
    run_write_topic_model(
        snakemake.input.selection,
        snakemake.input.corpus,
        snakemake.input.vocabulary,
        snakemake.input.documents,
        list(snakemake.input.betas),
        list(snakemake.input.thetas),
        dict(snakemake.params.settings),
        outputs,
    )
