"""Stage 4, topics: the final model's tables (rules write_topic_model and label_topics).

The final model (the chosen LDA run, topics ordered by prevalence; see selection.py) gives its terms
with FREX, chunk and document proportions, prevalence by genre and by document and the prevalence
regression on genre and year (document as the unit, uncertainty over draws of theta; prevalence.py),
and example passages. Labels are a separate table (label_topics), so that relabelling a
topic in `topics.labels` rewrites only the labels and what shows them.
"""

from __future__ import annotations

import csv
import logging

import numpy as np

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import write_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.topics.corpus import TopicCorpus, read_topic_corpus, read_vocabulary
from policy_rhetoric.topics.measures import frex, top_term_ids
from policy_rhetoric.topics.prevalence import (
    EFFECT_COLUMNS,
    PREVALENCE_COLUMNS,
    prevalence_by_group,
    prevalence_effects,
)

log = logging.getLogger(__name__)

TERM_COLUMNS = ("topic", "rank", "term", "weight", "frex")
LABEL_COLUMNS = ("topic", "label")
CHUNK_COLUMNS = (
    "doc_id",
    "chunk_id",
    "start_char",
    "end_char",
    "lang",
    "n_terms",
    "topic",
    "proportion",
)
DOC_TOPIC_COLUMNS = ("doc_id", "genre", "topic", "proportion")
EXAMPLE_COLUMNS = ("topic", "rank", "doc_id", "start_char", "end_char", "proportion", "text")


def terms_table(beta: np.ndarray, vocab: list[str], top_n: int, frex_weight: float) -> list[tuple]:
    """Rows of topics/terms.tsv: each topic's `top_n` most probable terms with weight and FREX."""
    scores = frex(beta, frex_weight)
    rows = []
    for topic, ids in enumerate(top_term_ids(beta, top_n)):
        for rank, i in enumerate(ids, start=1):
            rows.append((topic, rank, vocab[i], float(beta[topic, i]), float(scores[topic, i])))
    return rows


def topic_labels(terms: list[tuple], k: int, overrides=(), n: int = 3) -> dict[int, str]:
    """Each topic's label, unless topics.labels gives one: the `n` terms with the highest FREX among its
    listed (most probable) terms, joined by " / " (ties: the more probable term first)."""
    labels = {}
    for t in range(k):
        rows = sorted((r for r in terms if r[0] == t), key=lambda r: (-r[4], r[1]))
        labels[t] = " / ".join(r[2] for r in rows[:n])
    for item in overrides:
        topic = int(item["topic"])
        if topic not in labels:
            raise InputError(
                "config",
                f"topics.labels names topic {topic}, but the final model has topics 0..{k - 1}",
                "label only topics of the final model (fix topics.num_topics before labelling)",
                field="topics.labels",
            )
        labels[topic] = item["label"]
    return labels


def group_indices(groups: list[str]) -> dict[str, np.ndarray]:
    """{group: indices of its members}, groups sorted (one pass, for thousands of documents)."""
    members: dict[str, list[int]] = {}
    for i, group in enumerate(groups):
        members.setdefault(group, []).append(i)
    return {g: np.array(members[g], dtype=int) for g in sorted(members)}


def document_genres(documents_tsv: str) -> dict[str, str]:
    """{doc_id: genre} of corpus/documents.tsv."""
    with open(documents_tsv, encoding="utf-8", newline="") as handle:
        return {
            r["doc_id"]: r["genre"]
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def document_paths(documents_tsv: str) -> dict[str, str]:
    """{doc_id: source path} of corpus/documents.tsv."""
    with open(documents_tsv, encoding="utf-8", newline="") as handle:
        return {
            r["doc_id"]: r["path"]
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


def document_years(documents_tsv: str) -> dict[str, int | None]:
    """{doc_id: year of primary_date (its first four digits) or None} of corpus/documents.tsv."""
    with open(documents_tsv, encoding="utf-8", newline="") as handle:
        return {
            r["doc_id"]: int(r["primary_date"][:4]) if r["primary_date"][:4].isdigit() else None
            for r in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        }


class LazyTexts(dict):
    """{doc_id: source text}, each read when first asked for: the examples need a few documents'
    texts, not the corpus's."""

    def __init__(self, paths: dict[str, str]):
        super().__init__()
        self.paths = paths

    def __missing__(self, doc_id: str) -> str:
        self[doc_id] = text = raw_text(self.paths[doc_id])
        return text


def example_rows(
    corpus: TopicCorpus, theta: np.ndarray, texts: dict[str, str], per_topic: int
) -> list[tuple]:
    """The chunks with the highest proportion of each topic, with offsets and the exact source text."""
    rows = []
    doc_ids = [row[0] for row in corpus.rows]
    names = sorted(set(doc_ids))
    code = {d: i for i, d in enumerate(names)}
    docs = np.array([code[d] for d in doc_ids], dtype=np.int64)
    starts = np.array([row[2] for row in corpus.rows], dtype=np.int64)
    for topic in range(theta.shape[1]):
        # by proportion (largest first), then doc_id and start: np.lexsort is stable, as sorted()
        order = np.lexsort((starts, docs, -theta[:, topic]))
        for rank, i in enumerate(order[:per_topic].tolist(), start=1):
            doc_id, _, start, end = corpus.rows[i][:4]
            rows.append(
                (
                    topic,
                    rank,
                    doc_id,
                    start,
                    end,
                    float(theta[i, topic]),
                    texts[doc_id][start:end],
                )
            )
    return rows


def run_write_topic_model(
    corpus_tsv: str,
    vocab_tsv: str,
    documents_tsv: str,
    beta_npy: str,
    theta_npy: str,
    gamma_npy: str,
    outputs: dict[str, str],
    *,
    top_n: int,
    frex_weight: float,
    bootstrap_resamples: int,
    resampling_seed: int,
    examples_per_topic: int,
) -> None:
    """Rule write_topic_model: the final model's terms, chunks, documents, prevalence, prevalence
    effects and examples.

    `beta_npy`, `theta_npy` and `gamma_npy` are the final model (topics in their final order);
    `outputs` maps terms, chunks, documents, prevalence, effects and examples to their paths;
    `bootstrap_resamples` is the number of draws (of theta, and of documents) behind the intervals."""
    corpus = read_topic_corpus(corpus_tsv, vocab_tsv)
    beta = np.load(beta_npy, allow_pickle=False)
    theta = np.load(theta_npy, allow_pickle=False)
    gamma = np.load(gamma_npy, allow_pickle=False)
    k = beta.shape[0]
    genres = document_genres(documents_tsv)
    years = document_years(documents_tsv)

    terms = terms_table(beta, corpus.vocab, top_n, frex_weight)
    write_tsv(outputs["terms"], terms, TERM_COLUMNS)

    chunk_rows = (
        (*row[:6], topic, float(theta[i, topic]))
        for i, row in enumerate(corpus.rows)
        for topic in range(k)
    )
    write_tsv(outputs["chunks"], chunk_rows, CHUNK_COLUMNS)

    weights = corpus.weights()
    doc_rows = []
    for doc_id, idx in group_indices([row[0] for row in corpus.rows]).items():
        share = (weights[idx] @ theta[idx]) / weights[idx].sum()
        doc_rows += [(doc_id, genres[doc_id], t, float(share[t])) for t in range(k)]
    write_tsv(outputs["documents"], doc_rows, DOC_TOPIC_COLUMNS)

    doc_ids = [row[0] for row in corpus.rows]
    common = dict(draws=bootstrap_resamples, seed=resampling_seed)
    write_tsv(
        outputs["prevalence"],
        prevalence_by_group(gamma, weights, doc_ids, genres, **common),
        PREVALENCE_COLUMNS,
        sort_by=["level", "group", "topic"],
    )
    effects = prevalence_effects(gamma, weights, doc_ids, genres, years, **common)
    if effects and effects[0][-1].startswith(("design", "no residual")):
        log.warning("prevalence regression without intervals: %s", effects[0][-1])
    write_tsv(outputs["effects"], effects, EFFECT_COLUMNS)
    paths = document_paths(documents_tsv)
    texts = LazyTexts(paths)
    write_tsv(
        outputs["examples"],
        example_rows(corpus, theta, texts, examples_per_topic),
        EXAMPLE_COLUMNS,
    )


def run_label_topics(
    vocab_tsv: str,
    beta_npy: str,
    labels_out: str,
    *,
    top_n: int,
    frex_weight: float,
    labels: list[dict],
) -> None:
    """Rule label_topics: topics/labels.tsv, the default labels (FREX terms among each topic's `top_n`
    terms, as in topics/terms.tsv) overridden by `labels` (topics.labels: [{topic, label}])."""
    beta = np.load(beta_npy, allow_pickle=False)
    terms = terms_table(beta, read_vocabulary(vocab_tsv), top_n, frex_weight)
    table = topic_labels(terms, beta.shape[0], labels)
    write_tsv(labels_out, sorted(table.items()), LABEL_COLUMNS)
