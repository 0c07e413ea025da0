"""Reading and writing the pipeline's tab-separated tables: UTF-8, header, sorted rows, atomic."""

from __future__ import annotations

import contextlib
import csv
import operator
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    import pandas as pd

_CONTROL = str.maketrans({"\t": " ", "\n": " ", "\r": " "})


def clean_cell(value: object) -> str:
    """A cell as written: tabs and line breaks become spaces, so one row stays one line.

    The replacement keeps the length, so a `text` cell lines up with its offsets."""
    kind = type(value)
    if kind is str:
        # three replaces, not str.translate: translate is ~100x slower on non-ASCII text
        return value.replace("\t", " ").replace("\n", " ").replace("\r", " ")
    if kind is int:
        return str(value)
    if value is None:
        return ""
    if isinstance(value, float) or _is_numpy_float(value):
        return format_float(float(value))
    return str(value).translate(_CONTROL)


def _is_numpy_float(value: object) -> bool:
    """A numpy float of any width (float32 is not a Python float). A job that never imported numpy has
    none, so numpy is not imported for the check (writing tables needs no numpy)."""
    numpy = sys.modules.get("numpy")
    return numpy is not None and isinstance(value, numpy.floating)


def format_float(value: float) -> str:
    """Floats with 6 significant digits; NaN as NA."""
    if value != value:
        return "NA"
    return f"{value:.6g}"


def umask_mode() -> int:
    """The mode a plain new file gets under the current umask (0o644 under umask 022)."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_open(path: str | os.PathLike) -> Iterator[TextIO]:
    """A text handle (UTF-8, no newline translation) on a temporary file beside `path`, renamed to
    `path` when the block ends and removed if it raises, so nothing half-written is left; the folder
    is created. The file gets the mode the umask gives new files (mkstemp's temporary files are 0600,
    which would hide results from the group on a shared file system)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    try:
        os.fchmod(fd, umask_mode())
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as handle:
            yield handle
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> None:
    """Write a file in one step (temporary file + rename, see atomic_open)."""
    with atomic_open(path) as handle:
        handle.write(text)


def write_tsv(
    path: str | os.PathLike,
    rows: Iterable[Sequence[object] | dict],
    columns: Sequence[str],
    *,
    sort_by: Sequence[str] | None = None,
) -> None:
    """Write rows (sequences or dicts) as a TSV with exactly `columns`, sorted by `sort_by` columns.

    Without `sort_by` the rows are written as they come (an iterator is never held whole), so a
    large table streams to disk; the file appears only when complete (atomic_open)."""
    records = ([row.get(c) for c in columns] if isinstance(row, dict) else row for row in rows)
    if sort_by:
        records = [list(r) for r in records]
        keys = [columns.index(c) for c in sort_by]
        records.sort(key=_row_key(records, keys))
    with atomic_open(path) as handle:
        if len(columns) > 1:
            # what csv.writer (tab, no quoting) writes: cleaned cells hold no tab or line break, and
            # only a row of one empty cell (impossible with two or more columns) would be refused
            handle.write("\t".join(columns) + "\n")
            for record in records:
                handle.write("\t".join([clean_cell(v) for v in record]) + "\n")
            return
        writer = csv.writer(
            handle,
            delimiter="\t",
            lineterminator="\n",
            quoting=csv.QUOTE_NONE,
            escapechar=None,
            quotechar=None,
        )
        writer.writerow(columns)
        for record in records:
            writer.writerow([clean_cell(v) for v in record])


def write_frame(
    path: str | os.PathLike, frame: pd.DataFrame, *, sort_by: Sequence[str] | None = None
) -> None:
    """Write a DataFrame through write_tsv (same formatting and sorting rules)."""
    columns = list(frame.columns)
    write_tsv(path, frame.itertuples(index=False, name=None), columns, sort_by=sort_by)


def gather_tsv(tables: Iterable[str | os.PathLike], output: str | os.PathLike, columns) -> None:
    """Per-document tables (first columns: doc_id and an integer row id) in one, by doc_id and id."""
    records = [r for t in tables for r in read_tsv(t).itertuples(index=False, name=None)]
    records.sort(key=lambda r: (r[0], int(r[1])))
    write_tsv(output, records, columns)


def concat_tsv(tables: Iterable[str | os.PathLike], output: str | os.PathLike, columns) -> None:
    """Tables written by write_tsv with `columns` (first columns: doc_id and an integer row id, rows
    in that order; e.g. one table per shard of documents) in one, streamed: each table is read and
    appended in turn, so no more than one is held at once. The result is what gather_tsv writes.

    Raises ValueError naming the table when a header differs from `columns` or a row does not come
    after the one before it by (doc_id, id) (tables out of order, or overlapping). Written to a
    temporary file beside `output` and renamed, so nothing half-written is left."""
    header = "\t".join(columns) + "\n"
    with atomic_open(output) as out:
        out.write(header)
        last: tuple[str, int] | None = None
        for table in tables:
            with open(table, encoding="utf-8", newline="") as handle:
                if handle.readline() != header:
                    raise ValueError(f"{table}: header is not {'/'.join(columns)}")
                for number, line in enumerate(handle, start=2):
                    doc_id, row_id, _ = line.split("\t", 2)
                    key = (doc_id, int(row_id))
                    if last is not None and key <= last:
                        raise ValueError(
                            f"{table}, line {number}: row ({doc_id}, {row_id}) does not come "
                            f"after ({last[0]}, {last[1]}); the tables must be given in "
                            "doc_id order and not overlap"
                        )
                    last = key
                    out.write(line)


def read_tsv(path: str | os.PathLike, **kwargs) -> pd.DataFrame:
    """Read a pipeline table with every column as text except those the caller converts."""
    import pandas as pd  # here, not at the top: a job that only streams tables never imports pandas

    return pd.read_csv(
        path,
        sep="\t",
        dtype=str,
        keep_default_na=False,
        quoting=csv.QUOTE_NONE,
        encoding="utf-8",
        **kwargs,
    )


def read_tsv_records(path: str | os.PathLike) -> list[dict[str, str]]:
    """`read_tsv(path).to_dict("records")` (every cell as text) without building a DataFrame."""
    with open(path, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))


def read_tsv_columns(path: str | os.PathLike, columns: Sequence[str]) -> dict[str, list[str]]:
    """`{c: read_tsv(path, usecols=columns)[c].tolist() for c in columns}` (every cell as text)
    without pandas, for a table write_tsv wrote (no cell holds a tab or a line break: each line is
    split at its tabs, only as far as the last column wanted)."""
    with open(path, encoding="utf-8", newline="") as handle:
        header = handle.readline().rstrip("\r\n").split("\t")
        missing = [c for c in columns if c not in header]
        if missing:
            raise ValueError(f"{path}: no column {missing[0]!r} (columns: {header})")
        at = [header.index(c) for c in columns]
        last = max(at, default=0)
        rows = [line.rstrip("\r\n").split("\t", last + 1) for line in handle]
    return {c: [row[i] for row in rows] for c, i in zip(columns, at, strict=True)}


def _row_key(records: list[list], keys: list[int]):
    """write_tsv's sort key: by the `keys` cells, numbers before text and None as empty text
    (_sort_key). Where every cell of each key column is an int, or every one a str, the cells
    themselves sort in that order, and are compared without building a key tuple per cell (a
    match table's five keys: a third of a match_shard job's writing)."""
    plain = all(
        len(kinds := {type(r[k]) for r in records}) == 1 and kinds <= {int, str} for k in keys
    )
    if plain:
        return operator.itemgetter(*keys)
    return lambda r: tuple(_sort_key(r[k]) for k in keys)


def _sort_key(value: object) -> tuple:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return (0, value, "")
    return (1, 0, "" if value is None else str(value))
