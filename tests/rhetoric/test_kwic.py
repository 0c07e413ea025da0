"""KWIC rows on crafted data: windows of raw text around each match."""

from __future__ import annotations

import pandas as pd

from policy_rhetoric.rhetoric.kwic import KWIC_COLUMNS, kwic_rows


def test_kwic_windows_are_raw_text():
    matches = pd.DataFrame(
        [("d", 0, 11, 17, "militarized", "battle", "battle", "primary", "en")],
        columns=[
            "doc_id",
            "sent_id",
            "start_char",
            "end_char",
            "category",
            "subcategory",
            "term",
            "voice",
            "lang",
        ],
    )
    (row,) = kwic_rows(matches, {"d": "We won the battle of chips."}, 5)
    assert len(row) == len(KWIC_COLUMNS)
    assert row[8:] == (" the ", "battle", " of c")
    (row,) = kwic_rows(matches.assign(start_char=0, end_char=2), {"d": "We won"}, 5)
    assert row[8:] == ("", "We", " won")
