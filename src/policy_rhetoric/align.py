"""Pairing Chinese originals with their English translations inside one document.

A pair is a primary Chinese paragraph and the primary English paragraph(s) just before it, the layout of
quote-then-original threads and of bilingual releases; offsets are those of the segments.
"""

from __future__ import annotations

import pandas as pd

from policy_rhetoric.tables import write_tsv

PAIR_COLUMNS = ("doc_id", "pair_id", "en_start", "en_end", "zh_start", "zh_end")


def align_segments(segments: pd.DataFrame) -> list[tuple]:
    """(doc_id, pair_id, en_start, en_end, zh_start, zh_end) for every primary zh segment preceded by primary en text."""
    pairs = []
    for doc_id, group in segments.groupby("doc_id", sort=True):
        group = group.assign(
            start=group["start_char"].astype(int), end=group["end_char"].astype(int)
        ).sort_values("start")
        pending_en: list[tuple[int, int]] = []
        for row in group.itertuples(index=False):
            if row.voice != "primary":
                pending_en = [] if row.lang == "en" and row.voice == "commentary" else pending_en
                continue
            if row.lang == "en":
                pending_en.append((row.start, row.end))
            elif pending_en:
                pairs.append(
                    (
                        doc_id,
                        len([p for p in pairs if p[0] == doc_id]),
                        pending_en[0][0],
                        pending_en[-1][1],
                        row.start,
                        row.end,
                    )
                )
                pending_en = []
    return pairs


def run_align_translations(segments_tsv: str, output: str) -> None:
    """Rule align_translations."""
    from policy_rhetoric.tables import read_tsv

    write_tsv(output, align_segments(read_tsv(segments_tsv)), PAIR_COLUMNS)
