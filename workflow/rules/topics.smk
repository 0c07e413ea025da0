# Stage 3: topics. Chunks of primary-voice text, a sweep over (family, K, seed) with one job per run,
# the gathered selection table and the final model (the chosen LDA run), its tables and labels, seeded
# topics. Each rule gets only the config keys it reads, so that e.g. a new label reruns only the jobs
# that show labels.

TOPIC_SETTINGS = config["topics"]
TOPIC_KS = sorted(
    set(TOPIC_SETTINGS["k"])
    | (
        {TOPIC_SETTINGS["num_topics"]}
        if TOPIC_SETTINGS["num_topics"] != "auto"
        else set()
    )
)
TOPIC_SEEDED = TOPIC_SETTINGS["seeded"]["enabled"]
FINAL_TOPIC_MODEL = {
    "beta": result("topics/final/beta.npy"),
    "theta": result("topics/final/theta.npy"),
}
# One path pattern per run of the sweep, in (family, K, seed) order; expanded with name=<file> it lists
# the same runs in the same order for every file, as summarize_topic_sweep expects.
TOPIC_SWEEP = expand(
    result("topics/sweep/{family}/k{k}/seed{seed}/{{name}}"),
    family=TOPIC_SETTINGS["families"],
    k=TOPIC_KS,
    seed=TOPIC_SETTINGS["seeds"],
)


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
        languages=config["topics"]["languages"],
        unit=config["topics"]["unit"],
        window_sentences=config["topics"]["window_sentences"],
        extra_stopwords=config["topics"]["extra_stopwords"],
        zh_user_words=config["topics"]["zh_user_words"],
        seeded=config["topics"]["seeded"]["enabled"],
        keep_seed_words=config["topics"]["seeded"]["keep_seed_words"],
        phrases=config["topics"]["phrases"],
        min_df=config["topics"]["min_df"],
        max_df=config["topics"]["max_df"],
        min_chunk_tokens=config["topics"]["min_chunk_tokens"],
        heldout_fraction=config["topics"]["heldout_fraction"],
        resampling_seed=config["topics"]["resampling_seed"],
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
        passes=config["topics"]["passes"],
        iterations=config["topics"]["iterations"],
        nmf_max_iter=config["topics"]["nmf_max_iter"],
        coherence_top_n=config["topics"]["coherence_top_n"],
    script:
        "../scripts/fit_topic_run.py"


rule summarize_topic_sweep:
    input:
        betas=expand(TOPIC_SWEEP, name="beta.npy"),
        thetas=expand(TOPIC_SWEEP, name="theta.npy"),
        metrics=expand(TOPIC_SWEEP, name="metrics.json"),
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
    output:
        selection=result("topics/selection.tsv"),
        pairs=result("topics/stability_pairs.tsv"),
        final_beta=FINAL_TOPIC_MODEL["beta"],
        final_theta=FINAL_TOPIC_MODEL["theta"],
    log:
        f"{LOGS}/topics/summarize_topic_sweep.log",
    benchmark:
        f"{LOGS}/topics/benchmarks/summarize_topic_sweep.tsv"
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        coherence_top_n=config["topics"]["coherence_top_n"],
        num_topics=config["topics"]["num_topics"],
        selection_measures=config["topics"]["selection_measures"],
    script:
        "../scripts/summarize_topic_sweep.py"


rule write_topic_model:
    input:
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
        documents=result("corpus/documents.tsv"),
        sources=document_sources(),
        beta=FINAL_TOPIC_MODEL["beta"],
        theta=FINAL_TOPIC_MODEL["theta"],
    output:
        terms=result("topics/terms.tsv"),
        chunks=result("topics/chunks.tsv"),
        documents=result("topics/documents.tsv"),
        prevalence=result("topics/prevalence.tsv"),
        examples=result("topics/examples.tsv"),
    log:
        f"{LOGS}/topics/write_topic_model.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        top_n=config["topics"]["top_n"],
        frex_weight=config["topics"]["frex_weight"],
        bootstrap_resamples=config["topics"]["bootstrap_resamples"],
        resampling_seed=config["topics"]["resampling_seed"],
        examples_per_topic=config["topics"]["examples_per_topic"],
    script:
        "../scripts/write_topic_model.py"


rule label_topics:
    input:
        vocabulary=result("topics/vocabulary.tsv"),
        beta=FINAL_TOPIC_MODEL["beta"],
    output:
        labels=result("topics/labels.tsv"),
    log:
        f"{LOGS}/topics/label_topics.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        top_n=config["topics"]["top_n"],
        frex_weight=config["topics"]["frex_weight"],
        labels=config["topics"]["labels"],
    script:
        "../scripts/label_topics.py"


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
        strength=config["topics"]["seeded"]["strength"],
        other_topics=config["topics"]["seeded"]["other_topics"],
        seeds=config["topics"]["seeds"],
        passes=config["topics"]["passes"],
        iterations=config["topics"]["iterations"],
        top_n=config["topics"]["top_n"],
        frex_weight=config["topics"]["frex_weight"],
        bootstrap_resamples=config["topics"]["bootstrap_resamples"],
        resampling_seed=config["topics"]["resampling_seed"],
    script:
        "../scripts/fit_seeded_topics.py"


rule visualize_topic_model:
    input:
        corpus=result("topics/corpus.tsv"),
        vocabulary=result("topics/vocabulary.tsv"),
        beta=FINAL_TOPIC_MODEL["beta"],
        theta=FINAL_TOPIC_MODEL["theta"],
    output:
        html=result("topics/ldavis.html"),
    log:
        f"{LOGS}/topics/visualize_topic_model.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/visualize_topic_model.py"
