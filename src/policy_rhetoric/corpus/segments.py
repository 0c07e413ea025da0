"""Corpus stage: a corpus file cut into voice segments with offsets, and the document table.

Offsets are Python `str` indices (end exclusive) into the file's bytes decoded as UTF-8 with no
newline translation and the byte-order mark kept: `raw_text(path)[start:end]` gives the exact words.
"""

from __future__ import annotations

import os

from policy_rhetoric.core.tables import gather_tsv, write_tsv
from policy_rhetoric.core.text import file_sha256, raw_text
from policy_rhetoric.corpus.manifest import MANIFEST_COLUMNS
from policy_rhetoric.corpus.voice import Segment, segment_text

SEGMENT_COLUMNS = ("doc_id", "seg_id", "start_char", "end_char", "voice", "lang", "rule", "text")
DOCUMENT_COLUMNS = (*MANIFEST_COLUMNS, "notes", "n_chars", "sha256")


def write_segments(
    path: str | os.PathLike, doc_id: str, segments: list[Segment], text: str
) -> None:
    """Write one document's segments (SEGMENT_COLUMNS), in file order."""
    rows = [
        (doc_id, i, s.start, s.end, s.voice, s.lang, s.rule, text[s.start : s.end])
        for i, s in enumerate(segments)
    ]
    write_tsv(path, rows, SEGMENT_COLUMNS)


def run_segment_document(source: str, output: str, *, doc_id: str, annotation: dict) -> None:
    """Rule segment_document: one corpus file -> its segment table."""
    text = raw_text(source)
    write_segments(output, doc_id, segment_text(text, annotation or {}), text)


def run_describe_corpus(
    manifest_rows: list[dict],
    sources: list[str],
    segment_tables: list[str],
    documents_out: str,
    segments_out: str,
    *,
    project_root: str = ".",
) -> None:
    """Rule describe_corpus: the document table (manifest metadata + size + hash) and all segments."""
    rows = []
    for meta, source in zip(manifest_rows, sources, strict=True):
        text = raw_text(source)
        row = {c: meta.get(c, "") for c in DOCUMENT_COLUMNS}
        row["path"] = os.path.relpath(source, project_root)
        row["n_chars"] = len(text)
        row["sha256"] = file_sha256(source)
        rows.append(row)
    write_tsv(documents_out, rows, DOCUMENT_COLUMNS, sort_by=("doc_id",))
    gather_tsv(segment_tables, segments_out, SEGMENT_COLUMNS)
