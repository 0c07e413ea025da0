"""Ingest: manifest validation, safe decoding, voice segments that tile the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from policy_rhetoric.config import MANIFEST_COLUMNS, read_manifest
from policy_rhetoric.errors import InputError
from policy_rhetoric.ingest import raw_text
from policy_rhetoric.voice import detect_language, segment_text

GOOD = {
    "doc_id": "d1",
    "path": "a.txt",
    "title": "T",
    "outlet": "O",
    "genre": "speech",
    "issuer": "I",
    "primary_date": "2022-09-01",
    "published_date": "2022",
    "languages": "en",
    "url": "",
}


def write_manifest(tmp_path: Path, rows: list[dict], columns=MANIFEST_COLUMNS) -> Path:
    corpus = tmp_path / "corpus"
    corpus.mkdir(exist_ok=True)
    (corpus / "a.txt").write_text("Some text.\n", encoding="utf-8")
    lines = ["\t".join(columns)] + ["\t".join(r.get(c, "") for c in columns) for r in rows]
    path = tmp_path / "manifest.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def manifest_error(tmp_path, rows, columns=MANIFEST_COLUMNS) -> InputError:
    path = write_manifest(tmp_path, rows, columns)
    with pytest.raises(InputError) as info:
        read_manifest(path, tmp_path / "corpus")
    return info.value


def test_a_good_manifest_reads(tmp_path):
    rows = read_manifest(write_manifest(tmp_path, [GOOD]), tmp_path / "corpus")
    assert [r.doc_id for r in rows] == ["d1"] and rows[0].source.name == "a.txt"


def test_missing_column(tmp_path):
    err = manifest_error(tmp_path, [GOOD], [c for c in MANIFEST_COLUMNS if c != "genre"])
    assert err.row == 1 and "genre" in err.problem


def test_duplicate_doc_id(tmp_path):
    err = manifest_error(tmp_path, [GOOD, GOOD])
    assert (err.row, err.field) == (3, "doc_id") and "duplicate" in err.problem


@pytest.mark.parametrize("doc_id", ["a b", "x;rm -rf", "../up", "ü"])
def test_unsafe_doc_id(tmp_path, doc_id):
    err = manifest_error(tmp_path, [GOOD | {"doc_id": doc_id}])
    assert (err.row, err.field) == (2, "doc_id")


def test_missing_path(tmp_path):
    err = manifest_error(tmp_path, [GOOD | {"path": "nope.txt"}])
    assert err.field == "path" and "does not exist" in err.problem


@pytest.mark.parametrize("path", ["../outside.txt", "/etc/hostname"])
def test_path_escaping_the_corpus(tmp_path, path):
    (tmp_path / "outside.txt").write_text("x", encoding="utf-8")
    err = manifest_error(tmp_path, [GOOD | {"path": path}])
    assert err.field == "path"


def test_symlink_out_of_the_corpus(tmp_path):
    write_manifest(tmp_path, [GOOD])
    (tmp_path / "secret.txt").write_text("x", encoding="utf-8")
    (tmp_path / "corpus" / "link.txt").symlink_to(tmp_path / "secret.txt")
    err = manifest_error(tmp_path, [GOOD | {"path": "link.txt"}])
    assert err.field == "path" and "outside" in err.problem


def test_unknown_genre(tmp_path):
    err = manifest_error(tmp_path, [GOOD | {"genre": "poem"}])
    assert err.field == "genre" and "extra_genres" in err.fix


@pytest.mark.parametrize("date", ["2022-13", "22-01-01", "2022/01/01", "2022-02-30x"])
def test_malformed_date(tmp_path, date):
    err = manifest_error(tmp_path, [GOOD | {"published_date": date}])
    assert (err.row, err.field) == (2, "published_date")


def test_empty_manifest(tmp_path):
    path = tmp_path / "manifest.tsv"
    path.write_text("", encoding="utf-8")
    with pytest.raises(InputError, match="empty"):
        read_manifest(path, tmp_path)


def test_not_utf8_names_the_byte_offset(tmp_path):
    path = tmp_path / "gbk.txt"
    path.write_bytes(b"abc caf\xe9 au lait")
    with pytest.raises(InputError, match="byte offset 7"):
        raw_text(path)


@pytest.mark.parametrize("content", [b"", b"  \n\t\r\n"])
def test_empty_or_blank_file(tmp_path, content):
    path = tmp_path / "e.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match="empty"):
        raw_text(path)


def test_binary_file(tmp_path):
    path = tmp_path / "b.txt"
    path.write_bytes(b"PK\x03\x04\x00\x00binary")
    with pytest.raises(InputError, match="binary"):
        raw_text(path)


def test_bom_and_crlf_keep_offsets(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffTitle line\r\nThe battle is won.\r\n".encode("utf-8"))
    text = raw_text(path)
    segments = segment_text(text, {})
    assert segments[0].start == 0 and segments[-1].end == len(text)
    body = [s for s in segments if "battle" in text[s.start : s.end]][0]
    assert text[body.start : body.end] == "The battle is won.\r\n"


def test_segments_tile_and_record_their_rule():
    text = "How America is Containing China\nThe U.S. has promoted containment [ed.: a gloss] of China.\nRead More"
    annotation = {"regions": [{"voice": "primary", "from": "The U.S."}]}
    segments = segment_text(text, annotation)
    got = [(text[s.start : s.end], s.voice, s.rule) for s in segments]
    assert got == [
        ("How America is Containing China\n", "boilerplate", "heading"),
        ("The U.S. has promoted containment ", "primary", "annotation:primary_region"),
        ("[ed.: a gloss]", "commentary", "editor_gloss"),
        (" of China.\n", "primary", "annotation:primary_region"),
        ("Read More", "boilerplate", "furniture"),
    ]


def test_quotation_of_the_source_is_primary_inside_commentary():
    text = 'In his speech, Xi said a key goal is to "accelerate high-level self-reliance."\n'
    segments = segment_text(text, {"quote_speakers": ["Xi"]})
    assert [(text[s.start : s.end], s.voice) for s in segments] == [
        ('In his speech, Xi said a key goal is to "', "commentary"),
        ("accelerate high-level self-reliance.", "primary"),
        ('"\n', "commentary"),
    ]


@pytest.mark.parametrize(
    "text,lang",
    [
        ("Zhang Yuzhuo 张玉卓, an energy scientist", "en"),
        ("科技创新成为国际战略博弈的主要战场", "zh"),
        ("2022年全国科技工作会议在京召开", "zh"),
    ],
)
def test_script_based_language(text, lang):
    assert detect_language(text) == lang
