"""Rhetoric stage, the match table: its columns and how it is written and read.

Apart from rhetoric.matching (which finds the matches with spaCy) so that the jobs that only read
matches (rates, comparisons, inference, figures) do not import spaCy (about 1.3 CPU-seconds a job).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from policy_rhetoric.core.tables import read_tsv, write_tsv

if TYPE_CHECKING:
    import pandas as pd

MATCH_COLUMNS = (
    "doc_id",
    "sent_id",
    "start_char",
    "end_char",
    "category",
    "subcategory",
    "term",
    "matched_text",
    "voice",
    "lang",
)


def write_matches(path: str | os.PathLike, rows: list[tuple]) -> None:
    write_tsv(
        path, rows, MATCH_COLUMNS, sort_by=("doc_id", "start_char", "end_char", "category", "term")
    )


def read_matches(paths: list[str]) -> pd.DataFrame:
    """Match tables (per document or gathered) as one frame with integer offsets."""
    import pandas as pd  # here: match_shard, which writes match tables, never reads one

    frames = [read_tsv(p) for p in paths]
    matches = (
        pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=MATCH_COLUMNS)
    )
    return matches.assign(
        start_char=matches["start_char"].astype(int),
        end_char=matches["end_char"].astype(int),
        sent_id=matches["sent_id"].astype(int),
    )
