"""Adapter for rule measure_cooccurrence: rhetoric/cooccurrence.tsv."""

from policy_rhetoric.core.logs import step_log
from policy_rhetoric.rhetoric.rates import run_measure_cooccurrence

with step_log(snakemake.log[0]):
    sentences = snakemake.input.sentences
    segments = snakemake.input.segments
    matches = snakemake.input.matches
    seed = int(snakemake.params.seed)
    permutations = int(snakemake.params.permutations)
    run_measure_cooccurrence(
        sentences,
        segments,
        matches,
        snakemake.output.cooccurrence,
        seed=seed,
        permutations=permutations,
    )
