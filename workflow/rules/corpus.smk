# Stage 1: corpus. Voice segments per document, the document table, Chinese-English pairs, spaCy
# tokens and sentences per document, and the voice validation against the hand-coded sample.


CORPUS_TARGETS = [
    result("corpus/documents.tsv"),
    result("corpus/segments.tsv"),
    result("corpus/aligned_pairs.tsv"),
    result("corpus/sentences.tsv"),
] + (
    [result("corpus/voice_validation.tsv"), result("corpus/voice_disagreements.tsv")]
    if VOICE_SAMPLE
    else []
)
CORPUS_TARGETS += (
    [result("corpus/annotation_warnings.tsv")]
    if config["corpus"]["unmatched_annotations"] == "warn"
    else []
)


rule segment_document:
    input:
        source=document_source,
    output:
        segments=result("corpus/segments/{doc_id}.tsv"),
    log:
        f"{LOGS}/corpus/segment_document/{{doc_id}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        annotation=document_annotation,
        default_voice=document_default_voice,
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
        f"{LOGS}/corpus/describe_corpus.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
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
        f"{LOGS}/corpus/align_translations.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/align_translations.py"


rule tokenize_document:
    input:
        segments=result("corpus/segments/{doc_id}.tsv"),
    output:
        docbin=result("corpus/docs/{doc_id}.spacy"),
        sentences=result("corpus/sentences/{doc_id}.tsv"),
    log:
        f"{LOGS}/corpus/tokenize_document/{{doc_id}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        en_model=config["nlp"]["en_model"],
        zh_model=config["nlp"]["zh_model"],
    script:
        "../scripts/tokenize_document.py"


rule gather_sentences:
    input:
        sentences=per_document("corpus/sentences/{doc_id}.tsv"),
    output:
        sentences=result("corpus/sentences.tsv"),
    log:
        f"{LOGS}/corpus/gather_sentences.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    script:
        "../scripts/gather_sentences.py"


rule validate_voice:
    input:
        sample=VOICE_SAMPLE or [],
        segments=result("corpus/segments.tsv"),
        sources=document_sources(),
    output:
        metrics=result("corpus/voice_validation.tsv"),
        disagreements=result("corpus/voice_disagreements.tsv"),
    log:
        f"{LOGS}/corpus/validate_voice.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        doc_ids=DOC_IDS,
    script:
        "../scripts/validate_voice.py"


# corpus.unmatched_annotations: warn; annotation anchors that begin no line, in a table (with error,
# the default, such an anchor stops the workflow when it loads)
rule list_annotation_warnings:
    input:
        annotations=config["corpus"]["voice_annotations"] or [],
        sources=document_sources(),
    output:
        warnings=result("corpus/annotation_warnings.tsv"),
    log:
        f"{LOGS}/corpus/list_annotation_warnings.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        doc_ids=DOC_IDS,
        annotations=ANNOTATIONS,
    script:
        "../scripts/list_annotation_warnings.py"
