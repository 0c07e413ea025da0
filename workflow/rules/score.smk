# Stage 3: score. Lexicon matches per document, then the match and rate tables.


SCORE_TARGETS = [result("rhetoric/matches.tsv"), result("rhetoric/scores.tsv")]


rule match_rhetoric:
    input:
        docbin=result("tokens/docs/{doc_id}.spacy"),
        sentences=result("tokens/sentences/{doc_id}.tsv"),
        source=document_source,
        lexicons=LEXICONS,
    output:
        matches=result("rhetoric/matches/{doc_id}.tsv"),
    log:
        f"{LOGS}/score/match_rhetoric/{{doc_id}}.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    params:
        en_model=MODELS["en"],
    script:
        "../scripts/match_rhetoric.py"


rule summarize_rhetoric:
    input:
        matches=per_document("rhetoric/matches/{doc_id}.tsv"),
        sentences=result("tokens/sentences.tsv"),
        documents=result("corpus/documents.tsv"),
        lexicons=LEXICONS,
    output:
        matches=result("rhetoric/matches.tsv"),
        scores=result("rhetoric/scores.tsv"),
    log:
        f"{LOGS}/score/summarize_rhetoric.log",
    conda:
        "../envs/policy-rhetoric.yaml"
    script:
        "../scripts/summarize_rhetoric.py"
