"""The benchmark corpus: real paragraphs resampled, seeded (same seed = byte-identical), traceable."""

from __future__ import annotations

import json

import pytest
import yaml

from policy_rhetoric.cli import main
from policy_rhetoric.core.genres import BUILTIN_GENRES
from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.corpus.benchmark import (
    BENCHMARK_MANIFEST_COLUMNS,
    BENCHMARK_PARAGRAPH_COLUMNS,
    estimate_tokens,
    generate_corpus,
    load_sources,
    paragraphs_of,
)
from policy_rhetoric.corpus.manifest import read_manifest

SPEECH = "We must rely on ourselves in science.\n\nWin the battle for core technologies!\n"
REPORT = (
    "各位代表：\n\n现在，我代表国务院，向大会报告政府工作。\n\n本作品是中华人民共和国的\n法律\n"
)
BILINGUAL = "---\nlayout: post\ntitle: x\n---\n\n科技自立自强。<br/>Self-reliance in science.\n"


@pytest.fixture
def project(tmp_path):
    """A project with an import spec (a folder of speeches, a JSONL of reports) and a manifest corpus."""
    root = tmp_path / "project"
    (root / "src/speeches").mkdir(parents=True)
    (root / "src/speeches/2020-01-01_a.txt").write_text(SPEECH, encoding="utf-8")
    (root / "src/speeches/2021-05-04_b.txt").write_text(SPEECH.upper(), encoding="utf-8")
    record = {"title": "报告", "year": "2019", "content": REPORT}
    (root / "src/reports.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    spec = {
        "name": "mini",
        "sources": [
            {
                "from": "src/speeches",
                "format": "folder",
                "id_prefix": "sp",
                "extract": [{"field": "file", "pattern": r"^(?P<date>[\d-]+)_(?P<title>.+)\.txt$"}],
                "columns": {"genre": "speech", "primary_date": "{date}", "languages": "en"},
            },
            {
                "from": "src/reports.jsonl",
                "format": "jsonl",
                "id_prefix": "wr",
                "columns": {"genre": "analysis", "primary_date": "{year}", "languages": "zh"},
            },
        ],
    }
    (root / "mini.import.yaml").write_text(yaml.safe_dump(spec, allow_unicode=True), "utf-8")
    (root / "bi").mkdir()
    (root / "bi/gwr.md").write_text(BILINGUAL, encoding="utf-8")
    manifest = (
        "doc_id\tpath\ttitle\toutlet\tgenre\tissuer\tprimary_date\tpublished_date\tlanguages\turl\n"
        "g1\tgwr.md\tT\tO\tspeech\tState Council\t2016-03-05\t2016\ten,zh\t\n"
    )
    (root / "bi_manifest.tsv").write_text(manifest, encoding="utf-8")
    (root / "Snakefile").write_text("# placeholder\n", encoding="utf-8")
    return root


def tree(path):
    return sorted(
        (p.relative_to(path).as_posix(), p.read_bytes()) for p in path.rglob("*") if p.is_file()
    )


def test_estimate_tokens_counts_latin_words_marks_and_han_characters():
    # Self, -, reliance, 。 = 4; four Han characters / 2.15 -> 2
    assert estimate_tokens("Self-reliance 自立自强。") == 6
    assert estimate_tokens("") == 0


def test_paragraphs_leave_out_front_matter_furniture_and_blank_lines():
    assert paragraphs_of(REPORT) == ["各位代表：", "现在，我代表国务院，向大会报告政府工作。"]
    assert paragraphs_of(BILINGUAL) == ["科技自立自强。<br/>Self-reliance in science."]
    assert paragraphs_of("\ufeff" + SPEECH)[0] == "We must rely on ourselves in science."


def test_sources_come_from_specs_and_manifests(project):
    sources = load_sources(project, ["mini.import.yaml"], [("bi_manifest.tsv", "bi")])
    assert [(s.corpus, s.doc_id, s.genre, s.date, s.languages) for s in sources] == [
        ("bi", "g1", "speech", "2016-03-05", "en,zh"),
        ("mini", "sp_001_2020_01_01_a", "speech", "2020-01-01", "en"),
        ("mini", "sp_002_2021_05_04_b", "speech", "2021-05-04", "en"),
        ("mini", "wr_001", "analysis", "2019", "zh"),
    ]
    assert sources[1].paragraphs == SPEECH.replace("\n\n", "\n").splitlines()
    assert sources[1].tokens == [8, 7]


def test_same_seed_gives_a_byte_identical_corpus_and_another_seed_does_not(project, tmp_path):
    sources = load_sources(project, ["mini.import.yaml"], [("bi_manifest.tsv", "bi")])
    counts = generate_corpus(sources, tmp_path / "a", documents=7, tokens=300, seed=5)
    generate_corpus(sources, tmp_path / "b", documents=7, tokens=300, seed=5)
    generate_corpus(sources, tmp_path / "c", documents=7, tokens=300, seed=6)
    assert tree(tmp_path / "a") == tree(tmp_path / "b")
    assert tree(tmp_path / "a") != tree(tmp_path / "c")
    assert counts["documents"] == 7
    assert counts["tokens"] >= 300
    assert len(list((tmp_path / "a/docs").iterdir())) == 7


def test_every_paragraph_is_traceable_and_the_manifest_validates(project, tmp_path):
    sources = load_sources(project, ["mini.import.yaml"], [("bi_manifest.tsv", "bi")])
    by_id = {(s.corpus, s.doc_id): s for s in sources}
    out = tmp_path / "out"
    generate_corpus(sources, out, documents=5, tokens=200, seed=1)
    manifest = read_tsv(out / "manifest.tsv")
    assert tuple(manifest.columns) == BENCHMARK_MANIFEST_COLUMNS
    paragraphs = read_tsv(out / "paragraphs.tsv")
    assert tuple(paragraphs.columns) == BENCHMARK_PARAGRAPH_COLUMNS
    for row in manifest.itertuples():
        lines = (out / row.path).read_text(encoding="utf-8").rstrip("\n").split("\n\n")
        used = paragraphs[paragraphs.doc_id == row.doc_id]
        assert lines == [
            by_id[(u.source, u.source_doc)].paragraphs[int(u.source_paragraph) - 1]
            for u in used.itertuples()
        ]
        # the genre and languages are those of a source document of the same corpus and genre
        pools = {(u.source, by_id[(u.source, u.source_doc)].genre) for u in used.itertuples()}
        assert len(pools) == 1 and pools.pop()[1] == row.genre
    rows = read_manifest(out / "manifest.tsv", out, BUILTIN_GENRES)
    assert [r.doc_id for r in rows] == [f"bench_{i:06d}" for i in range(1, 6)]


def test_too_few_tokens_is_an_error(project, tmp_path):
    sources = load_sources(project, ["mini.import.yaml"], [])
    with pytest.raises(Exception, match="at least one token per document"):
        generate_corpus(sources, tmp_path / "x", documents=5, tokens=3, seed=1)


def test_bench_corpus_command_writes_the_corpus_and_its_config_overlay(
    project, tmp_path, capsys, monkeypatch
):
    real = load_sources
    monkeypatch.setattr(
        "policy_rhetoric.cli.load_sources",
        lambda root, specs, manifests: real(
            root, ["mini.import.yaml"], [("bi_manifest.tsv", "bi")]
        ),
    )
    out = tmp_path / "bench"
    argv = [
        "--project",
        str(project),
        "bench-corpus",
        str(out),
        "--tokens",
        "200",
        "--documents",
        "4",
    ]
    assert main(argv) == 0
    overlay = yaml.safe_load((out / "corpus.yaml").read_text(encoding="utf-8"))
    assert overlay == {"corpus": {"manifest": str(out / "manifest.tsv"), "root": str(out)}}
    assert len(read_tsv(out / "manifest.tsv")) == 4
    assert f"{out}: 4 documents" in capsys.readouterr().out
