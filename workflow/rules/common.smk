# Shared helpers: experiment paths, the validated manifest, the shards of documents, per-shard inputs.
import os
import sys

from policy_rhetoric.experiment import validate_experiment
from policy_rhetoric.corpus.voice_validation import sample_scope
from policy_rhetoric.corpus.shards import assign_shards

# Everything the experiment reads is checked here, before any job: config files (strictly), config,
# manifest and documents, annotations, lexicons, validation samples (see README, "Bad input").
# Checks that passed are remembered by file hash in .snakemake/policy_rhetoric/ (fast dry runs).
CHECKED = validate_experiment(
    config, workflow.configfiles, cache_dir=".snakemake/policy_rhetoric/checked"
)
EXPERIMENT = config["experiment"]
RESULTS = f"results/{EXPERIMENT}"
LOGS = f"logs/{EXPERIMENT}"
MANIFEST = CHECKED.manifest
DOCS = {row.doc_id: row for row in MANIFEST}
DOC_IDS = sorted(DOCS)
ANNOTATIONS = CHECKED.annotations
LEXICONS = config["lexicons"]
# Segmenting, tokenizing and matching run per shard of documents (corpus.shard_size): shard -> doc_ids,
# contiguous chunks of the sorted doc_ids; corpus/shards.tsv records each document's shard.
SHARDS = assign_shards(DOC_IDS, config["corpus"]["shard_size"])


def scoped_sample(key):
    """A validation sample's path for this experiment: rows of documents not in the manifest are left
    out (one info line says how many); "" when no row remains, so the table is not written empty.
    """
    path = config["validation"][key]
    if not path:
        return ""
    inside, outside = sample_scope(path, DOC_IDS)
    if outside:
        kept = f"{inside} kept" if inside else "none kept: this validation is left out"
        print(
            f"info: validation.{key} ({path}): {outside} of {inside + outside} rows are of "
            f"documents not in this experiment's manifest and are left out ({kept})",
            file=sys.stderr,
        )
    return path if inside or not outside else ""


VOICE_SAMPLE = scoped_sample("voice_sample")
RHETORIC_SAMPLE = scoped_sample("rhetoric_sample")
# The spaCy pipelines by language, for rules that take both (nlp.en_model, nlp.zh_model).


wildcard_constraints:
    shard="[0-9]+",


def result(path):
    return os.path.join(RESULTS, path)


def per_shard(pattern):
    """`pattern` with {shard} for every shard, in shard order (= doc_id order)."""
    return expand(os.path.join(RESULTS, pattern), shard=SHARDS)


def shard_sources(wildcards):
    """The files of the shard's documents, in doc_id order."""
    return [
        os.path.join(config["corpus"]["root"], DOCS[d].meta["path"])
        for d in SHARDS[wildcards.shard]
    ]


def shard_doc_ids(wildcards):
    return SHARDS[wildcards.shard]


def shard_annotations(wildcards):
    """doc_id -> voice annotation of the shard's documents that have one."""
    return {d: ANNOTATIONS[d] for d in SHARDS[wildcards.shard] if d in ANNOTATIONS}


def shard_default_voices(wildcards):
    """doc_id -> the manifest's default_voice of the document, else corpus.default_voice."""
    return {
        d: DOCS[d].meta.get("default_voice") or config["corpus"]["default_voice"]
        for d in SHARDS[wildcards.shard]
    }


def document_sources():
    return [
        os.path.join(config["corpus"]["root"], DOCS[d].meta["path"]) for d in DOC_IDS
    ]


def manifest_rows():
    return [DOCS[d].meta for d in DOC_IDS]


# paper.smk: one figure's output files (plot_rhetoric_figures and plot_rhetoric_estimates name eleven of them)
def figure_files(figure, category, subcategory=None, data=True):
    """A figure's files in the order its run_plot_* takes them: [numbers TSV,] PDF, PNG (in the
    report, with the caption workflow/report/<figure>.rst), SVG."""
    labels = {"category": category}
    if subcategory:
        labels["subcategory"] = subcategory
    png = report(
        result(f"paper/figures/{figure}.png"),
        caption=f"../report/{figure}.rst",
        **labels,
    )
    files = [
        result(f"paper/figures/{figure}.pdf"),
        png,
        result(f"paper/figures/{figure}.svg"),
    ]
    return ([result(f"paper/figures/{figure}.tsv")] if data else []) + files


# Snakemake's job rate limit (--max-jobs-per-timespan, default 100/1s) re-runs the scheduler from a
# timer that every scheduling round starts anew (Snakemake 9.x), so the rounds per second grow with the
# jobs finished so far, and every round stats every input of every ready job (the 2,000 documents of
# describe_corpus, write_kwic, write_topic_model, ...): at 10M tokens the driver spent 685 CPU-s on it.
# A local run is bounded by --cores and needs no rate limit, so it is dropped there; a cluster run
# (e.g. --workflow-profile profiles/slurm) keeps it. Rounds then follow job events only.
onstart:
    if workflow.local_exec and getattr(
        workflow.scheduler, "job_rate_limiter", None
    ):
        workflow.scheduler.job_rate_limiter = None
