"""Voice validation: reading the hand-coded sample, majority-character prediction, metrics."""

from __future__ import annotations

import pandas as pd
import pytest
import yaml
from conftest import ROOT

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.corpus.manifest import read_manifest
from policy_rhetoric.corpus.segments import run_describe_corpus, run_segment_document
from policy_rhetoric.corpus.voice_validation import (
    predict_voices,
    read_voice_sample,
    run_validate_voice,
    sample_scope,
    voice_metrics,
)

TEXT = "Read More\nXi said we must win.\tThe analyst disagrees.\n"
HEADER = "doc_id\tstart_char\tend_char\tvoice\ttext\n"


def sample_file(tmp_path, rows: list[str]):
    path = tmp_path / "sample.tsv"
    path.write_text(HEADER + "".join(r + "\n" for r in rows), encoding="utf-8")
    return path


def test_a_good_sample_reads_and_tabs_are_spaces_in_text(tmp_path):
    path = sample_file(
        tmp_path, ["d\t10\t53\tprimary\tXi said we must win. The analyst disagrees."]
    )
    sample = read_voice_sample(path, {"d": TEXT})
    assert sample["voice"].tolist() == ["primary"]


@pytest.mark.parametrize(
    "row,field,problem",
    [
        ("d\t0\t9\tads\tRead More", "voice", "not one of"),
        ("d\t9\t900\tprimary\tx", "start_char", "not a span of the file"),
        ("d\tzero\t9\tprimary\tRead More", "start_char", "not a span of the file"),
        ("d\t0\t9\tboilerplate\tRead More!", "text", "does not equal the file's characters 0-9"),
    ],
)
def test_bad_sample_rows_name_row_and_field(tmp_path, row, field, problem):
    path = sample_file(tmp_path, ["d\t0\t9\tboilerplate\tRead More", row])
    with pytest.raises(InputError) as info:
        read_voice_sample(path, {"d": TEXT})
    assert (info.value.row, info.value.field) == (3, field) and problem in info.value.problem


def test_rows_of_documents_not_in_the_manifest_are_left_out_and_counted(tmp_path):
    path = sample_file(
        tmp_path,
        [
            "x\t0\t9\tboilerplate\tRead More",
            "d\t0\t9\tboilerplate\tRead More",
            "y\t0\t1\tprimary\tR",
        ],
    )
    assert sample_scope(path, ["d"]) == (1, 2)
    assert sample_scope(path, ["d", "x", "y"]) == (3, 0)
    assert sample_scope(tmp_path / "absent.tsv", ["d"]) == (0, 0)
    sample = read_voice_sample(path, {"d": TEXT})
    assert sample[["doc_id", "start_char"]].values.tolist() == [["d", "0"]]
    with pytest.raises(InputError, match="no row of the voice sample"):
        read_voice_sample(path, {"z": TEXT})


def test_the_default_sample_is_scoped_to_another_corpus(tmp_path):
    """The embedded sample's rows are all of the five embedded documents: none kept for another corpus."""
    sample = ROOT / "resources/validation/voice_sample.tsv"
    inside, outside = sample_scope(sample, ["other_doc"])
    assert inside == 0 and outside == len(read_tsv(sample)) > 0
    rhetoric = ROOT / "resources/validation/rhetoric_sample.tsv"
    assert sample_scope(rhetoric, ["other_doc"])[0] == 0


def test_missing_sample_and_missing_column(tmp_path):
    with pytest.raises(InputError, match="does not exist"):
        read_voice_sample(tmp_path / "none.tsv", {"d": TEXT})
    path = tmp_path / "s.tsv"
    path.write_text("doc_id\tstart_char\tend_char\ttext\n", encoding="utf-8")
    with pytest.raises(InputError, match="missing column"):
        read_voice_sample(path, {"d": TEXT})


def test_predicted_voice_is_the_voice_of_most_characters():
    segments = pd.DataFrame(
        {
            "doc_id": ["d", "d", "d", "d"],
            "start_char": ["0", "10", "18", "31"],
            "end_char": ["10", "18", "31", "54"],
            "voice": ["boilerplate", "commentary", "primary", "commentary"],
            "rule": ["furniture", "default", "quotation", "default"],
        }
    )
    sample = pd.DataFrame(
        {"doc_id": ["d", "d", "d"], "start_char": ["0", "10", "31"], "end_char": ["9", "31", "53"]}
    )
    assert predict_voices(sample, segments) == [
        ("boilerplate", 1.0, "furniture"),
        ("primary", 13 / 21, "default,quotation"),
        ("commentary", 1.0, "default"),
    ]


def test_metrics_rows():
    coded = ["primary", "primary", "commentary", "boilerplate"]
    predicted = ["primary", "commentary", "commentary", "boilerplate"]
    rows = {
        (d, m, c, p): v for d, m, c, p, v in voice_metrics(coded, predicted, ["a", "a", "b", "b"])
    }
    assert rows[("all", "accuracy", "all", "all")] == 0.75
    assert rows[("all", "precision", "all", "commentary")] == 0.5
    assert rows[("all", "recall", "primary", "all")] == 0.5
    assert rows[("all", "count", "primary", "commentary")] == 1
    assert rows[("all", "count", "boilerplate", "primary")] == 0
    assert (rows[("a", "accuracy", "all", "all")], rows[("b", "accuracy", "all", "all")]) == (
        0.5,
        1.0,
    )
    assert sum(v for (d, m, _, _), v in rows.items() if m == "count") == 4


def test_the_seed_corpus_meets_the_target_against_the_hand_coded_sample(tmp_path):
    """Rule validate_voice on the five seed files, segmented as rules segment_document and
    describe_corpus do."""
    rows = read_manifest(ROOT / "config/manifest.tsv", ROOT / "resources/corpus")
    annotations = yaml.safe_load((ROOT / "config/voice_annotations.yaml").read_text("utf-8"))
    tables = [tmp_path / f"{row.doc_id}.tsv" for row in rows]
    for row, table in zip(rows, tables, strict=True):
        run_segment_document(
            row.source, table, doc_id=row.doc_id, annotation=annotations.get(row.doc_id, {})
        )
    segments = tmp_path / "segments.tsv"
    run_describe_corpus(
        [r.meta for r in rows], [r.source for r in rows], tables, tmp_path / "docs.tsv", segments
    )
    metrics_out, disagreements_out = tmp_path / "metrics.tsv", tmp_path / "disagreements.tsv"
    run_validate_voice(
        ROOT / "resources/validation/voice_sample.tsv",
        segments,
        [r.doc_id for r in rows],
        [r.source for r in rows],
        metrics_out,
        disagreements_out,
    )
    metrics = read_tsv(metrics_out)
    overall = metrics[metrics["doc_id"] == "all"].set_index(
        ["metric", "coded_voice", "predicted_voice"]
    )
    assert int(overall.loc[("n", "all", "all"), "value"]) == 449
    assert float(overall.loc[("accuracy", "all", "all"), "value"]) >= 0.95
    assert int(overall.loc[("count", "boilerplate", "primary"), "value"]) == 0
    assert metrics[metrics["metric"] == "count"]["value"].astype(int).sum() == 449
    right = sum(
        int(overall.loc[("count", v, v), "value"]) for v in ("primary", "commentary", "boilerplate")
    )
    assert len(read_tsv(disagreements_out)) == 449 - right
