"""Stage 4, topics: topic prevalence with the document as the unit (rules write_topic_model and
fit_seeded_topics).

A document's proportion of a topic is the term-weighted mean of its chunks' proportions. Uncertainty
has two sources, and both enter every interval:

- the topic model's: the chunks' proportions are estimated. LDA's variational posterior is
  q(theta_chunk) = Dirichlet(gamma_chunk) (gensim's gamma), so each draw samples every chunk's
  proportions from it and recomputes the documents' (the "method of composition" of R's STM
  `estimateEffect`, which draws from its logistic-normal approximation instead);
- sampling of documents: within a draw, prevalence by genre resamples the genre's documents with
  replacement (never chunks), and the regression's coefficients are drawn from their sampling
  distribution N(b, s^2 (X'X)^-1) over documents.

Prevalence by genre: the mean over the genre's documents of their proportion (each document counts
once), with the 2.5% and 97.5% quantiles over the draws. Prevalence regression (as estimateEffect):
per topic, OLS of the documents' proportions on genre (treatment coding; the reference is the genre
with the most documents, ties: the first by name) and, where every document has a year and the years
vary, the year (per decade, centred); per draw of theta one fit, one draw of its coefficients, pooled.
A genre with fewer than 3 documents is flagged; with one document its interval holds only the topic
model's uncertainty.
"""

from __future__ import annotations

import zlib
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from scipy.sparse import csr_matrix

FEW_DOCUMENTS = 3
PREVALENCE_COLUMNS = (
    "level",
    "group",
    "topic",
    "proportion",
    "ci_low",
    "ci_high",
    "n_documents",
    "n_chunks",
    "n_terms",
    "flag",
)
EFFECT_COLUMNS = (
    "topic",
    "term",
    "level",
    "reference",
    "estimate",
    "ci_low",
    "ci_high",
    "n_documents",
    "n_draws",
    "model",
    "flag",
)
SEED_SHARE_COLUMNS = (
    "level",
    "group",
    "topic",
    "median",
    "seed_min",
    "seed_max",
    "n_seeds",
    "n_documents",
)


QUANTILE_BLOCK = 64  # documents per np.quantile call (memory only: each document's draws alone)


def stream(seed: int, name: str) -> np.random.Generator:
    """A random stream of its own for (seed, name)."""
    return np.random.default_rng([seed, zlib.crc32(name.encode())])


def document_matrix(doc_ids: list[str], weights: np.ndarray) -> tuple[list[str], csr_matrix]:
    """(sorted documents, documents x chunks matrix M) with M @ theta = the documents' proportions:
    each row holds its chunks' term weights divided by their sum."""
    from scipy.sparse import csr_matrix  # here, not at the top: label_topics never builds one

    docs = sorted(set(doc_ids))
    row = {d: i for i, d in enumerate(docs)}
    rows = np.array([row[d] for d in doc_ids], dtype=int)
    totals = np.bincount(rows, weights=weights, minlength=len(docs))
    data = weights / totals[rows]
    matrix = csr_matrix((data, (rows, np.arange(len(doc_ids)))), shape=(len(docs), len(doc_ids)))
    return docs, matrix


def theta_draw(gamma: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """One draw of every chunk's topic proportions from Dirichlet(gamma) (row by row)."""
    g = rng.standard_gamma(gamma)
    return g / g.sum(axis=1, keepdims=True)


def point_theta(gamma: np.ndarray) -> np.ndarray:
    """The posterior mean of theta under Dirichlet(gamma)."""
    return gamma / gamma.sum(axis=1, keepdims=True)


def _flag(n_documents: int) -> str:
    if n_documents == 1:
        return "one document: the interval holds only the topic model's uncertainty"
    if n_documents < FEW_DOCUMENTS:
        return f"fewer than {FEW_DOCUMENTS} documents"
    return ""


def prevalence_by_group(
    gamma: np.ndarray,
    weights: np.ndarray,
    doc_ids: list[str],
    genres: dict[str, str],
    *,
    draws: int,
    seed: int,
) -> list[tuple]:
    """Rows of PREVALENCE_COLUMNS: level "genre" (mean over the genre's documents; each draw samples
    theta from Dirichlet(gamma) and resamples the genre's documents with replacement) and level
    "document" (its proportion; the interval over the draws of theta only)."""
    docs, matrix = document_matrix(doc_ids, weights)
    k = gamma.shape[1]
    point = matrix @ point_theta(gamma)
    members: dict[str, list[int]] = {}
    for i, d in enumerate(docs):
        members.setdefault(genres[d], []).append(i)
    groups = sorted(members)
    idx = {g: np.array(members[g]) for g in groups}
    rng = stream(seed, "prevalence")
    genre_draws = {g: np.empty((draws, k)) for g in groups}
    doc_draws = np.empty((draws, len(docs), k))
    for m in range(draws):
        props = matrix @ theta_draw(gamma, rng)
        doc_draws[m] = props
        for g in groups:
            pick = rng.choice(idx[g], size=len(idx[g]), replace=True)
            genre_draws[g][m] = props[pick].mean(axis=0)
    position = {d: i for i, d in enumerate(docs)}
    doc_rows = np.array([position[d] for d in doc_ids])
    n_chunks = np.bincount(doc_rows, minlength=len(docs))
    n_terms = np.bincount(doc_rows, weights=weights, minlength=len(docs)).astype(int)
    rows = []
    for g in groups:
        low, high = np.quantile(genre_draws[g], [0.025, 0.975], axis=0)
        est = point[idx[g]].mean(axis=0)
        n = len(idx[g])
        for t in range(k):
            rows.append(
                (
                    "genre",
                    g,
                    t,
                    float(est[t]),
                    float(low[t]),
                    float(high[t]),
                    n,
                    int(n_chunks[idx[g]].sum()),
                    int(n_terms[idx[g]].sum()),
                    _flag(n),
                )
            )
    # per document, a block of documents at a time: np.quantile copies what it partitions, and the
    # draws x documents x topics array is the largest this job holds
    low, high = np.empty((len(docs), k)), np.empty((len(docs), k))
    for start in range(0, len(docs), QUANTILE_BLOCK):
        part = slice(start, start + QUANTILE_BLOCK)
        low[part], high[part] = np.quantile(doc_draws[:, part], [0.025, 0.975], axis=0)
    for i, d in enumerate(docs):
        for t in range(k):
            rows.append(
                (
                    "document",
                    d,
                    t,
                    float(point[i, t]),
                    float(low[i, t]),
                    float(high[i, t]),
                    1,
                    int(n_chunks[i]),
                    int(n_terms[i]),
                    "",
                )
            )
    return rows


def design_matrix(
    docs: list[str], genres: dict[str, str], years: dict[str, int | None]
) -> tuple[np.ndarray, list[tuple[str, str]], str, str]:
    """X for the prevalence regression: intercept, genre dummies (treatment coding), the year per
    decade (centred) where every document has a year and they vary. Returns (X, terms as (term,
    level), reference genre, model name)."""
    counts: dict[str, int] = {}
    for d in docs:
        counts[genres[d]] = counts.get(genres[d], 0) + 1
    reference = min(counts, key=lambda g: (-counts[g], g))
    others = sorted(g for g in counts if g != reference)
    columns = [np.ones(len(docs))] + [
        np.array([genres[d] == g for d in docs], dtype=float) for g in others
    ]
    terms = [("intercept", reference)] + [("genre", g) for g in others]
    values = [years.get(d) for d in docs]
    model = "genre"
    if all(v is not None for v in values) and len(set(values)) > 1:
        year = np.array(values, dtype=float)
        columns.append((year - year.mean()) / 10.0)
        terms.append(("year_per_decade", ""))
        model = "genre + year"
    return np.column_stack(columns), terms, reference, model


def composition_draws(
    X: np.ndarray,
    matrix: csr_matrix,
    gamma: np.ndarray,
    *,
    draws: int,
    rng: np.random.Generator,
) -> np.ndarray:
    """Method of composition: per draw, documents' proportions from a draw of theta, OLS per topic,
    then one draw of the coefficients from N(b, s^2 (X'X)^-1). Returns draws x p x K (NaN when the
    residual degrees of freedom are 0)."""
    n, p = X.shape
    xtx_inv = np.linalg.inv(X.T @ X)
    chol = np.linalg.cholesky(xtx_inv)
    solve = xtx_inv @ X.T
    k = gamma.shape[1]
    out = np.empty((draws, p, k))
    for m in range(draws):
        y = matrix @ theta_draw(gamma, rng)
        b = solve @ y
        if n - p <= 0:
            out[m] = np.nan
            continue
        s2 = ((y - X @ b) ** 2).sum(axis=0) / (n - p)
        out[m] = b + (chol @ rng.standard_normal((p, k))) * np.sqrt(s2)[None, :]
    return out


def prevalence_effects(
    gamma: np.ndarray,
    weights: np.ndarray,
    doc_ids: list[str],
    genres: dict[str, str],
    years: dict[str, int | None],
    *,
    draws: int,
    seed: int,
) -> list[tuple]:
    """Rows of EFFECT_COLUMNS: per topic the regression of the documents' proportions on genre (and
    year); estimate = OLS on the posterior-mean proportions, interval = 2.5% and 97.5% quantiles of
    the pooled coefficient draws (composition_draws)."""
    docs, matrix = document_matrix(doc_ids, weights)
    X, terms, reference, model = design_matrix(docs, genres, years)
    n, p = X.shape
    counts = {g: sum(genres[d] == g for d in docs) for g in {genres[d] for d in docs}}
    rank = np.linalg.matrix_rank(X)
    k = gamma.shape[1]
    if rank < p or n - p <= 0:
        reason = (
            f"design of rank {rank} < {p} columns"
            if rank < p
            else f"no residual degrees of freedom ({n} documents, {p} coefficients)"
        )
        return [
            (t, term, level, reference, "NA", "NA", "NA", n, 0, model, reason)
            for t in range(k)
            for term, level in terms
        ]
    estimate = np.linalg.solve(X.T @ X, X.T @ (matrix @ point_theta(gamma)))
    pooled = composition_draws(X, matrix, gamma, draws=draws, rng=stream(seed, "effects"))
    low, high = np.quantile(pooled, [0.025, 0.975], axis=0)
    rows = []
    for t in range(k):
        for j, (term, level) in enumerate(terms):
            small = [g for g in ({level, reference} if term == "genre" else {reference}) if g]
            few = [g for g in sorted(small) if counts[g] < FEW_DOCUMENTS]
            flag = f"fewer than {FEW_DOCUMENTS} documents: {', '.join(few)}" if few else ""
            rows.append(
                (
                    t,
                    term,
                    level,
                    reference,
                    float(estimate[j, t]),
                    float(low[j, t]),
                    float(high[j, t]),
                    n,
                    draws,
                    model,
                    flag,
                )
            )
    return rows


def summarize_over_seeds(shares: dict[tuple, list[float]]) -> list[tuple]:
    """Rows of SEED_SHARE_COLUMNS from {(level, group, topic, n_documents): [share of each seed]}:
    median, minimum and maximum over the seeds and their number."""
    return [
        (
            level,
            group,
            topic,
            float(np.median(values)),
            float(min(values)),
            float(max(values)),
            len(values),
            n_documents,
        )
        for (level, group, topic, n_documents), values in sorted(shares.items())
    ]


def shares_by_group(
    theta: np.ndarray, weights: np.ndarray, doc_ids: list[str], genres: dict[str, str]
) -> dict[tuple, float]:
    """{(level, group, topic, n_documents): share}: each document's proportion of each topic and each
    genre's mean over its documents (the point estimates of one fit)."""
    docs, matrix = document_matrix(doc_ids, weights)
    props = matrix @ theta
    out = {}
    for i, d in enumerate(docs):
        for t in range(theta.shape[1]):
            out[("document", d, t, 1)] = float(props[i, t])
    for g in sorted({genres[d] for d in docs}):
        idx = [i for i, d in enumerate(docs) if genres[d] == g]
        mean = props[idx].mean(axis=0)
        for t in range(theta.shape[1]):
            out[("genre", g, t, len(idx))] = float(mean[t])
    return out
