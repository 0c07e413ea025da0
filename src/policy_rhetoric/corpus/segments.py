"""Corpus stage: a corpus file cut into voice segments with offsets, and the document table.

Offsets are Python `str` indices (end exclusive) into the file's bytes decoded as UTF-8 with no
newline translation and the byte-order mark kept: `raw_text(path)[start:end]` gives the exact words.
"""

from __future__ import annotations

import os
from pathlib import Path

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import concat_tsv, read_tsv, write_tsv
from policy_rhetoric.core.text import file_sha256, raw_text
from policy_rhetoric.corpus.manifest import MANIFEST_COLUMNS
from policy_rhetoric.corpus.shards import write_shard_table
from policy_rhetoric.corpus.voice import Segment, segment_text

SEGMENT_COLUMNS = ("doc_id", "seg_id", "start_char", "end_char", "voice", "lang", "rule", "text")
DOCUMENT_COLUMNS = (*MANIFEST_COLUMNS, "notes", "n_chars", "sha256")


def segment_rows(doc_id: str, segments: list[Segment], text: str) -> list[tuple]:
    """One document's segment rows (SEGMENT_COLUMNS), in file order."""
    return [
        (doc_id, i, s.start, s.end, s.voice, s.lang, s.rule, text[s.start : s.end])
        for i, s in enumerate(segments)
    ]


def write_segments(
    path: str | os.PathLike, doc_id: str, segments: list[Segment], text: str
) -> None:
    """Write one document's segments (SEGMENT_COLUMNS), in file order."""
    write_tsv(path, segment_rows(doc_id, segments, text), SEGMENT_COLUMNS)


def run_segment_document(
    source: str, output: str, *, doc_id: str, annotation: dict, default_voice: str = "commentary"
) -> None:
    """Rule segment_document: one corpus file -> its segment table (`default_voice`: the manifest's
    `default_voice` of the document, else `corpus.default_voice`)."""
    text = raw_text(source)
    write_segments(output, doc_id, segment_text(text, annotation or {}, default_voice), text)


def run_segment_shard(
    sources: list[str],
    output: str,
    *,
    doc_ids: list[str],
    annotations: dict[str, dict],
    default_voices: dict[str, str],
) -> None:
    """Rule segment_shard: the segment table of one shard's documents (`doc_ids`, in doc_id order,
    with their `sources`), each segmented as run_segment_document does; `annotations` and
    `default_voices` by doc_id (a document without annotation has none)."""
    if list(doc_ids) != sorted(doc_ids):
        raise ValueError(f"the documents of a shard must be in doc_id order: {doc_ids}")
    rows: list[tuple] = []
    for doc_id, source in zip(doc_ids, sources, strict=True):
        text = raw_text(source)
        segments = segment_text(text, dict(annotations.get(doc_id) or {}), default_voices[doc_id])
        rows += segment_rows(doc_id, segments, text)
    write_tsv(output, rows, SEGMENT_COLUMNS)


def run_describe_corpus(
    manifest_rows: list[dict],
    sources: list[str],
    segment_tables: list[str],
    documents_out: str,
    segments_out: str,
    *,
    shards: dict[str, list[str]] | None = None,
    shards_out: str | None = None,
    project_root: str = ".",
) -> None:
    """Rule describe_corpus: the document table (manifest metadata + size + hash), all segments
    (`segment_tables`: per shard or per document, in doc_id order, appended one at a time) and, with
    `shards_out`, the shard of each document (`shards`: shard -> doc_ids).

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
    concat_tsv(segment_tables, segments_out, SEGMENT_COLUMNS)
    if shards_out is not None:
        write_shard_table(shards_out, shards or {})


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
