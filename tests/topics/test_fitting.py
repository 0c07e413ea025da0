"""topics/fitting.py: tf-idf as scikit-learn computes it, the seeded prior, one sweep run's files."""

from __future__ import annotations

import json

import numpy as np
import pytest
from scipy.sparse import csr_matrix

from policy_rhetoric.topics.corpus import Chunk, build_topic_corpus, read_topic_corpus
from policy_rhetoric.topics.fitting import (
    fit_lda_run,
    fit_topic_run,
    run_fit_topic_runs,
    seeded_eta,
    smooth_idf,
    tfidf,
    training_sample,
)


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
        fit_topic_run(
            read_topic_corpus(corpus, vocab), *out.values(), family=family, k=2, seed=1, **options
        )
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


def test_run_fit_topic_runs_writes_each_run_as_a_job_of_its_own_would(tmp_path, small_corpus):
    """One job per family fits its runs in (K, seed) order; each run's files are byte for byte those of
    the run fitted alone in a fresh call (no state carries over from one run to the next)."""
    corpus, vocab = small_corpus
    options = dict(passes=2, iterations=20, nmf_max_iter=50, coherence_top_n=3)
    names = ("beta.npy", "theta.npy", "gamma.npy", "metrics.json")
    runs = [(k, seed) for k in (2, 3) for seed in (1, 2)]
    for family in ("lda", "nmf"):
        together = [[str(tmp_path / family / f"k{k}s{s}" / n) for n in names] for k, s in runs]
        run_fit_topic_runs(
            corpus, vocab, *zip(*together, strict=True), family=family, ks=[2, 3], seeds=[1, 2],
            **options,
        )  # fmt: skip
        for (k, seed), paths in zip(reversed(runs), reversed(together), strict=True):
            alone = [str(tmp_path / "alone" / n) for n in names]
            fit_topic_run(
                read_topic_corpus(corpus, vocab), *alone, family=family, k=k, seed=seed, **options
            )
            for a, b in zip(alone, paths, strict=True):
                assert open(a, "rb").read() == open(b, "rb").read(), (family, k, seed, b)
            metrics = json.loads(open(paths[3], encoding="utf-8").read())
            assert (metrics["k"], metrics["seed"]) == (k, seed)


def test_run_fit_topic_runs_refuses_a_path_list_of_the_wrong_length(tmp_path, small_corpus):
    corpus, vocab = small_corpus
    paths = [[str(tmp_path / n)] for n in ("b.npy", "t.npy", "g.npy", "m.json")]
    with pytest.raises(
        ValueError, match=r"^1 betas paths for 2 runs \(K \[2\] x seeds \[1, 2\]\)$"
    ):
        run_fit_topic_runs(
            corpus, vocab, *paths, family="lda", ks=[2], seeds=[1, 2],
            passes=2, iterations=20, nmf_max_iter=50, coherence_top_n=3,
        )  # fmt: skip


def test_training_sample_bounds_the_chunks_a_run_is_fitted_on():
    chunks = [Chunk(f"d{i % 10}", i, i + 1, "en", ("war", "army", f"t{i % 7}")) for i in range(300)]
    corpus = build_topic_corpus(
        chunks, min_df=1, max_df=1.0, min_chunk_tokens=2, reference_fraction=0.1, seed=3
    )
    train = corpus.training_rows()
    assert len(train) == 270  # one document of ten is the coherence reference
    assert training_sample(corpus, None, 42).tolist() == train.tolist()
    assert training_sample(corpus, 270, 42).tolist() == train.tolist()  # at the bound: every chunk
    sample = training_sample(corpus, 100, 42)
    assert len(sample) == 100 and len(set(sample.tolist())) == 100
    assert set(sample.tolist()) <= set(train.tolist()) and sample.tolist() == sorted(
        sample.tolist()
    )
    assert training_sample(corpus, 100, 42).tolist() == sample.tolist()  # seeded
    assert training_sample(corpus, 100, 43).tolist() != sample.tolist()
    # the model is fitted on the sample, and every chunk's proportions are inferred
    beta, gamma, _, _ = fit_lda_run(
        corpus, k=2, seed=1, passes=1, iterations=5, max_training_chunks=100, resampling_seed=42
    )
    assert beta.shape == (2, len(corpus.vocab)) and gamma.shape == (300, 2)
    whole, _, _, _ = fit_lda_run(corpus, k=2, seed=1, passes=1, iterations=5)
    assert not np.allclose(beta, whole)
