"""Co-occurrence of the two constructs on crafted data: the permutation baseline within documents."""

from __future__ import annotations

import pandas as pd

from policy_rhetoric.rhetoric.cooccurrence import COOCCURRENCE_COLUMNS, cooccurrence_table

SENTENCE_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "voice", "lang", "n_tokens"]
MATCH_COLUMNS = ["doc_id", "sent_id", "start_char", "end_char", "category", "subcategory", "term"]


def sentences_frame(rows):
    return pd.DataFrame(rows, columns=SENTENCE_COLUMNS)


def matches_frame(rows):
    return pd.DataFrame(rows, columns=MATCH_COLUMNS)


def test_cooccurrence_baseline_shuffles_within_documents():
    sentences = sentences_frame(
        [("d", i, 10 * i, 10 * i + 5, "primary", "en", 5) for i in range(6)]
        + [("e", i, 10 * i, 10 * i + 5, "primary", "en", 5) for i in range(4)]
    )
    segments = pd.DataFrame(
        {
            "doc_id": ["d", "d", "e"],
            "seg_id": [0, 1, 0],
            "start_char": [0, 30, 0],
            "end_char": [30, 60, 40],
        }
    )
    matches = matches_frame(
        [
            ("d", 0, 0, 1, "militarized", "x", "t"),
            ("d", 0, 2, 3, "self_reliance", "x", "t"),
            ("d", 4, 40, 41, "self_reliance", "x", "t"),
            ("e", 1, 10, 11, "militarized", "x", "t"),
            ("e", 1, 12, 13, "self_reliance", "x", "t"),
        ]
    )
    table = cooccurrence_table(sentences, segments, matches, seed=0, permutations=4000)
    assert list(table.columns) == list(COOCCURRENCE_COLUMNS)
    by = table.set_index(["scope", "lang"])
    s = by.loc[("sentence", "en")]
    assert (s["units"], s["units_militarized"], s["units_self_reliance"], s["units_both"]) == (
        10,
        2,
        3,
        2,
    )
    # d: 1 militarized of 6, 2 self-reliance -> 1/3 expected; e: 1 of 4, 1 -> 1/4 expected
    assert abs(s["expected_both"] - (2 / 6 + 1 / 4)) < 0.03
    assert abs(s["p_value"] - (2 / 6) * (1 / 4)) < 0.02
    p = by.loc[("paragraph", "en")]
    assert (p["units"], p["units_militarized"], p["units_self_reliance"], p["units_both"]) == (
        3,
        2,
        3,
        2,
    )
    assert p["expected_both"] == 2 and p["p_value"] == 1.0
