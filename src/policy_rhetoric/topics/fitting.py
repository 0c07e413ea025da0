"""Stage 4, topics: fitting the runs of the sweep (rule fit_topic_runs) and the seeded prior.

- Families: gensim `LdaModel` (deterministic for a fixed `random_state`) and scikit-learn `NMF` (random
  initialisation with `random_state`, on tf-idf of the counts). One Snakemake job per family fits
  its K x seed runs one after the other (a run depends only on its family, K and seed, not on what
  ran before it in the process); the families run in parallel.
- Held-out perplexity by document completion (as STM's `make.heldout`): in a seeded sample of chunks
  every other term is held out of training; the chunk's topic proportions are estimated from the terms
  it kept, and the held-out terms are scored under them. NMF is not a probability model: NA.
- Seeded LDA (keyATM-style): `seeded_eta` puts a prior on each lexicon category's words in its topic.

Chunks of the reference documents (corpus.py) never enter training; their topic proportions are
inferred like every other chunk's.

A run's files: beta.npy (K x V), theta.npy (chunks x K), gamma.npy (chunks x K: LDA's variational
Dirichlet parameters, the posterior approximation q(theta) = Dirichlet(gamma) that the prevalence
draws sample from; NaN for NMF, which has none) and metrics.json (JSON rather than a TSV so that a
sweep job writes no table).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from policy_rhetoric.topics.corpus import TopicCorpus, read_topic_corpus
from policy_rhetoric.topics.measures import exclusivity, heldout_loglik

FAMILIES = ("lda", "nmf")
INFERENCE_BLOCK = 2000  # chunks per call of gensim's inference (memory, not results)


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=float)
    sums = matrix.sum(axis=1, keepdims=True)
    uniform = np.full_like(matrix, 1.0 / matrix.shape[1])
    return np.divide(matrix, sums, out=uniform, where=sums > 0)


def training_sample(corpus: TopicCorpus, max_chunks: int | None, seed: int) -> np.ndarray:
    """The chunks a run is trained on: every chunk of the training documents, or, when there are more
    than `max_chunks` (topics.max_training_chunks; None: no limit), `max_chunks` of them drawn without
    replacement with the stream (seed, 2) (apart from the held-out and reference draws), in corpus
    order. Every run of the sweep and the seeded model draw the same sample; the topic proportions of
    every chunk, sampled or not, are inferred from the fitted model."""
    rows = corpus.training_rows()
    if max_chunks is None or len(rows) <= max_chunks:
        return rows
    rng = np.random.default_rng([seed, 2])
    return np.sort(rng.choice(rows, size=max_chunks, replace=False))


def fit_lda_run(
    corpus: TopicCorpus,
    *,
    k: int,
    seed: int,
    passes: int,
    iterations: int,
    eta=None,
    max_training_chunks: int | None = None,
    resampling_seed: int = 0,
):
    """gensim LdaModel on the training counts (chunks of the training documents, or a sample of them:
    `training_sample`).

    Returns (beta K x V, gamma n x K, heldout loglik, tokens). gamma of every chunk is inferred from
    all its terms (theta = gamma normalised); the held-out score uses the theta inferred from the
    terms the chunk kept in training (document completion)."""
    from gensim.matutils import Sparse2Corpus
    from gensim.models import LdaModel

    train = corpus.train_counts()
    model = LdaModel(
        corpus=Sparse2Corpus(
            train[training_sample(corpus, max_training_chunks, resampling_seed)],
            documents_columns=False,
        ),
        id2word=dict(enumerate(corpus.vocab)),
        num_topics=k,
        random_state=seed,
        passes=passes,
        iterations=iterations,
        alpha="symmetric",
        eta=eta,
        eval_every=None,
        dtype=np.float64,
    )
    beta = model.get_topics().astype(float)
    held = corpus.heldout_counts()
    rows = corpus.heldout_rows()
    ll, tokens = float("nan"), 0
    if len(rows):
        gamma = infer_gamma(model, train[rows])
        ll, tokens = heldout_loglik(_normalise_rows(gamma), beta, held[rows])
    return beta, infer_gamma(model, corpus.counts()), ll, tokens


def infer_gamma(model, counts, block: int = INFERENCE_BLOCK) -> np.ndarray:
    """gensim's variational inference of gamma for every row of `counts` (sparse chunks x V), `block`
    rows at a time: the same values as one call on all rows (each row is inferred on its own, and
    the random starting values are drawn from the model's stream in row order), without holding
    every chunk as a gensim list of (id, count) pairs at once."""
    from gensim.matutils import Sparse2Corpus

    parts = [np.empty((0, model.num_topics))]
    for start in range(0, counts.shape[0], block):
        chunk = list(Sparse2Corpus(counts[start : start + block], documents_columns=False))
        parts.append(np.asarray(model.inference(chunk)[0], dtype=float))
    return np.concatenate(parts)


def normalise_rows(matrix: np.ndarray) -> np.ndarray:
    """Rows scaled to sum 1 (an all-zero row becomes uniform): theta from gamma."""
    return _normalise_rows(matrix)


def fit_nmf_run(
    corpus: TopicCorpus,
    *,
    k: int,
    seed: int,
    max_iter: int,
    max_training_chunks: int | None = None,
    resampling_seed: int = 0,
):
    """scikit-learn NMF (random init from `seed`) on tf-idf of the training counts (of the chunks of
    `training_sample`).

    beta = rows of H normalised to sum 1; theta = rows of W (all chunks, full counts) normalised."""
    from sklearn.decomposition import NMF

    train = corpus.train_counts()[training_sample(corpus, max_training_chunks, resampling_seed)]
    idf = smooth_idf(train)
    model = NMF(n_components=k, init="random", random_state=seed, max_iter=max_iter)
    model.fit(tfidf(train, idf))
    beta = _normalise_rows(model.components_)
    theta = _normalise_rows(model.transform(tfidf(corpus.counts(), idf)))
    return beta, theta


def smooth_idf(counts) -> np.ndarray:
    """idf = ln((1 + n) / (1 + df)) + 1, as scikit-learn's TfidfTransformer (smooth_idf=True)."""
    df = np.bincount(counts.indices, minlength=counts.shape[1])
    return np.log((1 + counts.shape[0]) / (1 + df)) + 1.0


def tfidf(counts, idf: np.ndarray):
    """Raw counts times idf, each row scaled to unit length (TfidfTransformer's defaults)."""
    from scipy.sparse import diags

    weighted = (counts.astype(float) @ diags(idf)).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    return (
        diags(np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)) @ weighted
    ).tocsr()


def seeded_eta(
    vocab: list[str], seeds: dict[str, list[str]], other_topics: int, strength: float
) -> tuple[np.ndarray, list[str]]:
    """Prior eta (topics x V) for seeded LDA: the seeded topics come first, one per category.

    Every cell is 1 / (number of topics), gensim's symmetric default; a seeded topic's own seed words
    get `strength` instead, so the prior puts that many pseudo-counts of each seed word in its topic.
    Returns (eta, topic names)."""
    names = sorted(seeds)
    n_topics = len(names) + other_topics
    eta = np.full((n_topics, len(vocab)), 1.0 / n_topics)
    index = {t: i for i, t in enumerate(vocab)}
    for topic, name in enumerate(names):
        ids = [index[w] for w in seeds[name] if w in index]
        eta[topic, ids] = strength
    return eta, names + [f"other_{i}" for i in range(other_topics)]


def run_fit_topic_runs(
    corpus_tsv: str,
    vocabulary_tsv: str,
    betas: Sequence[str],
    thetas: Sequence[str],
    gammas: Sequence[str],
    metrics: Sequence[str],
    *,
    family: str,
    ks: Sequence[int],
    seeds: Sequence[int],
    passes: int,
    iterations: int,
    nmf_max_iter: int,
    coherence_top_n: int,
    max_training_chunks: int | None = None,
    resampling_seed: int = 0,
) -> None:
    """Rule fit_topic_runs: every (K, seed) run of one family -> beta, theta, gamma .npy, metrics.json.

    The output lists are in (K, seed) order, as `fit_topic_run` for each K of `ks` and each seed of
    `seeds`; one job pays the interpreter and library start-up, and reads the corpus, once instead of
    once per run."""
    runs = [(k, seed) for k in ks for seed in seeds]
    for name, paths in (
        ("betas", betas),
        ("thetas", thetas),
        ("gammas", gammas),
        ("metrics", metrics),
    ):
        if len(paths) != len(runs):
            raise ValueError(
                f"{len(paths)} {name} paths for {len(runs)} runs (K {list(ks)} x seeds {list(seeds)})"
            )
    corpus = read_topic_corpus(corpus_tsv, vocabulary_tsv)  # once: every run reads the same
    for i, (k, seed) in enumerate(runs):
        fit_topic_run(
            corpus,
            betas[i],
            thetas[i],
            gammas[i],
            metrics[i],
            family=family,
            k=k,
            seed=seed,
            passes=passes,
            iterations=iterations,
            nmf_max_iter=nmf_max_iter,
            coherence_top_n=coherence_top_n,
            max_training_chunks=max_training_chunks,
            resampling_seed=resampling_seed,
        )


def fit_topic_run(
    corpus: TopicCorpus,
    beta_out: str,
    theta_out: str,
    gamma_out: str,
    metrics_out: str,
    *,
    family: str,
    k: int,
    seed: int,
    passes: int,
    iterations: int,
    nmf_max_iter: int,
    coherence_top_n: int,
    max_training_chunks: int | None = None,
    resampling_seed: int = 0,
) -> None:
    """One (family, K, seed) of the sweep on a corpus read once (read_topic_corpus) -> beta, theta,
    gamma .npy, metrics.json.

    `passes` and `iterations` are LDA's, `nmf_max_iter` NMF's; `coherence_top_n` terms per topic enter
    the run's exclusivity; `max_training_chunks` and `resampling_seed` set the training sample
    (`training_sample`)."""
    n_train = len(corpus.training_rows())
    if n_train < k:
        raise ValueError(
            f"only {n_train} training chunks to model, fewer than K={k}: lower topics.k, "
            "topics.min_chunk_tokens or topics.reference_fraction"
        )
    perplexity = ll_per_token = float("nan")
    if family == "lda":
        beta, gamma, ll, tokens = fit_lda_run(
            corpus,
            k=k,
            seed=seed,
            passes=passes,
            iterations=iterations,
            max_training_chunks=max_training_chunks,
            resampling_seed=resampling_seed,
        )
        theta = _normalise_rows(gamma)
        if tokens:
            ll_per_token = ll / tokens
            perplexity = float(np.exp(-ll_per_token))
    elif family == "nmf":
        beta, theta = fit_nmf_run(
            corpus,
            k=k,
            seed=seed,
            max_iter=nmf_max_iter,
            max_training_chunks=max_training_chunks,
            resampling_seed=resampling_seed,
        )
        gamma = np.full_like(theta, np.nan)
    else:
        raise ValueError(f"unknown topic model family {family!r}")
    save_npy(beta_out, beta)
    save_npy(theta_out, theta)
    save_npy(gamma_out, gamma)
    write_run_metrics(
        metrics_out,
        {
            "family": family,
            "k": k,
            "seed": seed,
            "exclusivity": exclusivity(beta, coherence_top_n),
            "perplexity": perplexity,
            "heldout_loglik": ll_per_token,
        },
    )


def write_run_metrics(path: str, metrics: dict) -> None:
    """One run's measures as JSON (NaN as null): an intermediate file, read by summarize_topic_sweep.

    JSON rather than a TSV so that a sweep job needs no pandas (it is ~20% of a small job's time)."""
    clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in metrics.items()}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(str(path) + ".tmp")
    tmp.write_text(json.dumps(clean, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def save_npy(path: str, array: np.ndarray) -> None:
    """`array` as float64 .npy, written atomically."""
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(str(path) + ".tmp.npy")
    np.save(tmp, np.ascontiguousarray(array, dtype=np.float64))
    tmp.replace(path)


def read_run_metrics(path: str) -> dict:
    """One run's measures as written by write_run_metrics (NaN as None)."""
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)
