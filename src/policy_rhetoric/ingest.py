"""Stage 1, ingest: decode a corpus file safely and cut it into voice segments with offsets.

Offsets are Python `str` indices (end exclusive) into the file's bytes decoded as UTF-8 with no
newline translation and the byte-order mark kept: `raw_text(path)[start:end]` gives the exact words.
"""

from __future__ import annotations

import os
import unicodedata
from pathlib import Path

from policy_rhetoric.config import ManifestRow
from policy_rhetoric.errors import InputError
from policy_rhetoric.tables import write_tsv
from policy_rhetoric.voice import Segment, segment_text

SEGMENT_COLUMNS = ("doc_id", "seg_id", "start_char", "end_char", "voice", "lang", "rule", "text")
DOCUMENT_COLUMNS = (
    "doc_id",
    "path",
    "title",
    "outlet",
    "genre",
    "issuer",
    "primary_date",
    "published_date",
    "languages",
    "url",
    "notes",
    "n_chars",
    "sha256",
)


def raw_text(path: str | os.PathLike) -> str:
    """The file's text exactly as the offsets see it; InputError for bytes that are not usable text.

    Decoded as UTF-8 with no newline translation; a byte-order mark is kept (it is character 0)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            str(path),
            f"cannot read the file ({exc.strerror})",
            "check that the path names a readable file",
        ) from exc
    return decode_text(data, str(path))


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a corpus file as text, or an InputError that says what is wrong and where (byte offset)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            name,
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark)",
            "re-save the file as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            name,
            f"the file looks binary (NUL byte at byte offset {nul})",
            "give a UTF-8 plain-text capture of the document (not a PDF, Word or image file)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            f"the file is not valid UTF-8 (byte offset {exc.start}: "
            f"{data[exc.start : exc.start + 4]!r})",
            "re-save the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8 for Chinese Windows files)",
        ) from exc
    if not text.strip(" \t\r\n\f\v\ufeff\u200b\u200c\u200d\u2060\u3000\u00a0"):
        raise InputError(
            name,
            "the file is empty or holds only white space",
            "remove the document from the manifest or replace the file with its text",
        )
    controls = [
        i for i, ch in enumerate(text) if unicodedata.category(ch) == "Cc" and ch not in "\t\r\n\f"
    ]
    if len(controls) > max(8, len(text) // 100):
        offset = len(text[: controls[0]].encode("utf-8"))
        raise InputError(
            name,
            f"the file looks binary ({len(controls)} control characters, the first at byte offset {offset})",
            "give a UTF-8 plain-text capture of the document",
        )
    return text


def ingest_document(row: ManifestRow, annotation: dict | None = None) -> list[Segment]:
    """Segments of one manifest document, covering every character of its file exactly once."""
    return segment_text(raw_text(row.source), annotation or {})


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
    import hashlib

    from policy_rhetoric.tables import read_tsv

    rows = []
    for meta, source in zip(manifest_rows, sources, strict=True):
        text = raw_text(source)
        row = {c: meta.get(c, "") for c in DOCUMENT_COLUMNS}
        row["path"] = os.path.relpath(source, project_root)
        row["n_chars"] = len(text)
        row["sha256"] = hashlib.sha256(Path(source).read_bytes()).hexdigest()
        rows.append(row)
    write_tsv(documents_out, rows, DOCUMENT_COLUMNS, sort_by=("doc_id",))
    frames = [read_tsv(t) for t in segment_tables]
    records = [r for f in frames for r in f.itertuples(index=False, name=None)]
    records.sort(key=lambda r: (r[0], int(r[1])))
    write_tsv(segments_out, records, SEGMENT_COLUMNS)


def load_annotations(path: str | os.PathLike, doc_ids) -> dict:
    """Per-document voice annotations, checked against the schema and the manifest's doc_ids ("" = none)."""
    from policy_rhetoric.config import read_yaml_file

    if not str(path):
        return {}
    path = Path(path)
    if not path.is_file():
        raise InputError(
            str(path),
            "the voice annotation file does not exist",
            "set corpus.voice_annotations to an existing YAML file, or to an empty string for none",
        )
    data, _ = read_yaml_file(path, "voice_annotations", "voice annotations", empty={})
    unknown = sorted(set(data) - set(doc_ids))
    if unknown:
        raise InputError(
            str(path),
            f"annotations for doc_id(s) not in the manifest: {', '.join(unknown)}",
            "fix the doc_id or remove the annotation",
        )
    return data
