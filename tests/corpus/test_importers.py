"""Importers on small crafted inputs: each form gives an exact manifest, and offsets into the written
files are offsets into the source records (JSONL content verbatim; CSV paragraphs joined by a blank line)."""

from __future__ import annotations

import hashlib
import json

import pytest

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.importers import (
    IMPORT_MANIFEST_COLUMNS,
    PARAGRAPH_COLUMNS,
    _anchored,
    check_documents,
    import_corpus,
    missing_documents,
    normalize_date,
    write_import,
)
from policy_rhetoric.corpus.manifest import read_manifest

GENRES = ("speech", "analysis", "work_report")


def sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest_of(tmp_path, spec):
    result = import_corpus(spec, tmp_path)
    check_documents(result, GENRES, "spec")
    manifest = tmp_path / "m.tsv"
    write_import(result, manifest, tmp_path)
    assert list(read_tsv(manifest).columns) == list(IMPORT_MANIFEST_COLUMNS)
    rows = read_manifest(manifest, tmp_path / result.root, GENRES)  # the pipeline accepts it
    return result, [r.meta for r in rows]


def test_folder_files_are_used_in_place_with_dates_and_titles_from_names(tmp_path):
    src = tmp_path / "speeches"
    src.mkdir()
    (src / "2016-05-19_Science Day.txt").write_bytes("\ufeffTitle\r\nWe must win.\r\n".encode())
    (src / "2013-03-22_Moscow.md").write_text("# Moscow\n\nFriends.\n", encoding="utf-8")
    (src / "notes.pdf").write_bytes(b"%PDF")  # not a text form: ignored
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    spec = {
        "sources": [
            {
                "from": "speeches",
                "extract": [
                    {
                        "field": "file",
                        "pattern": r"^(?P<date>\d{4}-\d{2}-\d{2})_(?P<title>.+)\.\w+$",
                    }
                ],
                "columns": {"genre": "speech", "issuer": "Xi Jinping"},
            }
        ]
    }
    result, rows = manifest_of(tmp_path, spec)
    assert result.root == "speeches" and not result.writes_files
    assert rows == [
        {
            "doc_id": "speeches_001_2013_03_22_Moscow",
            "path": "2013-03-22_Moscow.md",
            "title": "Moscow",
            "outlet": "speeches",
            "genre": "speech",
            "issuer": "Xi Jinping",
            "primary_date": "2013-03-22",
            "published_date": "2013-03-22",
            "languages": "en",
            "url": "",
            "notes": "",
            "default_voice": "",
            "source": "speeches/2013-03-22_Moscow.md",
            "source_record": "",
            "source_sha256": sha(src / "2013-03-22_Moscow.md"),
        },
        {
            "doc_id": "speeches_002_2016_05_19_Science_Day",
            "path": "2016-05-19_Science Day.txt",
            "title": "Science Day",
            "outlet": "speeches",
            "genre": "speech",
            "issuer": "Xi Jinping",
            "primary_date": "2016-05-19",
            "published_date": "2016-05-19",
            "languages": "en",
            "url": "",
            "notes": "",
            "default_voice": "",
            "source": "speeches/2016-05-19_Science Day.txt",
            "source_record": "",
            "source_sha256": sha(src / "2016-05-19_Science Day.txt"),
        },
    ]
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before  # sources never edited


def test_jsonl_records_are_written_verbatim_so_offsets_are_offsets_into_content(tmp_path):
    records = [
        {
            "title": "2025 Report",
            "year": "2025",
            "url": "u1",
            "content": "各位代表：\r\n现在，我代表国务院。\n\n本作品",
        },
        {"title": "Resolution", "year": None, "content": "短"},
        {"title": "2024 Report", "year": 2024, "content": "Line one.\nLine two."},
    ]
    (tmp_path / "r.jsonl").write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    spec = {
        "out": "imported/x",
        "sources": [
            {
                "from": "r.jsonl",
                "id_prefix": "wr",
                "genre_rules": [
                    {"name": "resolution", "when": {"year": "^$"}, "genre": "skip"},
                    {"when": {}, "genre": "work_report"},
                ],
                "columns": {"primary_date": "{year}", "outlet": "Wikisource"},
            }
        ],
    }
    result, rows = manifest_of(tmp_path, spec)
    assert result.root == "imported/x" and result.writes_files
    assert result.skipped == [("r.jsonl line 2", "resolution: skip")]
    assert [
        (r["doc_id"], r["path"], r["primary_date"], r["languages"], r["url"]) for r in rows
    ] == [
        ("wr_001", "wr_001.txt", "2025", "zh", "u1"),
        ("wr_002", "wr_002.txt", "2024", "en", ""),
    ]
    assert [(r["source"], r["source_record"]) for r in rows] == [
        ("r.jsonl", "line 1"),
        ("r.jsonl", "line 3"),
    ]
    assert {r["source_sha256"] for r in rows} == {sha(tmp_path / "r.jsonl")}
    written = raw_text(tmp_path / "imported/x/wr_001.txt")
    assert written == records[0]["content"]  # CRLF kept, nothing added
    assert written[5:7] == "\r\n" and written.index("本作品") == records[0]["content"].index(
        "本作品"
    )
    assert missing_documents(result, tmp_path) == []
    (tmp_path / "imported/x/wr_002.txt").unlink()
    assert missing_documents(result, tmp_path) == ["wr_002"]


def test_csv_one_document_per_file_joins_paragraphs_and_records_their_spans(tmp_path):
    folder = tmp_path / "csvs"
    folder.mkdir()
    (folder / "Doc_A.csv").write_text(
        "title,author,date_pub,full_text\n"
        'Doc A,"People\'s Daily , Ma",Aug 1, 2021,First para.\n'.replace(
            "Aug 1, 2021", '"Aug 1, 2021"'
        )
        + 'Doc A,"People\'s Daily , Ma","Aug 1, 2021","Second, quoted\nover two lines."\n',
        encoding="utf-8",
    )
    spec = {
        "out": "out",
        "sources": [
            {
                "from": "csvs",
                "text": "full_text",
                "id_prefix": "ic",
                "extract": [{"field": "author", "pattern": r"^\s*(?P<outlet>[^,]*?)\s*(?:,.*)?$"}],
                "columns": {"genre": "analysis", "primary_date": "{date_pub}"},
            }
        ],
    }
    result, rows = manifest_of(tmp_path, spec)
    assert [
        (r["doc_id"], r["title"], r["outlet"], r["primary_date"], r["source_record"]) for r in rows
    ] == [("ic_001_Doc_A", "Doc A", "People's Daily", "2021-08-01", "rows 2-3")]
    text = raw_text(tmp_path / "out/ic_001_Doc_A.txt")
    assert text == "First para.\n\nSecond, quoted\nover two lines."
    spans = read_tsv(tmp_path / "out/paragraphs.tsv")
    assert list(spans.columns) == list(PARAGRAPH_COLUMNS)
    assert spans.values.tolist() == [
        ["ic_001_Doc_A", "0", "2", "0", "11"],
        ["ic_001_Doc_A", "1", "3", "13", "43"],
    ]
    assert text[13:43] == "Second, quoted\nover two lines."


def test_csv_one_document_per_row(tmp_path):
    (tmp_path / "docs.csv").write_text(
        "id,text,date,kind\n1,Alpha text.,2020-01-02,speech\n\n2,第二篇。,2021,analysis\n",
        encoding="utf-8",
    )
    spec = {
        "out": "out",
        "sources": [
            {
                "from": "docs.csv",
                "id_prefix": "d",
                "columns": {"title": "Document {id}", "genre": "{kind}", "outlet": "Me"},
            }
        ],
    }
    result, rows = manifest_of(tmp_path, spec)
    assert [
        (r["doc_id"], r["title"], r["genre"], r["primary_date"], r["languages"], r["source_record"])
        for r in rows
    ] == [
        ("d_001", "Document 1", "speech", "2020-01-02", "en", "row 2"),
        ("d_002", "Document 2", "analysis", "2021", "zh", "row 4"),
    ]
    assert raw_text(tmp_path / "out/d_002.txt") == "第二篇。"


def test_dedupe_keeps_the_first_copy_and_says_which(tmp_path):
    for name in ("a", "b"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "same.csv").write_text("title,text\nT,Same words.\n", encoding="utf-8")
    spec = {
        "dedupe": True,
        "sources": [
            {"from": "a", "columns": {"genre": "analysis", "published_date": "2020"}},
            {"from": "b", "columns": {"genre": "analysis", "published_date": "2020"}},
        ],
    }
    result = import_corpus(spec, tmp_path)
    assert [d.row["source"] for d in result.documents] == ["a/same.csv"]
    assert result.skipped == [("b/same.csv rows 2-2", "same text as a/same.csv rows 2-2")]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("Aug 1, 2021", "2021-08-01"),
        ("Sept 30, 2020", "2020-09-30"),
        ("2016年05月19日", "2016-05-19"),
        ("2016/5/9", "2016-05-09"),
        ("1954", "1954"),
        ("Feb 30, 2021", "Feb 30, 2021"),
        ("someday", "someday"),
    ],
)
def test_dates_are_normalized_to_iso(value, expected):
    assert normalize_date(value) == expected


def test_problems_name_the_source_record_and_option(tmp_path):
    (tmp_path / "r.jsonl").write_text('{"text": "x"}\nnot json\n', encoding="utf-8")
    with pytest.raises(InputError) as info:
        import_corpus({"sources": [{"from": "r.jsonl"}]}, tmp_path)
    assert info.value.row == 1 and info.value.field == "content"
    with pytest.raises(InputError, match="line 2 is not JSON"):
        import_corpus({"sources": [{"from": "r.jsonl", "text": "text"}]}, tmp_path)
    (tmp_path / "d").mkdir()
    (tmp_path / "d" / "a.txt").write_text("Words.\n", encoding="utf-8")
    result = import_corpus({"sources": [{"from": "d"}]}, tmp_path)
    with pytest.raises(InputError) as info:
        check_documents(result, GENRES, "spec")
    assert (
        info.value.file == "d/a.txt" and info.value.field == "genre" and "--genre" in info.value.fix
    )
    with pytest.raises(InputError, match="does not exist"):
        import_corpus({"sources": [{"from": "absent"}]}, tmp_path)
    with pytest.raises(InputError, match="uses field 'year'"):
        import_corpus({"sources": [{"from": "d", "columns": {"title": "{year}"}}]}, tmp_path)


def test_a_source_wide_annotation_keeps_only_the_anchors_of_each_document():
    annotation = {
        "regions": [
            {"from": "本作品", "voice": "boilerplate"},
            {"from": "这部作品在", "voice": "boilerplate"},
        ]
    }
    text = "报告正文。\n本作品是中华人民共和国的法律文件。\n"
    assert _anchored(annotation, text) == {"regions": [{"from": "本作品", "voice": "boilerplate"}]}
    assert _anchored(annotation, "没有许可声明。\n") == {}
    assert _anchored({**annotation, "default_voice": "primary"}, "正文。\n") == {
        "default_voice": "primary"
    }
