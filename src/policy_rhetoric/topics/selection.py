"""Stage 4, topics: choosing K. One run per (family, K, seed), measures, stability, the chosen run.

The sweep follows R's STM `searchK` and `selectModel`, in Python:

- Families: gensim `LdaModel` (deterministic for a fixed `random_state`) and scikit-learn `NMF` (random
  initialisation with `random_state`, on tf-idf of the counts). Each (family, K, seed) is one
  Snakemake job (`fit_topic_run`), so a cluster runs them in parallel.
- Held-out perplexity by document completion (as STM's `make.heldout`): in a seeded sample of chunks
  every other term is held out of training; the chunk's topic proportions are estimated from the terms
  it kept, and the held-out terms are scored under them. NMF is not a probability model: NA.
- Coherence: gensim `CoherenceModel` c_v and c_npmi over the top-N terms, with the chunks' modelled
  terms as reference texts. One accumulator serves every run of the sweep (`CoherenceModel.for_topics`).
- Exclusivity: STM's `exclusivity()` (sum over a topic's top-N terms of FREX with weight 0.7 on
  exclusivity; the model's value is the mean over topics).
- Stability: for every pair of seeds of one (family, K), topics are matched one to one by the Hungarian
  algorithm (`scipy.optimize.linear_sum_assignment`) on the cosine similarity of their term
  distributions; a run's stability is its mean matched similarity, averaged over the other seeds.
- Choice of K: fixed in config, or ("auto") the K of the LDA family with the best mean rank over the
  measures named in `topics.selection_measures` (ties: the smaller K). The final model is the LDA run at
  that K whose topics are most central among the seeds (highest stability; ties: the smaller seed).
"""

from __future__ import annotations

import csv
import logging
from pathlib import Path

import numpy as np

SELECTION_COLUMNS = (
    "family",
    "k",
    "seed",
    "coherence_cv",
    "coherence_npmi",
    "exclusivity",
    "perplexity",
    "stability",
    "stability_jaccard",
    "heldout_loglik",
    "chosen",
)
PAIR_COLUMNS = ("family", "k", "seed_a", "seed_b", "similarity_cosine", "similarity_jaccard")
RUN_COLUMNS = ("family", "k", "seed", "exclusivity", "perplexity", "heldout_loglik")
HIGHER_IS_BETTER = {
    "coherence_cv": True,
    "coherence_npmi": True,
    "exclusivity": True,
    "stability": True,
    "stability_jaccard": True,
    "perplexity": False,
}
STM_EXCLUSIVITY_WEIGHT = 0.7

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------------------------------
# Measures on topic-term matrices (K x V, rows sum to 1)


def _within_topic_ecdf(values: np.ndarray) -> np.ndarray:
    """Rank of each term within its topic (row), ties averaged, divided by V (R's rank()/nrow)."""
    from scipy.stats import rankdata

    return rankdata(values, axis=1, method="average") / values.shape[1]


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


# ----------------------------------------------------------------------------------------------------
# Fitting one run


def heldout_loglik(theta: np.ndarray, beta: np.ndarray, heldout) -> tuple[float, int]:
    """Total log-likelihood of held-out term counts under theta @ beta, and the number of tokens.

    `theta` is (n chunks x K) estimated from the terms each chunk kept; `heldout` the (n x V) sparse
    counts of the terms held out."""
    heldout = heldout.tocoo()
    if heldout.nnz == 0:
        return float("nan"), 0
    p = np.einsum("ik,ki->i", theta[heldout.row], beta[:, heldout.col])
    return float((heldout.data * np.log(np.maximum(p, 1e-300))).sum()), int(heldout.data.sum())


def _normalise_rows(matrix: np.ndarray) -> np.ndarray:
    matrix = np.asarray(matrix, dtype=float)
    sums = matrix.sum(axis=1, keepdims=True)
    uniform = np.full_like(matrix, 1.0 / matrix.shape[1])
    return np.divide(matrix, sums, out=uniform, where=sums > 0)


def fit_lda_run(corpus, *, k: int, seed: int, passes: int, iterations: int, eta=None):
    """gensim LdaModel on the training counts. Returns (beta K x V, theta n x K, heldout loglik, tokens).

    theta of every chunk is inferred from all its terms; the held-out score uses the theta inferred
    from the terms the chunk kept in training (document completion)."""
    from gensim.matutils import Sparse2Corpus
    from gensim.models import LdaModel

    train = corpus.train_counts()
    model = LdaModel(
        corpus=Sparse2Corpus(train, documents_columns=False),
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
        observed = list(Sparse2Corpus(train[rows], documents_columns=False))
        gamma, _ = model.inference(observed)
        ll, tokens = heldout_loglik(_normalise_rows(gamma), beta, held[rows])
    gamma, _ = model.inference(list(Sparse2Corpus(corpus.counts(), documents_columns=False)))
    return beta, _normalise_rows(gamma), ll, tokens


def fit_nmf_run(corpus, *, k: int, seed: int, max_iter: int):
    """scikit-learn NMF (random init from `seed`) on tf-idf of the training counts.

    beta = rows of H normalised to sum 1; theta = rows of W (all chunks, full counts) normalised."""
    from sklearn.decomposition import NMF

    train = corpus.train_counts()
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


def run_fit_topic_run(
    corpus_tsv: str,
    vocabulary_tsv: str,
    family: str,
    k: int,
    seed: int,
    settings: dict,
    beta_out: str,
    theta_out: str,
    metrics_out: str,
) -> None:
    """Rule fit_topic_run: one (family, K, seed) of the sweep -> beta.npy, theta.npy, metrics.json."""
    from policy_rhetoric.topics.model import read_topic_corpus

    corpus = read_topic_corpus(corpus_tsv, vocabulary_tsv)
    if corpus.n_chunks < k:
        raise ValueError(
            f"only {corpus.n_chunks} chunks to model, fewer than K={k}: lower topics.k or topics.min_chunk_tokens"
        )
    perplexity = ll_per_token = float("nan")
    if family == "lda":
        beta, theta, ll, tokens = fit_lda_run(
            corpus, k=k, seed=seed, passes=settings["passes"], iterations=settings["iterations"]
        )
        if tokens:
            ll_per_token = ll / tokens
            perplexity = float(np.exp(-ll_per_token))
    elif family == "nmf":
        beta, theta = fit_nmf_run(corpus, k=k, seed=seed, max_iter=settings["nmf_max_iter"])
    else:
        raise ValueError(f"unknown topic model family {family!r}")
    _save_npy(beta_out, beta)
    _save_npy(theta_out, theta)
    write_run_metrics(
        metrics_out,
        {
            "family": family,
            "k": k,
            "seed": seed,
            "exclusivity": exclusivity(beta, settings["coherence_top_n"]),
            "perplexity": perplexity,
            "heldout_loglik": ll_per_token,
        },
    )


def write_run_metrics(path: str, metrics: dict) -> None:
    """One run's measures as JSON (NaN as null): an intermediate file, read by summarize_topic_sweep.

    JSON rather than a TSV so that a sweep job needs no pandas (it is ~20% of a small job's time)."""
    import json

    clean = {k: (None if isinstance(v, float) and v != v else v) for k, v in metrics.items()}
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(str(path) + ".tmp")
    tmp.write_text(json.dumps(clean, sort_keys=True, indent=1) + "\n", encoding="utf-8")
    tmp.replace(path)


def _save_npy(path: str, array: np.ndarray) -> None:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(str(path) + ".tmp.npy")
    np.save(tmp, np.ascontiguousarray(array, dtype=np.float64))
    tmp.replace(path)


def load_run(path_beta: str) -> np.ndarray:
    return np.load(path_beta, allow_pickle=False)


# ----------------------------------------------------------------------------------------------------
# Gathering the sweep


def coherences(
    runs: dict[tuple, np.ndarray], corpus, top_n: int
) -> dict[tuple, tuple[float, float]]:
    """c_v and c_npmi of each run's top-N terms, the chunks' modelled terms as reference texts.

    One word-occurrence accumulator per measure serves all runs (gensim CoherenceModel.for_topics)."""
    from gensim.corpora import Dictionary
    from gensim.models.coherencemodel import CoherenceModel

    dictionary = Dictionary()
    dictionary.token2id = {t: i for i, t in enumerate(corpus.vocab)}
    dictionary.id2token = dict(enumerate(corpus.vocab))
    texts = [list(terms) for terms in corpus.terms]
    keys = sorted(runs)
    topics = {
        key: [[corpus.vocab[i] for i in row] for row in top_term_ids(runs[key], top_n)]
        for key in keys
    }
    out = {key: [] for key in keys}
    for measure in ("c_v", "c_npmi"):
        model = CoherenceModel.for_topics(
            [topics[key] for key in keys],
            texts=texts,
            dictionary=dictionary,
            coherence=measure,
            topn=top_n,
            processes=1,
        )
        for key in keys:
            model.topics = topics[key]
            values = np.array(model.get_coherence_per_topic(), dtype=float)
            out[key].append(
                float(np.nanmean(values)) if np.isfinite(values).any() else float("nan")
            )
    return {key: tuple(v) for key, v in out.items()}


def mean_rank_choice(summary: list[dict], measures: list[str]) -> int:
    """The K with the best (lowest) mean rank over `measures` (1 = best; ties averaged); ties: smaller K.

    Measures whose value is NA for every K are left out; a K with an NA measure ranks last on it."""
    from scipy.stats import rankdata

    ks = [int(row["k"]) for row in summary]
    total = np.zeros(len(ks))
    used = 0
    for measure in measures:
        values = np.array([float(row[measure]) for row in summary])
        if not np.isfinite(values).any():
            continue
        signed = -values if HIGHER_IS_BETTER[measure] else values
        signed = np.where(np.isfinite(signed), signed, np.inf)
        total += rankdata(signed, method="average")
        used += 1
    if used == 0:
        return min(ks)
    best = min(range(len(ks)), key=lambda i: (total[i], ks[i]))
    return ks[best]


def central_seed(per_seed: dict[int, tuple]) -> int:
    """The seed whose topics are most similar to the other seeds' (highest stability; ties: smaller)."""
    return min(per_seed, key=lambda s: (-np.nan_to_num(per_seed[s][0], nan=-1.0), s))


def read_run_metrics(path: str) -> dict:
    import json

    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def summarize_sweep(
    runs: dict[tuple, np.ndarray],
    metrics: dict[tuple, dict],
    corpus,
    settings: dict,
) -> tuple[list[dict], list[tuple], tuple[int, int]]:
    """Selection rows (per run and per family x K with seed "mean"), pair rows, chosen (K, seed)."""
    top_n = settings["coherence_top_n"]
    coh = coherences(runs, corpus, top_n)
    rows, pairs = [], []
    summaries: dict[str, list[dict]] = {}
    per_seed_all = {}
    for family, k in sorted({(f, k) for f, k, _ in runs}):
        seeds = sorted(s for f, kk, s in runs if f == family and kk == k)
        per_seed, pair_rows = stability({s: runs[(family, k, s)] for s in seeds}, top_n)
        per_seed_all[(family, k)] = per_seed
        pairs += [(family, k, *p) for p in pair_rows]
        group = []
        for s in seeds:
            m = metrics[(family, k, s)]
            group.append(
                {
                    "family": family,
                    "k": k,
                    "seed": s,
                    "coherence_cv": coh[(family, k, s)][0],
                    "coherence_npmi": coh[(family, k, s)][1],
                    "exclusivity": float(m["exclusivity"]),
                    "perplexity": _float(m["perplexity"]),
                    "stability": per_seed[s][0],
                    "stability_jaccard": per_seed[s][1],
                    "heldout_loglik": _float(m["heldout_loglik"]),
                    "chosen": "",
                }
            )
        mean = {"family": family, "k": k, "seed": "mean", "chosen": ""}
        for column in SELECTION_COLUMNS[3:-1]:
            values = np.array([g[column] for g in group], dtype=float)
            mean[column] = float(values.mean()) if np.isfinite(values).all() else float("nan")
        rows += group + [mean]
        summaries.setdefault(family, []).append(mean)
    if "lda" not in summaries:
        raise ValueError("topics.families must include lda: the final model is an LDA run")
    fixed = settings["num_topics"]
    k = (
        int(fixed)
        if fixed != "auto"
        else mean_rank_choice(summaries["lda"], settings["selection_measures"])
    )
    if ("lda", k) not in per_seed_all:
        raise ValueError(f"topics.num_topics = {k} is not among the swept K {settings['k']}")
    seed = central_seed(per_seed_all[("lda", k)])
    for row in rows:
        if row["family"] == "lda" and row["k"] == k and row["seed"] in (seed, "mean"):
            row["chosen"] = "yes"
    return rows, pairs, (k, seed)


def _float(value) -> float:
    return float("nan") if value in (None, "", "NA") else float(value)


def chosen_run(selection_tsv: str) -> tuple[int, int]:
    """(K, seed) of the final model, as marked in topics/selection.tsv."""
    with open(selection_tsv, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row["family"] == "lda" and row["chosen"] == "yes" and row["seed"] != "mean":
                return int(row["k"]), int(row["seed"])
    raise ValueError(f"{selection_tsv} marks no chosen LDA run")


def run_summarize_topic_sweep(
    betas: list[str],
    metrics: list[str],
    corpus_tsv: str,
    vocabulary_tsv: str,
    settings: dict,
    selection_out: str,
    pairs_out: str,
) -> None:
    """Rule summarize_topic_sweep: topics/selection.tsv and topics/stability_pairs.tsv."""
    from policy_rhetoric.core.tables import write_tsv
    from policy_rhetoric.topics.model import read_topic_corpus

    corpus = read_topic_corpus(corpus_tsv, vocabulary_tsv)
    runs, table = {}, {}
    for beta_path, metrics_path in zip(sorted(betas), sorted(metrics), strict=True):
        m = read_run_metrics(metrics_path)
        key = (m["family"], int(m["k"]), int(m["seed"]))
        if Path(beta_path).parent != Path(metrics_path).parent:
            raise ValueError(f"sweep files do not pair up: {beta_path} and {metrics_path}")
        runs[key] = load_run(beta_path)
        table[key] = m
    rows, pairs, (k, seed) = summarize_sweep(runs, table, corpus, settings)
    log.warning("chosen final model: LDA, K = %d, seed %d", k, seed)
    write_tsv(selection_out, rows, SELECTION_COLUMNS, sort_by=["family", "k", "seed"])
    write_tsv(pairs_out, pairs, PAIR_COLUMNS, sort_by=["family", "k", "seed_a", "seed_b"])


# ----------------------------------------------------------------------------------------------------
# Figure: the measures against K

PANELS = (
    ("coherence_cv", "Coherence c_v", "higher is better"),
    ("coherence_npmi", "Coherence NPMI", "higher is better"),
    ("exclusivity", "Exclusivity (STM)", "higher is better"),
    ("perplexity", "Held-out perplexity (LDA)", "lower is better"),
    ("stability", "Stability across seeds", "mean matched cosine; higher is better"),
)
FAMILY_STYLE = {
    "lda": {"color": "#0072B2", "marker": "o", "label": "LDA (gensim)"},
    "nmf": {"color": "#D55E00", "marker": "s", "label": "NMF (scikit-learn)"},
}


def plot_topic_selection(selection, paths) -> None:
    """Five small panels (two coherences, exclusivity, perplexity, stability) against K, both families:
    one faint point per seed, the mean over seeds as a line; the chosen K is marked."""
    import matplotlib.pyplot as plt

    from policy_rhetoric.paper.style import figure_style, save_figure

    table = selection.copy()
    table["k"] = table["k"].astype(int)
    for column, _, _ in PANELS:
        table[column] = table[column].replace("NA", "nan").astype(float)
    chosen = table[(table["chosen"] == "yes") & (table["seed"] == "mean")]["k"].tolist()
    ks = sorted(table["k"].unique())
    with figure_style():
        fig, axes = plt.subplots(2, 3, figsize=(7.0, 4.2))
        flat = axes.ravel()
        for ax, (column, title, note) in zip(flat, PANELS, strict=False):
            for family in sorted(table["family"].unique()):
                style = FAMILY_STYLE.get(
                    family, {"color": "#000000", "marker": "^", "label": family}
                )
                sub = table[table["family"] == family]
                runs = sub[sub["seed"] != "mean"]
                means = sub[sub["seed"] == "mean"].sort_values("k")
                if not np.isfinite(means[column]).any():
                    continue
                ax.scatter(
                    runs["k"],
                    runs[column],
                    s=9,
                    color=style["color"],
                    marker=style["marker"],
                    alpha=0.35,
                    linewidths=0,
                )
                ax.plot(
                    means["k"],
                    means[column],
                    color=style["color"],
                    marker=style["marker"],
                    markersize=4,
                    linewidth=1.2,
                    label=style["label"],
                )
            for k in chosen:
                ax.axvline(k, color="#555555", linestyle=":", linewidth=0.8)
            ax.set_title(title)
            ax.set_xticks(ks)
            ax.set_xlabel("Number of topics K")
            ax.set_ylabel(note, fontsize=6.5, color="#444444")
            ax.margins(y=0.12)
        legend_ax = flat[len(PANELS)]
        legend_ax.axis("off")
        handles, labels = flat[0].get_legend_handles_labels()
        handles.append(plt.Line2D([], [], color="#555555", linestyle=":", linewidth=0.8))
        labels.append(f"chosen K = {chosen[0]}" if chosen else "chosen K")
        handles.append(
            plt.Line2D([], [], color="#777777", marker="o", linestyle="", alpha=0.35, markersize=3)
        )
        labels.append("one seed (faint); line = mean")
        legend_ax.legend(handles, labels, loc="center", frameon=False)
        fig.tight_layout()
        save_figure(fig, paths)


def run_plot_topic_selection(selection_tsv: str, outputs: list[str]) -> None:
    """Rule plot_topic_selection."""
    from policy_rhetoric.core.tables import read_tsv

    plot_topic_selection(read_tsv(selection_tsv), outputs)
