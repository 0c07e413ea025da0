"""topics/fitting.py: tf-idf as scikit-learn computes it, the seeded prior, one sweep run's files."""

from __future__ import annotations

import json

import numpy as np
from scipy.sparse import csr_matrix

from policy_rhetoric.topics.fitting import run_fit_topic_run, seeded_eta, smooth_idf, tfidf


def test_tfidf_matches_scikit_learn():
    from sklearn.feature_extraction.text import TfidfTransformer

    counts = csr_matrix(
        np.array([[3, 0, 1], [2, 0, 0], [3, 0, 0], [4, 0, 0], [3, 2, 0], [3, 0, 2]])
    )
    expected = TfidfTransformer().fit_transform(counts).toarray()
    np.testing.assert_allclose(tfidf(counts, smooth_idf(counts)).toarray(), expected, atol=1e-15)


def test_seeded_eta():
    eta, names = seeded_eta(
        ["battle", "innovation", "self-reliance"],
        {"militarized": ["battle", "war"], "self_reliance": ["self-reliance"]},
        other_topics=2,
        strength=10.0,
    )
    assert names == ["militarized", "self_reliance", "other_0", "other_1"]
    np.testing.assert_array_equal(
        eta,
        [[10, 0.25, 0.25], [0.25, 0.25, 10], [0.25, 0.25, 0.25], [0.25, 0.25, 0.25]],
    )


def test_run_fit_topic_run_writes_beta_theta_and_metrics(tmp_path, small_corpus):
    corpus, vocab = small_corpus
    out = {n: str(tmp_path / n) for n in ("beta.npy", "theta.npy", "gamma.npy", "metrics.json")}
    options = dict(passes=2, iterations=20, nmf_max_iter=50, coherence_top_n=3)
    for family in ("lda", "nmf"):
        run_fit_topic_run(corpus, vocab, *out.values(), family=family, k=2, seed=1, **options)
        beta, theta = np.load(out["beta.npy"]), np.load(out["theta.npy"])
        metrics = json.loads((tmp_path / "metrics.json").read_text(encoding="utf-8"))
        assert beta.shape[0] == 2 and theta.shape[1] == 2
        np.testing.assert_allclose(beta.sum(axis=1), 1.0)
        np.testing.assert_allclose(theta.sum(axis=1), 1.0)
        gamma = np.load(out["gamma.npy"])
        if family == "lda":  # theta is the posterior mean of Dirichlet(gamma)
            np.testing.assert_allclose(theta, gamma / gamma.sum(axis=1, keepdims=True))
        else:
            assert np.isnan(gamma).all()
        assert (metrics["family"], metrics["k"], metrics["seed"]) == (family, 2, 1)
        assert (metrics["perplexity"] is None) == (family == "nmf")
