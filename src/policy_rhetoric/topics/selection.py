"""Stage 4, topics: the sweep's selection table, the choice of K and the final model.

The sweep follows R's STM `searchK` and `selectModel`: every (family, K, seed) run is fitted by
fitting.py; here their measures are gathered (coherence, exclusivity, held-out perplexity, stability
over seeds; see measures.py) into topics/selection.tsv, with a mean row per (family, K).

Choice of K: fixed in config, or ("auto") the K of the LDA family with the best mean rank over the
measures named in `topics.selection_measures` (ties: the smaller K). The final model is the LDA run at
that K whose topics are most central among the seeds (highest stability; ties: the smaller seed). It is
written as its own beta.npy and theta.npy with topics ordered by corpus-wide prevalence (largest first),
so later rules read the final model from one path.
"""

from __future__ import annotations

import csv
import logging

import numpy as np

from policy_rhetoric.core.tables import write_tsv
from policy_rhetoric.topics.corpus import TopicCorpus, read_topic_corpus
from policy_rhetoric.topics.fitting import read_run_metrics, save_npy
from policy_rhetoric.topics.measures import average_ranks, coherences, order_topics, stability

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
HIGHER_IS_BETTER = {
    "coherence_cv": True,
    "coherence_npmi": True,
    "exclusivity": True,
    "stability": True,
    "stability_jaccard": True,
    "perplexity": False,
}

log = logging.getLogger(__name__)


def mean_rank_choice(summary: list[dict], measures: list[str]) -> int:
    """The K with the best (lowest) mean rank over `measures` (1 = best; ties averaged); ties: smaller K.

    Measures whose value is NA for every K are left out; a K with an NA measure ranks last on it."""
    ks = [int(row["k"]) for row in summary]
    total = np.zeros(len(ks))
    used = 0
    for measure in measures:
        values = np.array([float(row[measure]) for row in summary])
        if not np.isfinite(values).any():
            continue
        signed = -values if HIGHER_IS_BETTER[measure] else values
        signed = np.where(np.isfinite(signed), signed, np.inf)
        total += average_ranks(signed)
        used += 1
    if used == 0:
        return min(ks)
    best = min(range(len(ks)), key=lambda i: (total[i], ks[i]))
    return ks[best]


def central_seed(per_seed: dict[int, tuple]) -> int:
    """The seed whose topics are most similar to the other seeds' (highest stability; ties: smaller)."""
    return min(per_seed, key=lambda s: (-np.nan_to_num(per_seed[s][0], nan=-1.0), s))


def summarize_sweep(
    runs: dict[tuple, np.ndarray],
    metrics: dict[tuple, dict],
    corpus: TopicCorpus,
    *,
    coherence_top_n: int,
    num_topics: int | str,
    selection_measures: list[str],
) -> tuple[list[dict], list[tuple], tuple[int, int]]:
    """Selection rows (per run and per family x K with seed "mean"), pair rows, chosen (K, seed).

    `runs` and `metrics` are keyed by (family, K, seed); `num_topics` is a K or "auto"."""
    top_n = coherence_top_n
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
    k = (
        int(num_topics)
        if num_topics != "auto"
        else mean_rank_choice(summaries["lda"], selection_measures)
    )
    if ("lda", k) not in per_seed_all:
        swept = sorted({kk for f, kk in per_seed_all if f == "lda"})
        raise ValueError(f"topics.num_topics = {k} is not among the swept K {swept}")
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
    thetas: list[str],
    gammas: list[str],
    metrics: list[str],
    corpus_tsv: str,
    vocabulary_tsv: str,
    selection_out: str,
    pairs_out: str,
    final_beta_out: str,
    final_theta_out: str,
    final_gamma_out: str,
    *,
    coherence_top_n: int,
    num_topics: int | str,
    selection_measures: list[str],
) -> None:
    """Rule summarize_topic_sweep: topics/selection.tsv, topics/stability_pairs.tsv and the final model.

    `betas`, `thetas` and `metrics` hold the files of the same runs in the same order; each run's
    (family, K, seed) is read from its metrics. The final model (the chosen LDA run, topics ordered by
    corpus-wide prevalence) goes to `final_beta_out` (K x V), `final_theta_out` and `final_gamma_out`
    (chunks x K)."""
    corpus = read_topic_corpus(corpus_tsv, vocabulary_tsv)
    runs, table, theta_paths, gamma_paths = {}, {}, {}, {}
    for beta_path, theta_path, gamma_path, metrics_path in zip(
        betas, thetas, gammas, metrics, strict=True
    ):
        m = read_run_metrics(metrics_path)
        key = (m["family"], int(m["k"]), int(m["seed"]))
        runs[key] = np.load(beta_path, allow_pickle=False)
        theta_paths[key] = theta_path
        gamma_paths[key] = gamma_path
        table[key] = m
    rows, pairs, (k, seed) = summarize_sweep(
        runs,
        table,
        corpus,
        coherence_top_n=coherence_top_n,
        num_topics=num_topics,
        selection_measures=selection_measures,
    )
    log.warning("chosen final model: LDA, K = %d, seed %d", k, seed)
    write_tsv(selection_out, rows, SELECTION_COLUMNS, sort_by=["family", "k", "seed"])
    write_tsv(pairs_out, pairs, PAIR_COLUMNS, sort_by=["family", "k", "seed_a", "seed_b"])
    theta = np.load(theta_paths[("lda", k, seed)], allow_pickle=False)
    order = order_topics(theta, corpus.weights())
    save_npy(final_beta_out, runs[("lda", k, seed)][order])
    save_npy(final_theta_out, theta[:, order])
    save_npy(final_gamma_out, np.load(gamma_paths[("lda", k, seed)], allow_pickle=False)[:, order])
