# Stage 1: ingest. Voice segments per document, the document table, Chinese-English pairs.


INGEST_TARGETS = [
    result("corpus/documents.tsv"),
    result("corpus/segments.tsv"),
    result("corpus/aligned_pairs.tsv"),
]


rule segment_document:
    input:
        source=document_source,
    output:
        segments=result("corpus/segments/{doc_id}.tsv"),
    log:
        f"{LOGS}/ingest/segment_document/{{doc_id}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        annotation=document_annotation,
    script:
        "../scripts/segment_document.py"


rule describe_corpus:
    input:
        sources=document_sources(),
        segments=per_document("corpus/segments/{doc_id}.tsv"),
    output:
        documents=result("corpus/documents.tsv"),
        segments=result("corpus/segments.tsv"),
    log:
        f"{LOGS}/ingest/describe_corpus.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        manifest=manifest_rows(),
    script:
        "../scripts/describe_corpus.py"


rule align_translations:
    input:
        segments=result("corpus/segments.tsv"),
    output:
        pairs=result("corpus/aligned_pairs.tsv"),
    log:
        f"{LOGS}/ingest/align_translations.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/align_translations.py"
