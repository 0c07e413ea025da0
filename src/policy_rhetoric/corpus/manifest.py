"""The corpus manifest and the voice annotations, read and checked before any work starts."""

from __future__ import annotations

import csv
import datetime
import os
import re
from dataclasses import dataclass
from pathlib import Path

import jsonschema

from policy_rhetoric.core.config import read_yaml_file, schema
from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.genres import BUILTIN_GENRES
from policy_rhetoric.core.text import raw_text

MANIFEST_COLUMNS = (
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
)


@dataclass(frozen=True)
class ManifestRow:
    """One validated manifest row; `source` is the absolute, checked path of the document."""

    meta: dict
    source: Path

    @property
    def doc_id(self) -> str:
        return self.meta["doc_id"]


def read_manifest(
    manifest_path: str | os.PathLike,
    corpus_root: str | os.PathLike,
    genres=BUILTIN_GENRES,
    *,
    check_files: bool = True,
) -> list[ManifestRow]:
    """Read and validate the corpus manifest: columns, ids, genres, dates, and paths inside the corpus root.

    Rows are numbered as in a spreadsheet: the header is row 1, the first document row 2. With
    `check_files`, every document is also decoded (UTF-8, not empty, not binary) so that a bad file stops
    the pipeline before any work starts, with an error naming the manifest row."""
    manifest_path = Path(manifest_path)
    name = str(manifest_path)
    try:
        text = manifest_path.read_text(encoding="utf-8-sig")
    except FileNotFoundError as exc:
        raise InputError(
            name,
            "the manifest file does not exist",
            "set corpus.manifest in the config to an existing TSV file",
        ) from exc
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            f"the manifest is not UTF-8 (byte offset {exc.start})",
            "save the manifest as UTF-8",
        ) from exc
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError(
            name,
            "the manifest is empty",
            f"write a header row ({', '.join(MANIFEST_COLUMNS)}) and one row per document",
        )
    reader = csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    header = next(reader)
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        raise InputError(
            name,
            f"missing required column(s): {', '.join(missing)}",
            f"the header must name at least: {', '.join(MANIFEST_COLUMNS)} (tab-separated)",
            row=1,
        )
    body = list(reader)
    if not body:
        raise InputError(
            name, "the manifest has a header but no documents", "add one row per document"
        )
    root = Path(corpus_root).resolve()
    if not root.is_dir():
        raise InputError(
            name,
            f"the corpus root {corpus_root} (that manifest paths are relative to) is not a folder",
            "set corpus.root in the config to the folder holding the documents",
        )
    row_schema = schema("manifest")
    validator = jsonschema.Draft202012Validator(row_schema)
    rows: list[ManifestRow] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(body, start=2):
        if len(values) != len(header):
            raise InputError(
                name,
                f"the row has {len(values)} tab-separated fields, the header has {len(header)}",
                "give every row exactly one value per column (empty values are allowed); check for tabs inside values",
                row=number,
            )
        meta = dict(zip(header, values, strict=True))
        for err in sorted(validator.iter_errors(meta), key=lambda e: list(e.absolute_path)):
            field = err.absolute_path[0] if err.absolute_path else None
            problem, fix = _value_problem(field, meta.get(field, ""), err.message, row_schema)
            raise InputError(name, problem, fix, row=number, field=field)
        doc_id = meta["doc_id"]
        if doc_id.lower() in seen:
            raise InputError(
                name,
                f"duplicate doc_id {doc_id!r} (first used in row {seen[doc_id.lower()]}; "
                "doc_ids must differ in more than letter case, as they become file names)",
                "give every document a unique doc_id",
                row=number,
                field="doc_id",
            )
        seen[doc_id.lower()] = number
        for field in ("primary_date", "published_date"):
            _check_date(meta[field], name, number, field)
        if meta["genre"] not in genres:
            raise InputError(
                name,
                f"unknown genre {meta['genre']!r}",
                f"use one of {', '.join(genres)}, or add it to corpus.extra_genres in the config",
                row=number,
                field="genre",
            )
        source = _checked_path(meta["path"], root, name, number)
        if check_files:
            _check_file(source, meta["path"], name, number)
        rows.append(ManifestRow(meta=meta, source=source))
    return rows


def _value_problem(
    field: str | None, value: str, message: str, row_schema: dict
) -> tuple[str, str]:
    """What is wrong with a manifest value and how to fix it, in the researcher's terms."""
    if field == "doc_id":
        suggestion = re.sub(r"[^A-Za-z0-9_.-]+", "_", value).strip("._-")[:100] or "doc1"
        return (
            f"doc_id {value!r} is not a safe identifier: only A-Z a-z 0-9 _ . - are allowed, "
            "starting with a letter or digit, at most 100 characters",
            f"rename it, e.g. {suggestion!r} (doc_ids become file names)",
        )
    if field in ("primary_date", "published_date"):
        return (
            f"{field} {value!r} is not an ISO date",
            "write YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2022-10-16"
            + (" (primary_date may be empty)" if field == "primary_date" else ""),
        )
    if field == "languages":
        return f"languages {value!r} is not a list of en/zh", "write en, zh or en,zh"
    if value == "":
        return f"{field} is empty", f"fill in the {field} of the document"
    description = row_schema["properties"].get(field, {}).get("description", "") if field else ""
    return f"invalid value {value!r}: {message}", description or "see config/README.md"


def _check_date(value: str, name: str, number: int, field: str) -> None:
    """A full date (YYYY-MM-DD) must exist in the calendar; the schema checks the format."""
    if len(value) == 10:
        try:
            datetime.date.fromisoformat(value)
        except ValueError as exc:
            raise InputError(
                name,
                f"invalid value {value!r}: not a calendar date ({exc})",
                "give the date as YYYY, YYYY-MM or YYYY-MM-DD (a real day)",
                row=number,
                field=field,
            ) from exc


def _check_file(source: Path, relative: str, name: str, number: int) -> None:
    """Decode a document now, so that a bad file is reported with its manifest row before any work."""
    try:
        raw_text(source)
    except InputError as exc:
        raise InputError(
            name,
            f"document {relative!r}: {exc.problem}",
            exc.fix,
            row=number,
            field="path",
        ) from exc


def _checked_path(relative: str, root: Path, name: str, number: int) -> Path:
    if os.path.isabs(relative):
        raise InputError(
            name,
            f"path {relative!r} is absolute",
            f"give the path relative to the corpus root {root}",
            row=number,
            field="path",
        )
    candidate = root / relative
    resolved = candidate.resolve()
    if not resolved.is_relative_to(root):
        raise InputError(
            name,
            f"path {relative!r} leads outside the corpus root {root} (via '..' or a symbolic link)",
            "put the document inside the corpus root and give its path relative to it",
            row=number,
            field="path",
        )
    if resolved.exists() and not resolved.is_file():
        raise InputError(
            name,
            f"path {relative!r} is not a file (a folder or device) under the corpus root {root}",
            "give the path of the document's text file",
            row=number,
            field="path",
        )
    if not resolved.is_file():
        raise InputError(
            name,
            f"path {relative!r} does not exist under the corpus root {root}",
            "fix the path or copy the file into the corpus root",
            row=number,
            field="path",
        )
    return resolved


def load_annotations(path: str | os.PathLike, doc_ids) -> dict:
    """Per-document voice annotations, checked against the schema and the manifest's doc_ids ("" = none)."""
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
