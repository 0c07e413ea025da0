"""Corpus stage, lemmas: spaCy's English lemma lookup table (spacy-lookups-data), one per process.

The tokenizer's lookup lemmatizer (corpus.tokens) and the lexicons' checks and review
(rhetoric.lexicon) read the same table; loading it costs about 0.2 CPU-seconds, and the workflow's
load-time checks need both. Kept apart from corpus.tokens, whose import is heavier, so that
rhetoric.lexicon can import it at module level.
"""

from __future__ import annotations

from functools import cache


@cache
def lemma_table():
    """The `lemma_lookup` table of spaCy's English lookups (case-sensitive: callers look up the
    lowercased word)."""
    from spacy.lookups import load_lookups

    return load_lookups("en", ["lemma_lookup"]).get_table("lemma_lookup")
