# Stage 4: paper. One rule per figure (PDF, PNG, SVG, and the numbers it plots as TSV), each PNG in the
# report with a caption, and one rule per table (TSV and LaTeX booktabs). Rules here draw and typeset only:
# every number is a column of a stage table, and no rule here takes a seed or a resample count.


FIGURES = [
    "rates_by_genre",
    "subcategories_by_genre",
    "voice_by_document",
    "rhetoric_by_genre_voice",
    "translation_pairs",
    "keyness_by_genre",
    "position_in_document",
    "cooccurrence",
    "genre_window",
    "rhetoric_trends",
    "subcategory_trends",
]
FIGURES_TARGETS = expand(
    result("paper/figures/{figure}.{ext}"), figure=FIGURES, ext=["pdf", "png", "svg"]
)
# Topic figures and the topic-terms table: one per language model (topics.languages).
TOPIC_FIGURES = expand(
    "{figure}_{lang}",
    figure=["topic_selection", "topic_prevalence_by_genre"],
    lang=TOPIC_LANGUAGES,
)
TOPIC_TABLES = expand("topic_terms_{lang}", lang=TOPIC_LANGUAGES)
TABLES = ["corpus_descriptives", *TOPIC_TABLES, "genre_tests"] + (
    ["lexicon_validation"] if RHETORIC_VALIDATION else []
)
TABLES_TARGETS = expand(
    result("paper/tables/{table}.{ext}"), table=TABLES, ext=["tsv", "tex"]
)
COMPARE = config["compare"]["experiments"]
if len(COMPARE) == 1 or len(set(COMPARE)) != len(COMPARE):
    raise ValueError(
        f"compare.experiments is {COMPARE}: list at least two different experiments "
        "(folders of results/), or none"
    )
COMPARE_TARGETS = (
    [result(f"paper/tables/experiment_comparison.{ext}") for ext in ("tsv", "tex")]
    + [
        result(f"paper/figures/experiment_comparison.{ext}")
        for ext in ("tsv", "pdf", "png", "svg")
    ]
    if COMPARE
    else []
)
PAPER_TARGETS = (
    COMPARE_TARGETS
    + FIGURES_TARGETS
    + expand(
        result("paper/figures/{figure}.{ext}"),
        figure=TOPIC_FIGURES,
        ext=["pdf", "png", "svg"],
    )
    + expand(
        result("paper/figures/topic_prevalence_by_genre_{lang}.tsv"),
        lang=TOPIC_LANGUAGES,
    )
    + TABLES_TARGETS
)


rule plot_genre_rates:
    input:
        estimates=result("rhetoric/genre_estimates.tsv"),
        counts=result("rhetoric/document_counts.tsv"),
    output:
        data=result("paper/figures/rates_by_genre.tsv"),
        pdf=result("paper/figures/rates_by_genre.pdf"),
        png=report(
            result("paper/figures/rates_by_genre.png"),
            caption="../report/rates_by_genre.rst",
            category="Rhetoric",
            subcategory="Genres",
        ),
        svg=result("paper/figures/rates_by_genre.svg"),
    log:
        f"{LOGS}/paper/plot_genre_rates.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_genre_rates.py"


rule plot_genre_window:
    input:
        estimates=result("rhetoric/genre_estimates.tsv"),
        counts=result("rhetoric/document_counts.tsv"),
    output:
        data=result("paper/figures/genre_window.tsv"),
        pdf=result("paper/figures/genre_window.pdf"),
        png=report(
            result("paper/figures/genre_window.png"),
            caption="../report/genre_window.rst",
            category="Rhetoric",
            subcategory="Genres",
        ),
        svg=result("paper/figures/genre_window.svg"),
    log:
        f"{LOGS}/paper/plot_genre_window.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_genre_window.py"


rule plot_trends:
    input:
        counts=result("rhetoric/document_counts.tsv"),
        curve=result("rhetoric/trend_curve.tsv"),
        summary=result("rhetoric/trend_summary.tsv"),
    output:
        data=result("paper/figures/rhetoric_trends.tsv"),
        pdf=result("paper/figures/rhetoric_trends.pdf"),
        png=report(
            result("paper/figures/rhetoric_trends.png"),
            caption="../report/rhetoric_trends.rst",
            category="Rhetoric",
            subcategory="Trends",
        ),
        svg=result("paper/figures/rhetoric_trends.svg"),
    log:
        f"{LOGS}/paper/plot_trends.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_trends.py"


rule plot_subcategory_trends:
    input:
        curve=result("rhetoric/trend_curve.tsv"),
        summary=result("rhetoric/trend_summary.tsv"),
    output:
        data=result("paper/figures/subcategory_trends.tsv"),
        pdf=result("paper/figures/subcategory_trends.pdf"),
        png=report(
            result("paper/figures/subcategory_trends.png"),
            caption="../report/subcategory_trends.rst",
            category="Rhetoric",
            subcategory="Trends",
        ),
        svg=result("paper/figures/subcategory_trends.svg"),
    log:
        f"{LOGS}/paper/plot_subcategory_trends.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_subcategory_trends.py"


rule plot_subcategories:
    input:
        subcategory_shares=result("rhetoric/subcategory_shares.tsv"),
    output:
        data=result("paper/figures/subcategories_by_genre.tsv"),
        pdf=result("paper/figures/subcategories_by_genre.pdf"),
        png=report(
            result("paper/figures/subcategories_by_genre.png"),
            caption="../report/subcategories_by_genre.rst",
            category="Rhetoric",
            subcategory="Genres",
        ),
        svg=result("paper/figures/subcategories_by_genre.svg"),
    log:
        f"{LOGS}/paper/plot_subcategories.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_subcategories.py"


rule plot_voice_by_document:
    input:
        document_scores=result("rhetoric/document_scores.tsv"),
    output:
        data=result("paper/figures/voice_by_document.tsv"),
        pdf=result("paper/figures/voice_by_document.pdf"),
        png=report(
            result("paper/figures/voice_by_document.png"),
            caption="../report/voice_by_document.rst",
            category="Rhetoric",
            subcategory="Voices",
        ),
        svg=result("paper/figures/voice_by_document.svg"),
    log:
        f"{LOGS}/paper/plot_voice_by_document.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_voice_by_document.py"


rule plot_rhetoric_by_genre:
    input:
        genre_scores=result("rhetoric/genre_scores.tsv"),
    output:
        data=result("paper/figures/rhetoric_by_genre_voice.tsv"),
        pdf=result("paper/figures/rhetoric_by_genre_voice.pdf"),
        png=report(
            result("paper/figures/rhetoric_by_genre_voice.png"),
            caption="../report/rhetoric_by_genre_voice.rst",
            category="Rhetoric",
            subcategory="Voices",
        ),
        svg=result("paper/figures/rhetoric_by_genre_voice.svg"),
    log:
        f"{LOGS}/paper/plot_rhetoric_by_genre.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_rhetoric_by_genre.py"


rule plot_translation:
    input:
        pairs=result("rhetoric/translation_pairs.tsv"),
        tests=result("rhetoric/translation_tests.tsv"),
        terms=result("rhetoric/translation_terms.tsv"),
    output:
        data=result("paper/figures/translation_pairs.tsv"),
        pdf=result("paper/figures/translation_pairs.pdf"),
        png=report(
            result("paper/figures/translation_pairs.png"),
            caption="../report/translation_pairs.rst",
            category="Rhetoric",
            subcategory="Languages",
        ),
        svg=result("paper/figures/translation_pairs.svg"),
    log:
        f"{LOGS}/paper/plot_translation.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        top_terms=config["paper"]["translation_top_terms"],
    script:
        "../scripts/plot_translation.py"


rule plot_keyness:
    input:
        keyness=result("rhetoric/keyness.tsv"),
    output:
        pdf=result("paper/figures/keyness_by_genre.pdf"),
        png=report(
            result("paper/figures/keyness_by_genre.png"),
            caption="../report/keyness_by_genre.rst",
            category="Vocabulary",
        ),
        svg=result("paper/figures/keyness_by_genre.svg"),
    log:
        f"{LOGS}/paper/plot_keyness.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        top_n=config["paper"]["keyness_top_terms"],
    script:
        "../scripts/plot_keyness.py"


rule plot_position:
    input:
        position=result("rhetoric/position.tsv"),
    output:
        data=result("paper/figures/position_in_document.tsv"),
        pdf=result("paper/figures/position_in_document.pdf"),
        png=report(
            result("paper/figures/position_in_document.png"),
            caption="../report/position_in_document.rst",
            category="Rhetoric",
            subcategory="Position in the document",
        ),
        svg=result("paper/figures/position_in_document.svg"),
    log:
        f"{LOGS}/paper/plot_position.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        min_tokens=config["paper"]["position_min_tokens"],
    script:
        "../scripts/plot_position.py"


rule plot_cooccurrence:
    input:
        cooccurrence=result("rhetoric/cooccurrence.tsv"),
    output:
        data=result("paper/figures/cooccurrence.tsv"),
        pdf=result("paper/figures/cooccurrence.pdf"),
        png=report(
            result("paper/figures/cooccurrence.png"),
            caption="../report/cooccurrence.rst",
            category="Rhetoric",
            subcategory="Co-occurrence",
        ),
        svg=result("paper/figures/cooccurrence.svg"),
    log:
        f"{LOGS}/paper/plot_cooccurrence.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_cooccurrence.py"


rule plot_topic_selection:
    input:
        selection=result("topics/{lang}/selection.tsv"),
    output:
        pdf=result("paper/figures/topic_selection_{lang}.pdf"),
        svg=result("paper/figures/topic_selection_{lang}.svg"),
        png=report(
            result("paper/figures/topic_selection_{lang}.png"),
            caption="../report/topic_selection.rst",
            category="Topics",
            subcategory="{lang}",
        ),
    log:
        f"{LOGS}/paper/plot_topic_selection/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_topic_selection.py"


rule plot_topic_prevalence:
    input:
        prevalence=result("topics/{lang}/prevalence.tsv"),
        labels=result("topics/{lang}/labels.tsv"),
        seeded=result("topics/{lang}/seeded_share.tsv") if TOPIC_SEEDED else [],
    output:
        data=result("paper/figures/topic_prevalence_by_genre_{lang}.tsv"),
        pdf=result("paper/figures/topic_prevalence_by_genre_{lang}.pdf"),
        svg=result("paper/figures/topic_prevalence_by_genre_{lang}.svg"),
        png=report(
            result("paper/figures/topic_prevalence_by_genre_{lang}.png"),
            caption="../report/topic_prevalence_by_genre.rst",
            category="Topics",
            subcategory="{lang}",
        ),
    log:
        f"{LOGS}/paper/plot_topic_prevalence/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_topic_prevalence.py"


rule table_corpus:
    input:
        documents=result("corpus/documents.tsv"),
        sentences=result("corpus/sentences.tsv"),
    output:
        tsv=report(
            result("paper/tables/corpus_descriptives.tsv"),
            caption="../report/table_corpus.rst",
            category="Tables",
        ),
        tex=result("paper/tables/corpus_descriptives.tex"),
    log:
        f"{LOGS}/paper/table_corpus.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/table_corpus.py"


rule table_topic_terms:
    input:
        terms=result("topics/{lang}/terms.tsv"),
        labels=result("topics/{lang}/labels.tsv"),
    output:
        tsv=report(
            result("paper/tables/topic_terms_{lang}.tsv"),
            caption="../report/table_topic_terms.rst",
            category="Tables",
        ),
        tex=result("paper/tables/topic_terms_{lang}.tex"),
    log:
        f"{LOGS}/paper/table_topic_terms/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        n_terms=config["paper"]["topic_table_terms"],
    script:
        "../scripts/table_topic_terms.py"


rule table_validation:
    input:
        validation=result("rhetoric/validation.tsv"),
    output:
        tsv=report(
            result("paper/tables/lexicon_validation.tsv"),
            caption="../report/table_validation.rst",
            category="Tables",
        ),
        tex=result("paper/tables/lexicon_validation.tex"),
    log:
        f"{LOGS}/paper/table_validation.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/table_validation.py"


rule table_genre_tests:
    input:
        tests=result("rhetoric/genre_inference.tsv"),
    output:
        tsv=report(
            result("paper/tables/genre_tests.tsv"),
            caption="../report/table_genre_tests.rst",
            category="Tables",
        ),
        tex=result("paper/tables/genre_tests.tex"),
    log:
        f"{LOGS}/paper/table_genre_tests.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/table_genre_tests.py"


# Cross-experiment comparison (compare.experiments): reads the tables of the listed experiments, which
# must have been run first (a missing one is a missing input). Run:
# snakemake --cores 2 --configfile config/experiments/compare_lexicons.yaml -- <the COMPARE_TARGETS>
rule compare_experiments:
    input:
        genre_scores=expand(
            "results/{experiment}/rhetoric/genre_scores.tsv", experiment=COMPARE
        ),
        validation=expand(
            "results/{experiment}/rhetoric/validation.tsv", experiment=COMPARE
        ),
    output:
        tsv=result("paper/tables/experiment_comparison.tsv"),
        tex=result("paper/tables/experiment_comparison.tex"),
        data=result("paper/figures/experiment_comparison.tsv"),
        pdf=result("paper/figures/experiment_comparison.pdf"),
        png=report(
            result("paper/figures/experiment_comparison.png"),
            caption="../report/experiment_comparison.rst",
            category="Rhetoric",
            subcategory="Experiments",
        ),
        svg=result("paper/figures/experiment_comparison.svg"),
    log:
        f"{LOGS}/paper/compare_experiments.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    params:
        experiments=COMPARE,
    script:
        "../scripts/compare_experiments.py"
