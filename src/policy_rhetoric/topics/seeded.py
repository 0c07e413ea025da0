"""Stage 4, topics: seeded topics, keyATM-style (rule fit_seeded_topics).

LDA with one seeded topic per lexicon category (a prior on the category's words in the modelled
language, see fitting.seeded_eta) beside unseeded topics, fitted once per seed. The share of each
genre's and document's text the seeded topics take moves a lot with the seed on a small corpus, so
seeded_share.tsv reports it over the seeds (median, minimum, maximum), never one seed; the terms and
seed-word tables describe the run with the final model's seed.

How this differs from keyATM (Eshima, Imai and Sasaki 2024): keyATM gives a keyword topic a mixture
of two word distributions (one over its keywords only, one over the whole vocabulary) with a
per-topic switch, fits by collapsed Gibbs sampling, estimates the document-topic prior and can put
covariates or time into the model. Here a seeded topic is an ordinary LDA topic whose Dirichlet prior
(eta) adds `strength` pseudo-counts to its seed words; the data can pull the topic away from them;
alpha is fixed and symmetric; the fit is gensim's variational Bayes; covariates enter only
afterwards (prevalence.py), as in a two-step analysis.
"""

from __future__ import annotations

import logging

import numpy as np

from policy_rhetoric.core.tables import write_tsv
from policy_rhetoric.topics.corpus import read_lexicon_terms, read_topic_corpus
from policy_rhetoric.topics.fitting import fit_lda_run, normalise_rows, seeded_eta
from policy_rhetoric.topics.measures import frex, top_term_ids
from policy_rhetoric.topics.model import document_genres
from policy_rhetoric.topics.prevalence import (
    SEED_SHARE_COLUMNS,
    shares_by_group,
    summarize_over_seeds,
)
from policy_rhetoric.topics.selection import chosen_run

SEEDED_TERM_COLUMNS = ("topic", "label", "rank", "term", "weight", "frex", "seed_word")
SEED_WORD_COLUMNS = ("category", "term", "in_vocabulary", "chunks", "rank_in_topic")
SEEDED_SHARE_COLUMNS = SEED_SHARE_COLUMNS

log = logging.getLogger(__name__)


def run_fit_seeded_topics(
    selection_tsv: str,
    corpus_tsv: str,
    vocab_tsv: str,
    documents_tsv: str,
    lexicon_terms_tsv: str,
    terms_out: str,
    share_out: str,
    seed_words_out: str,
    *,
    strength: float,
    other_topics: int | None,
    seeds: list[int],
    passes: int,
    iterations: int,
    top_n: int,
    frex_weight: float,
    max_training_chunks: int | None = None,
    resampling_seed: int = 0,
) -> None:
    """Rule fit_seeded_topics: LDA with one seeded topic per lexicon category beside unseeded topics.

    The number of unseeded topics is topics.seeded.other_topics or the chosen K. The model is fitted
    once per seed of topics.seeds (and the final model's seed). seeded_share.tsv gives each seeded
    topic's share of each document's text and each genre's (mean over its documents) as the median,
    minimum and maximum over the seeds; the terms and seed-word tables describe the run with the final
    model's seed (with each seed word's rank in its topic). Seed words are the lexicons' words in
    the language of this model, as prepare_topic_corpus wrote them (`lexicon_terms_tsv`).
    `max_training_chunks` and `resampling_seed` set the training sample, as in the sweep
    (fitting.training_sample)."""
    k, chosen_seed = chosen_run(selection_tsv)
    other = other_topics or k
    corpus = read_topic_corpus(corpus_tsv, vocab_tsv)
    words = read_lexicon_terms(lexicon_terms_tsv)
    eta, names = seeded_eta(corpus.vocab, words, other, strength)
    n_seeded = len(words)
    genres = document_genres(documents_tsv)
    weights = corpus.weights()
    doc_ids = [row[0] for row in corpus.rows]
    fits, point = {}, {}
    for seed in sorted(set(seeds) | {chosen_seed}):
        beta, gamma, _, _ = fit_lda_run(
            corpus,
            k=len(names),
            seed=seed,
            passes=passes,
            iterations=iterations,
            eta=eta,
            max_training_chunks=max_training_chunks,
            resampling_seed=resampling_seed,
        )
        theta = normalise_rows(gamma)
        fits[seed] = beta
        shares = shares_by_group(theta[:, :n_seeded], weights, doc_ids, genres)
        for key, value in shares.items():
            point.setdefault(key, []).append(value)
    beta = fits[chosen_seed]

    scores = frex(beta, frex_weight)
    seeded_ids = {n: {corpus.index[w] for w in words[n] if w in corpus.index} for n in words}
    rows = []
    for topic, ids in enumerate(top_term_ids(beta, top_n)):
        own = seeded_ids.get(names[topic], set())
        for rank, i in enumerate(ids, start=1):
            rows.append(
                (
                    topic,
                    names[topic],
                    rank,
                    corpus.vocab[i],
                    float(beta[topic, i]),
                    float(scores[topic, i]),
                    "yes" if i in own else "",
                )
            )
    write_tsv(terms_out, rows, SEEDED_TERM_COLUMNS)

    write_tsv(
        share_out,
        [(r[0], r[1], names[r[2]], *r[3:]) for r in summarize_over_seeds(point)],
        SEEDED_SHARE_COLUMNS,
        sort_by=["level", "group", "topic"],
    )

    df = corpus.document_frequency()
    ranks = {
        names[t]: {int(i): r for r, i in enumerate(np.argsort(-beta[t], kind="stable"), start=1)}
        for t in range(n_seeded)
    }
    word_rows = []
    for name in sorted(words):
        for term in words[name]:
            i = corpus.index.get(term)
            word_rows.append(
                (
                    name,
                    term,
                    "yes" if i is not None else "no",
                    int(df[i]) if i is not None else 0,
                    ranks[name][i] if i is not None else "",
                )
            )
    write_tsv(seed_words_out, word_rows, SEED_WORD_COLUMNS, sort_by=["category", "term"])
    used = {name: len(ids) for name, ids in seeded_ids.items()}
    log.warning("seeded topics: seed words in the vocabulary per category: %s", used)
