"""The full pipeline on the embedded corpus (the session run of conftest.py): contract files with the
columns the package declares, offsets, what a dry run schedules after an edit, and byte-identical outputs
across two runs (the only second full run of the suite)."""

from __future__ import annotations

import json
import os
import shutil
from contextlib import contextmanager
from pathlib import Path

import pytest
from conftest import copy_project, run_snakemake

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.alignment import PAIR_COLUMNS
from policy_rhetoric.corpus.segments import DOCUMENT_COLUMNS, SEGMENT_COLUMNS
from policy_rhetoric.corpus.shards import SHARD_COLUMNS
from policy_rhetoric.corpus.tokens import SENTENCE_COLUMNS
from policy_rhetoric.corpus.voice import detect_language
from policy_rhetoric.rhetoric.match_table import MATCH_COLUMNS
from policy_rhetoric.rhetoric.rates import SCORE_COLUMNS

pytestmark = pytest.mark.pipeline

CONTRACT = {
    "corpus/documents.tsv": DOCUMENT_COLUMNS,
    "corpus/segments.tsv": SEGMENT_COLUMNS,
    "corpus/aligned_pairs.tsv": PAIR_COLUMNS,
    "corpus/sentences.tsv": SENTENCE_COLUMNS,
    "corpus/shards.tsv": SHARD_COLUMNS,
    "rhetoric/matches.tsv": MATCH_COLUMNS,
    "rhetoric/scores.tsv": SCORE_COLUMNS,
}


@pytest.mark.parametrize("name,columns", sorted(CONTRACT.items()))
def test_contract_tables_have_exact_columns(results, name, columns):
    assert list(read_tsv(results / name).columns) == list(columns)


def test_documents_follow_the_manifest(results):
    docs = read_tsv(results / "corpus/documents.tsv")
    assert docs["doc_id"].tolist() == [
        "000_cast_speech",
        "001_axios_congress",
        "002_most_conference",
        "003_security_outline",
        "004_igcc_cstc",
    ]
    assert docs["genre"].tolist() == [
        "speech",
        "news_report",
        "conference_report",
        "study_outline",
        "analysis",
    ]
    assert docs["path"].tolist()[0] == "resources/corpus/000_c7c646747f363837.txt"


def test_segments_tile_every_file_and_slice_to_their_text(results, pipeline_run):
    segments = read_tsv(results / "corpus/segments.tsv")
    docs = read_tsv(results / "corpus/documents.tsv").set_index("doc_id")
    for doc_id, group in segments.groupby("doc_id"):
        text = raw_text(pipeline_run / docs.loc[doc_id, "path"])
        starts, ends = (
            group["start_char"].astype(int).tolist(),
            group["end_char"].astype(int).tolist(),
        )
        assert starts[0] == 0 and ends[-1] == len(text)
        assert starts[1:] == ends[:-1]
        for start, end, cell in zip(starts, ends, group["text"], strict=True):
            assert text[start:end].translate(str.maketrans("\t\n\r", "   ")) == cell


def test_sentences_and_matches_slice_to_the_raw_file(results, pipeline_run):
    docs = read_tsv(results / "corpus/documents.tsv").set_index("doc_id")
    texts = {d: raw_text(pipeline_run / p) for d, p in docs["path"].items()}
    sentences = read_tsv(results / "corpus/sentences.tsv")
    for row in sentences.itertuples():
        assert texts[row.doc_id][int(row.start_char) : int(row.end_char)] == row.text
    matches = read_tsv(results / "rhetoric/matches.tsv")
    assert len(matches) > 50
    for row in matches.itertuples():
        assert texts[row.doc_id][int(row.start_char) : int(row.end_char)] == row.matched_text


def test_known_passages_are_found(results):
    matches = read_tsv(results / "rhetoric/matches.tsv")
    found = set(zip(matches["doc_id"], matches["matched_text"], matches["term"], strict=True))
    assert ("001_axios_congress", "win the battle", "win_the_battle") in found
    assert ("003_security_outline", "主要战场", "battlefield") in found or (
        "003_security_outline",
        "战场",
        "battlefield",
    ) in found
    assert ("003_security_outline", "自主可控", "autonomy_control") in found
    assert ("003_security_outline", "关键核心技术", "core_technologies") in found


def test_boilerplate_is_not_counted_in_primary_rates(results):
    scores = read_tsv(results / "rhetoric/scores.tsv")
    sentences = read_tsv(results / "corpus/sentences.tsv")
    primary = sentences[
        (sentences["voice"] == "primary") & (sentences["doc_id"] == "000_cast_speech")
    ]
    row = scores[
        (scores["doc_id"] == "000_cast_speech")
        & (scores["voice"] == "primary")
        & (scores["category"] == "militarized")
        & (scores["subcategory"] == "all")
        & (scores["lang"] == "en")
    ]
    assert (
        int(row["tokens"].iloc[0]) == primary[primary["lang"] == "en"]["n_tokens"].astype(int).sum()
    )
    assert "Would you like to reach the inboxes" not in " ".join(primary["text"])


def test_all_thirteen_pairs_of_the_study_outline_are_aligned(results, pipeline_run):
    pairs = read_tsv(results / "corpus/aligned_pairs.tsv")
    outline = pairs[pairs["doc_id"] == "003_security_outline"]
    assert len(outline) == 13
    docs = read_tsv(results / "corpus/documents.tsv").set_index("doc_id")
    text = raw_text(pipeline_run / docs.loc["003_security_outline", "path"])
    for row in outline.itertuples(index=False):
        assert detect_language(text[int(row.zh_start) : int(row.zh_end)]) == "zh"
        assert detect_language(text[int(row.en_start) : int(row.en_end)]) == "en"


def test_topics_and_figures_exist(results):
    terms = read_tsv(results / "topics/en/terms.tsv")
    assert terms["topic"].nunique() >= 2
    chunks = read_tsv(results / "topics/en/chunks.tsv")
    sums = chunks.assign(p=chunks["proportion"].astype(float)).groupby("chunk_id")["p"].sum()
    assert sums.between(0.99, 1.01).all()
    for name in ("rhetoric_by_genre_voice", "topic_prevalence_by_genre_en"):
        for ext in ("pdf", "png"):
            assert (results / "paper" / "figures" / f"{name}.{ext}").stat().st_size > 5000


def test_provenance_records_inputs_and_versions(results):
    record = json.loads((results / "provenance.json").read_text())
    assert record["config"]["experiment"] == "default"
    assert len(record["inputs"]["documents"]) == 5
    assert all(len(h) == 64 for h in record["inputs"]["lexicons"].values())
    assert sorted(record["inputs"]) == [
        "documents",
        "lexicons",
        "manifest",
        "rhetoric_sample",
        "voice_annotations",
        "voice_sample",
    ]
    assert record["packages"]["spacy"]


def test_rerun_with_nothing_changed_does_no_work(pipeline_run):
    result = run_snakemake(pipeline_run, "--dry-run", "--quiet")
    assert "Nothing to be done" in result.stdout + result.stderr


@contextmanager
def edited(path: Path, change):
    """`path` rewritten by `change(text)` for the block; bytes and modification time restored after,
    so later tests see the session run as complete."""
    original, stat = path.read_bytes(), path.stat()
    path.write_text(change(original.decode("utf-8")), encoding="utf-8")
    try:
        yield
    finally:
        path.write_bytes(original)
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))


def scheduled(workdir: Path) -> dict[str, int]:
    """Rule name -> number of jobs a dry run schedules."""
    result = run_snakemake(workdir, "--dry-run", "--quiet", "rules")
    jobs = {}
    for line in (result.stdout + result.stderr).splitlines():
        fields = line.split()
        if len(fields) == 2 and fields[1].isdigit() and fields[0] != "total":
            jobs[fields[0]] = int(fields[1])
    return jobs


def scheduled_shards(workdir: Path) -> dict[str, list[str]]:
    """Shard rule -> the shards a dry run schedules it for (from the jobs' wildcards)."""
    result = run_snakemake(workdir, "--dry-run")
    shards: dict[str, list[str]] = {}
    rule = None
    for line in (result.stdout + result.stderr).splitlines():
        line = line.strip()
        if line.startswith(("rule ", "localrule ")):
            rule = line.split()[1].rstrip(":")
        elif line.startswith("wildcards: shard=") and rule:
            shards.setdefault(rule, []).append(line.split("=", 1)[1])
    return shards


SHARD_RULES = ("segment_shard", "tokenize_shard", "match_shard")


def test_every_document_is_in_one_shard(results):
    shards = read_tsv(results / "corpus/shards.tsv")
    documents = read_tsv(results / "corpus/documents.tsv")
    assert shards["doc_id"].tolist() == documents["doc_id"].tolist()
    # corpus.shard_size auto: the five documents of the embedded corpus make one shard
    assert set(shards["shard"]) == {"000"}


def test_changing_one_document_reruns_only_its_shard(pipeline_run):
    results = pipeline_run / "results" / "default"
    doc_id = "001_axios_congress"
    shard = read_tsv(results / "corpus/shards.tsv").set_index("doc_id").loc[doc_id, "shard"]
    source = pipeline_run / "resources/corpus/001_8ddb6dc4f40cac29.txt"
    assert read_tsv(results / "corpus/documents.tsv").set_index("doc_id").loc[doc_id, "path"] == (
        "resources/corpus/001_8ddb6dc4f40cac29.txt"
    )
    with edited(source, lambda text: text + "\nOne more line about the battle.\n"):
        shards = scheduled_shards(pipeline_run)
        jobs = scheduled(pipeline_run)
    # The shard rules run once, for the shard that holds the changed document (corpus/shards.tsv);
    # gathering rules downstream of it rerun.
    for rule in SHARD_RULES:
        assert shards.get(rule) == [shard], (rule, shards)
    assert "write_provenance" in jobs


def test_editing_one_voice_annotation_reruns_its_shard_and_provenance(pipeline_run):
    annotations = pipeline_run / "config/voice_annotations.yaml"
    speakers = '  quote_speakers: ["Xi", "he said"]\n'
    with edited(
        annotations, lambda text: text.replace(speakers, speakers + "  min_quote_chars: 13\n")
    ):
        shards = scheduled_shards(pipeline_run)
        jobs = scheduled(pipeline_run)
    # the annotation is a param of the shard of its document only (here the one shard)
    assert shards.get("segment_shard") == ["000"], shards
    assert jobs.get("write_provenance") == 1, jobs
    assert shards.get("tokenize_shard", ["000"]) == ["000"], shards


def test_outputs_are_byte_identical_across_runs(pipeline_run, tmp_path):
    second = copy_project(tmp_path / "again")
    run_snakemake(second)
    first_results = pipeline_run / "results" / "default"
    second_results = second / "results" / "default"

    def files(folder: Path) -> list[Path]:
        return sorted(
            p.relative_to(folder)
            for p in folder.rglob("*")
            if p.is_file() and p.name != "provenance.json"
        )

    names = files(first_results)
    assert names == files(second_results)
    differing = [
        str(n)
        for n in names
        if (first_results / n).read_bytes() != (second_results / n).read_bytes()
    ]
    assert differing == []
    shutil.rmtree(second / "results")


def test_scores_rates_are_hits_per_thousand_tokens(results):
    scores = read_tsv(results / "rhetoric/scores.tsv")
    numeric = scores[scores["tokens"].astype(int) > 0]
    expected = 1000 * numeric["hits"].astype(float) / numeric["tokens"].astype(float)
    assert (
        abs(expected - numeric["rate_per_1k"].astype(float)) < 1e-3 * expected.clip(lower=1)
    ).all()
