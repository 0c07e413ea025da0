"""Stage 4, topics: measures on topic-term matrices (K x V, rows sum to 1) and topic proportions.

- FREX and STM's exclusivity (`exclusivity()`: the sum over a topic's top-N terms of FREX with weight 0.7
  on exclusivity; a model's value is the mean over topics).
- Coherence: c_v (gensim's `CoherenceModel` measure, computed here with its arithmetic: cv_per_topic)
  and NPMI (npmi_coherence) over the top-N terms, measured on held-out text:
  the reference texts are the modelled terms of the chunks of the reference documents, which no run
  was trained on (corpus.py), so a topic scores well only if its terms co-occur in documents the model
  has not seen. One count of sliding windows serves every run of the sweep (window_cooccurrences).
  Not gensim itself: its import (about 1.2 CPU-s, most of it scipy.stats) and its sparse context
  vectors cost a sweep job more than the measure; tests compare the values with gensim's to the bit.
- Similarity of two runs: topics matched one to one by the Hungarian algorithm
  (`scipy.optimize.linear_sum_assignment`) on the cosine similarity of their term distributions, with
  the top-term Jaccard read off the same matching; stability over the seeds of one (family, K).
- Held-out log-likelihood by document completion; topic order by corpus-wide prevalence.
"""

from __future__ import annotations

import numpy as np

STM_EXCLUSIVITY_WEIGHT = 0.7
CV_WINDOW = 110  # gensim's sliding window for c_v
CV_EPSILON = 1e-12  # gensim's direct_confirmation_measure.EPSILON
WINDOW_BLOCK = 2**16  # windows held at a time by window_cooccurrences (each: its marked terms)


def average_ranks(values) -> np.ndarray:
    """Ranks 1..n of a vector, ties given the mean of their ranks (R's rank(), scipy's rankdata):
    a tie occupying sorted positions first..last (0-based) ranks (first + last + 2) / 2. Here, not
    scipy.stats, whose import (1 CPU-s, it parses its docstrings) a job ranking only pays for this."""
    values = np.asarray(values, dtype=float)
    if np.isnan(values).any():
        raise ValueError("average_ranks: NaN has no rank (scipy's rankdata would give NaN to all)")
    order = np.argsort(values, kind="stable")
    ordered = values[order]
    first = np.ones(len(values), dtype=bool)
    first[1:] = ordered[1:] != ordered[:-1]
    starts = np.flatnonzero(first)
    ends = np.append(starts[1:], len(values))  # one past each tie's last position
    ranks = np.empty(len(values))
    ranks[order] = ((starts + ends + 1) / 2.0)[np.cumsum(first) - 1]
    return ranks


def _within_topic_ecdf(values: np.ndarray) -> np.ndarray:
    """Rank of each term within its topic (row), ties averaged, divided by V (R's rank()/nrow)."""
    values = np.asarray(values, dtype=float)
    return np.array([average_ranks(row) for row in values]).reshape(values.shape) / values.shape[1]


def frex(beta: np.ndarray, exclusivity_weight: float = 0.5) -> np.ndarray:
    """FREX of every (topic, term): weighted harmonic mean of the term's exclusivity and frequency ranks.

    As STM: exclusivity of term w in topic k is beta[k, w] / sum_j beta[j, w]; both it and beta[k, w]
    are ranked within topic k (ties averaged) and divided by V; FREX = 1 / (e / E + (1 - e) / F) with
    e = `exclusivity_weight` (STM's labelTopics uses 0.5, its exclusivity() 0.7)."""
    beta = np.asarray(beta, dtype=float)
    column = beta.sum(axis=0, keepdims=True)
    exclusive = np.divide(beta, column, out=np.zeros_like(beta), where=column > 0)
    e_rank = _within_topic_ecdf(exclusive)
    f_rank = _within_topic_ecdf(beta)
    w = exclusivity_weight
    return 1.0 / (w / e_rank + (1.0 - w) / f_rank)


def top_term_ids(beta: np.ndarray, top_n: int) -> np.ndarray:
    """Ids of each topic's top_n terms by weight (ties: the smaller id first)."""
    order = np.argsort(-np.asarray(beta), axis=1, kind="stable")
    return order[:, : min(top_n, beta.shape[1])]


def exclusivity_per_topic(beta: np.ndarray, top_n: int = 10) -> np.ndarray:
    """STM exclusivity(): per topic, the sum of FREX (weight 0.7 on exclusivity) over its top_n terms."""
    scores = frex(beta, STM_EXCLUSIVITY_WEIGHT)
    top = top_term_ids(beta, top_n)
    return np.take_along_axis(scores, top, axis=1).sum(axis=1)


def exclusivity(beta: np.ndarray, top_n: int = 10) -> float:
    """A model's exclusivity: mean over topics of exclusivity_per_topic (as STM's searchK reports it)."""
    return float(exclusivity_per_topic(beta, top_n).mean())


def cosine_similarity(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Cosine similarity of every row of `a` with every row of `b` (0 for all-zero rows)."""
    a = np.asarray(a, dtype=float)
    b = np.asarray(b, dtype=float)
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    a = np.divide(a, na, out=np.zeros_like(a), where=na > 0)
    b = np.divide(b, nb, out=np.zeros_like(b), where=nb > 0)
    return a @ b.T


def jaccard_similarity(a: np.ndarray, b: np.ndarray, top_n: int = 10) -> np.ndarray:
    """Jaccard similarity of the top_n term sets of every topic of `a` with every topic of `b`."""
    sets_a = [set(row) for row in top_term_ids(a, top_n).tolist()]
    sets_b = [set(row) for row in top_term_ids(b, top_n).tolist()]
    return np.array([[len(x & y) / len(x | y) for y in sets_b] for x in sets_a])


def align_topics(similarity: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """One-to-one matching of the rows and columns of a similarity matrix that maximises the total.

    Returns (columns matched to rows 0..K-1, the matched similarities). Hungarian algorithm
    (scipy.optimize.linear_sum_assignment); a greedy match can be worse (see tests)."""
    from scipy.optimize import linear_sum_assignment

    similarity = np.asarray(similarity, dtype=float)
    rows, cols = linear_sum_assignment(similarity, maximize=True)
    order = np.argsort(rows)
    cols = cols[order]
    return cols, similarity[rows[order], cols]


def matched_similarity(a: np.ndarray, b: np.ndarray, top_n: int = 10) -> tuple[float, float]:
    """Mean matched similarity of two runs' topics: (cosine of term distributions, top-term Jaccard).

    The matching maximises cosine; Jaccard is read off the same matching."""
    cos = cosine_similarity(a, b)
    cols, matched = align_topics(cos)
    jac = jaccard_similarity(a, b, top_n)[np.arange(len(cols)), cols]
    return float(matched.mean()), float(jac.mean())


def stability(
    betas: dict[int, np.ndarray], top_n: int = 10
) -> tuple[dict[int, tuple], list[tuple]]:
    """Stability of runs that differ only in seed.

    Returns ({seed: (mean matched cosine, mean matched Jaccard) over the other seeds}, pair rows
    (seed_a, seed_b, cosine, jaccard) for seed_a < seed_b). With one seed: NaN."""
    seeds = sorted(betas)
    pairs = {}
    for i, a in enumerate(seeds):
        for b in seeds[i + 1 :]:
            pairs[(a, b)] = matched_similarity(betas[a], betas[b], top_n)
    per_seed = {}
    for s in seeds:
        mine = [v for (a, b), v in pairs.items() if s in (a, b)]
        per_seed[s] = (
            (float(np.mean([m[0] for m in mine])), float(np.mean([m[1] for m in mine])))
            if mine
            else (float("nan"), float("nan"))
        )
    return per_seed, [(a, b, *v) for (a, b), v in sorted(pairs.items())]


def heldout_loglik(theta: np.ndarray, beta: np.ndarray, heldout) -> tuple[float, int]:
    """Total log-likelihood of held-out term counts under theta @ beta, and the number of tokens.

    `theta` is (n chunks x K) estimated from the terms each chunk kept; `heldout` the (n x V) sparse
    counts of the terms held out."""
    heldout = heldout.tocoo()
    if heldout.nnz == 0:
        return float("nan"), 0
    p = np.einsum("ik,ki->i", theta[heldout.row], beta[:, heldout.col])
    return float((heldout.data * np.log(np.maximum(p, 1e-300))).sum()), int(heldout.data.sum())


def order_topics(theta: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Topic order by corpus-wide prevalence (share of modelled terms), largest first (ties: index)."""
    overall = (theta * weights[:, None]).sum(axis=0)
    return np.argsort(-overall, kind="stable")


def npmi_coherence(top_ids: np.ndarray, reference) -> float:
    """Mean NPMI of the pairs of a topic's top terms over reference texts (boolean co-occurrence in a
    text: Bouma 2009; Lau, Newman and Baldwin 2014). `reference` is (texts x V) counts.

    NPMI(i, j) = log(p_ij / (p_i p_j)) / -log p_ij, with p the share of texts holding the term(s);
    -1 for a pair that never co-occurs, 1 for a pair in every text; pairs with a term absent from the
    reference texts are undefined and left out (NaN if no pair is defined)."""
    present = (reference[:, top_ids] > 0).astype(float).toarray()
    n = present.shape[0]
    p = present.sum(axis=0) / n
    joint = (present.T @ present) / n
    values = []
    for a in range(len(top_ids)):
        for b in range(a + 1, len(top_ids)):
            if p[a] == 0 or p[b] == 0:
                continue
            pab = joint[a, b]
            if pab == 0:
                values.append(-1.0)
            elif pab == 1:
                values.append(1.0)
            else:
                values.append(float(np.log(pab / (p[a] * p[b])) / -np.log(pab)))
    return float(np.mean(values)) if values else float("nan")


def window_cooccurrences(texts, relevant, window: int = CV_WINDOW) -> tuple:
    """Boolean sliding-window counts of the `relevant` term ids (sorted) over `texts` (arrays of term
    ids), as gensim's WordOccurrenceAccumulator (c_v's probability estimation) counts them.

    A text of at most `window` terms is one window, a longer one gives len - window + 1 windows. A term
    is counted in a window as gensim marks it: the first window of a text marks the terms it holds;
    each later window unmarks the term that left it (even if another copy of it is still inside) and
    marks the term that entered. Returns (the number of windows, windows marking each relevant term,
    windows marking each pair: a sparse len(relevant) x len(relevant) matrix whose diagonal is the
    former). The count of a pair depends only on its two terms, so one call over the union of
    several models' top terms serves each of them as a call over its own terms would."""
    from scipy.sparse import csr_matrix

    relevant = np.asarray(relevant, dtype=np.int64)
    n_relevant = len(relevant)
    column = np.full(int(relevant.max(initial=-1)) + 2, n_relevant, dtype=np.int64)
    column[relevant] = np.arange(n_relevant)
    n_windows, singles = 0, np.zeros(n_relevant, dtype=np.int64)
    pairs = csr_matrix((n_relevant, n_relevant), dtype=np.int64)
    marks: list[np.ndarray] = []
    lengths: list[int] = []

    def add_block() -> None:  # the windows marked so far, added to the counts (integers: exact)
        nonlocal n_windows, singles, pairs
        indices = np.concatenate(marks) if marks else np.zeros(0, dtype=np.int64)
        indptr = np.concatenate([[0], np.cumsum(lengths, dtype=np.int64)])
        windows = csr_matrix(
            (np.ones(len(indices), dtype=np.int64), indices, indptr),
            shape=(len(lengths), n_relevant),
        )
        n_windows += len(lengths)
        singles = singles + np.bincount(indices, minlength=n_relevant)
        pairs = pairs + (windows.T @ windows).tocsr()
        marks.clear()
        lengths.clear()

    for text in texts:
        text = np.asarray(text, dtype=np.int64)
        cols = column[np.minimum(text, len(column) - 1)] if len(text) else text
        if len(text) <= window:
            marked = np.unique(cols[cols < n_relevant])
            marks.append(marked)
            lengths.append(len(marked))
            continue
        state = np.zeros(n_relevant + 1, dtype=bool)  # the last slot: every other term
        state[cols[:window]] = True
        for t in range(len(text) - window + 1):
            if t:
                state[cols[t - 1]] = False
                state[cols[t + window - 1]] = True
            marked = np.flatnonzero(state[:n_relevant])
            marks.append(marked)
            lengths.append(len(marked))
        # long texts make many windows: they are counted a block at a time
        if len(lengths) > WINDOW_BLOCK:
            add_block()
    add_block()
    return n_windows, singles, pairs


def cv_per_topic(topics: np.ndarray, n_windows: int, pairs, column: dict) -> np.ndarray:
    """c_v of each topic (row of term ids, best first) from window counts (`window_cooccurrences`;
    `column`: term id -> its row there), with gensim's CoherenceModel(coherence="c_v") arithmetic
    operation by operation, so that the values are gensim's to the bit (see tests):

    NPMI of each pair of the topic's terms, log(((n_ij / N) + 1e-12) / ((n_i / N) (n_j / N))) /
    -log((n_ij / N) + 1e-12); context vectors indexed by the order in which the model's topics first
    name each term: a term's holds its NPMI with each term of its topic, the topic's the sums over its
    terms (in topic order); each term's vector's cosine with the topic's (the dot product summed over
    the entries non-zero in both, in index order; norms over the non-zero entries) and their mean."""
    topics = np.asarray(topics)
    first: dict[int, int] = {}
    for term in topics.ravel().tolist():
        first.setdefault(term, len(first))
    total = float(n_windows)
    out = []
    for topic in topics.tolist():
        rows = np.array([column[t] for t in topic], dtype=np.int64)
        joint = np.asarray(pairs[rows][:, rows].toarray(), dtype=np.uint32)
        single = np.diagonal(joint)
        with np.errstate(all="ignore"):
            ratio = np.log(
                ((joint / total) + CV_EPSILON)
                / ((single / total)[:, None] * (single / total)[None, :])
            )
            npmi = ratio / -np.log((joint / total) + CV_EPSILON)
            vectors = npmi[:, np.argsort([first[t] for t in topic], kind="stable")]
            whole = np.add.accumulate(np.vstack([np.zeros(len(topic)), vectors]), axis=0)[-1]
            whole_norm = _norm(whole)
            sims = np.zeros(len(topic))
            for i, vector in enumerate(vectors):
                both = (vector != 0) & (whole != 0)
                dot = np.add.accumulate(np.concatenate([[0.0], whole[both] * vector[both]]))[-1]
                sims[i] = (dot if dot != 0 else np.float64(0.0)) / (_norm(vector) * whole_norm)
            out.append(np.mean(sims))
    return np.array(out, dtype=float)


def _norm(vector: np.ndarray):
    """Euclidean norm over the non-zero entries, in index order (as gensim's on a sparse vector)."""
    return np.sqrt(np.sum(vector[vector != 0] ** 2))


def coherences(
    runs: dict[tuple, np.ndarray], corpus, top_n: int
) -> dict[tuple, tuple[float, float]]:
    """c_v and NPMI of each run's top-N terms, on the reference documents' chunks only (held out of
    training; see TopicCorpus.reference_rows).

    c_v: as gensim's CoherenceModel (`cv_per_topic`), on window counts taken once over the union of
    every run's top terms (`window_cooccurrences`); NPMI: npmi_coherence with a chunk as the
    co-occurrence window. A run's value is the mean over its topics whose coherence is defined on the
    reference texts (NaN if none is)."""
    reference = corpus.reference_rows()
    if not len(reference):
        raise ValueError(
            "coherence needs reference documents held out of training: set topics.reference_fraction > 0"
        )
    counts = corpus.counts()[reference]
    keys = sorted(runs)
    ids = {key: top_term_ids(runs[key], top_n) for key in keys}
    relevant = np.unique(np.concatenate([ids[key].ravel() for key in keys]))
    n_windows, _, pairs = window_cooccurrences(
        (corpus.ids[corpus.offsets[i] : corpus.offsets[i + 1]] for i in reference), relevant
    )
    column = {int(t): i for i, t in enumerate(relevant)}
    out = {}
    for key in keys:
        cv = cv_per_topic(ids[key], n_windows, pairs, column)
        npmi = np.array([npmi_coherence(row, counts) for row in ids[key]])
        out[key] = tuple(
            float(np.mean(v[np.isfinite(v)])) if np.isfinite(v).any() else float("nan")
            for v in (cv, npmi)
        )
    return out
