# Stage 5: compare and figures. One rule per figure (PDF, PNG, SVG, and the numbers it plots as TSV),
# each PNG in the report with a caption. Topic figures live in topics.smk.


FIGURES = [
    "rates_by_genre",
    "subcategories_by_genre",
    "voice_by_document",
    "rhetoric_by_genre_voice",
    "translation_pairs",
    "keyness_by_genre",
    "position_in_document",
    "cooccurrence",
]
FIGURES_TARGETS = expand(
    result("figures/{figure}.{ext}"), figure=FIGURES, ext=["pdf", "png", "svg"]
) + [result("figures/keyness.tsv"), result("figures/translation_terms.tsv")]
PAPER = config["paper"]


rule plot_genre_rates:
    input:
        genre_scores=result("rhetoric/genre_scores.tsv"),
    output:
        data=result("figures/rates_by_genre.tsv"),
        pdf=result("figures/rates_by_genre.pdf"),
        png=report(
            result("figures/rates_by_genre.png"),
            caption="../report/rates_by_genre.rst",
            category="Rhetoric",
            subcategory="Genres",
        ),
        svg=result("figures/rates_by_genre.svg"),
    log:
        f"{LOGS}/figures/plot_genre_rates.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/plot_genre_rates.py"


rule plot_subcategories:
    input:
        genre_scores=result("rhetoric/genre_scores.tsv"),
        lexicons=LEXICONS,
    output:
        data=result("figures/subcategories_by_genre.tsv"),
        pdf=result("figures/subcategories_by_genre.pdf"),
        png=report(
            result("figures/subcategories_by_genre.png"),
            caption="../report/subcategories_by_genre.rst",
            category="Rhetoric",
            subcategory="Genres",
        ),
        svg=result("figures/subcategories_by_genre.svg"),
    log:
        f"{LOGS}/figures/plot_subcategories.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/plot_subcategories.py"


rule plot_voice_by_document:
    input:
        sentences=result("tokens/sentences.tsv"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        lexicons=LEXICONS,
    output:
        data=result("figures/voice_by_document.tsv"),
        pdf=result("figures/voice_by_document.pdf"),
        png=report(
            result("figures/voice_by_document.png"),
            caption="../report/voice_by_document.rst",
            category="Rhetoric",
            subcategory="Voices",
        ),
        svg=result("figures/voice_by_document.svg"),
    log:
        f"{LOGS}/figures/plot_voice_by_document.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        seed=config["scoring"]["seed"],
        resamples=config["scoring"]["bootstrap_resamples"],
    script:
        "../scripts/plot_voice_by_document.py"


rule plot_rhetoric_by_genre:
    input:
        genre_scores=result("rhetoric/genre_scores.tsv"),
    output:
        data=result("figures/rhetoric_by_genre_voice.tsv"),
        pdf=result("figures/rhetoric_by_genre_voice.pdf"),
        png=report(
            result("figures/rhetoric_by_genre_voice.png"),
            caption="../report/rhetoric_by_genre_voice.rst",
            category="Rhetoric",
            subcategory="Voices",
        ),
        svg=result("figures/rhetoric_by_genre_voice.svg"),
    log:
        f"{LOGS}/figures/plot_rhetoric_by_genre.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/plot_rhetoric_by_genre.py"


rule plot_translation:
    input:
        pairs=result("corpus/aligned_pairs.tsv"),
        sentences=result("tokens/sentences.tsv"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        lexicons=LEXICONS,
    output:
        data=result("figures/translation_pairs.tsv"),
        pdf=result("figures/translation_pairs.pdf"),
        png=report(
            result("figures/translation_pairs.png"),
            caption="../report/translation_pairs.rst",
            category="Rhetoric",
            subcategory="Languages",
        ),
        svg=result("figures/translation_pairs.svg"),
        terms=result("figures/translation_terms.tsv"),
    log:
        f"{LOGS}/figures/plot_translation.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        top_terms=PAPER["translation_top_terms"],
    script:
        "../scripts/plot_translation.py"


rule score_keyness:
    input:
        docbins=per_document("tokens/docs/{doc_id}.spacy"),
        documents=result("corpus/documents.tsv"),
    output:
        keyness=result("figures/keyness.tsv"),
    log:
        f"{LOGS}/figures/score_keyness.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        alpha0=PAPER["keyness_alpha0"],
        min_count=PAPER["keyness_min_count"],
        extra_stopwords=PAPER["keyness_extra_stopwords"],
    script:
        "../scripts/score_keyness.py"


rule plot_keyness:
    input:
        keyness=result("figures/keyness.tsv"),
    output:
        pdf=result("figures/keyness_by_genre.pdf"),
        png=report(
            result("figures/keyness_by_genre.png"),
            caption="../report/keyness_by_genre.rst",
            category="Vocabulary",
        ),
        svg=result("figures/keyness_by_genre.svg"),
    log:
        f"{LOGS}/figures/plot_keyness.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        top_n=PAPER["keyness_top_terms"],
    script:
        "../scripts/plot_keyness.py"


rule plot_position:
    input:
        sentences=result("tokens/sentences.tsv"),
        matches=result("rhetoric/matches.tsv"),
        documents=result("corpus/documents.tsv"),
        lexicons=LEXICONS,
    output:
        data=result("figures/position_in_document.tsv"),
        pdf=result("figures/position_in_document.pdf"),
        png=report(
            result("figures/position_in_document.png"),
            caption="../report/position_in_document.rst",
            category="Rhetoric",
            subcategory="Position in the document",
        ),
        svg=result("figures/position_in_document.svg"),
    log:
        f"{LOGS}/figures/plot_position.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        bins=PAPER["position_bins"],
        min_tokens=PAPER["position_min_tokens"],
    script:
        "../scripts/plot_position.py"


rule plot_cooccurrence:
    input:
        cooccurrence=result("rhetoric/cooccurrence.tsv"),
    output:
        data=result("figures/cooccurrence.tsv"),
        pdf=result("figures/cooccurrence.pdf"),
        png=report(
            result("figures/cooccurrence.png"),
            caption="../report/cooccurrence.rst",
            category="Rhetoric",
            subcategory="Co-occurrence",
        ),
        svg=result("figures/cooccurrence.svg"),
    log:
        f"{LOGS}/figures/plot_cooccurrence.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/plot_cooccurrence.py"
