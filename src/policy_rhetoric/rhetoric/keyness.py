"""Keyness: the words that set one genre apart from the rest, by Monroe, Colaresi and Quinn (2008).

"Fightin' Words" (Political Analysis 16(4): 372-403), section 3.5: the log-odds ratio of a word between
two groups with an informative Dirichlet prior, divided by its standard error:

    delta_w = log[(y_wi + a_w) / (n_i + a_0 - y_wi - a_w)] - log[(y_wj + a_w) / (n_j + a_0 - y_wj - a_w)]
    var(delta_w) ~ 1 / (y_wi + a_w) + 1 / (y_wj + a_w)
    z_w = delta_w / sqrt(var(delta_w))

where y_wi is the count of word w in group i (one genre), y_wj its count in group j (all other genres),
n_i and n_j the groups' total counts, and the prior a_w = a_0 * pi_w spreads a total pseudo-count a_0
over the words in proportion to their frequency pi_w in the whole corpus (both groups). The prior
shrinks the log-odds of rare words toward zero, so frequent and rare words are comparable; |z| > 1.96
is the conventional threshold.

The counts are English lemmas of primary-voice text (the Chinese sources' own words in translation)
from the spaCy Docs the tokenize stage kept, without stop words, numbers or punctuation.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterable, Mapping

import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.corpus.shard_tokens import iter_documents
from policy_rhetoric.corpus.tokens import stop_words

KEYNESS_COLUMNS = (
    "genre",
    "term",
    "count_genre",
    "count_rest",
    "count_total",
    "delta",
    "se",
    "z_score",
)


def log_odds_dirichlet(
    counts_i: np.ndarray, counts_j: np.ndarray, prior: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """Log-odds ratio delta (group i vs group j) and its standard error for every word.

    `counts_i`, `counts_j` and `prior` (the pseudo-counts a_w) are aligned arrays over the same words;
    a_0 is `prior.sum()`. Positive delta: the word is more typical of group i."""
    y_i = np.asarray(counts_i, dtype=float)
    y_j = np.asarray(counts_j, dtype=float)
    a = np.asarray(prior, dtype=float)
    if (a <= 0).any():
        raise ValueError("every prior pseudo-count must be positive")
    a0 = a.sum()
    n_i, n_j = y_i.sum(), y_j.sum()
    delta = np.log((y_i + a) / (n_i + a0 - y_i - a)) - np.log((y_j + a) / (n_j + a0 - y_j - a))
    se = np.sqrt(1.0 / (y_i + a) + 1.0 / (y_j + a))
    return delta, se


def genre_keyness(
    counts: pd.DataFrame, *, alpha0: float | None = None, min_count: int = 1
) -> pd.DataFrame:
    """Each genre against all other genres: KEYNESS_COLUMNS for every term.

    `counts` has columns genre, term, count. The prior is the corpus frequency of each term scaled to a
    total of `alpha0` pseudo-counts (None: the corpus size, i.e. a_w = the term's corpus count, the
    choice of Monroe et al. when the background is the corpus itself). Terms counted fewer than
    `min_count` times in the whole corpus are left out before anything is computed."""
    table = counts.assign(count=counts["count"].astype(int))
    wide = table.pivot_table(
        index="term", columns="genre", values="count", aggfunc="sum", fill_value=0
    ).sort_index()
    wide = wide[wide.sum(axis=1) >= max(1, min_count)]
    if wide.shape[0] < 2 or wide.shape[1] < 2:
        # Log-odds need two groups and a vocabulary of at least two terms.
        return pd.DataFrame(columns=list(KEYNESS_COLUMNS))
    total = wide.sum(axis=1).to_numpy(dtype=float)
    scale = float(total.sum()) if alpha0 is None else float(alpha0)
    prior = scale * total / total.sum()
    frames = []
    for genre in sorted(wide.columns):
        y_i = wide[genre].to_numpy(dtype=float)
        y_j = total - y_i
        delta, se = log_odds_dirichlet(y_i, y_j, prior)
        frames.append(
            pd.DataFrame(
                {
                    "genre": genre,
                    "term": wide.index.to_numpy(),
                    "count_genre": y_i.astype(int),
                    "count_rest": y_j.astype(int),
                    "count_total": total.astype(int),
                    "delta": delta,
                    "se": se,
                    "z_score": delta / se,
                }
            )
        )
    result = pd.concat(frames, ignore_index=True)
    return result.sort_values(
        ["genre", "z_score", "term"], ascending=[True, False, True]
    ).reset_index(drop=True)


def keyness_stopwords(extra: Iterable[str] = ()) -> frozenset[str]:
    """spaCy's English stop words (lowercase) plus `extra`."""
    return stop_words(("en",), extra)


def doc_lemmas(docs, *, voice: str = "primary", lang: str = "en", stopwords=frozenset()):
    """Lowercase lemmas of the kept Docs of one document in `voice` and `lang`: alphabetic, two letters
    or more, not stop words (checked on the word and on its lemma)."""
    for doc in docs:
        if doc.user_data.get("voice") != voice or doc.user_data.get("lang") != lang:
            continue
        for token in doc:
            if not token.is_alpha or len(token.text) < 2:
                continue
            lemma = (token.lemma_ or token.text).lower()
            if token.lower_ in stopwords or lemma in stopwords or len(lemma) < 2:
                continue
            yield lemma


def genre_lemma_counts(
    docbins: Iterable[str | os.PathLike],
    genres: Mapping[str, str],
    *,
    extra_stopwords: Iterable[str] = (),
) -> pd.DataFrame:
    """Counts of primary-voice English lemmas per genre (columns genre, term, count), from the kept
    spaCy Docs (`docbins`: the DocBins of the tokenize stage, one per shard of documents), read one
    document at a time."""

    stopwords = keyness_stopwords(extra_stopwords)
    counts: Counter[tuple[str, str]] = Counter()
    for doc_id, docs in iter_documents(docbins):
        genre = genres[doc_id]
        for lemma in doc_lemmas(docs, stopwords=stopwords):
            counts[(genre, lemma)] += 1
    rows = [(g, t, c) for (g, t), c in sorted(counts.items())]
    return pd.DataFrame(rows, columns=["genre", "term", "count"])


def run_score_keyness(
    docbins: list[str],
    documents_tsv: str,
    output: str,
    *,
    alpha0: float | None = None,
    min_count: int = 1,
    extra_stopwords: Iterable[str] = (),
) -> pd.DataFrame:
    """Rule score_keyness: the keyness table of every genre vs the rest (KEYNESS_COLUMNS), written to
    `output`; returned."""

    documents = read_tsv(documents_tsv)
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    counts = genre_lemma_counts(docbins, genres, extra_stopwords=extra_stopwords)
    table = genre_keyness(counts, alpha0=alpha0, min_count=min_count)
    write_frame(output, table)
    return table
