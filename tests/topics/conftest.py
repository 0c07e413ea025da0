"""Fixtures of the topic stage's unit tests: a small modelled corpus on disk (two clear themes)."""

from __future__ import annotations

import pytest

from policy_rhetoric.topics.chunks import write_topic_corpus
from policy_rhetoric.topics.corpus import Chunk, build_topic_corpus

THEMES = (
    ("battle", "war", "army", "weapon", "fight"),
    ("science", "research", "innovation", "talent", "laboratory"),
)


@pytest.fixture
def small_corpus(tmp_path) -> tuple[str, str]:
    """Paths of corpus.tsv and vocabulary.tsv: 12 chunks of 3 documents, one document (4 chunks) the
    coherence reference, 2 training chunks held out for document completion."""
    chunks = []
    for i in range(12):
        theme = THEMES[i % 2]
        terms = tuple(theme[(i + j) % 5] for j in range(8)) + (THEMES[1 - i % 2][i % 5],)
        chunks.append(Chunk(f"d{i % 3}", 10 * i, 10 * i + 9, "en", terms))
    corpus = build_topic_corpus(
        chunks,
        min_df=1,
        max_df=1.0,
        min_chunk_tokens=2,
        heldout_fraction=0.2,
        reference_fraction=0.34,
        seed=1,
    )
    paths = str(tmp_path / "corpus.tsv"), str(tmp_path / "vocabulary.tsv")
    write_topic_corpus(corpus, *paths)
    return paths
