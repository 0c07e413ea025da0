# Shared helpers: experiment paths, the validated manifest, per-document inputs.
import os
import sys

from policy_rhetoric.experiment import validate_experiment
from policy_rhetoric.corpus.voice_validation import sample_scope

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
    doc_id="|".join(re.escape(d) for d in DOC_IDS),


def result(path):
    return os.path.join(RESULTS, path)


def per_document(pattern):
    return expand(os.path.join(RESULTS, pattern), doc_id=DOC_IDS)


def document_source(wildcards):
    return os.path.join(config["corpus"]["root"], DOCS[wildcards.doc_id].meta["path"])


def document_sources():
    return [
        os.path.join(config["corpus"]["root"], DOCS[d].meta["path"]) for d in DOC_IDS
    ]


def document_annotation(wildcards):
    return ANNOTATIONS.get(wildcards.doc_id, {})


def document_default_voice(wildcards):
    """The manifest's default_voice of the document, else corpus.default_voice."""
    meta = DOCS[wildcards.doc_id].meta
    return meta.get("default_voice") or config["corpus"]["default_voice"]


def manifest_rows():
    return [DOCS[d].meta for d in DOC_IDS]
