# Stage 2: tokenize. One job per document (spaCy), then the gathered sentence table.


TOKENIZE_TARGETS = [result("tokens/sentences.tsv")]


rule tokenize_document:
    input:
        segments=result("corpus/segments/{doc_id}.tsv"),
    output:
        docbin=result("tokens/docs/{doc_id}.spacy"),
        sentences=result("tokens/sentences/{doc_id}.tsv"),
    log:
        f"{LOGS}/tokenize/tokenize_document/{{doc_id}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        models=MODELS,
    script:
        "../scripts/tokenize_document.py"


rule gather_sentences:
    input:
        sentences=per_document("tokens/sentences/{doc_id}.tsv"),
    output:
        sentences=result("tokens/sentences.tsv"),
    log:
        f"{LOGS}/tokenize/gather_sentences.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/gather_sentences.py"
