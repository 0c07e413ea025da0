"""Cross-experiment comparison (rule compare_experiments) on crafted genre-score and validation tables."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.paper.experiments import (
    COMPARISON_COLUMNS,
    comparison_table,
    run_compare_experiments,
    side_by_side,
)

GENRE_COLUMNS = ["genre", "voice", "lang", "category", "subcategory", "hits", "tokens", "sentences",
                 "rate_per_1k", "ci_low", "ci_high", "documents"]  # fmt: skip


def genre_scores(rate: float) -> pd.DataFrame:
    rows = [
        [
            "speech",
            "primary",
            "all",
            "militarized",
            "all",
            5,
            1000,
            50,
            rate,
            rate - 1,
            rate + 1,
            3,
        ],
        ["analysis", "primary", "all", "militarized", "all", 2, 1000, 40, 2.0, 1.0, 3.0, 2],
        # not headline numbers: another voice, one language, a subcategory
        ["speech", "commentary", "all", "militarized", "all", 9, 100, 9, 90.0, 80.0, 99.0, 3],
        ["speech", "primary", "en", "militarized", "all", 3, 500, 20, 6.0, 5.0, 7.0, 3],
        ["speech", "primary", "all", "militarized", "battle", 1, 1000, 50, 1.0, 0.5, 2.0, 3],
    ]
    return pd.DataFrame(rows, columns=GENRE_COLUMNS).astype(str)


def validation(f1: float, version: str) -> pd.DataFrame:
    columns = ["sample", "split", "lang", "category", "term", "method", "lexicon_version",
               "coded_positive", "f1", "f1_ci_low", "f1_ci_high"]  # fmt: skip
    rows = [
        ["seed", "test", "en", "militarized", "all", "lexicon", version, 23, f1, f1 - 0.1, 1.0],
        ["seed", "dev", "en", "militarized", "all", "lexicon", version, 20, 0.5, 0.4, 0.6],
        # left out: the classifier, an entry, pooled languages, the pooled sample
        ["seed", "test", "en", "militarized", "all", "classifier", version, 23, 0.1, 0.0, 0.2],
        ["seed", "test", "en", "militarized", "war", "lexicon", version, 23, 0.2, 0.1, 0.3],
        ["seed", "test", "all", "militarized", "all", "lexicon", version, 23, 0.3, 0.2, 0.4],
        ["all", "test", "en", "militarized", "all", "lexicon", version, 23, 0.4, 0.3, 0.5],
    ]
    return pd.DataFrame(rows, columns=columns).astype(str)


def test_comparison_keeps_the_headline_rows_of_each_experiment_in_order():
    table = comparison_table(
        ["new", "old"],
        [genre_scores(5.0), genre_scores(8.0)],
        [validation(0.9, "2.1.0"), validation(0.7, "1.0.1")],
    )
    assert list(table.columns) == list(COMPARISON_COLUMNS)
    assert table[
        ["measure", "group", "experiment", "lexicon_version", "value"]
    ].values.tolist() == [
        ["rate_per_1k", "speech", "new", "2.1.0", 5.0],
        ["rate_per_1k", "speech", "old", "1.0.1", 8.0],
        ["rate_per_1k", "analysis", "new", "2.1.0", 2.0],
        ["rate_per_1k", "analysis", "old", "1.0.1", 2.0],
        ["f1", "seed test en", "new", "2.1.0", 0.9],
        ["f1", "seed test en", "old", "1.0.1", 0.7],
        ["f1", "seed dev en", "new", "2.1.0", 0.5],
        ["f1", "seed dev en", "old", "1.0.1", 0.5],
    ]
    wide = side_by_side(table, ["new", "old"])
    assert wide.iloc[0][["group", "new", "old", "new_version", "old_version"]].tolist() == [
        "speech",
        5.0,
        8.0,
        "2.1.0",
        "1.0.1",
    ]


def test_comparison_needs_two_distinct_experiments():
    with pytest.raises(ValueError, match="at least two"):
        comparison_table(["only"], [genre_scores(1.0)], [validation(0.9, "2")])
    with pytest.raises(ValueError, match="twice"):
        comparison_table(["a", "a"], [genre_scores(1.0)] * 2, [validation(0.9, "2")] * 2)


def test_run_compare_experiments_writes_table_latex_and_figure(tmp_path):
    paths = []
    for name, rate, f1 in (("new", 5.0, 0.9), ("old", 8.0, 0.7)):
        g, v = tmp_path / f"{name}_g.tsv", tmp_path / f"{name}_v.tsv"
        write_frame(g, genre_scores(rate))
        write_frame(v, validation(f1, name))
        paths.append((g, v))
    out = {k: tmp_path / f"out.{k}" for k in ("tsv", "tex", "data.tsv", "png")}
    run_compare_experiments(
        ["new", "old"], [p[0] for p in paths], [p[1] for p in paths], out["tsv"], out["tex"],
        [out["data.tsv"], out["png"]],
    )  # fmt: skip
    wide = read_tsv(out["tsv"])
    assert list(wide.columns) == [
        "measure",
        "category",
        "group",
        "new",
        "new_version",
        "old",
        "old_version",
    ]
    assert len(read_tsv(out["data.tsv"])) == 8
    tex = out["tex"].read_text("utf-8")
    assert r"\label{tab:experiment_comparison}" in tex and "seed test en & 0.900 & 0.700" in tex
    assert out["png"].stat().st_size > 1000
