"""Corpus stage: a corpus file cut into voice segments with offsets, and the document table.

Offsets are Python `str` indices (end exclusive) into the file's bytes decoded as UTF-8 with no
newline translation and the byte-order mark kept: `raw_text(path)[start:end]` gives the exact words.
"""

from __future__ import annotations

import os
from pathlib import Path

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import gather_tsv, read_tsv, write_tsv
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


def run_segment_document(
    source: str, output: str, *, doc_id: str, annotation: dict, default_voice: str = "commentary"
) -> None:
    """Rule segment_document: one corpus file -> its segment table (`default_voice`: the manifest's
    `default_voice` of the document, else `corpus.default_voice`)."""
    text = raw_text(source)
    write_segments(output, doc_id, segment_text(text, annotation or {}, default_voice), text)


def run_describe_corpus(
    manifest_rows: list[dict],
    sources: list[str],
    segment_tables: list[str],
    documents_out: str,
    segments_out: str,
    *,
    project_root: str = ".",
) -> None:
    """Rule describe_corpus: the document table (manifest metadata + size + hash) and all segments.

    `path` in the document table is relative to `project_root` (the folder Snakemake runs in, which
    every config path is relative to) when the file lies inside it, else absolute, so that it opens
    from the project root whatever the corpus root was. Stops with an error naming the settings when
    no document has primary-voice text (nothing downstream could be measured)."""
    rows = []
    project = Path(project_root).resolve()
    for meta, source in zip(manifest_rows, sources, strict=True):
        text = raw_text(source)
        row = {c: meta.get(c, "") for c in DOCUMENT_COLUMNS}
        resolved = Path(source).resolve()
        row["path"] = (
            resolved.relative_to(project).as_posix()
            if resolved.is_relative_to(project)
            else str(resolved)
        )
        row["n_chars"] = len(text)
        row["sha256"] = file_sha256(source)
        rows.append(row)
    check_primary_text(segment_tables)
    write_tsv(documents_out, rows, DOCUMENT_COLUMNS, sort_by=("doc_id",))
    gather_tsv(segment_tables, segments_out, SEGMENT_COLUMNS)


def check_primary_text(segment_tables: list[str]) -> None:
    """InputError when no segment of any document is primary voice with a letter or Han character."""
    for table in segment_tables:
        segments = read_tsv(table)
        primary = segments[segments["voice"] == "primary"]
        if any(any(ch.isalpha() for ch in text) for text in primary["text"]):
            return
    raise InputError(
        f"the voice segments of {len(segment_tables)} document(s)",
        "no document has primary-voice text (the source's own words): every body line took the "
        "default voice (corpus.default_voice, 'commentary' unless set) or another rule's, so there is "
        "nothing to score or model",
        "when the documents are the source's own words (speeches, reports, translations), set "
        "corpus.default_voice: primary in the experiment's config (or the manifest column "
        "default_voice: primary per document); otherwise mark where the source speaks with regions in "
        "corpus.voice_annotations",
    )
