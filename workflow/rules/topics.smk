# Stage 3: topics. Chunks of primary-voice text, a sweep over (family, K, seed) with one job per run,
# the gathered selection table, the chosen LDA run's tables, seeded topics, figures.

TOPIC_SETTINGS = config["topics"]
TOPIC_KS = sorted(
    set(TOPIC_SETTINGS["k"])
    | (
        {TOPIC_SETTINGS["num_topics"]}
        if TOPIC_SETTINGS["num_topics"] != "auto"
        else set()
    )
)
TOPIC_SWEEP = expand(
    result("topics/sweep/{family}/k{k}/seed{seed}/{{name}}"),
    family=TOPIC_SETTINGS["families"],
    k=TOPIC_KS,
    seed=TOPIC_SETTINGS["seeds"],
)
TOPIC_SEEDED = TOPIC_SETTINGS["seeded"]["enabled"]

TOPICS_TARGETS = (
    [
        result(f"topics/{name}.tsv")
        for name in (
            "selection",
            "terms",
            "labels",
            "chunks",
            "documents",
            "prevalence",
            "examples",
        )
    ]
    + (
        [
            result(f"topics/{n}.tsv")
            for n in ("seeded_terms", "seeded_share", "seed_words")
        ]
        if TOPIC_SEEDED
        else []
    )
    + ([result("topics/ldavis.html")] if TOPIC_SETTINGS["ldavis"] else [])
)


wildcard_constraints:
    family="lda|nmf",
    k="[0-9]+",
    seed="[0-9]+",


rule prepare_topic_corpus:
    input:
        docbins=per_document("corpus/docs/{doc_id}.spacy"),
        lexicons=LEXICONS,
    output:
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
    log:
        f"{LOGS}/topics/prepare_topic_corpus.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        settings=TOPIC_SETTINGS,
    script:
        "../scripts/prepare_topic_corpus.py"


rule fit_topic_run:
    input:
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
    output:
        beta=result("topics/sweep/{family}/k{k}/seed{seed}/beta.npy"),
        theta=result("topics/sweep/{family}/k{k}/seed{seed}/theta.npy"),
        metrics=result("topics/sweep/{family}/k{k}/seed{seed}/metrics.json"),
    log:
        f"{LOGS}/topics/fit_topic_run/{{family}}_k{{k}}_seed{{seed}}.log",
    benchmark:
        f"{LOGS}/topics/benchmarks/fit_topic_run/{{family}}_k{{k}}_seed{{seed}}.tsv"
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        settings=TOPIC_SETTINGS,
    script:
        "../scripts/fit_topic_run.py"


rule summarize_topic_sweep:
    input:
        betas=expand(TOPIC_SWEEP, name="beta.npy"),
        metrics=expand(TOPIC_SWEEP, name="metrics.json"),
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
    output:
        selection=result("topics/selection.tsv"),
        pairs=result("topics/stability_pairs.tsv"),
    log:
        f"{LOGS}/topics/summarize_topic_sweep.log",
    benchmark:
        f"{LOGS}/topics/benchmarks/summarize_topic_sweep.tsv"
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        settings=TOPIC_SETTINGS,
    script:
        "../scripts/summarize_topic_sweep.py"


rule write_topic_model:
    input:
        selection=result("topics/selection.tsv"),
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
        documents=result("corpus/documents.tsv"),
        sources=document_sources(),
        betas=expand(TOPIC_SWEEP, name="beta.npy"),
        thetas=expand(TOPIC_SWEEP, name="theta.npy"),
    output:
        terms=result("topics/terms.tsv"),
        labels=result("topics/labels.tsv"),
        chunks=result("topics/chunks.tsv"),
        documents=result("topics/documents.tsv"),
        prevalence=result("topics/prevalence.tsv"),
        examples=result("topics/examples.tsv"),
    log:
        f"{LOGS}/topics/write_topic_model.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        settings=TOPIC_SETTINGS,
    script:
        "../scripts/write_topic_model.py"


rule fit_seeded_topics:
    input:
        selection=result("topics/selection.tsv"),
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
        documents=result("corpus/documents.tsv"),
        lexicons=LEXICONS,
    output:
        terms=result("topics/seeded_terms.tsv"),
        share=result("topics/seeded_share.tsv"),
        seed_words=result("topics/seed_words.tsv"),
    log:
        f"{LOGS}/topics/fit_seeded_topics.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        settings=TOPIC_SETTINGS,
    script:
        "../scripts/fit_seeded_topics.py"


rule visualize_topic_model:
    input:
        selection=result("topics/selection.tsv"),
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
        betas=expand(TOPIC_SWEEP, name="beta.npy"),
        thetas=expand(TOPIC_SWEEP, name="theta.npy"),
    output:
        html=result("topics/ldavis.html"),
    log:
        f"{LOGS}/topics/visualize_topic_model.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/visualize_topic_model.py"
