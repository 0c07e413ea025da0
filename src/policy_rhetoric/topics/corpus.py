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
from array import array
from collections import Counter
from dataclasses import dataclass

import numpy as np

from policy_rhetoric.core.tables import read_tsv_columns

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
# topics/{lang}/lexicon_terms.tsv: each lexicon category's seed terms in the model's language, as
# chunks.lexicon_terms finds them (English lemmatized as the chunks are); a category without a term
# in that language has one row with an empty term.
LEXICON_TERM_COLUMNS = ("category", "term")


@dataclass(frozen=True)
class Chunk:
    """A stretch of one document's primary voice in one language: Python str offsets into the source
    file and its modelling terms in text order."""

    doc_id: str
    start: int
    end: int
    lang: str
    terms: tuple[str, ...]


class TopicCorpus:
    """Chunks with their modelled terms (in text order) and the vocabulary (sorted terms).

    The terms are held as one array of vocabulary ids (int32, chunk after chunk) with each chunk's
    start in it (`offsets`, n_chunks + 1), not as strings: a corpus of ten million tokens then takes
    tens of MB rather than a Python object per term. `TopicCorpus(rows, terms, vocab)` takes terms as
    strings (tuples per chunk); `terms` and `chunk_terms(i)` give them back."""

    def __init__(self, rows: list[tuple], terms, vocab: list[str]):
        index = {t: i for i, t in enumerate(vocab)}
        lengths = np.fromiter((len(t) for t in terms), dtype=np.int64, count=len(terms))
        ids = np.fromiter(
            (index[t] for chunk in terms for t in chunk), dtype=np.int32, count=int(lengths.sum())
        )
        self._set(rows, ids, np.concatenate([[0], np.cumsum(lengths)]), vocab, index)

    @classmethod
    def from_ids(cls, rows: list[tuple], ids: np.ndarray, offsets: np.ndarray, vocab: list[str]):
        """A corpus from term ids (int32, chunk after chunk) and each chunk's start (n_chunks + 1)."""
        corpus = cls.__new__(cls)
        corpus._set(rows, ids, offsets, vocab, {t: i for i, t in enumerate(vocab)})
        return corpus

    def _set(self, rows, ids, offsets, vocab, index):
        if len(offsets) != len(rows) + 1:
            raise ValueError(f"{len(offsets) - 1} chunks of term ids for {len(rows)} chunk rows")
        self.rows = rows  # doc_id, chunk_id, start, end, lang, n_terms, heldout, reference
        self.ids = np.asarray(ids, dtype=np.int32)
        self.offsets = np.asarray(offsets, dtype=np.int64)
        self.vocab = vocab
        self.index = index

    @property
    def n_chunks(self) -> int:
        return len(self.rows)

    @property
    def terms(self) -> list[tuple[str, ...]]:
        """Every chunk's terms as strings (a Python object per term: for small corpora and tests)."""
        return [self.chunk_terms(i) for i in range(self.n_chunks)]

    def chunk_terms(self, i: int) -> tuple[str, ...]:
        """Chunk i's terms, in text order."""
        return tuple(self.vocab[t] for t in self.ids[self.offsets[i] : self.offsets[i + 1]])

    def _flags(self, column: int) -> np.ndarray:
        return np.fromiter((row[column] for row in self.rows), dtype=bool, count=self.n_chunks)

    def _matrix(self, keep=None):
        """(chunks x V) counts of the terms where `keep` (per term position) is true (all if None).

        Built as CSR straight from the term ids and chunk offsets (no row index per term, no COO
        copy), so a corpus of ten million tokens needs a few arrays of its terms' size, not a dozen."""
        from scipy.sparse import csr_matrix

        ids, offsets = self.ids, self.offsets
        if keep is not None:
            ids = ids[keep]
            offsets = np.concatenate([[0], np.cumsum(keep, dtype=np.int64)])[offsets]
        matrix = csr_matrix(
            (np.ones(len(ids), dtype=np.int64), ids, offsets),
            shape=(self.n_chunks, len(self.vocab)),
            dtype=np.int64,
            copy=True,  # sum_duplicates sorts in place: the corpus's own arrays stay as they are
        )
        matrix.sum_duplicates()
        matrix.sort_indices()
        return matrix

    def _term_flags(self, column: int) -> np.ndarray:
        """Per term position: the flag of its chunk (rows' `column`)."""
        return np.repeat(self._flags(column), np.diff(self.offsets))

    def _odd_positions(self) -> np.ndarray:
        """Per term position: is its position inside its chunk odd (booleans only, no int per term)."""
        odd = np.zeros(len(self.ids), dtype=bool)
        odd[1::2] = True
        return odd ^ np.repeat(self.offsets[:-1] % 2 == 1, np.diff(self.offsets))

    def counts(self):
        """(chunks x V) term counts of every chunk."""
        return self._matrix()

    def train_counts(self):
        """Counts used for training: held-out chunks keep only their terms at even positions; chunks
        of reference documents are empty rows (they never enter training)."""
        held, reference = self._term_flags(6), self._term_flags(7)
        return self._matrix(~reference & (~held | ~self._odd_positions()))

    def training_rows(self) -> np.ndarray:
        """Chunks of the training documents (not reference documents)."""
        return np.flatnonzero(~self._flags(7))

    def reference_rows(self) -> np.ndarray:
        """Chunks of the reference documents: held out of training, the texts of coherence."""
        return np.flatnonzero(self._flags(7))

    def heldout_counts(self):
        """Counts of the held-out terms (odd positions of held-out chunks; zero elsewhere)."""
        return self._matrix(self._term_flags(6) & self._odd_positions())

    def heldout_rows(self) -> np.ndarray:
        return np.flatnonzero(self._flags(6))

    def weights(self) -> np.ndarray:
        return np.array([row[5] for row in self.rows], dtype=float)

    def document_frequency(self) -> np.ndarray:
        """Per vocabulary id, the number of chunks it occurs in."""
        return np.bincount(self.counts().indices, minlength=len(self.vocab))

    def term_frequency(self) -> np.ndarray:
        """Per vocabulary id, its number of occurrences."""
        return np.bincount(self.ids, minlength=len(self.vocab))


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
    term_lists = [c.terms for c in chunks]  # the chunks' own tuples (no copy per term)
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
    return read_tsv_columns(vocab_tsv, ("term",))["term"]


def read_topic_corpus(corpus_tsv: str, vocab_tsv: str) -> TopicCorpus:
    """topics/corpus.tsv and topics/vocabulary.tsv as written by prepare_topic_corpus.

    Terms are read straight into vocabulary ids (one int32 per term), one row at a time."""
    vocab = read_vocabulary(vocab_tsv)
    index = {t: i for i, t in enumerate(vocab)}
    names: dict[str, str] = {}
    rows, ids, offsets = [], array("i"), [0]
    with open(corpus_tsv, encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        header = next(reader)
        if tuple(header) != CORPUS_COLUMNS:
            raise ValueError(f"{corpus_tsv}: columns {header}, expected {list(CORPUS_COLUMNS)}")
        for r in reader:
            rows.append(
                (
                    names.setdefault(r[0], r[0]),
                    int(r[1]),
                    int(r[2]),
                    int(r[3]),
                    names.setdefault(r[4], r[4]),
                    int(r[5]),
                    int(r[6]),
                    int(r[7]),
                )
            )
            ids.extend(map(index.__getitem__, r[8].split(" ")))
            offsets.append(len(ids))
    return TopicCorpus.from_ids(
        rows, np.frombuffer(ids, dtype=np.int32).copy(), np.array(offsets, dtype=np.int64), vocab
    )


def read_lexicon_terms(lexicon_terms_tsv: str) -> dict[str, list[str]]:
    """{category: its seed terms} of topics/{lang}/lexicon_terms.tsv (written by prepare_topic_corpus):
    categories sorted, terms in file order (sorted), a category with no term an empty list. Read
    here rather than lemmatized again, so that a job using the seed terms loads no spaCy pipeline."""
    table = read_tsv_columns(lexicon_terms_tsv, LEXICON_TERM_COLUMNS)
    out: dict[str, list[str]] = {}
    for category, term in zip(table["category"], table["term"], strict=True):
        terms = out.setdefault(category, [])
        if term:
            terms.append(term)
    return dict(sorted(out.items()))
