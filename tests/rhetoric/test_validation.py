"""The hand-coded rhetoric samples (real text, exact offsets, splits) and the validation against them."""

from __future__ import annotations

from collections import Counter

import numpy as np
import pandas as pd
import pytest
from conftest import GWR

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.tokens import load_pipeline
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.matching import RhetoricMatcher
from policy_rhetoric.rhetoric.validation import (
    CODED,
    GWR_COLUMNS,
    SEED_COLUMNS,
    disagreement_rows,
    metric_table,
    read_sample,
    text_language,
    validation_units,
)

SAMPLE = "resources/validation/rhetoric_sample.tsv"
GWR_SAMPLE = "resources/validation/rhetoric_gwr_sample.tsv"
LEXICONS = ["config/lexicons/militarized.yaml", "config/lexicons/self_reliance.yaml"]
needs_gwr = pytest.mark.skipif(not GWR.is_dir(), reason="shared bilingual-gwr folder is absent")


@pytest.fixture(scope="module")
def seed_texts(root):
    manifest = read_tsv(root / "config/manifest.tsv")
    return {
        d: raw_text(root / "resources/corpus" / p)
        for d, p in zip(manifest["doc_id"], manifest["path"], strict=True)
    }


@pytest.fixture(scope="module")
def seed_sample(root, seed_texts):
    return read_sample(root / SAMPLE, SEED_COLUMNS, seed_texts)


def test_seed_sample_is_large_real_and_covers_every_document_and_language(root, seed_sample):
    raw = read_tsv(root / SAMPLE)
    assert list(raw.columns) == list(SEED_COLUMNS)
    assert len(seed_sample) == len(raw) >= 300
    assert set(seed_sample["doc_id"]) == {
        "000_cast_speech",
        "001_axios_congress",
        "002_most_conference",
        "003_security_outline",
        "004_igcc_cstc",
    }
    assert set(seed_sample["lang"]) == {"en", "zh"}
    for code in CODED:
        assert seed_sample[code].sum() >= 40
    spans = sorted(
        zip(seed_sample["doc_id"], seed_sample["start_char"], seed_sample["end_char"], strict=True)
    )
    for (d1, _, e1), (d2, s2, _) in zip(spans, spans[1:], strict=False):
        assert d1 != d2 or e1 <= s2  # units never overlap


def test_seed_sample_text_is_the_raw_slice(root, seed_texts):
    raw = read_tsv(root / SAMPLE)
    for row in raw.itertuples():
        piece = seed_texts[row.doc_id][int(row.start_char) : int(row.end_char)]
        assert piece.translate(str.maketrans("\t\n\r", "   ")) == row.text


def test_splits_are_balanced_within_document_language_and_codes(seed_sample):
    for _, group in seed_sample.groupby(["doc_id", "lang", *CODED]):
        counts = Counter(group["split"])
        assert abs(counts["dev"] - counts["test"]) <= 1 + len(group) // 10


def test_a_changed_corpus_file_is_reported_with_the_row(tmp_path, root, seed_texts):
    raw = read_tsv(root / SAMPLE).head(3)
    raw.loc[1, "text"] = raw.loc[1, "text"] + "x"
    path = tmp_path / "sample.tsv"
    write_frame(path, raw)
    with pytest.raises(InputError) as err:
        read_sample(path, SEED_COLUMNS, seed_texts)
    assert "row 3" in str(err.value) and "field 'text'" in str(err.value)


def test_language_of_a_unit():
    assert text_language("科技创新成为国际战略博弈的主要战场。") == "zh"
    assert text_language("” (四个面向) and “") == "zh"
    assert text_language("the Three-Year Plan (科技体制改革三年攻坚方案) was released") == "en"


@needs_gwr
def test_gwr_sample_is_real_text_of_the_shared_files(root):
    raw = read_tsv(root / GWR_SAMPLE)
    assert list(raw.columns) == list(GWR_COLUMNS)
    texts = {f: raw_text(GWR / "original_md" / f) for f in set(raw["file"])}
    sample = read_sample(root / GWR_SAMPLE, GWR_COLUMNS, texts)
    assert len(sample) == len(raw) >= 300
    assert set(sample["lang"]) == {"en", "zh"}
    assert sample["militarized"].sum() >= 50 and sample["self_reliance"].sum() >= 25


def test_metrics_and_disagreements_on_crafted_units():
    units = pd.DataFrame(
        {
            "sample": ["seed"] * 4,
            "split": ["test"] * 4,
            "source": ["d"] * 4,
            "start_char": [0, 10, 20, 30],
            "end_char": [5, 15, 25, 35],
            "lang": ["en", "en", "zh", "zh"],
            "militarized": [1, 1, 0, 0],
            "self_reliance": [0, 0, 0, 1],
            "text": ["a", "b", "c", "d"],
            "found": [
                [("militarized", "war", "war")],
                [],
                [("militarized", "struggle", "斗争")],
                [("self_reliance", "chokepoint", "卡脖子")],
            ],
        }
    )
    table = metric_table(units, ["militarized", "self_reliance"])
    row = table[
        (table["sample"] == "all")
        & (table["split"] == "all")
        & (table["lang"] == "all")
        & (table["category"] == "militarized")
        & (table["term"] == "all")
    ].iloc[0]
    assert (row["true_positive"], row["false_positive"], row["false_negative"]) == (1, 1, 1)
    assert (row["precision"], row["recall"], row["f1"]) == (0.5, 0.5, 0.5)
    assert 0.0 <= row["f1_ci_low"] <= 0.5 <= row["f1_ci_high"] <= 1.0
    entry = table[
        (table["term"] == "struggle")
        & (table["sample"] == "all")
        & (table["split"] == "all")
        & (table["lang"] == "all")
    ]
    assert entry[["predicted_positive", "precision"]].values.tolist() == [[1, 0.0]]
    assert np.isnan(entry["f1"].iloc[0])
    rows = disagreement_rows(units, ["militarized", "self_reliance"])
    assert [(r[3], r[6], r[7], r[8], r[9]) for r in rows] == [
        (10, "militarized", 1, 0, ""),
        (20, "militarized", 0, 1, "struggle"),
    ]


@pytest.fixture(scope="module")
def matcher(root):
    return RhetoricMatcher(load_lexicons([root / p for p in LEXICONS]), load_pipeline("en"))


def held_out(table, sample):
    rows = table[
        (table["sample"] == sample)
        & (table["split"] == "test")
        & (table["lang"] == "all")
        & (table["term"] == "all")
    ]
    return rows.set_index("category")["f1"].astype(float)


@needs_gwr
def test_held_out_gwr_units_meet_the_target(root, matcher):
    raw = read_tsv(root / GWR_SAMPLE)
    texts = {f: raw_text(GWR / "original_md" / f) for f in set(raw["file"])}
    gwr = read_sample(root / GWR_SAMPLE, GWR_COLUMNS, texts)
    units = validation_units(None, None, gwr, matcher, {})
    f1 = held_out(metric_table(units, ["militarized", "self_reliance"]), "gwr")
    assert f1["militarized"] >= 0.85 and f1["self_reliance"] >= 0.85
