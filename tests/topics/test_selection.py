"""topics/selection.py: stability over seeds and the central seed, the mean-rank choice of K, the sweep
summary and the final model it writes."""

from __future__ import annotations

import numpy as np
import pytest

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.topics.corpus import read_topic_corpus
from policy_rhetoric.topics.fitting import fit_topic_run
from policy_rhetoric.topics.measures import order_topics, stability
from policy_rhetoric.topics.selection import (
    SELECTION_COLUMNS,
    central_seed,
    chosen_run,
    mean_rank_choice,
    run_summarize_topic_sweep,
)


def test_stability_averages_pairs_and_picks_the_central_seed():
    a = np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]])
    b = np.array([[0.0, 1.0, 0.0], [0.6, 0.8, 0.0]])  # a-b: .8 (above)
    c = np.array(
        [[0.0, 1.0, 0.0], [1.0, 0.0, 0.0]]
    )  # a-c: 1.0; b-c: cos(B1,C1)=.6, cos(B0,C0)=1 -> .8
    per_seed, pairs = stability({1: a, 2: b, 3: c}, top_n=1)
    assert [(p[0], p[1]) for p in pairs] == [(1, 2), (1, 3), (2, 3)]
    np.testing.assert_allclose([p[2] for p in pairs], [0.8, 1.0, 0.8])
    assert per_seed[1][0] == pytest.approx(0.9)
    assert per_seed[2][0] == pytest.approx(0.8)
    assert per_seed[3][0] == pytest.approx(0.9)
    assert central_seed(per_seed) == 1  # tie between seeds 1 and 3: the smaller
    single, no_pairs = stability({7: a})
    assert np.isnan(single[7][0]) and no_pairs == []
    assert central_seed(single) == 7


def test_mean_rank_choice_and_its_tie_break():
    summary = [
        {"k": 4, "coherence_npmi": 0.10, "exclusivity": 8.0, "perplexity": 300.0, "stability": 0.9},
        {"k": 6, "coherence_npmi": 0.12, "exclusivity": 9.0, "perplexity": 310.0, "stability": 0.8},
        {"k": 8, "coherence_npmi": 0.11, "exclusivity": 9.5, "perplexity": 320.0, "stability": 0.7},
    ]
    measures = ["coherence_npmi", "exclusivity", "perplexity", "stability"]
    # ranks: K4 (3, 3, 1, 1) = 8; K6 (1, 2, 2, 2) = 7; K8 (2, 1, 3, 3) = 9
    assert mean_rank_choice(summary, measures) == 6
    # exclusivity and stability alone: K4 (3, 1), K6 (2, 2), K8 (1, 3) -> all 4: the smallest K
    assert mean_rank_choice(summary, ["exclusivity", "stability"]) == 4
    # a measure that is NA everywhere (perplexity of NMF) is left out
    for row in summary:
        row["perplexity"] = float("nan")
    assert mean_rank_choice(summary, ["perplexity", "coherence_npmi"]) == 6


def test_summarize_topic_sweep_writes_the_chosen_run_as_the_final_model(tmp_path, small_corpus):
    corpus, vocab = small_corpus
    files = {"betas": [], "thetas": [], "gammas": [], "metrics": []}
    for family in ("lda", "nmf"):
        for seed in (1, 2):
            run = tmp_path / f"run_{family}_{seed}"
            paths = [str(run / n) for n in ("b.npy", "t.npy", "g.npy", "m.json")]
            fit_topic_run(
                read_topic_corpus(corpus, vocab), *paths, family=family, k=2, seed=seed,
                passes=2, iterations=20, nmf_max_iter=50, coherence_top_n=3,
            )  # fmt: skip
            for key, path in zip(files, paths, strict=True):
                files[key].append(path)
    names = ("selection.tsv", "pairs.tsv", "beta.npy", "theta.npy", "gamma.npy")
    out = {n: str(tmp_path / n) for n in names}
    run_summarize_topic_sweep(
        *files.values(), corpus, vocab, *out.values(),
        coherence_top_n=3, num_topics="auto", selection_measures=["exclusivity", "stability"],
    )  # fmt: skip
    selection = read_tsv(out["selection.tsv"])
    assert tuple(selection.columns) == SELECTION_COLUMNS
    assert len(selection) == 2 * (2 + 1)
    k, seed = chosen_run(out["selection.tsv"])
    assert k == 2 and seed in (1, 2)
    beta = np.load(files["betas"][seed - 1])
    theta = np.load(files["thetas"][seed - 1])
    weights = np.array([float(n) for n in read_tsv(corpus)["n_terms"]])
    order = order_topics(theta, weights)
    np.testing.assert_array_equal(np.load(out["beta.npy"]), beta[order])
    np.testing.assert_array_equal(np.load(out["theta.npy"]), theta[:, order])
    gamma = np.load(files["gammas"][seed - 1])
    np.testing.assert_array_equal(np.load(out["gamma.npy"]), gamma[:, order])
    with pytest.raises(ValueError, match="not among the swept K"):
        run_summarize_topic_sweep(
            *files.values(), corpus, vocab, *out.values(),
            coherence_top_n=3, num_topics=5, selection_measures=["exclusivity"],
        )  # fmt: skip
