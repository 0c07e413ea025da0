# Stage 4: topics. gensim LDA over primary-voice chunks.


TOPICS_TARGETS = [
    result("topics/terms.tsv"),
    result("topics/chunks.tsv"),
    result("topics/documents.tsv"),
    result("topics/labels.tsv"),
]


rule fit_topics:
    input:
        docbins=per_document("tokens/docs/{doc_id}.spacy"),
        documents=result("corpus/documents.tsv"),
    output:
        terms=result("topics/terms.tsv"),
        chunks=result("topics/chunks.tsv"),
        documents=result("topics/documents.tsv"),
        labels=result("topics/labels.tsv"),
    log:
        f"{LOGS}/topics/fit_topics.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        settings=config["topics"],
    script:
        "../scripts/fit_topics.py"
