"""KWIC: every match with a window of raw text on each side, for hand review.

The job reads its two tables as records (no pandas: it only looks rows up and slices text)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from policy_rhetoric.core.tables import read_tsv_records, write_tsv
from policy_rhetoric.core.text import raw_text

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


def kwic_rows(
    matches: Iterable[Mapping[str, object]], texts: dict[str, str], window: int
) -> list[tuple]:
    """KWIC audit rows: every match (a row of the match table) with `window` characters of raw text
    on each side."""
    rows = []
    for m in matches:
        text = texts[m["doc_id"]]
        start, end = int(m["start_char"]), int(m["end_char"])
        rows.append(
            (
                m["doc_id"],
                start,
                end,
                m["category"],
                m["subcategory"],
                m["term"],
                m["voice"],
                m["lang"],
                text[max(0, start - window) : start],
                text[start:end],
                text[end : end + window],
            )
        )
    return rows


def run_write_kwic(matches_tsv: str, documents_tsv: str, output: str, *, window: int) -> None:
    """Rule write_kwic: kwic.tsv, every match with `window` characters of context in the raw file."""
    paths = {row["doc_id"]: row["path"] for row in read_tsv_records(documents_tsv)}
    matches = read_tsv_records(matches_tsv)
    texts = {d: raw_text(paths[d]) for d in sorted({m["doc_id"] for m in matches})}
    rows = kwic_rows(matches, texts, window)
    write_tsv(output, rows, KWIC_COLUMNS, sort_by=("doc_id", "start_char", "end_char", "category"))
