"""Stage 4, topics: the modelled corpus (topics/corpus.tsv and topics/vocabulary.tsv).

A `TopicCorpus` is the chunks kept for modelling, each with its modelled terms in text order, and the
vocabulary (sorted terms). `build_topic_corpus` filters the vocabulary (`min_df`, `max_df`), optionally
joins frequent pairs with gensim `Phrases` ("core_technology"), drops chunks with fewer than
`min_chunk_tokens` terms, sets aside the reference documents (whole documents left out of training,
whose chunks are the reference texts of coherence) and draws the document-completion held-out sample
among the training chunks. This module imports no
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
    "reference",
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

    rows: list[tuple]  # doc_id, chunk_id, start, end, lang, n_terms, heldout, reference
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
        """Counts used for training: held-out chunks keep only their terms at even positions; chunks
        of reference documents are empty rows (they never enter training)."""
        return self._matrix(
            [
                () if row[7] else t[0::2] if row[6] else t
                for row, t in zip(self.rows, self.terms, strict=True)
            ]
        )

    def training_rows(self) -> np.ndarray:
        """Chunks of the training documents (not reference documents)."""
        return np.array([i for i, row in enumerate(self.rows) if not row[7]], dtype=int)

    def reference_rows(self) -> np.ndarray:
        """Chunks of the reference documents: held out of training, the texts of coherence."""
        return np.array([i for i, row in enumerate(self.rows) if row[7]], dtype=int)

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
    reference_fraction: float = 0.0,
    seed: int = 0,
    keep_terms=frozenset(),
) -> TopicCorpus:
    """Vocabulary filtering, optional phrases, the reference documents, the held-out sample.

    Terms in `keep_terms` (the lexicons' seed words, when seeded topics are on) are kept in the
    vocabulary even below `min_df` (not above `max_df`). `reference_fraction` of the documents
    (rounded, at least one and at most all but one when it is > 0) are drawn with the seed as reference
    documents (see reference_documents); the document-completion sample (`heldout_fraction` of the
    chunks) is drawn among the other documents' chunks."""
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
    reference = reference_documents(sorted({c.doc_id for c, _ in kept}), reference_fraction, seed)
    rng = np.random.default_rng(seed)
    eligible = [
        i for i, (c, terms) in enumerate(kept) if len(terms) >= 2 and c.doc_id not in reference
    ]
    n_held = int(round(heldout_fraction * len(kept)))
    held = set(rng.choice(eligible, size=min(n_held, len(eligible)), replace=False).tolist())
    rows = [
        (
            c.doc_id,
            i,
            c.start,
            c.end,
            c.lang,
            len(terms),
            int(i in held),
            int(c.doc_id in reference),
        )
        for i, (c, terms) in enumerate(kept)
    ]
    return TopicCorpus(rows, [terms for _, terms in kept], used)


def reference_documents(doc_ids: list[str], fraction: float, seed: int) -> set[str]:
    """The reference documents: round(fraction x documents), at least 1 and at most all but one,
    drawn without replacement from the sorted ids with the stream (seed, 1) (apart from the held-out
    sample's stream, so changing one does not move the other). fraction 0: none."""
    if fraction <= 0:
        return set()
    if len(doc_ids) < 2:
        raise ValueError(
            f"topics.reference_fraction = {fraction} needs at least 2 documents with modelled chunks "
            f"to hold one out as the coherence reference, but there are {len(doc_ids)} "
            f"({', '.join(doc_ids) or 'none'}): model a language only where it has 2+ documents "
            "(topics.languages)"
        )
    n = min(max(1, int(round(fraction * len(doc_ids)))), len(doc_ids) - 1)
    rng = np.random.default_rng([seed, 1])
    return {doc_ids[i] for i in rng.choice(len(doc_ids), size=n, replace=False)}


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
                    int(r["reference"]),
                )
            )
            terms.append(tuple(r["terms"].split(" ")))
    return TopicCorpus(rows, terms, vocab)
