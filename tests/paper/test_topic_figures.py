"""paper/topic_selection.py and paper/topic_prevalence.py draw the topic tables as they are."""

from __future__ import annotations

import pandas as pd

from policy_rhetoric.paper.topic_prevalence import plot_topic_prevalence
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


def test_topic_prevalence_figure_with_seeded_panel(tmp_path):
    rows, seeded = [], []
    for genre in ("speech", "policy"):
        for topic in (0, 1):
            rows.append(("genre", genre, topic, 0.5, 0.4, 0.6, 10, 200))
        for name in ("militarized", "self_reliance"):
            seeded.append(("genre", genre, name, 0.2, 0.1, 0.3, 10, 200, 0.15, 0.25))
    prevalence = pd.DataFrame(rows, columns=list(PREVALENCE_COLUMNS))
    share = pd.DataFrame(seeded, columns=list(SEEDED_SHARE_COLUMNS))
    paths = [str(tmp_path / f"prevalence.{ext}") for ext in ("pdf", "png", "svg")]
    plot_topic_prevalence(prevalence, {0: "a / b", 1: "c / d"}, share, paths)
    assert (tmp_path / "prevalence.png").stat().st_size > 1000
