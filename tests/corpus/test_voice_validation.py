"""Voice validation: reading the hand-coded sample, majority-character prediction, metrics."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.corpus.voice_validation import predict_voices, read_voice_sample, voice_metrics

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
        ("x\t0\t9\tboilerplate\tRead More", "doc_id", "not in the manifest"),
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
