"""The full pipeline on the embedded corpus: contract files, exact columns, offsets, reruns."""

from __future__ import annotations

import json

import pytest
from conftest import run_snakemake

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.core.text import raw_text

CONTRACT = {
    "corpus/documents.tsv": [
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
        "notes",
        "n_chars",
        "sha256",
    ],
    "corpus/segments.tsv": [
        "doc_id",
        "seg_id",
        "start_char",
        "end_char",
        "voice",
        "lang",
        "rule",
        "text",
    ],
    "corpus/aligned_pairs.tsv": ["doc_id", "pair_id", "en_start", "en_end", "zh_start", "zh_end"],
    "corpus/sentences.tsv": [
        "doc_id",
        "sent_id",
        "start_char",
        "end_char",
        "voice",
        "lang",
        "n_tokens",
        "text",
    ],
}
REQUIRED_PREFIX = {
    "rhetoric/matches.tsv": [
        "doc_id",
        "sent_id",
        "start_char",
        "end_char",
        "category",
        "subcategory",
        "term",
        "matched_text",
        "voice",
        "lang",
    ],
    "rhetoric/scores.tsv": [
        "doc_id",
        "genre",
        "voice",
        "lang",
        "category",
        "subcategory",
        "hits",
        "tokens",
    ],
}


@pytest.mark.parametrize("name,columns", sorted(CONTRACT.items()))
def test_contract_tables_have_exact_columns(results, name, columns):
    assert list(read_tsv(results / name).columns) == columns


@pytest.mark.parametrize("name,columns", sorted(REQUIRED_PREFIX.items()))
def test_rhetoric_tables_have_contract_columns(results, name, columns):
    assert list(read_tsv(results / name).columns)[: len(columns)] == columns


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


def test_all_thirteen_pairs_of_the_study_outline_are_aligned(results):
    pairs = read_tsv(results / "corpus/aligned_pairs.tsv")
    assert (pairs["doc_id"] == "003_security_outline").sum() == 13


def test_topics_and_figures_exist(results):
    terms = read_tsv(results / "topics/terms.tsv")
    assert terms["topic"].nunique() >= 2
    chunks = read_tsv(results / "topics/chunks.tsv")
    sums = chunks.assign(p=chunks["proportion"].astype(float)).groupby("chunk_id")["p"].sum()
    assert sums.between(0.99, 1.01).all()
    for name in ("rhetoric_by_genre_voice", "topic_prevalence_by_genre"):
        for ext in ("pdf", "png"):
            assert (results / "paper" / "figures" / f"{name}.{ext}").stat().st_size > 5000


def test_provenance_records_inputs_and_versions(results):
    record = json.loads((results / "provenance.json").read_text())
    assert record["config"]["experiment"] == "default"
    assert len(record["inputs"]["documents"]) == 5
    assert all(len(h) == 64 for h in record["inputs"]["lexicons"].values())
    assert record["packages"]["spacy"]


def test_rerun_with_nothing_changed_does_no_work(pipeline_run):
    result = run_snakemake(pipeline_run, "--dry-run", "--quiet")
    assert "Nothing to be done" in result.stdout + result.stderr


def test_changing_one_document_reruns_only_its_jobs(pipeline_run, tmp_path):
    source = pipeline_run / "resources/corpus/001_8ddb6dc4f40cac29.txt"
    original = source.read_bytes()
    source.write_bytes(original + b"\nOne more line about the battle.\n")
    try:
        result = run_snakemake(pipeline_run, "--dry-run", "--quiet", "rules")
        text = result.stdout + result.stderr
        jobs = dict(
            line.split()[:2]
            for line in text.splitlines()
            if len(line.split()) == 2 and line.split()[1].isdigit()
        )
        # Per-document rules run for the changed document only; gathering rules downstream of it rerun.
        for per_document_rule in ("segment_document", "tokenize_document", "match_rhetoric"):
            assert jobs.get(per_document_rule) == "1", (per_document_rule, jobs)
    finally:
        source.write_bytes(original)


def test_outputs_are_byte_identical_across_runs(pipeline_run, tmp_path):
    import shutil

    from conftest import copy_project

    second = copy_project(tmp_path / "again")
    run_snakemake(second)
    first_results = pipeline_run / "results" / "default"
    second_results = second / "results" / "default"
    names = sorted(
        p.relative_to(first_results)
        for p in first_results.rglob("*")
        if p.is_file() and p.name != "provenance.json"
    )
    assert names == sorted(
        p.relative_to(second_results)
        for p in second_results.rglob("*")
        if p.is_file() and p.name != "provenance.json"
    )
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
