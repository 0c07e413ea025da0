"""Fixtures of the rhetoric tests: a crafted two-genre corpus."""

from __future__ import annotations

import pandas as pd
import pytest

# The columns of the sentence and match tables the rate functions read.
SENTENCE_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "voice", "lang", "n_tokens"]
MATCH_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "category", "subcategory", "term"]


@pytest.fixture
def corpus():
    """Two one-document genres: a (10 sentences x 10 tokens, hits in 5) and b (10 x 10, 1 hit)."""
    sentences, matches = [], []
    for d, genre_hits in (("a", 5), ("b", 1)):
        for i in range(10):
            sentences.append((d, i, 100 * i, 100 * i + 50, "primary", "en", 10))
            if i < genre_hits:
                sub, term = ("battle", "war") if i % 2 == 0 else ("weapons", "weapon")
                matches.append((d, i, 100 * i, 100 * i + 3, "militarized", sub, term))
    documents = pd.DataFrame({"doc_id": ["a", "b"], "genre": ["speech", "analysis"]})
    return (
        pd.DataFrame(sentences, columns=SENTENCE_COLUMNS),
        pd.DataFrame(matches, columns=MATCH_COLUMNS),
        documents,
    )
