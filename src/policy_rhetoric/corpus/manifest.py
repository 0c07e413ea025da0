"""The corpus manifest and the voice annotations, read and checked before any work starts."""

from __future__ import annotations

import datetime
import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

from policy_rhetoric.core.config import read_yaml_file, schema
from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.genres import BUILTIN_GENRES
from policy_rhetoric.core.tables import write_tsv
from policy_rhetoric.core.text import decode_text
from policy_rhetoric.corpus.voice import matches_prefix, plain_text, split_lines

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
    cache_dir: str | os.PathLike | None = None,
) -> list[ManifestRow]:
    """Read and validate the corpus manifest: columns, ids, genres, dates, and paths inside the corpus root.

    Rows are numbered as in a spreadsheet: the header is row 1, the first document row 2. With
    `check_files`, every document is also decoded (UTF-8, not empty, not binary) so that a bad file stops
    the pipeline before any work starts, with an error naming the manifest row; with `cache_dir`, a file
    whose SHA-256 was decoded there before is not decoded again (dry runs stay fast on large documents).
    Blank lines are skipped but keep their row numbers; only LF, CRLF and CR end a row, so a title may
    hold U+2028, U+0085 or a form feed."""
    import jsonschema  # here, not at the top: jobs import this module; only the driver reads manifests

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
    # str.splitlines would also break at U+2028, U+0085, form feeds and other characters of a title
    numbered = [
        (number, line)
        for number, line in enumerate(re.split(r"\r\n|\n|\r", text), start=1)
        if line.strip()
    ]
    if not numbered:
        raise InputError(
            name,
            "the manifest is empty",
            f"write a header row ({', '.join(MANIFEST_COLUMNS)}) and one row per document",
        )
    header_row, header_line = numbered[0]
    header = header_line.split("\t")
    missing = [c for c in MANIFEST_COLUMNS if c not in header]
    if missing:
        raise InputError(
            name,
            f"missing required column(s): {', '.join(missing)}",
            f"the header must name at least: {', '.join(MANIFEST_COLUMNS)} (tab-separated)",
            row=header_row,
        )
    body = [(number, line.split("\t")) for number, line in numbered[1:]]
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
    for number, values in body:
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
            _check_file(source, meta["path"], name, number, cache_dir)
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


def _check_file(
    source: Path, relative: str, name: str, number: int, cache_dir: str | os.PathLike | None
) -> None:
    """Decode a document now, so that a bad file is reported with its manifest row before any work.

    With `cache_dir`, the SHA-256 of a file that decoded well is kept there (an empty marker file), so
    the next load hashes the file instead of decoding it again."""
    try:
        data = source.read_bytes()
        marker = None
        if cache_dir is not None:
            marker = Path(cache_dir) / f"decoded-{hashlib.sha256(data).hexdigest()}"
            if marker.is_file():
                return
        decode_text(data, str(source))
        if marker is not None:
            marker.parent.mkdir(parents=True, exist_ok=True)
            marker.touch()
    except OSError as exc:
        raise InputError(
            name,
            f"document {relative!r}: cannot read the file ({exc.strerror})",
            "check that the path names a readable file",
            row=number,
            field="path",
        ) from exc
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
    if "{" in relative or "}" in relative:
        raise InputError(
            name,
            f"path {relative!r} holds a brace ({{ or }}), which Snakemake reads as a wildcard",
            "rename the file without braces (e.g. "
            f"{re.sub(r'[{}]', '_', relative)!r}) and give that path in the manifest",
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


ANNOTATION_WARNING_COLUMNS = ("doc_id", "anchor", "text", "problem")


def annotation_problems(text: str, annotation: dict) -> list[tuple[str, str, str]]:
    """(anchor, its text, what is wrong) for each region `from`/`until` and `lines` `from` of one
    document's annotation that begins no line of the text (compared as the voice rules compare them).

    An anchor is e.g. `regions[0].from`; a region's `until` must begin a line after its `from`."""
    plains = [plain_text(text[line.start : line.content_end]) for line in split_lines(text)]

    def first(prefix: str, after: int = -1) -> int | None:
        return next(
            (i for i, p in enumerate(plains) if i > after and matches_prefix(p, prefix)), None
        )

    problems = []
    for i, region in enumerate(annotation.get("regions", []) or []):
        start = first(region["from"])
        if start is None:
            problems.append((f"regions[{i}].from", region["from"], "begins no line"))
            continue
        until = region.get("until")
        if until and first(until, start) is None:
            problems.append(
                (f"regions[{i}].until", until, "begins no line after the region's `from` line")
            )
    for i, line in enumerate(annotation.get("lines", []) or []):
        if first(line["from"]) is None:
            problems.append((f"lines[{i}].from", line["from"], "begins no line"))
    return problems


def annotation_error(path: str, doc_id: str, anchor: str, anchor_text: str, problem: str):
    """The InputError for an annotation anchor that matches nothing (see annotation_problems)."""
    return InputError(
        path,
        f"{doc_id}: {anchor} {anchor_text!r} {problem} of the document, so the annotation would be "
        "silently ignored",
        "copy the beginning of the line from the document exactly (a typo or an edited document "
        "breaks it), or set corpus.unmatched_annotations: warn to list such anchors in "
        "corpus/annotation_warnings.tsv instead",
        field=f"{doc_id}.{anchor}",
    )


def run_list_annotation_warnings(
    sources: list[str], doc_ids: list[str], annotations: dict, output: str
) -> None:
    """Rule list_annotation_warnings (corpus.unmatched_annotations: warn): every annotation anchor that
    begins no line, one row each (ANNOTATION_WARNING_COLUMNS)."""
    rows = []
    for doc_id, source in zip(doc_ids, sources, strict=True):
        annotation = annotations.get(doc_id)
        if annotation:
            text = decode_text(Path(source).read_bytes(), source)
            rows.extend((doc_id, *problem) for problem in annotation_problems(text, annotation))
    write_tsv(output, rows, ANNOTATION_WARNING_COLUMNS, sort_by=("doc_id", "anchor"))
