# Shared helpers: experiment paths, the validated manifest, per-document inputs.
import os

from policy_rhetoric.core.config import check_config
from policy_rhetoric.core.genres import allowed_genres
from policy_rhetoric.corpus.manifest import load_annotations, read_manifest

check_config(config)
EXPERIMENT = config["experiment"]
RESULTS = f"results/{EXPERIMENT}"
LOGS = f"logs/{EXPERIMENT}"
MANIFEST = read_manifest(
    config["corpus"]["manifest"], config["corpus"]["root"], allowed_genres(config)
)
DOCS = {row.doc_id: row for row in MANIFEST}
DOC_IDS = sorted(DOCS)
ANNOTATIONS = load_annotations(config["corpus"]["voice_annotations"], DOC_IDS)
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
