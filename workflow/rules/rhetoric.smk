# Stage 2: rhetoric. Lexicon matches per shard of documents; then the match, rate, genre, co-occurrence, position,
# translation, keyness and KWIC tables, and the validation against the hand-coded samples (when
# validation.rhetoric_sample is set). Every number the paper draws or tables is a column of these.
import glob
import os

from policy_rhetoric.rhetoric.validation import external_sources

GWR_SAMPLE = config["validation"]["rhetoric_gwr_sample"]
GWR_TEXTS = config["validation"]["gwr_texts"]
GWR_ON = bool(GWR_SAMPLE)
# RHETORIC_SAMPLE (common.smk) is validation.rhetoric_sample scoped to this experiment's documents
GWR_FILES = sorted(glob.glob(os.path.join(GWR_TEXTS, "*.md"))) if GWR_ON else []
EXTERNAL_SAMPLES = config["validation"]["external_samples"]
RHETORIC_VALIDATION = bool(RHETORIC_SAMPLE or GWR_ON or EXTERNAL_SAMPLES)
# every text a held-out sample refers to is an input (its root is checked when the workflow loads)
EXTERNAL_TEXTS = sorted(
    {
        os.path.join(spec["root"], source)
        for spec in EXTERNAL_SAMPLES
        for source in external_sources(spec["file"])
    }
)


RHETORIC_TARGETS = [
    result("rhetoric/matches.tsv"),
    result("rhetoric/scores.tsv"),
    result("rhetoric/genre_scores.tsv"),
    result("rhetoric/document_scores.tsv"),
    result("rhetoric/subcategory_shares.tsv"),
    result("rhetoric/genre_tests.tsv"),
    result("rhetoric/document_counts.tsv"),
    result("rhetoric/genre_estimates.tsv"),
    result("rhetoric/genre_inference.tsv"),
    result("rhetoric/trend_summary.tsv"),
    result("rhetoric/trend_curve.tsv"),
    result("rhetoric/translation_tests.tsv"),
    result("rhetoric/term_influence.tsv"),
    result("rhetoric/cooccurrence.tsv"),
    result("rhetoric/position.tsv"),
    result("rhetoric/translation_pairs.tsv"),
    result("rhetoric/translation_terms.tsv"),
    result("rhetoric/kwic.tsv"),
    result("rhetoric/keyness.tsv"),
] + (
    [
        result("rhetoric/validation.tsv"),
        result("rhetoric/validation_disagreements.tsv"),
        result("rhetoric/intercoder.tsv"),
    ]
    if RHETORIC_VALIDATION
    else []
)
if config["expansion"]["enabled"]:
    RHETORIC_TARGETS.append(result("rhetoric/expansion_candidates.tsv"))


rule match_shard:
    input:
        docbin=result("corpus/shards/{shard}/docs.spacy"),
        sentences=result("corpus/shards/{shard}/sentences.tsv"),
        sources=shard_sources,
        lexicons=LEXICONS,
    output:
        matches=result("rhetoric/shards/{shard}/matches.tsv"),
    log:
        f"{LOGS}/rhetoric/match_shard/{{shard}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    threads: 1
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        doc_ids=shard_doc_ids,
        en_model=config["nlp"]["en_model"],
    script:
        "../scripts/match_shard.py"


rule summarize_rhetoric:
    input:
        matches=per_shard("rhetoric/shards/{shard}/matches.tsv"),
        sentences=result("corpus/sentences.tsv"),
        documents=result("corpus/documents.tsv"),
        pairs=result("corpus/aligned_pairs.tsv"),
        lexicons=LEXICONS,
    output:
        matches=result("rhetoric/matches.tsv"),
        scores=result("rhetoric/scores.tsv"),
        genre_scores=result("rhetoric/genre_scores.tsv"),
        document_scores=result("rhetoric/document_scores.tsv"),
        subcategory_shares=result("rhetoric/subcategory_shares.tsv"),
    log:
        f"{LOGS}/rhetoric/summarize_rhetoric.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        seed=config["scoring"]["seed"],
        resamples=config["scoring"]["bootstrap_resamples"],
        pooled_language=config["scoring"]["pooled_language"],
    script:
        "../scripts/summarize_rhetoric.py"


rule compare_genres:
    input:
        sentences=result("corpus/sentences.tsv"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        pairs=result("corpus/aligned_pairs.tsv"),
        lexicons=LEXICONS,
    output:
        tests=result("rhetoric/genre_tests.tsv"),
        influence=result("rhetoric/term_influence.tsv"),
    log:
        f"{LOGS}/rhetoric/compare_genres.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=30,
    params:
        seed=config["scoring"]["seed"],
        permutations=config["scoring"]["permutations"],
        pooled_language=config["scoring"]["pooled_language"],
        grouped_permutations_from=config["scoring"]["grouped_permutations_from"],
    script:
        "../scripts/compare_genres.py"


rule infer_rhetoric:
    input:
        sentences=result("corpus/sentences.tsv"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        pairs=result("corpus/aligned_pairs.tsv"),
        lexicons=LEXICONS,
    output:
        counts=result("rhetoric/document_counts.tsv"),
        estimates=result("rhetoric/genre_estimates.tsv"),
        inference=result("rhetoric/genre_inference.tsv"),
    log:
        f"{LOGS}/rhetoric/infer_rhetoric.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        pooled_language=config["scoring"]["pooled_language"],
        overlap_years=config["scoring"]["overlap_years"],
        seed=config["scoring"]["seed"],
        resamples=config["scoring"]["bootstrap_resamples"],
        permutations=config["scoring"]["permutations"],
    script:
        "../scripts/infer_rhetoric.py"


rule measure_trends:
    input:
        counts=result("rhetoric/document_counts.tsv"),
    output:
        summary=result("rhetoric/trend_summary.tsv"),
        curve=result("rhetoric/trend_curve.tsv"),
    log:
        f"{LOGS}/rhetoric/measure_trends.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/measure_trends.py"


rule measure_cooccurrence:
    input:
        sentences=result("corpus/sentences.tsv"),
        segments=result("corpus/segments.tsv"),
        matches=result("rhetoric/matches.tsv"),
    output:
        cooccurrence=result("rhetoric/cooccurrence.tsv"),
    log:
        f"{LOGS}/rhetoric/measure_cooccurrence.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        seed=config["scoring"]["seed"],
        permutations=config["scoring"]["permutations"],
    script:
        "../scripts/measure_cooccurrence.py"


rule measure_position:
    input:
        sentences=result("corpus/sentences.tsv"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        pairs=result("corpus/aligned_pairs.tsv"),
        lexicons=LEXICONS,
    output:
        position=result("rhetoric/position.tsv"),
    log:
        f"{LOGS}/rhetoric/measure_position.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        bins=config["paper"]["position_bins"],
        pooled_language=config["scoring"]["pooled_language"],
    script:
        "../scripts/measure_position.py"


rule compare_translations:
    input:
        pairs=result("corpus/aligned_pairs.tsv"),
        sentences=result("corpus/sentences.tsv"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        lexicons=LEXICONS,
    output:
        pairs=result("rhetoric/translation_pairs.tsv"),
        terms=result("rhetoric/translation_terms.tsv"),
        tests=result("rhetoric/translation_tests.tsv"),
    log:
        f"{LOGS}/rhetoric/compare_translations.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    script:
        "../scripts/compare_translations.py"


rule write_kwic:
    input:
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        sources=document_sources(),
    output:
        kwic=result("rhetoric/kwic.tsv"),
    log:
        f"{LOGS}/rhetoric/write_kwic.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        window=config["scoring"]["kwic_window"],
    script:
        "../scripts/write_kwic.py"


rule validate_rhetoric:
    input:
        sample=config["validation"]["rhetoric_sample"] or [],
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        sources=document_sources(),
        lexicons=LEXICONS,
        gwr_sample=[GWR_SAMPLE] if GWR_ON else [],
        gwr_texts=GWR_FILES,
        external_samples=[spec["file"] for spec in EXTERNAL_SAMPLES],
        external_texts=EXTERNAL_TEXTS,
        # second codings and adjudications of the held-out samples (coder B, final codes)
        second_coding=[
            path
            for spec in EXTERNAL_SAMPLES
            for path in spec.get("second_coding", []) + spec.get("adjudication", [])
        ],
    output:
        metrics=result("rhetoric/validation.tsv"),
        disagreements=result("rhetoric/validation_disagreements.tsv"),
        intercoder=result("rhetoric/intercoder.tsv"),
    log:
        f"{LOGS}/rhetoric/validate_rhetoric.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=60,
    params:
        en_model=config["nlp"]["en_model"],
        zh_model=config["nlp"]["zh_model"],
        seed=config["scoring"]["seed"],
        resamples=config["scoring"]["bootstrap_resamples"],
        external_samples=EXTERNAL_SAMPLES,
        classifier_folds=config["validation"]["classifier_folds"],
    script:
        "../scripts/validate_rhetoric.py"


rule score_keyness:
    input:
        docbins=per_shard("corpus/shards/{shard}/docs.spacy"),
        documents=result("corpus/documents.tsv"),
    output:
        keyness=result("rhetoric/keyness.tsv"),
    log:
        f"{LOGS}/rhetoric/score_keyness.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=2000,
        runtime=30,
    params:
        alpha0=config["paper"]["keyness_alpha0"],
        min_count=config["paper"]["keyness_min_count"],
        extra_stopwords=config["paper"]["keyness_extra_stopwords"],
    script:
        "../scripts/score_keyness.py"


# Dictionary expansion (expansion.enabled): candidate words and phrases per language, category and
# subcategory, ranked on discrimination of the matched sentences, unit affinity and Word2Vec similarity to
# the entries, for a person to review; nothing is added to the lexicons.
# Run alone: snakemake --cores 2 results/<experiment>/rhetoric/expansion_candidates.tsv
rule expand_lexicon:
    input:
        docbins=per_shard("corpus/shards/{shard}/docs.spacy"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        sources=document_sources(),
        lexicons=LEXICONS,
    output:
        candidates=result("rhetoric/expansion_candidates.tsv"),
    log:
        f"{LOGS}/rhetoric/expand_lexicon.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=4000,
        runtime=120,
    params:
        languages=config["expansion"]["languages"],
        seed=config["expansion"]["seed"],
        vector_size=config["expansion"]["vector_size"],
        window=config["expansion"]["window"],
        min_count=config["expansion"]["min_count"],
        epochs=config["expansion"]["epochs"],
        top_n=config["expansion"]["top_n"],
        prior=config["expansion"]["prior"],
        max_sentence_share=config["expansion"]["max_sentence_share"],
        phrase_threshold=config["expansion"]["phrase_threshold"],
        min_embedding_tokens=config["expansion"]["min_embedding_tokens"],
        kwic_window=config["scoring"]["kwic_window"],
    script:
        "../scripts/expand_lexicon.py"
