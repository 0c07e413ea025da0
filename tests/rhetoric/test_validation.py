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
from policy_rhetoric.rhetoric.match_table import MATCH_COLUMNS
from policy_rhetoric.rhetoric.matching import RhetoricMatcher
from policy_rhetoric.rhetoric.validation import (
    CODED,
    GWR_COLUMNS,
    SEED_COLUMNS,
    disagreement_rows,
    f1_interval,
    metric_table,
    read_external_sample,
    read_sample,
    text_language,
    validation_units,
    wilson_interval,
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
            "doc": ["d"] * 4,
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
    # one document: every bootstrap resample of documents is the sample itself
    assert row["f1_ci_low"] == row["f1_ci_high"] == 0.5
    assert (row["method"], row["documents"], row["few_positives"]) == ("lexicon", 1, 1)
    low, high = wilson_interval(1, 2)
    assert (row["precision_ci_low"], row["precision_ci_high"]) == pytest.approx((low, high))
    entry = table[
        (table["term"] == "struggle")
        & (table["sample"] == "all")
        & (table["split"] == "all")
        & (table["lang"] == "all")
    ]
    assert entry[["predicted_positive", "precision"]].values.tolist() == [[1, 0.0]]
    assert np.isnan(entry["f1"].iloc[0])
    rows = disagreement_rows(units, ["militarized", "self_reliance"])
    assert [(r[3], r[6], r[7], r[8], r[9], r[10]) for r in rows] == [
        (10, "militarized", "coder_a", 1, 0, ""),
        (20, "militarized", "coder_a", 0, 1, "struggle"),
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


def test_wilson_interval_known_values():
    # Wilson 95% for 8/10: (0.4902, 0.9433); 0/5 starts at 0; no trials gives NaN
    assert wilson_interval(8, 10) == pytest.approx((0.490162, 0.943318), abs=1e-5)
    assert wilson_interval(0, 5)[0] == 0.0
    assert all(np.isnan(wilson_interval(0, 0)))


def test_f1_interval_resamples_documents_not_sentences():
    # doc a: 10 correct positives; doc b: 10 false negatives. Resampling documents, F1 is 1 (only a),
    # 0 (only b) or 2/3 (both once): the percentile interval spans 0..1; over sentences it would not.
    coded = np.ones(20, dtype=bool)
    predicted = np.array([True] * 10 + [False] * 10)
    docs = np.array(["a"] * 10 + ["b"] * 10)
    low, high = f1_interval(coded, predicted, docs, 2000, np.random.default_rng(1))
    assert (low, high) == (0.0, 1.0)


def test_external_sample_reads_csv_jsonl_and_text_records(tmp_path):
    root = tmp_path / "ext"
    (root / "c").mkdir(parents=True)
    (root / "c" / "a.csv").write_text('title,full_text\nx,"First. We win the battle."\n', "utf-8")
    (root / "c" / "b.jsonl").write_text('{"content": "突破关键核心技术。"}\n', "utf-8")
    (root / "c" / "t.txt").write_bytes("\ufeffHead\r\nWe rely on ourselves.".encode())
    head = "doc\tsource\trecord\tstart_char\tend_char\tmilitarized\tself_reliance\tsplit\tstratum\tweight\n"
    rows = [
        "a\tc/a.csv\t1\t7\t25\t1\t0\tdev\tnone\t2.0",
        "b\tc/b.jsonl\t1\t0\t9\t0\t1\ttest\tsr_tech\t1.0",
        "t\tc/t.txt\t0\t7\t28\t0\t1\ttest\tnone\t3.5",
    ]
    sample_path = tmp_path / "s.tsv"
    sample_path.write_text(head + "\n".join(rows) + "\n", "utf-8")
    sample = read_external_sample(sample_path, root)
    assert sample["text"].tolist() == [
        "We win the battle.",
        "突破关键核心技术。",
        "We rely on ourselves.",
    ]
    assert sample["lang"].tolist() == ["en", "zh", "en"]
    bad = tmp_path / "bad.tsv"
    bad.write_text(head + rows[0].replace("\t25\t", "\t99\t") + "\n", "utf-8")
    with pytest.raises(InputError, match="outside record 1"):
        read_external_sample(bad, root)
    with pytest.raises(InputError, match="does not exist"):
        read_external_sample(sample_path, tmp_path / "elsewhere")


def test_classifier_is_cross_validated_by_document():
    from policy_rhetoric.rhetoric.classifier import cross_validated_predictions

    texts = ["we win the war now", "a quiet day in the park"] * 20
    units = pd.DataFrame(
        {
            "text": texts,
            "lang": ["en"] * 40,
            "doc": [f"d{i // 4}" for i in range(40)],
            "militarized": [1, 0] * 20,
            "found": [[("militarized", "war", "war")] if i % 2 == 0 else [] for i in range(40)],
        }
    )
    predicted = cross_validated_predictions(
        units, "militarized", {"militarized/war": "war_combat"}, folds=3
    )
    assert predicted.tolist() == [True, False] * 20


def test_text_only_classifier_does_not_see_the_lexicon():
    """Identical texts whose only difference is the lexicon's hit: the lexicon+text model separates
    them, the text-only model (classifier_text) cannot and predicts every unit alike."""
    from policy_rhetoric.rhetoric.classifier import CLASSIFIER_METHODS, cross_validated_predictions

    assert CLASSIFIER_METHODS == {"classifier": True, "classifier_text": False}
    units = pd.DataFrame(
        {
            "text": ["the same words in every unit"] * 40,
            "lang": ["en"] * 40,
            "doc": [f"d{i // 4}" for i in range(40)],
            "militarized": [1, 0] * 20,
            "found": [[("militarized", "war", "war")] if i % 2 == 0 else [] for i in range(40)],
        }
    )
    subs = {"militarized/war": "war_combat"}
    with_lexicon = cross_validated_predictions(units, "militarized", subs, folds=3)
    text_only = cross_validated_predictions(units, "militarized", subs, folds=3, lexical=False)
    assert with_lexicon.tolist() == [True, False] * 20
    assert len(set(text_only.tolist())) == 1


def test_classifier_learns_where_the_lexicon_is_wrong():
    """The lexicon's 'war' entry also hits 'price war' (coded 0): a pattern the n-grams can learn, so
    the classifier with the lexicon's hits must override the lexicon there, in documents it never saw,
    and validation.tsv counts the units where it departs from the lexicon."""
    from policy_rhetoric.rhetoric.classifier import C_GRID, cross_validated_predictions

    assert C_GRID == (0.5, 4.0, 32.0)
    kinds = [
        ("troops fight the war at the front", 1, True),
        ("the price war among phone makers goes on", 0, True),
        ("a quiet day in the park with friends", 0, False),
    ]
    rows = [kinds[i % 3] for i in range(60)]
    units = pd.DataFrame(
        {
            "sample": ["s"] * 60,
            "split": ["dev"] * 60,
            "text": [t for t, _, _ in rows],
            "lang": ["en"] * 60,
            "doc": [f"d{i // 3}" for i in range(60)],
            "militarized": [c for _, c, _ in rows],
            "found": [[("militarized", "war", "war")] if hit else [] for _, _, hit in rows],
        }
    )
    subs = {"militarized/war": "war_combat"}
    predicted = cross_validated_predictions(units, "militarized", subs, folds=3)
    assert predicted.tolist() == [c == 1 for _, c, _ in rows]
    lexicon = np.array([hit for _, _, hit in rows])
    assert int((predicted != lexicon).sum()) == 20  # every "price war" unit
    table = metric_table(
        units, ["militarized"], resamples=0, classifier={"classifier": {"militarized": predicted}}
    )
    cell = table[(table["sample"] == "s") & (table["lang"] == "en") & (table["split"] == "dev")]
    cell = cell[cell["term"] == "all"].set_index("method")
    assert cell.loc["classifier", "differs_from_lexicon"] == 20
    assert cell.loc["lexicon", "differs_from_lexicon"] == 0
    assert (cell.loc["lexicon", "precision"], cell.loc["classifier", "precision"]) == (0.5, 1.0)


def test_f1_is_sklearns_f1_score_to_the_bit():
    """_f1 chooses C in the inner cross-validation in place of sklearn.metrics.f1_score: the same
    float for every count, including nothing coded or predicted positive (0.0)."""
    from sklearn.metrics import f1_score

    from policy_rhetoric.rhetoric.classifier import _f1

    rng = np.random.default_rng(7)
    cases = [([0, 0, 0], [0, 0, 0]), ([1, 1], [0, 0]), ([0, 0], [1, 1]), ([1, 0, 1], [1, 0, 1])]
    for _ in range(150):
        n = int(rng.integers(1, 60))
        p, q = rng.random(2)
        cases.append(((rng.random(n) < p).astype(int), (rng.random(n) < q).astype(int)))
    for coded, predicted in cases:
        coded, predicted = np.asarray(coded), np.asarray(predicted)
        expected = f1_score(coded, predicted, zero_division=0.0)
        assert _f1(coded == 1, predicted == 1).hex() == float(expected).hex()


def test_texts_analysed_once_give_the_vectorizers_matrices():
    """The n-grams of each text are made once per language (_analysed_once) and looked up in every
    outer fold: fitted on any subset of the texts, the copy gives the vocabulary and the TF-IDF
    matrices (training and held-out texts, same data, indices and order) of the vectorizer itself."""
    from sklearn.base import clone

    from policy_rhetoric.rhetoric.classifier import _analysed_once, _features

    texts = {
        "en": [
            "We must Win the WAR, and win it now.",
            "A quiet day in the park; the war is far.",
            "Self-reliance in science and technology is the basis.",
            "Struggle! Struggle against hegemony, struggle again.",
            "café naïve déjà vu in the price war",
            "we must win",
        ]
        * 3,
        "zh": ["必须打赢这场战争", "科技自立自强是基础", "坚决斗争，敢于斗争", "和平发展的道路"]
        * 3,
    }
    rng = np.random.default_rng(3)
    for lang, pool in texts.items():
        for original, cached in zip(
            _features(pool, lang),
            [_analysed_once(v, pool) for v in _features(pool, lang)],
            strict=True,
        ):
            for _ in range(5):
                train = sorted(rng.choice(len(pool), size=len(pool) * 2 // 3, replace=False))
                test = [i for i in range(len(pool)) if i not in train]
                a, b = clone(original), clone(cached)
                fitted = [
                    (
                        v.fit_transform([pool[i] for i in train]),
                        v.transform([pool[i] for i in test]),
                    )
                    for v in (a, b)
                ]
                assert a.vocabulary_ == b.vocabulary_
                for x, y in zip(fitted[0], fitted[1], strict=True):
                    assert x.dtype == y.dtype and x.shape == y.shape
                    for part in ("data", "indices", "indptr"):
                        assert np.array_equal(getattr(x, part), getattr(y, part))
                    assert x.data.tobytes() == y.data.tobytes()


def test_no_spacy_pipeline_without_text_to_match(root, tmp_path, monkeypatch):
    """The seed sample is predicted from the experiment's matches: without a gwr or held-out sample
    run_validate_rhetoric builds no matcher (no spaCy pipeline)."""
    import policy_rhetoric.rhetoric.validation as validation

    def refuse(*args, **kwargs):
        raise AssertionError("a matcher was built with nothing to match")

    monkeypatch.setattr(validation, "RhetoricMatcher", refuse)
    documents = tmp_path / "documents.tsv"
    write_frame(documents, pd.DataFrame({"doc_id": [], "path": []}))
    matches = tmp_path / "matches.tsv"
    write_frame(matches, pd.DataFrame(columns=list(MATCH_COLUMNS)))
    outputs = [tmp_path / f for f in ("validation.tsv", "disagreements.tsv", "intercoder.tsv")]
    validation.run_validate_rhetoric(
        str(root / "resources/validation/rhetoric_sample.tsv"),
        str(matches),
        str(documents),
        [str(root / p) for p in LEXICONS],
        *map(str, outputs),
        classifier_folds=0,
        resamples=0,
    )
    assert all(p.exists() for p in outputs)


def test_nested_model_chooses_the_c_of_the_whole_grid():
    """_nested_model stops the grid once an inner F1 of 1 is reached (a larger C cannot win a tie):
    its C is the one every C of the grid, scored with f1_score, would choose, on separable data
    (F1 = 1 at the first C) and on noisy data."""
    import scipy.sparse as sp
    from sklearn.linear_model import LogisticRegression
    from sklearn.metrics import f1_score
    from sklearn.model_selection import GroupKFold

    from policy_rhetoric.rhetoric.classifier import C_GRID, _nested_model

    def whole_grid(x, y, groups):
        inner = list(GroupKFold(n_splits=3).split(x, y, groups))
        scores = []
        for c in C_GRID:
            predicted = np.zeros(len(y), dtype=int)
            for tr, te in inner:
                model = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
                predicted[te] = model.fit(x[tr], y[tr]).predict(x[te])
            scores.append(f1_score(y, predicted, zero_division=0.0))
        return C_GRID[int(np.argmax(scores))], scores

    rng = np.random.default_rng(5)
    groups = np.repeat(np.arange(12), 5)
    y = np.tile([1, 0, 0, 1, 0], 12)
    for noise in (0.0, 0.8, 1.5):
        x = sp.csr_matrix(np.c_[4 * y + 4 * noise * rng.normal(size=60), rng.normal(size=(60, 6))])
        expected, scores = whole_grid(x, y, groups)
        assert _nested_model(x, y, groups, 0).C == expected, scores
        if noise == 0.0:
            assert scores[0] == 1.0  # the case the early stop takes
