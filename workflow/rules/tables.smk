# Stage 5: the paper's tables, each as TSV and as a LaTeX booktabs table under tables/.


TABLES = ["corpus_descriptives", "topic_terms", "genre_tests"] + (
    ["lexicon_validation"] if config["validation"]["rhetoric_sample"] else []
)
TABLES_TARGETS = expand(
    result("tables/{table}.{ext}"), table=TABLES, ext=["tsv", "tex"]
)


rule table_corpus:
    input:
        documents=result("corpus/documents.tsv"),
        sentences=result("tokens/sentences.tsv"),
    output:
        tsv=report(
            result("tables/corpus_descriptives.tsv"),
            caption="../report/table_corpus.rst",
            category="Tables",
        ),
        tex=result("tables/corpus_descriptives.tex"),
    log:
        f"{LOGS}/tables/table_corpus.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/table_corpus.py"


rule table_topic_terms:
    input:
        terms=result("topics/terms.tsv"),
        labels=result("topics/labels.tsv"),
    output:
        tsv=report(
            result("tables/topic_terms.tsv"),
            caption="../report/table_topic_terms.rst",
            category="Tables",
        ),
        tex=result("tables/topic_terms.tex"),
    log:
        f"{LOGS}/tables/table_topic_terms.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        n_terms=config["paper"]["topic_table_terms"],
    script:
        "../scripts/table_topic_terms.py"


rule table_validation:
    input:
        validation=result("validation/rhetoric.tsv"),
    output:
        tsv=report(
            result("tables/lexicon_validation.tsv"),
            caption="../report/table_validation.rst",
            category="Tables",
        ),
        tex=result("tables/lexicon_validation.tex"),
    log:
        f"{LOGS}/tables/table_validation.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/table_validation.py"


rule table_genre_tests:
    input:
        tests=result("rhetoric/genre_tests.tsv"),
    output:
        tsv=report(
            result("tables/genre_tests.tsv"),
            caption="../report/table_genre_tests.rst",
            category="Tables",
        ),
        tex=result("tables/genre_tests.tex"),
    log:
        f"{LOGS}/tables/table_genre_tests.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/table_genre_tests.py"
