# Stage 1: ingest. Voice segments per document, the document table, Chinese-English pairs, and the
# voice validation against the hand-coded sample (when validation.voice_sample is set).


INGEST_TARGETS = [
    result("corpus/documents.tsv"),
    result("corpus/segments.tsv"),
    result("corpus/aligned_pairs.tsv"),
] + (
    [result("validation/voice.tsv"), result("validation/voice_disagreements.tsv")]
    if config["validation"]["voice_sample"]
    else []
)


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


rule validate_voice:
    input:
        sample=config["validation"]["voice_sample"] or [],
        segments=result("corpus/segments.tsv"),
        sources=document_sources(),
    output:
        metrics=result("validation/voice.tsv"),
        disagreements=result("validation/voice_disagreements.tsv"),
    log:
        f"{LOGS}/ingest/validate_voice.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        manifest=manifest_rows(),
    script:
        "../scripts/validate_voice.py"
