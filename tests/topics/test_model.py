"""topics/model.py: bootstrap prevalence, default labels and their overrides (label_topics)."""

from __future__ import annotations

import numpy as np
import pytest

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.topics.model import (
    LABEL_COLUMNS,
    bootstrap_prevalence,
    run_label_topics,
    topic_labels,
)


def test_bootstrap_prevalence_estimate_interval_and_streams():
    theta = np.array([[1.0, 0.0], [0.0, 1.0], [0.5, 0.5], [0.2, 0.8]])
    weights = np.array([10.0, 30.0, 20.0, 5.0])
    groups = ["a", "a", "b", "c"]
    rows = bootstrap_prevalence(theta, weights, groups, level="genre", resamples=500, seed=1)
    table = {(r[1], r[2]): r for r in rows}
    # group a: (10*[1,0] + 30*[0,1]) / 40 = [.25, .75]; resamples of two chunks give 0, .25, .5 ... 1
    assert table[("a", 0)][3] == pytest.approx(0.25)
    assert table[("a", 1)][3] == pytest.approx(0.75)
    assert table[("a", 0)][4] == 0.0 and table[("a", 0)][5] == 1.0
    assert table[("a", 0)][6:] == (2, 40)
    # one chunk: no variation
    assert table[("b", 0)][3:6] == (0.5, 0.5, 0.5)
    # same seed, same numbers; a group's interval does not depend on the other groups
    again = bootstrap_prevalence(
        theta[:2], weights[:2], ["a", "a"], level="genre", resamples=500, seed=1
    )
    assert again == [r for r in rows if r[1] == "a"]


def test_topic_labels_by_frex_with_overrides():
    terms = [(0, 1, "a", 0.5, 0.9), (0, 2, "b", 0.3, 0.8), (1, 1, "c", 0.6, 0.7)]
    assert topic_labels(terms, 2) == {0: "a / b", 1: "c"}
    terms += [(0, 3, "z", 0.1, 0.95), (0, 4, "y", 0.05, 0.8)]  # FREX orders the label; ties by rank
    assert topic_labels(terms, 2) == {0: "z / a / b", 1: "c"}
    assert topic_labels(terms, 2, [{"topic": 1, "label": "Talent"}])[1] == "Talent"
    with pytest.raises(Exception, match="topics 0..1"):
        topic_labels(terms, 2, [{"topic": 5, "label": "x"}])


def test_run_label_topics_uses_frex_terms_and_overrides(tmp_path):
    vocab = tmp_path / "vocabulary.tsv"
    vocab.write_text(
        "term_id\tterm\tchunks\tcount\n0\ta\t1\t1\n1\tb\t1\t1\n2\tc\t1\t1\n",
        encoding="utf-8",
    )
    beta = tmp_path / "beta.npy"
    np.save(beta, np.array([[0.7, 0.2, 0.1], [0.1, 0.2, 0.7]]))
    out = tmp_path / "labels.tsv"
    run_label_topics(str(vocab), str(beta), str(out), top_n=2, frex_weight=0.5, labels=[])
    table = read_tsv(out)
    assert tuple(table.columns) == LABEL_COLUMNS
    assert table["label"].tolist() == ["a / b", "c / b"]
    overrides = [{"topic": 1, "label": "Talent"}]
    run_label_topics(str(vocab), str(beta), str(out), top_n=2, frex_weight=0.5, labels=overrides)
    assert read_tsv(out)["label"].tolist() == ["a / b", "Talent"]
