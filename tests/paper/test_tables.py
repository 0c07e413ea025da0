"""The paper's tables: exact numbers on crafted inputs, LaTeX booktabs output, and the tables the
pipeline writes for the embedded corpus."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.paper import tables as P
from policy_rhetoric.paper.tables import (
    TABLES,
    Column,
    corpus_descriptives,
    format_cell,
    genre_tests_table,
    latex_escape,
    latex_table,
    run_typeset_tables,
    topic_terms_table,
    typeset_genre_tests,
    typeset_lexicon_validation,
)
from policy_rhetoric.rhetoric.inference import infer_genres
from policy_rhetoric.rhetoric.rates import exact_floats


def test_latex_escape_and_cell_formats():
    assert latex_escape("000_cast & 50% $x#") == r"000\_cast \& 50\% \$x\#"
    assert format_cell("12345", "int") == "12{,}345"
    assert format_cell("0.8251", "percent") == "82.5"
    assert format_cell("0.0004", "p") == "$<$0.001"
    assert format_cell("0.0456", "p") == "0.046"
    assert format_cell("NA", "float2") == "--"
    assert format_cell("-7.06", "float1") == "$-$7.1"
    assert format_cell("-0.01", "float1") == "0.0"
    assert format_cell("", "text") == "--"


def test_latex_table_is_booktabs_with_one_line_per_row_and_group_spaces():
    frame = pd.DataFrame({"g": ["a", "a", "b"], "x": ["1", "2", "3"]})
    text = latex_table(
        frame,
        [Column("g", "Group"), Column("x", "X", "int", "r")],
        caption="C",
        label="tab:t",
        group_by="g",
    )
    lines = text.splitlines()
    assert lines[lines.index(r"\toprule") + 1] == r"Group & X \\"
    assert [ln for ln in lines if ln.endswith(r"\\")][1:] == [r"a & 1 \\", r"a & 2 \\", r"b & 3 \\"]
    assert lines.count(r"\addlinespace") == 1
    assert r"\begin{tabular}{lr}" in lines and r"\bottomrule" in lines
    assert not text.startswith("%")


def test_tables_holding_chinese_say_how_to_compile_them():
    frame = pd.DataFrame({"t": ["创新, innovation"]})
    assert latex_table(frame, [Column("t", "Terms")], caption="c", label="l").startswith(
        "% Holds Chinese"
    )


def test_corpus_descriptives_shares_of_voice_and_language():
    documents = pd.DataFrame(
        {"doc_id": ["d1", "d2", "d3"], "genre": ["speech", "speech", "analysis"]}
    )
    sentences = pd.DataFrame(
        [
            ("d1", "primary", "en", "60"),
            ("d1", "primary", "zh", "20"),
            ("d1", "commentary", "en", "20"),
            ("d2", "boilerplate", "en", "10"),
            ("d2", "primary", "en", "90"),
            ("d3", "commentary", "en", "50"),
        ],
        columns=["doc_id", "voice", "lang", "n_tokens"],
    )
    table = corpus_descriptives(documents, sentences).set_index(["level", "genre", "doc_id"])
    d1 = table.loc[("document", "speech", "d1")]
    assert (d1.documents, d1.sentences, d1.tokens) == (1, 3, 100)
    assert (d1.share_primary, d1.share_commentary, d1.share_boilerplate) == (0.8, 0.2, 0.0)
    assert (d1.share_en, d1.share_zh) == (0.8, 0.2)
    speech = table.loc[("genre", "speech", "")]
    assert (speech.documents, speech.tokens, speech.share_primary) == (2, 200, 0.85)
    corpus = table.loc[("corpus", "", "")]
    assert (corpus.documents, corpus.sentences, corpus.tokens) == (3, 6, 250)
    assert list(table.index.get_level_values("level")) == ["document"] * 3 + ["genre"] * 2 + [
        "corpus"
    ]


def test_genre_tests_table_reads_the_document_level_tests(tmp_path):
    rows = [(f"s{i}", "speech", 2013 + i % 4, 10 + i, 2000) for i in range(6)]
    rows += [(f"w{i}", "work_report", 2010 + i, 3 + i, 3000) for i in range(6)]
    rows += [("c0", "congress_report", 2012, 4, 5000)]
    counts = pd.DataFrame(rows, columns=["doc_id", "genre", "year", "hits", "tokens"]).assign(
        voice="primary", lang="all", category="militarized", subcategory="all", sentences=1
    )
    counts["year"] = counts["year"].astype(float)
    _, tests = infer_genres(counts, resamples=50, permutations=50)
    write_frame(tmp_path / "in.tsv", exact_floats(tests))
    table = genre_tests_table(read_tsv(tmp_path / "in.tsv"))
    assert table["test"].tolist() == ["omnibus", "contrast", "contrast", "contrast"]
    assert table["q_value"].iloc[3] == pytest.approx(table["p_value"].iloc[3])
    assert table["p_value"].iloc[1:3].isna().all()  # congress report: one document
    typeset_genre_tests(str(tmp_path / "in.tsv"), str(tmp_path / "o.tsv"), str(tmp_path / "o.tex"))
    tex = (tmp_path / "o.tex").read_text()
    assert "documents as the unit" in tex
    assert r"all militarized & all genres: speech, work report & -- & 12 & 108 & -- &" in tex
    assert (
        r"congress report (one document) & speech & 1 / 6 & 4 / 75 & -- & -- & -- & -- & -- & --"
        in tex
    )
    assert r"& speech & work report & 6 / 6 & 75 / 33 & 2.89 & " in tex
    assert len(read_tsv(tmp_path / "o.tsv")) == 4


def test_topic_terms_table_by_probability_and_frex():
    terms = pd.DataFrame(
        [
            (0, 1, "innovation", "0.1", "0.2"),
            (0, 2, "plan", "0.05", "0.9"),
            (1, 1, "创新", "0.2", "0.5"),
        ],
        columns=["topic", "rank", "term", "weight", "frex"],
    ).astype(str)
    labels = pd.DataFrame({"topic": ["0", "1"], "label": ["innovation / plan", "创新"]})
    table = topic_terms_table(terms, labels, n_terms=5)
    assert table.to_dict("records") == [
        {
            "topic": 0,
            "label": "innovation / plan",
            "top_terms": "innovation, plan",
            "frex_terms": "plan, innovation",
        },
        {"topic": 1, "label": "创新", "top_terms": "创新", "frex_terms": "创新"},
    ]


def test_validation_table_keeps_whole_lexicon_rows_held_out_first(tmp_path):
    columns = [
        "sample",
        "split",
        "lang",
        "category",
        "term",
        "units",
        "coded_positive",
        "predicted_positive",
        "true_positive",
        "false_positive",
        "false_negative",
        "precision",
        "recall",
        "f1",
    ]
    validation = pd.DataFrame(
        [
            (
                "all",
                "test",
                "all",
                "militarized",
                "all",
                "246",
                "30",
                "30",
                "29",
                "1",
                "1",
                "0.966667",
                "0.966667",
                "0.966667",
            ),
            (
                "seed",
                "dev",
                "en",
                "militarized",
                "all",
                "228",
                "23",
                "23",
                "23",
                "0",
                "0",
                "1",
                "1",
                "1",
            ),
            (
                "seed",
                "test",
                "en",
                "militarized",
                "all",
                "227",
                "23",
                "23",
                "22",
                "1",
                "1",
                "0.956522",
                "0.956522",
                "0.956522",
            ),
            (
                "seed",
                "test",
                "en",
                "militarized",
                "battle",
                "227",
                "23",
                "3",
                "3",
                "0",
                "20",
                "1",
                "0.13",
                "NA",
            ),
        ],
        columns=columns,
    )
    table = P.validation_table(validation)
    assert "term" not in table.columns
    assert list(zip(table["sample"], table["split"], strict=True)) == [
        ("seed", "test"),
        ("seed", "dev"),
        ("all", "test"),
    ]
    write_frame(tmp_path / "v.tsv", validation)
    typeset_lexicon_validation(
        str(tmp_path / "v.tsv"), str(tmp_path / "o.tsv"), str(tmp_path / "o.tex")
    )
    tex = (tmp_path / "o.tex").read_text()
    assert (
        r"seed & held-out & en & militarized & 227 & 23 & 22 & 1 & 1 & 0.96 & 0.96 & 0.96 \\" in tex
    )
    assert r"seed & development & en & militarized & 228" in tex
    assert "all & held-out" not in tex
    assert len(read_tsv(tmp_path / "o.tsv")) == 3


def test_typeset_tables_names_a_missing_output_and_leaves_validation_out_when_not_run(tmp_path):
    with pytest.raises(
        ValueError, match=r"typeset_tables: no output files given for table\(s\) \['genre_tests'\]"
    ):
        run_typeset_tables(
            "d.tsv",
            "s.tsv",
            "g.tsv",
            None,
            {"corpus_descriptives": [str(tmp_path / "c.tsv"), str(tmp_path / "c.tex")]},
        )
    with pytest.raises(ValueError, match=r"\['lexicon_validation'\]"):
        run_typeset_tables(
            "d.tsv",
            "s.tsv",
            "g.tsv",
            "v.tsv",
            {
                name: [str(tmp_path / f"{name}.tsv"), str(tmp_path / f"{name}.tex")]
                for name in TABLES[:2]
            },
        )
    assert not list(tmp_path.iterdir())
