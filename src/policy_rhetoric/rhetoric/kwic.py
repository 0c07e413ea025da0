"""KWIC: every match with a window of raw text on each side, for hand review."""

from __future__ import annotations

import pandas as pd

from policy_rhetoric.core.tables import read_tsv, write_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.rhetoric.match_table import read_matches

KWIC_COLUMNS = (
    "doc_id",
    "start_char",
    "end_char",
    "category",
    "subcategory",
    "term",
    "voice",
    "lang",
    "left",
    "match",
    "right",
)


def kwic_rows(matches: pd.DataFrame, texts: dict[str, str], window: int) -> list[tuple]:
    """KWIC audit rows: every match with `window` characters of raw text on each side."""
    rows = []
    for m in matches.itertuples(index=False):
        text = texts[m.doc_id]
        start, end = int(m.start_char), int(m.end_char)
        rows.append(
            (
                m.doc_id,
                start,
                end,
                m.category,
                m.subcategory,
                m.term,
                m.voice,
                m.lang,
                text[max(0, start - window) : start],
                text[start:end],
                text[end : end + window],
            )
        )
    return rows


def run_write_kwic(matches_tsv: str, documents_tsv: str, output: str, *, window: int) -> None:
    """Rule write_kwic: kwic.tsv, every match with `window` characters of context in the raw file."""
    documents = read_tsv(documents_tsv)
    paths = dict(zip(documents["doc_id"], documents["path"], strict=True))
    matches = read_matches([matches_tsv])
    texts = {d: raw_text(paths[d]) for d in sorted(set(matches["doc_id"]))}
    rows = kwic_rows(matches, texts, window)
    write_tsv(output, rows, KWIC_COLUMNS, sort_by=("doc_id", "start_char", "end_char", "category"))
