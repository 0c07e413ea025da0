"""Importers: a folder of text files, a JSONL file or CSV files -> manifest rows and document files.

An import is described by a spec (a dict, as written to `config/experiments/<name>.import.yaml` by
`policy-rhetoric init`): one or more sources, each read in one of four forms:

- `folder`: every `.txt`, `.md`, `.html` (`.htm`) file of a folder (not recursive), used where it is
  (the folder becomes `corpus.root`; nothing is written, the files are never edited);
- `jsonl`: one JSON object per line, one document per record; the text field (`text`, default
  `content`) is written verbatim as a UTF-8 file, so offsets into the written file are offsets into the
  record's text;
- `csv_documents`: one CSV file per document (a file, or a folder of `.csv` files), one row per paragraph;
  the paragraphs are joined with a blank line ("\\n\\n") and the import writes `paragraphs.tsv` giving each
  paragraph's source row and its character span in the written file;
- `csv_rows`: one CSV file, one document per row.

Every record has fields: its JSON keys or CSV columns (null and missing = ""), and `file` (the source
file's name), `stem` (the name without extension), `folder` (the folder's name), `record` (JSONL line or
first CSV row, counting the header as row 1). `extract` adds the named groups of regular expressions
matched on a field (e.g. a date and a title in a file name); `values` maps a field's values to others
(e.g. a congress number to its year). `annotation` is a voice annotation (the format of
`corpus.voice_annotations`) given to every document of the source, e.g. a region that makes a licence
notice at the end of every record boilerplate. The manifest columns are templates over the fields
(`"{title}"`), or constants. `genre_rules` (first match wins) set the genre from fields, or `skip` a
record; every record's genre and the rule that set it are kept for the genre table.

Documents written by an import go under the spec's `out` folder (git-ignored, `resources/imported/<name>/`
by default), which is then `corpus.root`. The manifest keeps where each document came from: `source`
(the source file, relative to the project root), `source_record` (`line N`, `row N`, `rows A-B` or
empty for a whole file) and `source_sha256` (SHA-256 of the source file's bytes).
"""

from __future__ import annotations

import csv
import datetime
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import write_tsv
from policy_rhetoric.core.text import decode_text
from policy_rhetoric.corpus.manifest import MANIFEST_COLUMNS, annotation_problems
from policy_rhetoric.corpus.voice import VOICES, detect_language

FORMATS = ("folder", "jsonl", "csv_documents", "csv_rows")
FOLDER_SUFFIXES = (".txt", ".md", ".html", ".htm")
SOURCE_COLUMNS = ("source", "source_record", "source_sha256")
IMPORT_MANIFEST_COLUMNS = (*MANIFEST_COLUMNS, "notes", "default_voice", *SOURCE_COLUMNS)
PARAGRAPH_COLUMNS = ("doc_id", "paragraph", "source_row", "start_char", "end_char")
GENRE_TABLE_COLUMNS = ("doc_id", "title", "outlet", "genre", "genre_rule")
PARAGRAPH_JOIN = "\n\n"
SKIP = "skip"
MONTHS = {
    m: i
    for i, m in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}
SPEC_KEYS = {"name", "out", "default_voice", "dedupe", "extra_genres", "sources"}
SOURCE_KEYS = {
    "from",
    "format",
    "text",
    "id_prefix",
    "extract",
    "values",
    "columns",
    "genre_rules",
    "annotation",
}


@dataclass
class Document:
    """One imported document: its manifest row, and its text when the import writes the file."""

    row: dict
    text: str | None = None
    paragraphs: list[tuple[int, int, int]] = field(default_factory=list)
    genre_rule: str = ""
    annotation: dict = field(default_factory=dict)


@dataclass
class ImportResult:
    """Documents in manifest order, the corpus root, and what was left out (with reasons)."""

    documents: list[Document]
    root: str
    writes_files: bool
    skipped: list[tuple[str, str]]


def normalize_date(value: str) -> str:
    """An ISO date (YYYY, YYYY-MM, YYYY-MM-DD) from common spellings; other values are returned as given
    (the manifest check then names the row and field). "Aug 1, 2021" -> 2021-08-01, "2016年5月19日" ->
    2016-05-19, "2016/5/19" -> 2016-05-19."""
    value = value.strip()
    m = re.fullmatch(r"([A-Za-z]{3})[a-z]*\.? (\d{1,2}), (\d{4})", value)
    if m and m.group(1).lower() in MONTHS:
        return _iso(int(m.group(3)), MONTHS[m.group(1).lower()], int(m.group(2)), value)
    m = re.fullmatch(r"(\d{4})\s*[年/.-]\s*(\d{1,2})\s*[月/.-]\s*(\d{1,2})\s*日?", value)
    if m:
        return _iso(int(m.group(1)), int(m.group(2)), int(m.group(3)), value)
    m = re.fullmatch(r"(\d{4})(?:\.0)?\s*年?", value)
    if m:
        return m.group(1)
    return value


def _iso(year: int, month: int, day: int, original: str) -> str:
    try:
        return datetime.date(year, month, day).isoformat()
    except ValueError:
        return original


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def project_relative(path: Path, project_root: Path) -> str:
    """`path` as written in manifests and tables: relative to the project root (POSIX separators)."""
    return Path(os.path.relpath(Path(path).resolve(), project_root.resolve())).as_posix()


def check_spec(spec: dict, name: str) -> None:
    """The spec's keys and values, checked before anything is read (InputError names the key)."""
    unknown = set(spec) - SPEC_KEYS
    if unknown:
        raise InputError(
            name,
            f"unknown key(s) {', '.join(sorted(unknown))}",
            f"use only {', '.join(sorted(SPEC_KEYS))}",
        )
    if spec.get("default_voice", "") not in ("", *VOICES):
        raise InputError(
            name,
            f"default_voice {spec['default_voice']!r} is not a voice",
            f"use one of {', '.join(VOICES)} or leave it empty",
            field="default_voice",
        )
    if not spec.get("sources"):
        raise InputError(name, "no sources", "list at least one source under 'sources'")
    for i, source in enumerate(spec["sources"]):
        where = f"sources[{i}]"
        unknown = set(source) - SOURCE_KEYS
        if unknown:
            raise InputError(
                name,
                f"unknown key(s) {', '.join(sorted(unknown))} in {where}",
                f"use only {', '.join(sorted(SOURCE_KEYS))}",
                field=where,
            )
        if "from" not in source:
            raise InputError(name, f"{where} has no 'from'", "name the source path", field=where)
        if source.get("format") not in (None, *FORMATS):
            raise InputError(
                name,
                f"{where}: format {source['format']!r} is unknown",
                f"use one of {', '.join(FORMATS)} (or leave it out to detect it)",
                field=f"{where}.format",
            )
        for j, rule in enumerate(source.get("extract", [])):
            try:
                re.compile(rule["pattern"])
            except (KeyError, TypeError, re.error) as exc:
                raise InputError(
                    name,
                    f"{where}.extract[{j}] is not a field and a valid regular expression ({exc})",
                    "give {field: ..., pattern: ...} with named groups, e.g. (?P<date>...)",
                    field=f"{where}.extract[{j}]",
                ) from exc


def detect_format(path: Path) -> str:
    """The form of a source: a folder of text files, a folder of CSV files, a .jsonl or a .csv file."""
    if path.is_dir():
        names = [p.suffix.lower() for p in path.iterdir() if p.is_file()]
        if any(s in FOLDER_SUFFIXES for s in names):
            return "folder"
        if ".csv" in names:
            return "csv_documents"
        raise InputError(
            str(path),
            "the folder holds no .txt, .md, .html or .csv files",
            "give a folder of documents, a .jsonl file or a .csv file",
        )
    suffix = path.suffix.lower()
    if suffix in (".jsonl", ".ndjson"):
        return "jsonl"
    if suffix == ".csv":
        return "csv_rows"
    raise InputError(
        str(path),
        f"cannot tell the form of a {suffix or 'extension-less'} file",
        "give a folder, a .jsonl or a .csv file, or set the format (--format)",
    )


def _read_source_text(path: Path) -> str:
    return decode_text(path.read_bytes(), str(path))


def _records(source: dict, path: Path, fmt: str):
    """(fields, text or None, source file, source_record, paragraphs) of every record of one source."""
    text_field = source.get("text")
    if fmt == "folder":
        for file in sorted(p for p in path.iterdir() if p.suffix.lower() in FOLDER_SUFFIXES):
            if file.is_file():
                yield _base_fields(file, 1), None, file, "", []
    elif fmt == "jsonl":
        text_field = text_field or "content"
        for number, line in enumerate(_read_source_text(path).splitlines(), start=1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise InputError(
                    str(path),
                    f"line {number} is not JSON ({exc.msg})",
                    "fix the record",
                    row=number,
                ) from exc
            if not isinstance(record, dict) or not isinstance(record.get(text_field), str):
                raise InputError(
                    str(path),
                    f"line {number} has no text field {text_field!r}",
                    "name the field holding the text (--text-field)",
                    row=number,
                    field=text_field,
                )
            fields = _base_fields(path, number)
            fields.update({k: _as_field(v) for k, v in record.items() if k != text_field})
            yield fields, record[text_field], path, f"line {number}", []
    elif fmt == "csv_rows":
        text_field = text_field or "text"
        for number, row in _csv_rows(path, text_field):
            fields = _base_fields(path, number)
            fields.update({k: v for k, v in row.items() if k != text_field})
            yield fields, row[text_field], path, f"row {number}", []
    else:
        text_field = text_field or "text"
        files = sorted(path.glob("*.csv")) if path.is_dir() else [path]
        for file in files:
            rows = list(_csv_rows(file, text_field))
            if not rows:
                raise InputError(
                    str(file), "the CSV has a header but no rows", "remove it or add the paragraphs"
                )
            fields = _base_fields(file, rows[0][0])
            fields.update({k: v for k, v in rows[0][1].items() if k != text_field})
            pieces, paragraphs, pos = [], [], 0
            for i, (number, row) in enumerate(rows):
                if i:
                    pos += len(PARAGRAPH_JOIN)
                paragraph = row[text_field]
                paragraphs.append((number, pos, pos + len(paragraph)))
                pieces.append(paragraph)
                pos += len(paragraph)
            record = f"rows {rows[0][0]}-{rows[-1][0]}"
            yield fields, PARAGRAPH_JOIN.join(pieces), file, record, paragraphs


def _base_fields(path: Path, record: int) -> dict:
    return {
        "file": path.name,
        "stem": path.stem,
        "folder": path.parent.name,
        "record": str(record),
    }


def _as_field(value) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


def _csv_rows(path: Path, text_field: str):
    """(row number, dict) of a CSV file's records; the header is row 1, blank rows are counted and skipped."""
    text = _read_source_text(path).lstrip("\ufeff")
    reader = csv.reader(text.splitlines(keepends=True))
    try:
        header = next(reader)
    except StopIteration:
        raise InputError(str(path), "the CSV file is empty", "give a header row") from None
    if text_field not in header:
        raise InputError(
            str(path),
            f"no column {text_field!r} (the columns are {', '.join(header)})",
            "name the column holding the text (--text-field)",
            row=1,
        )
    # records numbered as a spreadsheet shows them (header = row 1; a quoted line break stays in its row)
    for number, values in enumerate(reader, start=2):
        if not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise InputError(
                str(path),
                f"the row has {len(values)} fields, the header has {len(header)}",
                "quote values that contain commas",
                row=number,
            )
        yield number, dict(zip(header, values, strict=True))


def _apply_fields(source: dict, fields: dict, name: str, where: str) -> dict:
    for rule in source.get("extract", []):
        pattern = re.compile(rule["pattern"])
        m = pattern.search(fields.get(rule["field"], ""))
        groups = m.groupdict() if m else {}
        # a group that did not match is an empty field (so templates may name it)
        fields.update({k: groups.get(k) or "" for k in pattern.groupindex})
    for key, mapping in (source.get("values") or {}).items():
        value = fields.get(key, "")
        mapped = {str(k): str(v) for k, v in mapping.items()}
        if value in mapped:
            fields[key] = mapped[value]
    return fields


def _genre(source: dict, fields: dict) -> tuple[str | None, str]:
    """(genre, rule) from the first genre rule whose patterns all match; (None, "") when none does."""
    for i, rule in enumerate(source.get("genre_rules", [])):
        when = rule.get("when", {})
        if all(re.search(p, fields.get(k, "")) for k, p in when.items()):
            label = rule.get("name") or f"genre_rules[{i}]"
            return str(rule["genre"]), label
    return None, ""


def _fill(template, fields: dict, name: str, column: str, where: str) -> str:
    template = str(template)
    try:
        return template.format_map(fields).strip()
    except KeyError as exc:
        raise InputError(
            name,
            f"{where}: column {column} uses field {exc.args[0]!r}, which the record lacks "
            f"(fields: {', '.join(sorted(fields))})",
            "map the column to a field the records have",
            field=f"{where}.columns.{column}",
        ) from None


def _slug(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9]+", "_", text).strip("_")[:40].strip("_")


def import_corpus(
    spec: dict, project_root: str | os.PathLike, *, name: str = "spec"
) -> ImportResult:
    """Read every source of `spec` (paths relative to `project_root`) into manifest rows and texts.

    Nothing is written. InputError names the source file, record and field of any problem."""
    check_spec(spec, name)
    project_root = Path(project_root)
    sources = spec["sources"]
    for index, source in enumerate(sources):
        if not (project_root / source["from"]).exists():
            raise InputError(
                str(source["from"]),
                f"the source does not exist (relative to the project root {project_root.resolve()})",
                "give the folder or file of the corpus, relative to the project root or absolute",
                field=f"sources[{index}].from",
            )
    folder_only = len(sources) == 1 and _format(sources[0], project_root) == "folder"
    if folder_only:
        root = project_root / sources[0]["from"]
    else:
        root = project_root / spec.get("out", f"resources/imported/{spec.get('name', 'corpus')}")
    documents: list[Document] = []
    skipped: list[tuple[str, str]] = []
    seen_text: dict[str, str] = {}
    for index, source in enumerate(sources):
        where = f"sources[{index}]"
        path = project_root / source["from"]
        fmt = _format(source, project_root)
        prefix = source.get("id_prefix") or _slug(path.stem) or f"s{index + 1}"
        number = 0
        for fields, text, file, record, paragraphs in _records(source, path, fmt):
            fields = _apply_fields(source, fields, name, where)
            location = f"{project_relative(file, project_root)}" + (f" {record}" if record else "")
            genre, rule = _genre(source, fields)
            if genre == SKIP:
                skipped.append((location, f"{rule}: skip"))
                continue
            if text is None:
                data = file.read_bytes()
                key = hashlib.sha256(data).hexdigest()
            else:
                key = hashlib.sha256(text.encode("utf-8")).hexdigest()
            if spec.get("dedupe", False) and key in seen_text:
                skipped.append((location, f"same text as {seen_text[key]}"))
                continue
            seen_text[key] = location
            number += 1
            row = _manifest_row(source, fields, text, file, name, where)
            if genre is not None:
                row["genre"] = genre
            stem_slug = _slug(fields["stem"]) if fmt in ("folder", "csv_documents") else ""
            row["doc_id"] = f"{prefix}_{number:03d}" + (f"_{stem_slug}" if stem_slug else "")
            row["doc_id"] = row["doc_id"][:100]
            if fmt == "folder" and folder_only:
                row["path"] = file.relative_to(path).as_posix()
            else:
                row["path"] = f"{row['doc_id']}{'.txt' if fmt != 'folder' else file.suffix}"
                if text is None:
                    text = _read_source_text(file)
            row["default_voice"] = row.get("default_voice", "")
            row["source"] = project_relative(file, project_root)
            row["source_record"] = record
            row["source_sha256"] = file_sha256(file)
            annotation = _anchored(
                dict(source.get("annotation") or {}),
                text if text is not None else _read_source_text(file),
            )
            documents.append(Document(row, text, paragraphs, rule, annotation))
    if not documents:
        raise InputError(
            name,
            f"no documents: every record was left out ({len(skipped)} skipped)",
            "check the sources and the genre_rules that skip records",
        )
    return ImportResult(documents, project_relative(root, project_root), not folder_only, skipped)


def _format(source: dict, project_root: Path) -> str:
    return source.get("format") or detect_format(project_root / source["from"])


def _manifest_row(source: dict, fields: dict, text, file: Path, name: str, where: str) -> dict:
    columns = dict(source.get("columns") or {})
    row = {}
    defaults = {
        "title": "{title}" if "title" in fields else "{stem}",
        "outlet": "{outlet}" if "outlet" in fields else "{folder}",
        "issuer": "{issuer}" if "issuer" in fields else "",
        "genre": "{genre}" if "genre" in fields else "",
        "primary_date": "{date}" if "date" in fields else "",
        "url": "{url}" if "url" in fields else "",
        "notes": "",
        "languages": "{languages}" if "languages" in fields else "",
    }
    for column in (*MANIFEST_COLUMNS[2:], "notes", "default_voice"):
        template = columns.get(column, defaults.get(column, ""))
        row[column] = _fill(template, fields, name, column, where)
    for column in ("primary_date", "published_date"):
        row[column] = normalize_date(row[column])
    if not row["published_date"]:
        row["published_date"] = row["primary_date"]
    if not row["languages"]:
        body = text if text is not None else _read_source_text(file)
        row["languages"] = detect_language(body)
    return row


def check_documents(result: ImportResult, genres, name: str) -> None:
    """What the manifest check would reject, said in terms of the import (source, record, option)."""
    hints = {
        "genre": "give --genre (one genre for all), --genre-field, or genre_rules in the spec",
        "published_date": "give --date-field, a --name-pattern with a (?P<date>...) group, or --published-date",
        "title": "give --title-field",
        "outlet": "give --outlet",
    }
    for doc in result.documents:
        row = doc.row
        location = row["source"] + (f" {row['source_record']}" if row["source_record"] else "")
        for column, hint in hints.items():
            if not row[column]:
                raise InputError(
                    location, f"document {row['doc_id']} has no {column}", hint, field=column
                )
        if row["genre"] not in genres:
            raise InputError(
                location,
                f"document {row['doc_id']}: genre {row['genre']!r} is not a known genre",
                f"use one of {', '.join(genres)}, or list it in corpus.extra_genres (init --extra-genre)",
                field="genre",
            )


def write_import(
    result: ImportResult,
    manifest_path: str | os.PathLike,
    project_root: str | os.PathLike,
    *,
    genre_table: str | os.PathLike | None = None,
) -> list[Path]:
    """Write the documents (when the import writes them), paragraphs.tsv, the manifest and the genre
    table. Files are written as UTF-8 bytes with no newline translation; returns the paths written."""
    written: list[Path] = []
    project_root = Path(project_root)
    root = project_root / result.root
    if result.writes_files:
        root.mkdir(parents=True, exist_ok=True)
        for doc in result.documents:
            target = root / doc.row["path"]
            data = doc.text.encode("utf-8")
            if not target.is_file() or target.read_bytes() != data:
                tmp = target.with_suffix(target.suffix + ".tmp")
                tmp.write_bytes(data)
                tmp.replace(target)
            written.append(target)
        paragraphs = [
            (doc.row["doc_id"], i, row, a, b)
            for doc in result.documents
            for i, (row, a, b) in enumerate(doc.paragraphs)
        ]
        if paragraphs:
            write_tsv(root / "paragraphs.tsv", paragraphs, PARAGRAPH_COLUMNS)
            written.append(root / "paragraphs.tsv")
    write_tsv(manifest_path, [d.row for d in result.documents], IMPORT_MANIFEST_COLUMNS)
    written.append(Path(manifest_path))
    if genre_table:
        rows = [
            (d.row["doc_id"], d.row["title"], d.row["outlet"], d.row["genre"], d.genre_rule)
            for d in result.documents
        ]
        write_tsv(genre_table, rows, GENRE_TABLE_COLUMNS)
        written.append(Path(genre_table))
    return written


def missing_documents(result: ImportResult, project_root: str | os.PathLike) -> list[str]:
    """doc_ids whose written file is absent or differs from the import (the examples' files are made by
    `policy-rhetoric run` or `init`, never committed)."""
    root = Path(project_root) / result.root
    out = []
    for doc in result.documents:
        if not result.writes_files:
            continue
        target = root / doc.row["path"]
        if not target.is_file() or target.read_bytes() != doc.text.encode("utf-8"):
            out.append(doc.row["doc_id"])
    return out


def _anchored(annotation: dict, text: str) -> dict:
    """A source-wide annotation as it applies to one document: regions and lines whose anchors begin
    no line of this document are left out (e.g. a licence notice worded differently in some records),
    so the written annotations never carry an anchor that the load-time check would reject."""
    problems = {anchor.split(".")[0] for anchor, _, _ in annotation_problems(text, annotation)}
    kept = {}
    for kind in ("regions", "lines"):
        entries = [
            entry
            for i, entry in enumerate(annotation.get(kind) or [])
            if f"{kind}[{i}]" not in problems
        ]
        if entries:
            kept[kind] = entries
    rest = {k: v for k, v in annotation.items() if k not in ("regions", "lines")}
    return {**rest, **kept} if kept or rest else {}
