"""Tables are written group-readable as the umask says (issue 10: mkstemp made 61 of 150 files 0600)."""

from __future__ import annotations

import os
import stat

import pytest

from policy_rhetoric.core.tables import atomic_write_text, clean_cell, write_tsv


@pytest.mark.parametrize("umask,mode", [(0o022, 0o644), (0o027, 0o640), (0o077, 0o600)])
def test_written_files_follow_the_umask(tmp_path, umask, mode):
    old = os.umask(umask)
    try:
        atomic_write_text(tmp_path / "a.txt", "x\n")
        write_tsv(tmp_path / "t.tsv", [(1,)], ("n",))
    finally:
        os.umask(old)
    for name in ("a.txt", "t.tsv"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == mode
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_clean_cell_replaces_tabs_and_line_breaks_one_for_one():
    raw = "“Self-reliance”\tin\r\nscience 自立自强\n\t"
    assert clean_cell(raw) == "“Self-reliance” in  science 自立自强  "
    assert len(clean_cell(raw)) == len(raw)
    assert clean_cell("plain") == "plain" and clean_cell(7) == "7" and clean_cell(None) == ""


def test_records_are_read_as_the_frame_reads_them(tmp_path):
    """read_tsv_records gives read_tsv(...).to_dict("records"): every cell as text, empty cells
    empty (not NaN), quotes and "NA" kept as written."""
    from policy_rhetoric.core.tables import read_tsv, read_tsv_columns, read_tsv_records, write_tsv

    path = tmp_path / "t.tsv"
    rows = [("a", 1, 'say "no"', ""), ("b", 2, "NA", "x\ty"), ("c", 3, "'q", None)]
    write_tsv(path, rows, ("doc_id", "n", "text", "note"))
    records = read_tsv_records(path)
    assert records == read_tsv(path).to_dict("records")
    assert records[0] == {"doc_id": "a", "n": "1", "text": 'say "no"', "note": ""}
    assert records[1]["text"] == "NA" and records[1]["note"] == "x y"
    columns = read_tsv_columns(path, ("note", "doc_id"))
    frame = read_tsv(path, usecols=["note", "doc_id"])
    assert columns == {"note": frame["note"].tolist(), "doc_id": frame["doc_id"].tolist()}
    assert columns == {"note": ["", "x y", ""], "doc_id": ["a", "b", "c"]}
    with pytest.raises(ValueError, match="no column 'sent_id'"):
        read_tsv_columns(path, ("doc_id", "sent_id"))
    write_tsv(path, [], ("doc_id", "n"))
    assert read_tsv_columns(path, ("n",)) == {"n": []}


def test_rows_sort_by_their_cells_numbers_before_text_and_none_as_empty_text(tmp_path):
    """sort_by: numbers in numeric order before text, None as empty text; a column of only ints or
    only strings (sorted by the cells themselves) gives the order a mixed one would."""
    path = tmp_path / "t.tsv"

    def written(rows):
        write_tsv(path, rows, ("doc", "start", "term"), sort_by=("doc", "start", "term"))
        return [line.split("\t") for line in path.read_text(encoding="utf-8").splitlines()[1:]]

    plain = [("b", 10, "x"), ("a", 9, "z"), ("b", 2, "y"), ("a", 9, "y"), ("B", 100, "")]
    assert written(plain) == [
        ["B", "100", ""],
        ["a", "9", "y"],
        ["a", "9", "z"],
        ["b", "2", "y"],
        ["b", "10", "x"],
    ]
    mixed = [("b", "10", "x"), ("b", 9, None), ("b", 2.5, "y"), ("a", None, "z"), ("b", 9, "")]
    assert written(mixed) == [
        ["a", "", "z"],
        ["b", "2.5", "y"],
        ["b", "9", ""],
        ["b", "9", ""],
        ["b", "10", "x"],
    ]
