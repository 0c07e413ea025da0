"""Stage 4, topics: the modelled corpus (topics/corpus.tsv and topics/vocabulary.tsv).

A `TopicCorpus` is the chunks kept for modelling, each with its modelled terms in text order, and the
vocabulary (sorted terms). `build_topic_corpus` filters the vocabulary (`min_df`, `max_df`), optionally
joins frequent pairs with gensim `Phrases` ("core_technology"), drops chunks with fewer than
`min_chunk_tokens` terms and draws the document-completion held-out sample. This module imports no
spaCy and no pandas, so a sweep job that only reads the corpus starts fast (the corpus is written
by chunks.py).
"""

from __future__ import annotations

import csv
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

CORPUS_COLUMNS = (
    "doc_id",
    "chunk_id",
    "start_char",
    "end_char",
    "lang",
    "n_terms",
    "heldout",
    "terms",
)
VOCAB_COLUMNS = ("term_id", "term", "chunks", "count")


@dataclass(frozen=True)
class Chunk:
    """A stretch of one document's primary voice in one language: Python str offsets into the source
    file and its modelling terms in text order."""

    doc_id: str
    start: int
    end: int
    lang: str
    terms: tuple[str, ...]


@dataclass
class TopicCorpus:
    """Chunks with their modelled terms (in text order) and the vocabulary (sorted terms)."""

    rows: list[tuple]  # doc_id, chunk_id, start, end, lang, n_terms, heldout
    terms: list[tuple[str, ...]]
    vocab: list[str]
    index: dict[str, int] = field(init=False)

    def __post_init__(self):
        self.index = {t: i for i, t in enumerate(self.vocab)}

    @property
    def n_chunks(self) -> int:
        return len(self.rows)

    def _matrix(self, term_lists):
        from scipy.sparse import csr_matrix

        rows, cols = [], []
        for r, terms in enumerate(term_lists):
            ids = [self.index[t] for t in terms]
            rows += [r] * len(ids)
            cols += ids
        data = np.ones(len(rows), dtype=np.int64)
        matrix = csr_matrix(
            (data, (rows, cols)), shape=(len(term_lists), len(self.vocab)), dtype=np.int64
        )
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix

    def counts(self):
        """(chunks x V) term counts of every chunk."""
        return self._matrix(self.terms)

    def train_counts(self):
        """Counts used for training: held-out chunks keep only their terms at even positions."""
        return self._matrix(
            [t[0::2] if row[6] else t for row, t in zip(self.rows, self.terms, strict=True)]
        )

    def heldout_counts(self):
        """Counts of the held-out terms (odd positions of held-out chunks; zero elsewhere)."""
        return self._matrix(
            [t[1::2] if row[6] else () for row, t in zip(self.rows, self.terms, strict=True)]
        )

    def heldout_rows(self) -> np.ndarray:
        return np.array([i for i, row in enumerate(self.rows) if row[6]], dtype=int)

    def weights(self) -> np.ndarray:
        return np.array([row[5] for row in self.rows], dtype=float)


def build_topic_corpus(
    chunks: list[Chunk],
    *,
    min_df: int,
    max_df: float,
    min_chunk_tokens: int,
    phrases: dict | None = None,
    heldout_fraction: float = 0.0,
    seed: int = 0,
    keep_terms=frozenset(),
) -> TopicCorpus:
    """Vocabulary filtering, optional phrases, the document-completion held-out sample.

    Terms in `keep_terms` (the lexicons' seed words, when seeded topics are on) are kept in the
    vocabulary even below `min_df` (not above `max_df`)."""
    chunks = sorted(chunks, key=lambda c: (c.doc_id, c.start, c.end))
    term_lists = [list(c.terms) for c in chunks]
    if phrases and phrases.get("enabled"):
        from gensim.models.phrases import Phrases

        model = Phrases(
            term_lists,
            min_count=phrases["min_count"],
            threshold=phrases["threshold"],
            delimiter="_",
        ).freeze()
        term_lists = [list(model[t]) for t in term_lists]
    keep = [i for i, t in enumerate(term_lists) if len(t) >= min_chunk_tokens]
    df = Counter(term for i in keep for term in set(term_lists[i]))
    limit = max_df * len(keep)
    vocab = {t for t, n in df.items() if (n >= min_df or t in keep_terms) and n <= limit}
    kept = []
    for i in keep:
        terms = tuple(t for t in term_lists[i] if t in vocab)
        if len(terms) >= min_chunk_tokens:
            kept.append((chunks[i], terms))
    if not kept:
        raise ValueError(
            "no chunk keeps topics.min_chunk_tokens terms after topics.min_df / topics.max_df: "
            "lower min_chunk_tokens or min_df, or raise max_df"
        )
    used = sorted({t for _, terms in kept for t in terms})
    rng = np.random.default_rng(seed)
    eligible = [i for i, (_, terms) in enumerate(kept) if len(terms) >= 2]
    n_held = int(round(heldout_fraction * len(kept)))
    held = set(rng.choice(eligible, size=min(n_held, len(eligible)), replace=False).tolist())
    rows = [
        (c.doc_id, i, c.start, c.end, c.lang, len(terms), int(i in held))
        for i, (c, terms) in enumerate(kept)
    ]
    return TopicCorpus(rows, [terms for _, terms in kept], used)


def read_vocabulary(vocab_tsv: str) -> list[str]:
    """The terms of topics/vocabulary.tsv in term_id order."""
    with open(vocab_tsv, encoding="utf-8", newline="") as handle:
        return [r["term"] for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)]


def read_topic_corpus(corpus_tsv: str, vocab_tsv: str) -> TopicCorpus:
    """topics/corpus.tsv and topics/vocabulary.tsv as written by prepare_topic_corpus."""
    vocab = read_vocabulary(vocab_tsv)
    rows, terms = [], []
    with open(corpus_tsv, encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            rows.append(
                (
                    r["doc_id"],
                    int(r["chunk_id"]),
                    int(r["start_char"]),
                    int(r["end_char"]),
                    r["lang"],
                    int(r["n_terms"]),
                    int(r["heldout"]),
                )
            )
            terms.append(tuple(r["terms"].split(" ")))
    return TopicCorpus(rows, terms, vocab)
