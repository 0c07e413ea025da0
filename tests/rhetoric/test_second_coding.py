"""Second coding of a held-out sample: load-time checks on crafted files, final codes, intercoder table."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.experiment import _check_second_coding
from policy_rhetoric.rhetoric.validation import (
    ADJUDICATED,
    CODER_A,
    INTERCODER_COLUMNS,
    METRIC_COLUMNS,
    NOT_CODED,
    cohen_kappa,
    disagreement_rows,
    intercoder_table,
    kappa_interval,
    metric_table,
    read_second_coding,
)

HEAD = "doc\tsource\trecord\tstart_char\tend_char\tmilitarized\tself_reliance\tsplit\tstratum\tweight\titem\tnote\n"
# item: (doc, militarized, self_reliance, split) as coded by coder A
A_CODES = {
    "x1": ("d1", 1, 0, "dev"),
    "x2": ("d1", 0, 1, "dev"),
    "x3": ("d2", 0, 0, "dev"),
    "x4": ("d3", 1, 1, "test"),
}


def write(path, text):
    path.write_text(text, "utf-8")
    return str(path)


@pytest.fixture
def sample(tmp_path):
    rows = [
        f"{doc}\tc/{doc}.txt\t0\t0\t5\t{m}\t{s}\t{split}\tnone\t1.0\t{item}\t"
        for item, (doc, m, s, split) in A_CODES.items()
    ]
    return write(tmp_path / "sample.tsv", HEAD + "\n".join(rows) + "\n")


def coding(tmp_path, name, rows):
    body = "".join(f"{item}\t{m}\t{s}\t\n" for item, m, s in rows)
    return write(tmp_path / name, "item\tmilitarized\tself_reliance\tnote\n" + body)


def test_final_codes_are_the_agreed_codes_replaced_by_the_adjudication(tmp_path, sample):
    # coder B disagrees on x1 militarized and x2 self_reliance; the adjudicator sides with B on x1
    # and with A on x2
    b = coding(tmp_path, "b.tsv", [("x1", 0, 0), ("x2", 0, 0), ("x3", 0, 0)])
    adj = coding(tmp_path, "adj.tsv", [("x1", 0, 0), ("x2", 0, 1)])
    codes = read_second_coding(sample, [b], [adj])
    assert codes["item"].tolist() == ["x1", "x2", "x3", "x4"]
    assert codes["militarized"].tolist() == [1, 0, 0, 1]  # coder A kept
    assert codes["coder_b_militarized"].tolist() == [0, 0, 0, NOT_CODED]
    assert codes["final_militarized"].tolist() == [0, 0, 0, 1]
    assert codes["final_self_reliance"].tolist() == [0, 1, 0, 1]
    # dev is coded twice and adjudicated; test (x4) has no second coding: coder A stands
    assert codes["reference"].tolist() == [ADJUDICATED, ADJUDICATED, ADJUDICATED, CODER_A]
    # without an adjudication the final codes are coder A's
    plain = read_second_coding(sample, [b])
    assert plain["final_militarized"].tolist() == [1, 0, 0, 1]
    assert set(plain["reference"]) == {CODER_A}


@pytest.mark.parametrize(
    ("kind", "text", "message", "row", "field"),
    [
        ("b", "item\tmilitarized\tself_reliance\tnote\nx1\t0\t0\t\nzz\t0\t0\t\n",
         "item 'zz' is not an item of the sample", 3, "item"),
        ("b", "item\tmilitarized\tself_reliance\tnote\nx1\t0\t0\t\nx1\t1\t0\t\n",
         r"item 'x1' is coded again \(first in .*b.tsv, row 2\)", 3, "item"),
        ("b", "item\tmilitarized\tself_reliance\tnote\nx1\t2\t0\t\n",
         "militarized code '2' of item 'x1' is not 0 or 1", 2, "militarized"),
        ("b", "item\tmilitarized\tnote\nx1\t0\t\n", "missing column.s. self_reliance", None, None),
        ("adj", "item\tmilitarized\tself_reliance\tnote\nx3\t1\t0\t\n",
         "item 'x3' is adjudicated but coders A and B agree on it", 2, "item"),
        ("adj", "item\tmilitarized\tself_reliance\tnote\nx1\t0\t1\t\n",
         "item 'x1': self_reliance is 1, but coders A and B agree on 0", 2, "self_reliance"),
    ],
)  # fmt: skip
def test_bad_second_coding_files_are_errors_naming_file_row_and_fix(
    tmp_path, sample, kind, text, message, row, field
):
    good_b = "item\tmilitarized\tself_reliance\tnote\nx1\t0\t0\t\nx2\t0\t1\t\nx3\t0\t0\t\n"
    b = write(tmp_path / "b.tsv", text if kind == "b" else good_b)
    adj = [write(tmp_path / "adj.tsv", text)] if kind == "adj" else []
    spec = {"name": "s", "file": sample, "root": str(tmp_path), "second_coding": [b]}
    spec["adjudication"] = adj
    with pytest.raises(InputError, match=message) as error:
        _check_second_coding(spec, "validation.external_samples[0]")
    assert error.value.row == row
    assert error.value.field == field
    assert str(tmp_path / ("b.tsv" if kind == "b" else "adj.tsv")) in str(error.value)


def test_a_split_coded_in_part_or_left_unadjudicated_is_an_error(tmp_path, sample):
    part = coding(tmp_path, "b.tsv", [("x1", 1, 0), ("x2", 0, 1)])
    with pytest.raises(InputError, match="coder B codes 2 of the 3 dev items .* missing e.g. x3"):
        read_second_coding(sample, [part])
    b = coding(tmp_path, "b2.tsv", [("x1", 0, 0), ("x2", 0, 0), ("x3", 0, 0)])
    adj = coding(tmp_path, "adj.tsv", [("x1", 0, 0)])
    with pytest.raises(
        InputError, match="disagree on 1 item.s. that no adjudication row decides: x2"
    ):
        read_second_coding(sample, [b], [adj])
    with pytest.raises(InputError, match="adjudication is set without"):
        _check_second_coding({"file": sample, "adjudication": [adj]}, "k")
    # a duplicate across two coder-B files is caught too
    again = coding(tmp_path, "b3.tsv", [("x3", 0, 0)])
    with pytest.raises(InputError, match="item 'x3' is coded again"):
        read_second_coding(sample, [b, again])


def test_the_committed_second_coding_of_interpret_en_loads():
    folder = "resources/validation/second_coding"
    codes = read_second_coding(
        "resources/validation/interpret_en_sample.tsv",
        [f"{folder}/interpret_en_dev_coder_b.tsv", f"{folder}/interpret_en_test_coder_b.tsv"],
        [
            f"{folder}/interpret_en_dev_adjudicated.tsv",
            f"{folder}/interpret_en_test_adjudicated.tsv",
        ],
    )
    assert set(codes["reference"]) == {ADJUDICATED}
    disagree = (codes["militarized"] != codes["coder_b_militarized"]) | (
        codes["self_reliance"] != codes["coder_b_self_reliance"]
    )
    adjudicated = sum(
        len(read_tsv(f"{folder}/interpret_en_{s}_adjudicated.tsv")) for s in ("dev", "test")
    )
    assert int(disagree.sum()) == adjudicated == 62
    # the README's outcome table: decided for B = final differs from coder A (3 militarized, 13 self_reliance)
    assert int((codes["final_militarized"] != codes["militarized"]).sum()) == 3
    assert int((codes["final_self_reliance"] != codes["self_reliance"]).sum()) == 13


def test_cohen_kappa_known_values():
    # 20 units: 8 both 1, 2 A only, 2 B only, 8 both 0: po = 0.8, pe = 0.5, kappa = 0.6
    assert cohen_kappa(8, 2, 2, 8) == pytest.approx(0.6)
    assert cohen_kappa(5, 0, 0, 5) == 1.0
    assert np.isnan(cohen_kappa(0, 0, 0, 10))  # chance agreement 1: undefined


def test_kappa_interval_resamples_documents():
    a = np.array([1, 1, 0, 0, 1, 0], dtype=bool)
    b = np.array([1, 0, 0, 0, 1, 1], dtype=bool)
    rng = np.random.default_rng(0)
    # one document: every resample is the sample itself
    low, high = kappa_interval(a, b, np.array(["d"] * 6), 50, rng)
    assert low == high == pytest.approx(cohen_kappa(2, 1, 1, 2))


def units_frame():
    # sample s, dev: 4 units in 2 documents; coder A, coder B, final; the lexicon finds units 0 and 3
    return pd.DataFrame(
        {
            "sample": ["s"] * 4,
            "split": ["dev"] * 4,
            "doc": ["d1", "d1", "d2", "d2"],
            "source": ["d1", "d1", "d2", "d2"],
            "start_char": [0, 10, 0, 10],
            "end_char": [5, 15, 5, 15],
            "lang": ["en"] * 4,
            "coder_a_militarized": [1, 1, 0, 0],
            "coder_b_militarized": [1, 0, 1, 0],
            "militarized": [1, 0, 0, 0],  # x1 decided for B, x2 decided for A
            "coder_a_self_reliance": [0] * 4,
            "coder_b_self_reliance": [0] * 4,
            "self_reliance": [0] * 4,
            "reference": [ADJUDICATED] * 4,
            "text": ["a", "b", "c", "d"],
            "found": [[("militarized", "war", "war")], [], [], [("militarized", "war", "war")]],
        }
    )


def test_intercoder_table_on_crafted_units():
    table = intercoder_table(units_frame(), ["militarized", "self_reliance"], resamples=20)
    assert list(table.columns) == list(INTERCODER_COLUMNS)
    row = table[(table["split"] == "dev") & (table["category"] == "militarized")].iloc[0]
    assert row[["units", "documents", "both_positive", "a_only", "b_only", "both_negative"]].tolist() == [
        4, 2, 1, 1, 1, 1,
    ]  # fmt: skip
    assert row["agreement"] == 0.5
    assert row["kappa"] == pytest.approx(0.0)
    assert (row["adjudicated_for_a"], row["adjudicated_for_b"]) == (1, 1)
    # lexicon {0, 3}: vs A {0, 1}: tp 1 fp 1 fn 1 -> 0.5; vs B {0, 2}: 0.5; vs final {0}: 2/3
    assert row["lexicon_f1_coder_a"] == 0.5
    assert row["lexicon_f1_coder_b"] == 0.5
    assert row["lexicon_f1_final"] == pytest.approx(2 / 3)
    sr = table[(table["split"] == "dev") & (table["category"] == "self_reliance")].iloc[0]
    assert np.isnan(sr["kappa"])  # no positive at all: kappa undefined, agreement 1
    assert sr["agreement"] == 1.0
    assert set(table["split"]) == {"dev", "all"}  # no test unit coded twice


def test_validation_rows_name_their_reference():
    units = units_frame()
    seed = units.assign(sample="seed", reference=CODER_A, coder_b_militarized=NOT_CODED)
    both = pd.concat([units, seed], ignore_index=True)
    table = metric_table(both, ["militarized"], resamples=10)
    assert "reference" in METRIC_COLUMNS
    lexicon = table[
        (table["term"] == "all") & (table["method"] == "lexicon") & (table["lang"] == "en")
    ]
    by_sample = dict(
        zip(
            lexicon[lexicon["split"] == "dev"]["sample"],
            lexicon[lexicon["split"] == "dev"]["reference"],
            strict=True,
        )
    )
    assert by_sample == {"s": ADJUDICATED, "seed": CODER_A, "all": f"{ADJUDICATED}+{CODER_A}"}
    # scored against the final codes: sample s has tp 1 (unit 0), fp 1 (unit 3)
    s_row = lexicon[(lexicon["sample"] == "s") & (lexicon["split"] == "dev")].iloc[0]
    assert (s_row["true_positive"], s_row["false_positive"], s_row["false_negative"]) == (1, 1, 0)
    rows = disagreement_rows(units, ["militarized"])
    # the disagreement shows the final code (unit 3: coded 0, predicted 1) and its reference
    assert [(r[3], r[7], r[8], r[9]) for r in rows] == [(10, ADJUDICATED, 0, 1)]
