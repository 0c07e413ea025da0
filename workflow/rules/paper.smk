# Stage 4: paper. Every figure is PDF, PNG, SVG and the numbers it plots as TSV, each PNG in the report with
# a caption; the rhetoric figures are drawn in two jobs (plot_rhetoric_figures from the summary tables,
# plot_rhetoric_estimates from the genre and trend models), the topic figures in one job per language
# (plot_topic_figures), the corpus and rhetoric tables in one (typeset_tables), one topic-terms table per
# language (TSV and LaTeX booktabs). Rules here draw and typeset only: every number is a column of a stage
# table, and no rule here takes a seed or a resample count.


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
CORPUS_RHETORIC_TABLES = ["corpus_descriptives", "genre_tests"] + (
    ["lexicon_validation"] if RHETORIC_VALIDATION else []
)
TABLES = [*CORPUS_RHETORIC_TABLES, *TOPIC_TABLES]
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


# The rhetoric stage's figures in two jobs, by the tables they need: one interpreter, one matplotlib import
# and one font set-up per job instead of one per figure (the embedded corpus's cold run was mostly such
# start-ups). plot_rhetoric_figures draws the figures of the summary tables while infer_rhetoric and
# measure_trends still run; plot_rhetoric_estimates draws the figures of their models.
rule plot_rhetoric_figures:
    input:
        subcategory_shares=result("rhetoric/subcategory_shares.tsv"),
        document_scores=result("rhetoric/document_scores.tsv"),
        genre_scores=result("rhetoric/genre_scores.tsv"),
        pairs=result("rhetoric/translation_pairs.tsv"),
        tests=result("rhetoric/translation_tests.tsv"),
        terms=result("rhetoric/translation_terms.tsv"),
        keyness=result("rhetoric/keyness.tsv"),
        position=result("rhetoric/position.tsv"),
        cooccurrence=result("rhetoric/cooccurrence.tsv"),
    output:
        subcategories_by_genre=figure_files(
            "subcategories_by_genre", "Rhetoric", "Genres"
        ),
        voice_by_document=figure_files("voice_by_document", "Rhetoric", "Voices"),
        rhetoric_by_genre_voice=figure_files(
            "rhetoric_by_genre_voice", "Rhetoric", "Voices"
        ),
        translation_pairs=figure_files("translation_pairs", "Rhetoric", "Languages"),
        keyness_by_genre=figure_files("keyness_by_genre", "Vocabulary", data=False),
        position_in_document=figure_files(
            "position_in_document", "Rhetoric", "Position in the document"
        ),
        cooccurrence=figure_files("cooccurrence", "Rhetoric", "Co-occurrence"),
    log:
        f"{LOGS}/paper/plot_rhetoric_figures.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=20,
    params:
        translation_top_terms=config["paper"]["translation_top_terms"],
        keyness_top_terms=config["paper"]["keyness_top_terms"],
        position_min_tokens=config["paper"]["position_min_tokens"],
    script:
        "../scripts/plot_rhetoric_figures.py"


rule plot_rhetoric_estimates:
    input:
        estimates=result("rhetoric/genre_estimates.tsv"),
        counts=result("rhetoric/document_counts.tsv"),
        curve=result("rhetoric/trend_curve.tsv"),
        summary=result("rhetoric/trend_summary.tsv"),
    output:
        rates_by_genre=figure_files("rates_by_genre", "Rhetoric", "Genres"),
        genre_window=figure_files("genre_window", "Rhetoric", "Genres"),
        rhetoric_trends=figure_files("rhetoric_trends", "Rhetoric", "Trends"),
        subcategory_trends=figure_files("subcategory_trends", "Rhetoric", "Trends"),
    log:
        f"{LOGS}/paper/plot_rhetoric_estimates.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_rhetoric_estimates.py"


# Both figures of one language's topic model in one job (as plot_rhetoric_figures): one interpreter and one
# matplotlib import per language instead of one per figure.
rule plot_topic_figures:
    input:
        selection=result("topics/{lang}/selection.tsv"),
        prevalence=result("topics/{lang}/prevalence.tsv"),
        labels=result("topics/{lang}/labels.tsv"),
        seeded=result("topics/{lang}/seeded_share.tsv") if TOPIC_SEEDED else [],
    output:
        topic_selection=[
            result("paper/figures/topic_selection_{lang}.pdf"),
            result("paper/figures/topic_selection_{lang}.svg"),
            report(
                result("paper/figures/topic_selection_{lang}.png"),
                caption="../report/topic_selection.rst",
                category="Topics",
                subcategory="{lang}",
            ),
        ],
        topic_prevalence_by_genre=[
            result("paper/figures/topic_prevalence_by_genre_{lang}.tsv"),
            result("paper/figures/topic_prevalence_by_genre_{lang}.pdf"),
            result("paper/figures/topic_prevalence_by_genre_{lang}.svg"),
            report(
                result("paper/figures/topic_prevalence_by_genre_{lang}.png"),
                caption="../report/topic_prevalence_by_genre.rst",
                category="Topics",
                subcategory="{lang}",
            ),
        ],
    log:
        f"{LOGS}/paper/plot_topic_figures/{{lang}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/plot_topic_figures.py"


# The corpus and rhetoric tables in one job (one interpreter and one pandas import instead of three); the
# topic-terms table stays one job per language, like the topic figures.
rule typeset_tables:
    input:
        documents=result("corpus/documents.tsv"),
        sentences=result("corpus/sentences.tsv"),
        tests=result("rhetoric/genre_inference.tsv"),
        validation=result("rhetoric/validation.tsv") if RHETORIC_VALIDATION else [],
    output:
        **{
            table: [
                report(
                    result(f"paper/tables/{table}.tsv"),
                    caption=f"../report/{table}.rst",
                    category="Tables",
                ),
                result(f"paper/tables/{table}.tex"),
            ]
            for table in CORPUS_RHETORIC_TABLES
        },
    log:
        f"{LOGS}/paper/typeset_tables.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    resources:
        mem_mb=1000,
        runtime=10,
    script:
        "../scripts/typeset_tables.py"


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
