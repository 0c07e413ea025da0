"""The paper stage's outputs on the embedded corpus (one pipeline run): every table as TSV and LaTeX,
the corpus descriptives adding up, and each figure's numbers beside it equal to the stage table's rows."""

from __future__ import annotations

import numpy as np
import pytest

from policy_rhetoric.core.tables import read_tsv

pytestmark = pytest.mark.pipeline


def test_pipeline_writes_every_table_as_tsv_and_latex(results):
    for name in ("corpus_descriptives", "topic_terms_en", "genre_tests", "lexicon_validation"):
        assert len(read_tsv(results / "paper" / "tables" / f"{name}.tsv")) > 0
        tex = (results / "paper" / "tables" / f"{name}.tex").read_text(encoding="utf-8")
        assert r"\toprule" in tex and r"\bottomrule" in tex


def test_pipeline_corpus_descriptives_add_up(results):
    table = read_tsv(results / "paper/tables/corpus_descriptives.tsv")
    sentences = read_tsv(results / "corpus/sentences.tsv")
    corpus = table[table["level"] == "corpus"].iloc[0]
    assert int(corpus["tokens"]) == sentences["n_tokens"].astype(int).sum()
    assert int(corpus["sentences"]) == len(sentences)
    assert int(corpus["documents"]) == 5
    docs = table[table["level"] == "document"]
    assert docs["tokens"].astype(int).sum() == int(corpus["tokens"])
    shares = (
        docs[["share_primary", "share_commentary", "share_boilerplate"]].astype(float).sum(axis=1)
    )
    assert np.allclose(shares, 1.0, atol=1e-5)


def test_figure_numbers_are_rows_of_the_stage_tables(results):
    figures, rhetoric = results / "paper/figures", results / "rhetoric"
    pairs = read_tsv(rhetoric / "translation_pairs.tsv")
    plotted = read_tsv(figures / "translation_pairs.tsv")
    assert len(plotted) == (pairs["pair_id"] != "all").sum()
    position = read_tsv(rhetoric / "position.tsv")
    assert len(read_tsv(figures / "position_in_document.tsv")) == len(position)
    scores = read_tsv(rhetoric / "document_scores.tsv")
    documents = read_tsv(figures / "voice_by_document.tsv")
    assert set(documents["doc_id"]) <= set(scores["doc_id"])
