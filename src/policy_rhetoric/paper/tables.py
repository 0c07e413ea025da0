"""The paper's tables: each a tidy TSV (tables.write_frame) and a LaTeX booktabs table beside it.

Tables: corpus descriptives (documents, sentences, tokens, share of each voice and language, per
document, per genre and for the corpus); lexicon validation (precision, recall, F1); topic top terms;
genre tests (rate differences with permutation p-values and Benjamini-Hochberg q-values). Every number
is a column of a stage table; these functions select, order and typeset.

The LaTeX files need `\\usepackage{booktabs}`; tables holding Chinese also need a CJK setup (xeCJK with
XeLaTeX, or CJKutf8), which their first line says. Output is deterministic: same inputs, same bytes.
"""

from __future__ import annotations

import os
import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import atomic_write_text, read_tsv, write_frame
from policy_rhetoric.paper.labels import ordered_genres
from policy_rhetoric.rhetoric.rates import read_sentence_counts
from policy_rhetoric.rhetoric.validation import METRIC_COLUMNS

VOICES = ("primary", "commentary", "boilerplate")
LANGS = ("en", "zh")
_LATEX_SPECIAL = {
    "\\": r"\textbackslash{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "{": r"\{",
    "}": r"\}",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_CJK = re.compile(r"[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff00-\uffef]")


@dataclass(frozen=True)
class Column:
    """One LaTeX column: the frame's column, its header (LaTeX source), how values are written, and its
    alignment."""

    name: str
    header: str
    fmt: str = "text"  # text | int | float2 | float3 | percent | p
    align: str = "l"


def latex_escape(text: object) -> str:
    """Text with LaTeX's special characters escaped."""
    return "".join(_LATEX_SPECIAL.get(ch, ch) for ch in str(text))


def format_cell(value: object, fmt: str) -> str:
    """A cell as printed in LaTeX (NA and empty cells as an en dash)."""
    if value is None or (isinstance(value, str) and value in ("", "NA")):
        return "--"
    if fmt == "text":
        return latex_escape(value)
    number = float(value)
    if not np.isfinite(number):
        return "--"
    if fmt == "int":
        text = f"{int(round(number)):,}".replace(",", "{,}")
    elif fmt == "float1":
        text = f"{number:.1f}"
    elif fmt == "float2":
        text = f"{number:.2f}"
    elif fmt == "float3":
        text = f"{number:.3f}"
    elif fmt == "percent":
        text = f"{100 * number:.1f}"
    elif fmt == "p":
        return "$<$0.001" if number < 0.001 else f"{number:.3f}"
    else:
        raise ValueError(f"unknown cell format {fmt!r}")
    # A typographic minus, not a hyphen; and no "-0.0".
    return "$-$" + text[1:] if text.startswith("-") and text.strip("-0.{},") else text.lstrip("-")


def latex_table(
    frame: pd.DataFrame,
    columns: Sequence[Column],
    *,
    caption: str,
    label: str,
    group_by: str | None = None,
    notes: str = "",
) -> str:
    """A booktabs table (table float with caption above, tabular, optional note below).

    With `group_by`, a thin space (\\addlinespace) separates runs of equal values in that column."""
    header = " & ".join(c.header for c in columns) + r" \\"
    body: list[str] = []
    previous = None
    for _, row in frame.iterrows():
        if group_by is not None:
            if previous is not None and row[group_by] != previous:
                body.append(r"\addlinespace")
            previous = row[group_by]
        body.append(" & ".join(format_cell(row[c.name], c.fmt) for c in columns) + r" \\")
    lines = []
    if any(_CJK.search(str(v)) for v in frame.astype(str).to_numpy().ravel()):
        lines.append("% Holds Chinese: compile with XeLaTeX + xeCJK (or pdfLaTeX + CJKutf8).")
    lines += [
        r"\begin{table}[htbp]",
        r"\centering",
        r"\small",
        rf"\caption{{{latex_escape(caption)}}}",
        rf"\label{{{label}}}",
        rf"\begin{{tabular}}{{{''.join(c.align for c in columns)}}}",
        r"\toprule",
        header,
        r"\midrule",
        *body,
        r"\bottomrule",
        r"\end{tabular}",
    ]
    if notes:
        lines += [
            r"\par\smallskip",
            rf"\parbox{{0.95\linewidth}}{{\footnotesize {latex_escape(notes)}}}",
        ]
    lines.append(r"\end{table}")
    return "\n".join(lines) + "\n"


def write_table(
    tsv_path: str | os.PathLike,
    tex_path: str | os.PathLike,
    frame: pd.DataFrame,
    columns: Sequence[Column],
    *,
    caption: str,
    label: str,
    group_by: str | None = None,
    notes: str = "",
    latex_rows: pd.DataFrame | None = None,
) -> None:
    """The TSV (every row and column of `frame`) and the LaTeX table (`latex_rows`, default `frame`)."""
    write_frame(tsv_path, frame)
    rows = frame if latex_rows is None else latex_rows
    atomic_write_text(
        tex_path,
        latex_table(rows, columns, caption=caption, label=label, group_by=group_by, notes=notes),
    )


# ---------------------------------------------------------------- corpus descriptives


DESCRIPTIVE_COLUMNS = [
    "level",
    "genre",
    "doc_id",
    "documents",
    "sentences",
    "tokens",
    *(f"share_{v}" for v in VOICES),
    *(f"share_{lang}" for lang in LANGS),
]


def corpus_descriptives(documents: pd.DataFrame, sentences: pd.DataFrame) -> pd.DataFrame:
    """Documents, sentences, tokens and the share of tokens in each voice and language, per document,
    per genre and for the whole corpus (shares of all tokens: words, not punctuation or white space)."""

    sents = sentences.assign(n_tokens=sentences["n_tokens"].astype(int))
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    sents = sents.assign(genre=sents["doc_id"].map(genres))

    def describe(level: str, genre: str, doc_id: str, group: pd.DataFrame, n_docs: int) -> dict:
        tokens = int(group["n_tokens"].sum())
        row = {
            "level": level,
            "genre": genre,
            "doc_id": doc_id,
            "documents": n_docs,
            "sentences": len(group),
            "tokens": tokens,
        }
        for column, values in (("voice", VOICES), ("lang", LANGS)):
            for value in values:
                part = int(group.loc[group[column] == value, "n_tokens"].sum())
                row[f"share_{value}"] = part / tokens if tokens else np.nan
        return row

    # one pass per grouping (a mask per document was documents x sentences: a minute at 10M tokens)
    by_doc = dict(tuple(sents.groupby("doc_id", sort=False)))
    by_genre = dict(tuple(sents.groupby("genre", sort=False)))
    none = sents.iloc[0:0]
    rows = []
    order = ordered_genres(documents["genre"])
    for genre in order:
        doc_ids = sorted(documents.loc[documents["genre"] == genre, "doc_id"])
        for doc_id in doc_ids:
            rows.append(describe("document", genre, doc_id, by_doc.get(doc_id, none), 1))
    for genre in order:
        n_docs = int((documents["genre"] == genre).sum())
        rows.append(describe("genre", genre, "", by_genre.get(genre, none), n_docs))
    rows.append(describe("corpus", "", "", sents, len(documents)))
    return pd.DataFrame(rows, columns=DESCRIPTIVE_COLUMNS)


def typeset_corpus_descriptives(
    documents_tsv: str, sentences_tsv: str, tsv_out: str, tex_out: str
) -> None:
    """Typeset by rule typeset_tables: tables/corpus_descriptives.{tsv,tex}."""
    table = corpus_descriptives(read_tsv(documents_tsv), read_sentence_counts(sentences_tsv))
    shown = table.assign(
        unit=[
            r.doc_id
            if r.level == "document"
            else ("all " + r.genre.replace("_", " ") if r.level == "genre" else "corpus")
            for r in table.itertuples()
        ]
    )
    columns = [
        Column("unit", "Document / genre"),
        Column("documents", "Docs", "int", "r"),
        Column("sentences", "Sentences", "int", "r"),
        Column("tokens", "Tokens", "int", "r"),
        Column("share_primary", r"Primary (\%)", "percent", "r"),
        Column("share_commentary", r"Comment. (\%)", "percent", "r"),
        Column("share_boilerplate", r"Boilerpl. (\%)", "percent", "r"),
        Column("share_en", r"English (\%)", "percent", "r"),
        Column("share_zh", r"Chinese (\%)", "percent", "r"),
    ]
    write_table(
        tsv_out,
        tex_out,
        table,
        columns,
        caption="Corpus: documents, sentences, tokens and the share of tokens in each voice and language.",
        label="tab:corpus",
        group_by="level",
        latex_rows=shown,
        notes=(
            "Tokens are words (no punctuation or white space) of the spaCy tokenization: English "
            "words and jieba-segmented Chinese words. Primary = the Chinese source's own words, in "
            "translation or original; commentary = outlet, analyst or translator."
        ),
    )


# ---------------------------------------------------------------- lexicon validation


# The columns of rhetoric/validation.tsv the table keeps (not the entry, nor the F1 interval).
VALIDATION_COLUMNS = [c for c in METRIC_COLUMNS if c not in ("term", "f1_ci_low", "f1_ci_high")]
SPLIT_ORDER = {"test": 0, "dev": 1, "all": 2}
LANG_ORDER = {"all": 0, "en": 1, "zh": 2}


def validation_table(validation: pd.DataFrame) -> pd.DataFrame:
    """Precision, recall and F1 of each category (whole lexicon, term "all") per sample x split x
    language, from rhetoric/validation.tsv: the seed sample first, the pooled "all" sample last; within
    a sample held-out (test) rows first, then dev, then all."""
    table = validation[validation["term"] == "all"] if "term" in validation else validation
    table = table[[c for c in VALIDATION_COLUMNS if c in table.columns]]
    keys = table.assign(
        _sample=table["sample"].map(lambda v: (v == "all", v != "seed", v)),
        _split=table["split"].map(lambda v: SPLIT_ORDER.get(v, 9)),
        _lang=table["lang"].map(lambda v: LANG_ORDER.get(v, 9)),
    )
    order = keys.sort_values(["_sample", "_split", "_lang", "category"], kind="stable").index
    return table.loc[order].reset_index(drop=True)


def typeset_lexicon_validation(validation_tsv: str, tsv_out: str, tex_out: str) -> None:
    """Typeset by rule typeset_tables: tables/lexicon_validation.{tsv,tex}. The LaTeX holds each hand-coded
    sample on its own (not the pooled "all" sample), held-out and development splits."""
    table = validation_table(read_tsv(validation_tsv))
    shown = table[(table["sample"] != "all") & table["split"].isin(["test", "dev"])]
    shown = shown.assign(
        split=shown["split"].map({"test": "held-out", "dev": "development"}),
        category=shown["category"].str.replace("_", "-"),
        group=shown["sample"] + shown["split"],
    )
    columns = [
        Column("sample", "Sample"),
        Column("split", "Split"),
        Column("lang", "Lang."),
        Column("category", "Category"),
        Column("units", "Sentences", "int", "r"),
        Column("coded_positive", "Coded 1", "int", "r"),
        Column("true_positive", "TP", "int", "r"),
        Column("false_positive", "FP", "int", "r"),
        Column("false_negative", "FN", "int", "r"),
        Column("precision", "Precision", "float2", "r"),
        Column("recall", "Recall", "float2", "r"),
        Column("f1", "F1", "float2", "r"),
    ]
    write_table(
        tsv_out,
        tex_out,
        table,
        columns,
        caption=(
            "Lexicon validation: sentence-level precision, recall and F1 of the lexicons against "
            "hand coding by the codebook, on the held-out and development halves of each sample."
        ),
        label="tab:validation",
        group_by="group",
        latex_rows=shown,
        notes=(
            "A sentence is predicted 1 when it holds at least one match of the category. The "
            "lexicons were developed on the development halves only. Lang. all = both languages."
        ),
    )


# ---------------------------------------------------------------- topic top terms


def topic_terms_table(
    terms: pd.DataFrame, labels: pd.DataFrame, *, n_terms: int = 10
) -> pd.DataFrame:
    """One row per topic: its label, its `n_terms` most probable terms, and (when the terms table has
    a `frex` column) its `n_terms` terms of highest FREX score."""
    terms = terms.assign(
        topic_n=terms["topic"].astype(int),
        rank_n=terms["rank"].astype(int),
    )
    label_of = dict(zip(labels["topic"].astype(int), labels["label"], strict=True))
    rows = []
    for topic, group in terms.groupby("topic_n", sort=True):
        row = {
            "topic": topic,
            "label": label_of.get(topic, ""),
            "top_terms": ", ".join(group.sort_values("rank_n")["term"].head(n_terms)),
        }
        if "frex" in group.columns:
            frex = group.assign(frex_n=group["frex"].astype(float)).sort_values(
                ["frex_n", "rank_n"], ascending=[False, True]
            )
            row["frex_terms"] = ", ".join(frex["term"].head(n_terms))
        rows.append(row)
    columns = ["topic", "label", "top_terms"] + (["frex_terms"] if "frex" in terms.columns else [])
    return pd.DataFrame(rows, columns=columns)


def run_table_topic_terms(
    terms_tsv: str, labels_tsv: str, tsv_out: str, tex_out: str, *, n_terms: int = 10
) -> None:
    """Rule table_topic_terms: tables/topic_terms.{tsv,tex}."""

    table = topic_terms_table(read_tsv(terms_tsv), read_tsv(labels_tsv), n_terms=n_terms)
    columns = [
        Column("topic", "Topic", "int", "r"),
        Column("label", "Label"),
        Column("top_terms", f"Top {n_terms} terms (probability)", "text", "p{0.36\\linewidth}"),
    ]
    if "frex_terms" in table.columns:
        columns.append(
            Column("frex_terms", f"Top {n_terms} terms (FREX)", "text", "p{0.36\\linewidth}")
        )
    write_table(
        tsv_out,
        tex_out,
        table,
        columns,
        caption="Topics of the final model: most probable and most exclusive (FREX) terms.",
        label="tab:topics",
    )


# ---------------------------------------------------------------- genre tests


def genre_tests_table(tests: pd.DataFrame) -> pd.DataFrame:
    """rhetoric/genre_inference.tsv (document-level tests with their Benjamini-Hochberg q-values),
    sorted for reading: years, voice, language, category, omnibus test first, then genre pairs. A
    pair with a one-document genre has no p-value (it compares documents, not genres)."""
    table = tests.copy()
    for column in ("rate_ratio", "rr_low", "rr_high", "p_value", "p_permutation", "q_value"):
        table[column] = pd.to_numeric(table[column].replace({"NA": np.nan, "": np.nan}))
    table["order"] = (table["test"] != "omnibus").astype(int)
    table = table.sort_values(
        ["years", "voice", "lang", "category", "order", "genre_a", "genre_b"], kind="stable"
    )
    return table.drop(columns="order").reset_index(drop=True)


def typeset_genre_tests(
    tests_tsv: str, tsv_out: str, tex_out: str, *, voice: str = "primary", lang: str = "all"
) -> None:
    """Typeset by rule typeset_tables: tables/genre_tests.{tsv,tex} (the LaTeX holds one voice and language,
    all years and the overlap window)."""
    table = genre_tests_table(read_tsv(tests_tsv))
    shown = table[(table["voice"] == voice) & (table["lang"] == lang)]
    omnibus = shown["test"] == "omnibus"

    def named(genre, documents):
        """A genre's name; "(one document)" where it holds one document in these years."""
        one = (documents.astype(str) == "1") & ~omnibus
        return genre.str.replace("_", " ") + np.where(one, " (one document)", "")

    shown = shown.assign(
        category=shown["years"] + " " + shown["category"].str.replace("_", "-"),
        genre_a=np.where(
            omnibus,
            "all genres: " + shown["genre_a"].str.replace("|", ", ").str.replace("_", " "),
            named(shown["genre_a"], shown["documents_a"]),
        ),
        genre_b=named(shown["genre_b"], shown["documents_b"]),
        docs=shown["documents_a"].astype(str)
        + np.where(omnibus, "", " / " + shown["documents_b"].astype(str)),
        hits=shown["hits_a"].astype(str)
        + np.where(omnibus, "", " / " + shown["hits_b"].astype(str)),
    )
    columns = [
        Column("category", "Years, category"),
        Column("genre_a", "Genre A"),
        Column("genre_b", "Genre B"),
        Column("docs", "Documents", "text", "r"),
        Column("hits", "Hits", "text", "r"),
        Column("rate_ratio", "Rate ratio", "float2", "r"),
        Column("rr_low", "95\\% low", "float2", "r"),
        Column("rr_high", "95\\% high", "float2", "r"),
        Column("p_value", r"$p$ (NB)", "p", "r"),
        Column("p_permutation", r"$p$ (perm.)", "p", "r"),
        Column("q_value", r"$q$ (BH)", "p", "r"),
    ]
    write_table(
        tsv_out,
        tex_out,
        table,
        columns,
        caption=(
            f"Genre differences in rhetoric rates, documents as the unit ({voice} voice, "
            f"{'languages pooled, an aligned translation pair counted once' if lang == 'all' else lang}): "
            "negative-binomial rate ratios (log-token offset, document-robust 95% intervals, "
            "adjusted for year where dates vary), Wald and document-permutation p-values, "
            "Benjamini-Hochberg q-values over the contrasts. A genre with one document is a "
            "document: no p-value."
        ),
        label="tab:genre-tests",
        group_by="category",
        latex_rows=shown,
        notes="Every voice, language and the flags (few hits, few documents) are in the TSV beside this file.",
    )


# ---------------------------------------------------------------- the corpus and rhetoric tables, one job

TABLES = ("corpus_descriptives", "genre_tests", "lexicon_validation")


def run_typeset_tables(
    documents_tsv: str,
    sentences_tsv: str,
    genre_tests_tsv: str,
    validation_tsv: str | None,
    outputs: dict[str, Sequence[str]],
) -> None:
    """Rule typeset_tables: tables/<name>.{tsv,tex} for the corpus and rhetoric tables of TABLES, in one
    process (a cold run pays Python and pandas once, not once per table); lexicon_validation only when
    the experiment validates its lexicons (`validation_tsv` given). `outputs` maps each table's name to
    its [TSV, LaTeX] files."""
    wanted = [name for name in TABLES if name != "lexicon_validation" or validation_tsv]
    missing = [name for name in wanted if name not in outputs]
    if missing:
        raise ValueError(f"typeset_tables: no output files given for table(s) {missing}")
    typeset_corpus_descriptives(documents_tsv, sentences_tsv, *outputs["corpus_descriptives"])
    typeset_genre_tests(genre_tests_tsv, *outputs["genre_tests"])
    if validation_tsv:
        typeset_lexicon_validation(validation_tsv, *outputs["lexicon_validation"])
