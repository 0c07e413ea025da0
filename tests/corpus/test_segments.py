"""Corpus input: manifest validation, safe decoding, voice segments that tile the file."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.text import decode_text, raw_text
from policy_rhetoric.corpus.manifest import MANIFEST_COLUMNS, read_manifest
from policy_rhetoric.corpus.voice import detect_language, segment_text

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


# --- more manifest cases ------------------------------------------------------------------------


@pytest.mark.parametrize("doc_id", ["..", ".hidden", "-rf", "a/b", "x" * 101, "$(id)", "a\\b"])
def test_more_unsafe_doc_ids_name_row_and_field_and_suggest_a_name(tmp_path, doc_id):
    err = manifest_error(tmp_path, [GOOD | {"doc_id": doc_id}])
    assert (err.row, err.field) == (2, "doc_id")
    assert "not a safe identifier" in err.problem and "rename it" in err.fix


def test_doc_ids_differing_only_in_case_are_duplicates(tmp_path):
    err = manifest_error(tmp_path, [GOOD, GOOD | {"doc_id": "D1"}])
    assert (err.row, err.field) == (3, "doc_id") and "first used in row 2" in err.problem


def test_impossible_calendar_date(tmp_path):
    err = manifest_error(tmp_path, [GOOD | {"primary_date": "2022-02-30"}])
    assert (err.row, err.field) == (2, "primary_date") and "calendar" in err.problem


def test_malformed_date_message_says_the_format(tmp_path):
    err = manifest_error(tmp_path, [GOOD | {"published_date": "20/10/2022"}])
    assert "not an ISO date" in err.problem and "YYYY-MM-DD" in err.fix


def test_empty_path_and_folder_path(tmp_path):
    err = manifest_error(tmp_path, [GOOD | {"path": ""}])
    assert (err.row, err.field) == (2, "path") and "empty" in err.problem
    (tmp_path / "corpus" / "sub").mkdir(parents=True)
    err = manifest_error(tmp_path, [GOOD | {"path": "sub"}])
    assert err.field == "path" and "not a file" in err.problem


def test_header_only_manifest_is_empty(tmp_path):
    err = manifest_error(tmp_path, [])
    assert "no documents" in err.problem


def test_missing_corpus_root(tmp_path):
    path = write_manifest(tmp_path, [GOOD])
    with pytest.raises(InputError, match="corpus root"):
        read_manifest(path, tmp_path / "nowhere")


def test_unknown_genre_allowed_through_extra_genres(tmp_path):
    path = write_manifest(tmp_path, [GOOD | {"genre": "work_report"}])
    rows = read_manifest(path, tmp_path / "corpus", ("speech", "work_report"))
    assert rows[0].meta["genre"] == "work_report"


@pytest.mark.parametrize(
    "content,problem",
    [
        (b"abc caf\xe9 au lait", "not valid UTF-8 (byte offset 7"),
        (b"", "empty"),
        ("\ufeff \u200b\u3000\n\t".encode(), "empty"),
        (b"%PDF-1.7\x00\x01\x02binary", "binary (NUL byte at byte offset 8"),
        ("text".encode("utf-16"), "UTF-16"),
        (
            bytes(range(1, 9)) * 20 + b"x",
            "binary (160 control characters, the first at byte offset 0",
        ),
    ],
)
def test_bad_document_files_are_reported_with_the_manifest_row(tmp_path, content, problem):
    path = write_manifest(tmp_path, [GOOD, GOOD | {"doc_id": "d2", "path": "bad.txt"}])
    (tmp_path / "corpus" / "bad.txt").write_bytes(content)
    with pytest.raises(InputError) as info:
        read_manifest(path, tmp_path / "corpus")
    err = info.value
    assert (err.row, err.field) == (3, "path") and "'bad.txt'" in err.problem
    assert problem in err.problem and err.fix
    assert (tmp_path / "corpus" / "bad.txt").read_bytes() == content


def test_voice_annotations_file_errors(tmp_path):
    from policy_rhetoric.corpus.manifest import load_annotations

    assert load_annotations("", ["d1"]) == {}
    with pytest.raises(InputError, match="does not exist"):
        load_annotations(tmp_path / "none.yaml", ["d1"])
    bad = tmp_path / "a.yaml"
    bad.write_text("d2:\n  default_voice: primary\n", encoding="utf-8")
    with pytest.raises(InputError, match="not in the manifest: d2"):
        load_annotations(bad, ["d1"])
    bad.write_text("d1:\n  default_voice: loud\n", encoding="utf-8")
    with pytest.raises(InputError, match="d1/default_voice"):
        load_annotations(bad, ["d1"])


# --- inputs that must work, with exact offsets --------------------------------------------------


def tiles(text: str, segments) -> bool:
    return (
        segments[0].start == 0
        and segments[-1].end == len(text)
        and all(a.end == b.start for a, b in zip(segments, segments[1:], strict=False))
    )


def test_byte_order_mark_is_character_zero(tmp_path):
    path = tmp_path / "bom.txt"
    path.write_bytes("\ufeffRead More\nThe battle is won.\n".encode())
    text = raw_text(path)
    assert text[0] == "\ufeff"
    segments = segment_text(text, {"default_voice": "primary"})
    assert tiles(text, segments)
    assert [(text[s.start : s.end], s.voice) for s in segments] == [
        ("\ufeffRead More\n", "boilerplate"),
        ("The battle is won.\n", "primary"),
    ]


def test_crlf_and_cr_line_ends_are_kept(tmp_path):
    path = tmp_path / "crlf.txt"
    path.write_bytes(b"Title line\r\n\r\nThe battle is won.\r\nRead More\rThe end.\r")
    text = raw_text(path)
    segments = segment_text(text, {"default_voice": "primary"})
    assert tiles(text, segments)
    assert [(text[s.start : s.end], s.rule) for s in segments] == [
        ("Title line\r\n\r\n", "heading"),
        ("The battle is won.\r\n", "default"),
        ("Read More\r", "furniture"),
        ("The end.\r", "default"),
    ]


def test_a_one_megabyte_single_line(tmp_path):
    sentence = "Xi said we must “win the battle of key and core technologies” now. "
    path = tmp_path / "long.txt"
    path.write_text(sentence * (1_000_000 // len(sentence) + 1), encoding="utf-8")
    text = raw_text(path)
    assert len(text.encode()) > 1_000_000 and "\n" not in text
    segments = segment_text(text, {"quote_speakers": ["Xi"]})
    assert tiles(text, segments)
    quotes = [s for s in segments if s.rule == "quotation"]
    assert len(quotes) == text.count("“")
    assert {text[s.start : s.end] for s in quotes} == {
        "win the battle of key and core technologies"
    }


def test_nfd_text_matches_nfc_annotations_with_offsets_of_the_nfd_file(tmp_path):
    import unicodedata

    nfc = "Über die Technik.\nThe Café policy says: win the battle.\n"
    nfd = unicodedata.normalize("NFD", nfc)
    assert len(nfd) > len(nfc)
    path = tmp_path / "nfd.txt"
    path.write_text(nfd, encoding="utf-8")
    text = raw_text(path)
    assert text == nfd
    segments = segment_text(text, {"regions": [{"voice": "primary", "from": "The Café policy"}]})
    assert tiles(text, segments)
    last = segments[-1]
    assert last.voice == "primary" and text[last.start : last.end] == nfd.splitlines(True)[1]


def test_full_width_punctuation_and_letters(tmp_path):
    text = "Ｒｅａｄ Ｍｏｒｅ\n我们必须打赢关键核心技术攻坚战！\nThe outline says so：\n"
    path = tmp_path / "fw.txt"
    path.write_text(text, encoding="utf-8")
    segments = segment_text(raw_text(path), {"default_voice": "primary"})
    assert tiles(text, segments)
    assert [(s.voice, s.lang, s.rule) for s in segments] == [
        ("boilerplate", "en", "furniture"),
        ("primary", "zh", "default"),
        ("primary", "en", "default"),
    ]


def test_zero_width_characters(tmp_path):
    text = "\u200b\nRead\u200b More\n\u200d\nWe must\u200b win the battle.\u2060\n"
    path = tmp_path / "zw.txt"
    path.write_text(text, encoding="utf-8")
    segments = segment_text(
        raw_text(path), {"regions": [{"voice": "primary", "from": "We must win"}]}
    )
    assert tiles(text, segments)
    assert [(text[s.start : s.end], s.voice) for s in segments] == [
        ("\u200b\nRead\u200b More\n\u200d\n", "boilerplate"),
        ("We must\u200b win the battle.\u2060\n", "primary"),
    ]


# --- the seed manifest spoiled: the message the researcher sees (tests/pipeline checks Snakemake) ---


BAD_MANIFESTS = {
    "missing_column": (
        lambda rows: [r.replace("\tgenre", "") if i == 0 else r for i, r in enumerate(rows)],
        "config/manifest.tsv, row 1: missing required column(s): genre",
    ),
    "duplicate_doc_id": (
        lambda rows: rows[:2] + [rows[1]] + rows[2:],
        "config/manifest.tsv, row 3, field 'doc_id': duplicate doc_id '000_cast_speech'",
    ),
    "unsafe_doc_id": (
        lambda rows: [rows[0], "x;rm -rf ~" + rows[1][len("000_cast_speech") :]] + rows[2:],
        "config/manifest.tsv, row 2, field 'doc_id': doc_id 'x;rm -rf ~' is not a safe identifier",
    ),
    "missing_path": (
        lambda rows: [rows[0], rows[1].replace("000_c7c646747f363837.txt", "nope.txt")] + rows[2:],
        "config/manifest.tsv, row 2, field 'path': path 'nope.txt' does not exist",
    ),
    "dotdot_path": (
        lambda rows: (
            [rows[0], rows[1].replace("000_c7c646747f363837.txt", "../../Snakefile")] + rows[2:]
        ),
        "config/manifest.tsv, row 2, field 'path': path '../../Snakefile' leads outside the corpus root",
    ),
    "absolute_path": (
        lambda rows: (
            [rows[0], rows[1].replace("000_c7c646747f363837.txt", "/etc/hostname")] + rows[2:]
        ),
        "config/manifest.tsv, row 2, field 'path': path '/etc/hostname' is absolute",
    ),
    "unknown_genre": (
        lambda rows: [rows[0], rows[1].replace("\tspeech\t", "\tpoem\t")] + rows[2:],
        "config/manifest.tsv, row 2, field 'genre': unknown genre 'poem'",
    ),
    "malformed_date": (
        lambda rows: [rows[0], rows[1].replace("2022-09-01", "1 Sept 2022")] + rows[2:],
        "config/manifest.tsv, row 2, field 'primary_date': primary_date '1 Sept 2022' is not an ISO date",
    ),
    "empty_manifest": (lambda rows: [], "config/manifest.tsv: the manifest is empty"),
}


def seed_manifest_error(tmp_path, monkeypatch, edit) -> str:
    """read_manifest on a spoiled copy of the seed manifest, from a project-like folder."""
    shutil.copytree(ROOT / "resources/corpus", tmp_path / "resources/corpus")
    (tmp_path / "config").mkdir()
    rows = (ROOT / "config/manifest.tsv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "config/manifest.tsv").write_text(
        "".join(r + "\n" for r in edit(rows)), encoding="utf-8"
    )
    monkeypatch.chdir(tmp_path)
    with pytest.raises(InputError) as info:
        read_manifest("config/manifest.tsv", "resources/corpus")
    return str(info.value)


@pytest.mark.parametrize("case", sorted(BAD_MANIFESTS))
def test_a_spoiled_seed_manifest_names_file_row_field_and_fix(tmp_path, monkeypatch, case):
    edit, message = BAD_MANIFESTS[case]
    text = seed_manifest_error(tmp_path, monkeypatch, edit)
    assert message in text and "Fix: " in text


# Issue 10: rows numbered with blank lines, titles with Unicode line separators, braces in paths,
# decoding cached by file hash.


def test_row_numbers_count_blank_lines(tmp_path):
    path = write_manifest(tmp_path, [GOOD, {**GOOD, "doc_id": "d2", "genre": "poem"}])
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join([lines[0], "", lines[1], "   ", lines[2], ""]), encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_manifest(path, tmp_path / "corpus")
    assert info.value.row == 5 and info.value.field == "genre"  # the file's fifth line


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\u0085", "\f", "\v", "\x1c"])
def test_titles_may_hold_unicode_line_separators(tmp_path, separator):
    rows = read_manifest(
        write_manifest(tmp_path, [{**GOOD, "title": f"One{separator}Two"}]), tmp_path / "corpus"
    )
    assert rows[0].meta["title"] == f"One{separator}Two" and rows[0].meta["url"] == ""


def test_a_file_name_with_braces_names_the_manifest_row(tmp_path):
    path = write_manifest(tmp_path, [GOOD, {**GOOD, "doc_id": "d2", "path": "cast{speech}.txt"}])
    (tmp_path / "corpus" / "cast{speech}.txt").write_text("Text.\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_manifest(path, tmp_path / "corpus")
    assert (info.value.row, info.value.field) == (3, "path")
    assert "brace" in info.value.problem and "'cast_speech_.txt'" in info.value.fix


def test_decoding_is_cached_by_file_hash(tmp_path, monkeypatch):
    path = write_manifest(tmp_path, [GOOD])
    cache = tmp_path / "cache"
    read_manifest(path, tmp_path / "corpus", cache_dir=cache)
    assert len(list(cache.iterdir())) == 1
    calls = []
    monkeypatch.setattr(
        "policy_rhetoric.corpus.manifest.decode_text", lambda *a: calls.append(a) or "x"
    )
    read_manifest(path, tmp_path / "corpus", cache_dir=cache)
    assert calls == []  # same bytes: not decoded again
    (tmp_path / "corpus" / "a.txt").write_text("Changed text.\n", encoding="utf-8")
    read_manifest(path, tmp_path / "corpus", cache_dir=cache)
    assert len(calls) == 1  # changed bytes: decoded again


def test_a_large_document_decodes_fast(tmp_path):
    """The control-character scan is a regex: 20 MB in well under the 41 s per 50 MB of a Python loop."""
    import time

    text = ("The battle for core technologies goes on. 关键核心技术。\n" * 400_000)[:20_000_000]
    start = time.perf_counter()
    assert decode_text(text.encode("utf-8"), "big.txt") == text
    assert time.perf_counter() - start < 3
