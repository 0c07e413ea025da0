"""topics/model.py: default labels and their overrides (label_topics)."""

from __future__ import annotations

import numpy as np
import pytest

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.topics.model import (
    LABEL_COLUMNS,
    run_label_topics,
    topic_labels,
)


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
