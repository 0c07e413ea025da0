"""topics/corpus.py: the vocabulary filter, kept seed words, the held-out sample, phrases, and the
corpus files' round trip."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import ROOT

from policy_rhetoric.topics.chunks import lexicon_terms, write_topic_corpus
from policy_rhetoric.topics.corpus import (
    Chunk,
    TopicCorpus,
    build_topic_corpus,
    read_topic_corpus,
    reference_documents,
)

LEXICONS = [ROOT / "config/lexicons/militarized.yaml", ROOT / "config/lexicons/self_reliance.yaml"]


def test_vocabulary_filter_keep_terms_and_heldout_sample():
    chunks = [
        Chunk("a", 0, 10, "en", ("x", "y", "z", "common")),
        Chunk("a", 20, 30, "en", ("x", "y", "rare", "common")),
        Chunk("b", 0, 10, "en", ("x", "z", "common", "common")),
        Chunk("b", 20, 30, "en", ("y", "z", "common")),
        Chunk("c", 0, 5, "en", ("x",)),
    ]
    corpus = build_topic_corpus(chunks, min_df=2, max_df=0.8, min_chunk_tokens=2)
    # "common" is in 4 of 4 chunks (> .8), "rare" in 1 (< 2); chunk c has 1 term and is left out
    assert corpus.vocab == ["x", "y", "z"]
    assert corpus.terms[2] == ("x", "z")
    kept = build_topic_corpus(
        chunks, min_df=2, max_df=0.8, min_chunk_tokens=2, keep_terms={"rare", "common"}
    )
    assert kept.vocab == ["rare", "x", "y", "z"]  # max_df still applies
    held = build_topic_corpus(
        chunks, min_df=2, max_df=0.8, min_chunk_tokens=2, heldout_fraction=0.5, seed=3
    )
    rows = held.heldout_rows()
    assert len(rows) == 2
    assert held.heldout_rows().tolist() == rows.tolist()
    train, out = held.train_counts().toarray(), held.heldout_counts().toarray()
    np.testing.assert_array_equal(train + out, held.counts().toarray())
    assert out[[i for i in range(4) if i not in rows]].sum() == 0


def test_phrases_join_frequent_pairs_into_lexicon_style_terms():
    chunks = [
        Chunk("a", i, i + 1, "en", (f"x{i}", "core", "technology", f"y{i % 2}")) for i in range(6)
    ]
    corpus = build_topic_corpus(
        chunks,
        min_df=2,
        max_df=1.0,
        min_chunk_tokens=2,
        phrases={"enabled": True, "min_count": 3, "threshold": 0.5},
    )
    assert corpus.vocab == ["core_technology", "y0", "y1"]  # x0..x5 occur once (min_df)
    assert "core_technology" in lexicon_terms(LEXICONS)["self_reliance"]["en"]


def test_topic_corpus_round_trip(tmp_path):
    chunks = [Chunk("a", i, i + 5, "en", ("x", "y", f"z{i % 2}")) for i in range(6)]
    corpus = build_topic_corpus(
        chunks, min_df=2, max_df=1.0, min_chunk_tokens=2, heldout_fraction=0.5, seed=1
    )
    paths = str(tmp_path / "corpus.tsv"), str(tmp_path / "vocabulary.tsv")
    write_topic_corpus(corpus, *paths)
    again = read_topic_corpus(*paths)
    assert (again.rows, again.terms, again.vocab) == (corpus.rows, corpus.terms, corpus.vocab)


def test_reference_documents_leave_training_and_the_heldout_sample():
    chunks = [
        Chunk(f"d{i % 5}", 10 * i, 10 * i + 5, "en", ("war", "army", "talent", "science"))
        for i in range(20)
    ]
    corpus = build_topic_corpus(
        chunks,
        min_df=1,
        max_df=1.0,
        min_chunk_tokens=2,
        heldout_fraction=0.25,
        reference_fraction=0.2,
        seed=7,
    )
    reference = corpus.reference_rows()
    docs = {corpus.rows[i][0] for i in reference}
    assert len(docs) == 1 and len(reference) == 4  # round(0.2 x 5) documents, all their chunks
    assert not set(reference) & set(corpus.heldout_rows())
    assert corpus.train_counts()[reference].sum() == 0
    assert sorted(corpus.training_rows().tolist() + reference.tolist()) == list(range(20))
    assert reference_documents(["a", "b"], 0.5, 1) in ({"a"}, {"b"})  # never all documents
    with pytest.raises(ValueError, match="at least 2 documents"):
        reference_documents(["a"], 0.2, 1)


def test_count_matrices_are_the_per_position_counts_and_leave_the_corpus_as_it_is():
    """counts, train_counts and heldout_counts (CSR built from ids and offsets) equal counts made
    position by position: held-out chunks train on even positions and hold out odd ones (positions
    inside the chunk, also when a chunk starts at an odd index), reference chunks are empty rows;
    repeated terms are summed; building them does not sort the corpus's own ids."""
    vocab = ["a", "b", "c", "d"]
    terms = [("c", "a", "c"), ("b", "d", "b", "a", "b"), ("d", "c"), ("a", "a", "a", "b")]
    rows = [  # doc_id, chunk_id, start, end, lang, n_terms, heldout, reference
        ("d1", 0, 0, 5, "en", 3, 0, 0),
        ("d1", 1, 6, 9, "en", 5, 1, 0),
        ("d2", 2, 0, 4, "en", 2, 0, 1),
        ("d3", 3, 0, 7, "en", 4, 1, 0),
    ]
    corpus = TopicCorpus(rows, terms, vocab)
    ids = corpus.ids.copy()

    def expected(keep):
        matrix = np.zeros((len(terms), len(vocab)), dtype=np.int64)
        for i, chunk in enumerate(terms):
            for position, term in enumerate(chunk):
                if keep(rows[i], position):
                    matrix[i, vocab.index(term)] += 1
        return matrix

    counts = corpus.counts()
    train = corpus.train_counts()
    held = corpus.heldout_counts()
    assert np.array_equal(counts.toarray(), expected(lambda r, p: True))
    assert np.array_equal(
        train.toarray(), expected(lambda r, p: not r[7] and (not r[6] or p % 2 == 0))
    )
    assert np.array_equal(held.toarray(), expected(lambda r, p: r[6] and p % 2 == 1))
    for matrix in (counts, train, held):
        assert matrix.has_canonical_format and matrix.dtype == np.int64
    assert np.array_equal(corpus.ids, ids)
    assert corpus.terms == terms
