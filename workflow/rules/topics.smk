# Stage 3: topics. One model per language of topics.languages (the {lang} wildcard; every file under
# topics/{lang}/): chunks of primary-voice text, a sweep over (family, K, seed) with one job per family,
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
TOPIC_LANGUAGES = TOPIC_SETTINGS["languages"]
FINAL_TOPIC_MODEL = {
    name: result(f"topics/{{lang}}/final/{name}.npy")
    for name in ("beta", "theta", "gamma")
}
# One path pattern per run of the sweep, in (family, K, seed) order; expanded with name=<file> it lists
# the same runs in the same order for every file, as summarize_topic_sweep expects ({lang} is left
# for the rule's wildcard).
TOPIC_SWEEP = expand(
    result("topics/{{lang}}/sweep/{family}/k{k}/seed{seed}/{{name}}"),
    family=TOPIC_SETTINGS["families"],
    k=TOPIC_KS,
    seed=TOPIC_SETTINGS["seeds"],
)
# The runs of one family, in (K, seed) order, as fit_topic_runs writes them ({lang}, {family}, {name}
# left open).
FAMILY_RUNS = expand(
    result("topics/{{lang}}/sweep/{{family}}/k{k}/seed{seed}/{{name}}"),
    k=TOPIC_KS,
    seed=TOPIC_SETTINGS["seeds"],
)


TOPICS_TARGETS = expand(
    [
        result(f"topics/{{lang}}/{name}.tsv")
        for name in (
            "selection",
            "terms",
            "labels",
            "chunks",
            "documents",
            "prevalence",
            "prevalence_effects",
            "examples",
        )
    ]
    + (
        [
            result(f"topics/{{lang}}/{n}.tsv")
            for n in ("seeded_terms", "seeded_share", "seed_words")
        ]
        if TOPIC_SEEDED
        else []
    )
    + ([result("topics/{lang}/ldavis.html")] if TOPIC_SETTINGS["ldavis"] else []),
    lang=TOPIC_LANGUAGES,
)


wildcard_constraints:
    lang="[a-z]+",
    family="lda|nmf",
    k="[0-9]+",
    seed="[0-9]+",


rule prepare_topic_corpus:
    input:
        docbins=per_shard("corpus/shards/{shard}/docs.spacy"),
        lexicons=LEXICONS,
    output:
        corpus=result("topics/{lang}/corpus.tsv"),
        vocabulary=result("topics/{lang}/vocabulary.tsv"),
        lexicon_terms=result("topics/{lang}/lexicon_terms.tsv"),
    log:
        f"{LOGS}/topics/prepare_topic_corpus/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    params:
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
        reference_fraction=config["topics"]["reference_fraction"],
        resampling_seed=config["topics"]["resampling_seed"],
    script:
        "../scripts/prepare_topic_corpus.py"


rule fit_topic_runs:
    input:
        corpus=result("topics/{lang}/corpus.tsv"),
        vocabulary=result("topics/{lang}/vocabulary.tsv"),
    output:
        betas=expand(FAMILY_RUNS, name="beta.npy", allow_missing=True),
        thetas=expand(FAMILY_RUNS, name="theta.npy", allow_missing=True),
        gammas=expand(FAMILY_RUNS, name="gamma.npy", allow_missing=True),
        metrics=expand(FAMILY_RUNS, name="metrics.json", allow_missing=True),
    log:
        f"{LOGS}/topics/fit_topic_runs/{{lang}}_{{family}}.log",
    benchmark:
        f"{LOGS}/topics/benchmarks/fit_topic_runs/{{lang}}_{{family}}.tsv"
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=4000,
        runtime=120,
    params:
        ks=TOPIC_KS,
        seeds=TOPIC_SETTINGS["seeds"],
        passes=config["topics"]["passes"],
        iterations=config["topics"]["iterations"],
        nmf_max_iter=config["topics"]["nmf_max_iter"],
        coherence_top_n=config["topics"]["coherence_top_n"],
        max_training_chunks=config["topics"]["max_training_chunks"],
        resampling_seed=config["topics"]["resampling_seed"],
    script:
        "../scripts/fit_topic_runs.py"


rule summarize_topic_sweep:
    input:
        betas=expand(TOPIC_SWEEP, name="beta.npy", allow_missing=True),
        thetas=expand(TOPIC_SWEEP, name="theta.npy", allow_missing=True),
        gammas=expand(TOPIC_SWEEP, name="gamma.npy", allow_missing=True),
        metrics=expand(TOPIC_SWEEP, name="metrics.json", allow_missing=True),
        corpus=result("topics/{lang}/corpus.tsv"),
        vocabulary=result("topics/{lang}/vocabulary.tsv"),
    output:
        selection=result("topics/{lang}/selection.tsv"),
        pairs=result("topics/{lang}/stability_pairs.tsv"),
        final_beta=FINAL_TOPIC_MODEL["beta"],
        final_theta=FINAL_TOPIC_MODEL["theta"],
        final_gamma=FINAL_TOPIC_MODEL["gamma"],
    log:
        f"{LOGS}/topics/summarize_topic_sweep/{{lang}}.log",
    benchmark:
        f"{LOGS}/topics/benchmarks/summarize_topic_sweep/{{lang}}.tsv"
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        coherence_top_n=config["topics"]["coherence_top_n"],
        num_topics=config["topics"]["num_topics"],
        selection_measures=config["topics"]["selection_measures"],
    script:
        "../scripts/summarize_topic_sweep.py"


rule write_topic_model:
    input:
        corpus=result("topics/{lang}/corpus.tsv"),
        vocabulary=result("topics/{lang}/vocabulary.tsv"),
        documents=result("corpus/documents.tsv"),
        sources=document_sources(),
        beta=FINAL_TOPIC_MODEL["beta"],
        theta=FINAL_TOPIC_MODEL["theta"],
        gamma=FINAL_TOPIC_MODEL["gamma"],
    output:
        terms=result("topics/{lang}/terms.tsv"),
        chunks=result("topics/{lang}/chunks.tsv"),
        documents=result("topics/{lang}/documents.tsv"),
        prevalence=result("topics/{lang}/prevalence.tsv"),
        effects=result("topics/{lang}/prevalence_effects.tsv"),
        examples=result("topics/{lang}/examples.tsv"),
    log:
        f"{LOGS}/topics/write_topic_model/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
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
        vocabulary=result("topics/{lang}/vocabulary.tsv"),
        beta=FINAL_TOPIC_MODEL["beta"],
    output:
        labels=result("topics/{lang}/labels.tsv"),
    log:
        f"{LOGS}/topics/label_topics/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        top_n=config["topics"]["top_n"],
        frex_weight=config["topics"]["frex_weight"],
        labels=config["topics"]["labels"],
    script:
        "../scripts/label_topics.py"


rule fit_seeded_topics:
    input:
        selection=result("topics/{lang}/selection.tsv"),
        corpus=result("topics/{lang}/corpus.tsv"),
        vocabulary=result("topics/{lang}/vocabulary.tsv"),
        documents=result("corpus/documents.tsv"),
        lexicon_terms=result("topics/{lang}/lexicon_terms.tsv"),
    output:
        terms=result("topics/{lang}/seeded_terms.tsv"),
        share=result("topics/{lang}/seeded_share.tsv"),
        seed_words=result("topics/{lang}/seed_words.tsv"),
    log:
        f"{LOGS}/topics/fit_seeded_topics/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=4000,
        runtime=120,
    params:
        strength=config["topics"]["seeded"]["strength"],
        other_topics=config["topics"]["seeded"]["other_topics"],
        seeds=config["topics"]["seeds"],
        passes=config["topics"]["passes"],
        iterations=config["topics"]["iterations"],
        top_n=config["topics"]["top_n"],
        frex_weight=config["topics"]["frex_weight"],
        max_training_chunks=config["topics"]["max_training_chunks"],
        resampling_seed=config["topics"]["resampling_seed"],
    script:
        "../scripts/fit_seeded_topics.py"


rule visualize_topic_model:
    input:
        corpus=result("topics/{lang}/corpus.tsv"),
        vocabulary=result("topics/{lang}/vocabulary.tsv"),
        beta=FINAL_TOPIC_MODEL["beta"],
        theta=FINAL_TOPIC_MODEL["theta"],
    output:
        html=result("topics/{lang}/ldavis.html"),
    log:
        f"{LOGS}/topics/visualize_topic_model/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    script:
        "../scripts/visualize_topic_model.py"
