# Stage 1: corpus. Voice segments, spaCy tokens and sentences per shard of documents (corpus.shard_size;
# corpus/shards.tsv says which shard holds a document), the document table, Chinese-English pairs, and
# the voice validation against the hand-coded sample.


CORPUS_TARGETS = [
    result("corpus/documents.tsv"),
    result("corpus/shards.tsv"),
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


rule segment_shard:
    input:
        sources=shard_sources,
    output:
        segments=result("corpus/shards/{shard}/segments.tsv"),
    log:
        f"{LOGS}/corpus/segment_shard/{{shard}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    threads: 1
    resources:
        mem_mb=1000,
        runtime=30,
    params:
        doc_ids=shard_doc_ids,
        annotations=shard_annotations,
        default_voices=shard_default_voices,
    script:
        "../scripts/segment_shard.py"


rule describe_corpus:
    input:
        sources=document_sources(),
        segments=per_shard("corpus/shards/{shard}/segments.tsv"),
    output:
        documents=result("corpus/documents.tsv"),
        segments=result("corpus/segments.tsv"),
        shards=result("corpus/shards.tsv"),
    log:
        f"{LOGS}/corpus/describe_corpus.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        manifest=manifest_rows(),
        shards=SHARDS,
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


rule tokenize_shard:
    input:
        segments=result("corpus/shards/{shard}/segments.tsv"),
    output:
        docbin=result("corpus/shards/{shard}/docs.spacy"),
        sentences=result("corpus/shards/{shard}/sentences.tsv"),
    log:
        f"{LOGS}/corpus/tokenize_shard/{{shard}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        en_model=config["nlp"]["en_model"],
        zh_model=config["nlp"]["zh_model"],
    script:
        "../scripts/tokenize_shard.py"


rule gather_sentences:
    input:
        sentences=per_shard("corpus/shards/{shard}/sentences.tsv"),
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
