"""paper/topic_selection.py and paper/topic_prevalence.py draw the topic tables as they are."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.paper.style import write_figure_data
from policy_rhetoric.paper.topic_figures import run_plot_topic_figures
from policy_rhetoric.paper.topic_prevalence import (
    FIGURE_COLUMNS,
    figure_rows,
    plot_topic_prevalence,
)
from policy_rhetoric.paper.topic_selection import plot_topic_selection
from policy_rhetoric.topics.model import PREVALENCE_COLUMNS
from policy_rhetoric.topics.seeded import SEEDED_SHARE_COLUMNS
from policy_rhetoric.topics.selection import SELECTION_COLUMNS


def test_topic_selection_figure_from_a_small_sweep(tmp_path):
    rows = []
    for family in ("lda", "nmf"):
        for k in (2, 3):
            for seed in ("1", "2", "mean"):
                value = 0.1 * k + (0.01 if seed == "1" else 0.0)
                perplexity = "NA" if family == "nmf" else str(100 + k)
                chosen = "yes" if (family, k) == ("lda", 3) and seed in ("1", "mean") else ""
                rows.append(
                    (
                        family,
                        str(k),
                        seed,
                        value,
                        value,
                        value,
                        perplexity,
                        value,
                        value,
                        -1.0,
                        chosen,
                    )
                )
    table = pd.DataFrame(rows, columns=list(SELECTION_COLUMNS)).astype(str)
    paths = [str(tmp_path / f"selection.{ext}") for ext in ("pdf", "png", "svg")]
    plot_topic_selection(table, paths)
    assert all((tmp_path / f"selection.{ext}").stat().st_size > 1000 for ext in ("pdf", "png"))
    assert (
        "undefined on the held-out reference text" not in (tmp_path / "selection.svg").read_text()
    )
    # c_v undefined for every LDA run (the embedded corpus's one held-out document): the panel says so
    table.loc[table["family"] == "lda", "coherence_cv"] = "NA"
    plot_topic_selection(table, [str(tmp_path / "undefined.svg")])
    svg = (tmp_path / "undefined.svg").read_text()
    assert "<!-- LDA (gensim): undefined on the held-out" in svg
    assert "where its top terms co-occur) -->" in svg
    assert "no mean where a seed" not in svg
    # one NMF seed undefined at K = 3: no mean there (selection.tsv), the axis label says why
    table.loc[
        (table["family"] == "nmf") & (table["k"] == "3") & (table["seed"] != "1"), "coherence_cv"
    ] = "NA"
    plot_topic_selection(table, [str(tmp_path / "gaps.svg")])
    svg = (tmp_path / "gaps.svg").read_text()
    assert svg.count("<!-- (no mean where a seed's value is undefined) -->") == 1


def test_topic_prevalence_figure_draws_seed_ranges_and_writes_its_numbers(tmp_path):
    rows, seeded = [], []
    for genre, n_docs in (("speech", 4), ("policy", 1)):
        for topic in (0, 1):
            rows.append(("genre", genre, topic, 0.5, 0.4, 0.6, n_docs, 10, 200, ""))
        for name in ("militarized", "self_reliance"):
            seeded.append(("genre", genre, name, 0.2, 0.013, 0.68, 3, n_docs))
    prevalence = pd.DataFrame(rows, columns=list(PREVALENCE_COLUMNS))
    share = pd.DataFrame(seeded, columns=list(SEEDED_SHARE_COLUMNS))
    outputs = [str(tmp_path / f"prevalence.{ext}") for ext in ("tsv", "pdf", "png", "svg")]
    table = figure_rows(prevalence, {0: "a / b", 1: "c / d"}, share)
    plot_topic_prevalence(table, write_figure_data(table, outputs))
    assert (tmp_path / "prevalence.png").stat().st_size > 1000
    written = read_tsv(tmp_path / "prevalence.tsv")
    assert tuple(written.columns) == FIGURE_COLUMNS
    seeded_rows = written[written["panel"] == "seeded model"]
    assert set(seeded_rows["low"]) == {"0.013"} and set(seeded_rows["high"]) == {"0.68"}
    assert set(seeded_rows["interval"]) == {"median and range over 3 seeds"}
    final = written[written["panel"] == "final model"]
    assert sorted(set(final["label"])) == ["0: a / b", "1: c / d"]
    assert len(written) == 8


def test_topic_figures_name_a_missing_output_before_drawing(tmp_path):
    with pytest.raises(
        ValueError,
        match=r"plot_topic_figures: no output files given for figure\(s\) \['topic_prevalence_by_genre'\]",
    ):
        run_plot_topic_figures(
            "selection.tsv",
            "prevalence.tsv",
            "labels.tsv",
            None,
            {"topic_selection": [str(tmp_path / "s.png")]},
        )
    assert not list(tmp_path.iterdir())
