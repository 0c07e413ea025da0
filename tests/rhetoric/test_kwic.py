"""KWIC rows on crafted data: windows of raw text around each match."""

from __future__ import annotations

from policy_rhetoric.rhetoric.kwic import KWIC_COLUMNS, kwic_rows
from policy_rhetoric.rhetoric.match_table import MATCH_COLUMNS


def test_kwic_windows_are_raw_text():
    values = ("d", "0", "11", "17", "militarized", "battle", "battle", "battle", "primary", "en")
    match = dict(zip(MATCH_COLUMNS, values, strict=True))  # a row as read from matches.tsv
    (row,) = kwic_rows([match], {"d": "We won the battle of chips."}, 5)
    assert len(row) == len(KWIC_COLUMNS)
    assert row[:3] == ("d", 11, 17)
    assert row[8:] == (" the ", "battle", " of c")
    (row,) = kwic_rows([{**match, "start_char": "0", "end_char": "2"}], {"d": "We won"}, 5)
    assert row[8:] == ("", "We", " won")
