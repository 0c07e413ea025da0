# Shared helpers: experiment paths, the validated manifest, per-document inputs.
import os

from policy_rhetoric.experiment import validate_experiment

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


def manifest_rows():
    return [DOCS[d].meta for d in DOC_IDS]
