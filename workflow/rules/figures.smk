# Stage 5: compare and figures. One rule per figure, each in the report with a caption.


FIGURES_TARGETS = expand(
    result("figures/{figure}.{ext}"),
    figure=["rhetoric_by_genre_voice", "topic_prevalence_by_genre"],
    ext=["pdf", "png"],
)


rule plot_rhetoric_by_genre:
    input:
        scores=result("rhetoric/scores.tsv"),
    output:
        pdf=result("figures/rhetoric_by_genre_voice.pdf"),
        png=report(
            result("figures/rhetoric_by_genre_voice.png"),
            caption="../report/rhetoric_by_genre_voice.rst",
            category="Rhetoric",
        ),
    log:
        f"{LOGS}/figures/plot_rhetoric_by_genre.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/plot_rhetoric_by_genre.py"


rule plot_topic_prevalence:
    input:
        documents=result("topics/documents.tsv"),
        labels=result("topics/labels.tsv"),
    output:
        pdf=result("figures/topic_prevalence_by_genre.pdf"),
        png=report(
            result("figures/topic_prevalence_by_genre.png"),
            caption="../report/topic_prevalence_by_genre.rst",
            category="Topics",
        ),
    log:
        f"{LOGS}/figures/plot_topic_prevalence.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/plot_topic_prevalence.py"
