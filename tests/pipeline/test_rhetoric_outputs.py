"""The rhetoric stage's tables on the embedded corpus (one pipeline run): exact columns, rates that add
up to the matches and sentences, every genre pair tested, keyness, validation against hand coding, and
a third lexicon scored by config alone."""

from __future__ import annotations

import textwrap

import pytest
from conftest import run_snakemake

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.rhetoric.comparisons import GENRE_TEST_COLUMNS, TERM_INFLUENCE_COLUMNS
from policy_rhetoric.rhetoric.cooccurrence import COOCCURRENCE_COLUMNS
from policy_rhetoric.rhetoric.inference import (
    DOCUMENT_COUNT_COLUMNS,
    GENRE_ESTIMATE_COLUMNS,
    GENRE_INFERENCE_COLUMNS,
)
from policy_rhetoric.rhetoric.keyness import KEYNESS_COLUMNS
from policy_rhetoric.rhetoric.kwic import KWIC_COLUMNS
from policy_rhetoric.rhetoric.rates import (
    DOCUMENT_SCORE_COLUMNS,
    GENRE_SCORE_COLUMNS,
    POSITION_COLUMNS,
    SCORE_COLUMNS,
    SUBCATEGORY_SHARE_COLUMNS,
)
from policy_rhetoric.rhetoric.translation import (
    TRANSLATION_PAIR_COLUMNS,
    TRANSLATION_TERM_COLUMNS,
    TRANSLATION_TEST_COLUMNS,
)
from policy_rhetoric.rhetoric.trends import TREND_CURVE_COLUMNS, TREND_SUMMARY_COLUMNS

pytestmark = pytest.mark.pipeline

THIRD = textwrap.dedent(
    """\
    category: openness
    version: "0.1"
    subcategories:
      cooperation:
        label: Open cooperation
        entries:
          - id: open_cooperation
            en: ["open cooperation", "international cooperation"]
            zh: ["开放合作"]
            note: a crafted third construct for tests
    """
)


CONTRACT = {
    "rhetoric/scores.tsv": SCORE_COLUMNS,
    "rhetoric/genre_scores.tsv": GENRE_SCORE_COLUMNS,
    "rhetoric/document_scores.tsv": DOCUMENT_SCORE_COLUMNS,
    "rhetoric/subcategory_shares.tsv": SUBCATEGORY_SHARE_COLUMNS,
    "rhetoric/position.tsv": POSITION_COLUMNS,
    "rhetoric/genre_tests.tsv": GENRE_TEST_COLUMNS,
    "rhetoric/term_influence.tsv": TERM_INFLUENCE_COLUMNS,
    "rhetoric/cooccurrence.tsv": COOCCURRENCE_COLUMNS,
    "rhetoric/translation_pairs.tsv": TRANSLATION_PAIR_COLUMNS,
    "rhetoric/translation_terms.tsv": TRANSLATION_TERM_COLUMNS,
    "rhetoric/kwic.tsv": KWIC_COLUMNS,
    "rhetoric/keyness.tsv": KEYNESS_COLUMNS,
    "rhetoric/document_counts.tsv": DOCUMENT_COUNT_COLUMNS,
    "rhetoric/genre_estimates.tsv": GENRE_ESTIMATE_COLUMNS,
    "rhetoric/genre_inference.tsv": GENRE_INFERENCE_COLUMNS,
    "rhetoric/translation_tests.tsv": TRANSLATION_TEST_COLUMNS,
}


@pytest.mark.parametrize("name,columns", sorted(CONTRACT.items()))
def test_pipeline_tables_keep_the_contract_columns(results, name, columns):
    table = read_tsv(results / name)
    assert list(table.columns) == list(columns)
    assert len(table) > 0


def test_pipeline_one_document_genres_are_documents_without_p_values(results):
    """The embedded corpus has one document per genre: every genre estimate is a document's, no
    genre test prints a p-value, and no genre has a trend (header-only tables)."""
    estimates = read_tsv(results / "rhetoric/genre_estimates.tsv")
    assert set(estimates["unit"]) == {"document"}
    tests = read_tsv(results / "rhetoric/genre_inference.tsv")
    assert set(tests["p_value"]) == {"NA"} and set(tests["p_permutation"]) == {"NA"}
    for name, columns in (
        ("trend_summary.tsv", TREND_SUMMARY_COLUMNS),
        ("trend_curve.tsv", TREND_CURVE_COLUMNS),
    ):
        table = read_tsv(results / "rhetoric" / name)
        assert list(table.columns) == list(columns) and table.empty


def test_pipeline_rates_agree_with_matches_and_sentences(results):
    scores = read_tsv(results / "rhetoric/scores.tsv")
    matches = read_tsv(results / "rhetoric/matches.tsv")
    sentences = read_tsv(results / "corpus/sentences.tsv")
    whole = scores[scores["subcategory"] == "all"]
    assert whole["hits"].astype(int).sum() == len(matches)
    for key, group in scores.groupby(["doc_id", "voice", "lang", "category"]):
        parts = group[group["subcategory"] != "all"]["hits"].astype(int).sum()
        assert parts == int(group[group["subcategory"] == "all"]["hits"].iloc[0]), key
    cell = sentences.groupby(["doc_id", "voice", "lang"])["n_tokens"].apply(
        lambda s: s.astype(int).sum()
    )
    for row in whole.itertuples():
        assert int(row.tokens) == cell[(row.doc_id, row.voice, row.lang)]
        low, rate, high = float(row.ci_low), float(row.rate_per_1k), float(row.ci_high)
        assert low <= rate <= high or int(row.hits) == 0
    genre = read_tsv(results / "rhetoric/genre_scores.tsv")
    assert set(genre["lang"]) >= {"en", "zh", "all"}
    kwic = read_tsv(results / "rhetoric/kwic.tsv")
    key = ["doc_id", "start_char", "end_char", "category", "term"]
    assert sorted(map(tuple, kwic[[*key, "match"]].values.tolist())) == sorted(
        map(tuple, matches[[*key, "matched_text"]].values.tolist())
    )


def test_pipeline_genre_tests_cover_every_pair(results):
    tests = read_tsv(results / "rhetoric/genre_tests.tsv")
    primary = tests[(tests["voice"] == "primary") & (tests["lang"] == "all")]
    pairs = set(zip(primary["genre_a"], primary["genre_b"], strict=True))
    assert len(pairs) == 10 and all(a < b for a, b in pairs)
    p = primary["p_value"].astype(float)
    assert ((p > 0) & (p <= 1)).all()
    assert (primary["q_value"].astype(float) >= p).all()
    influence = read_tsv(results / "rhetoric/term_influence.tsv")
    merged = influence.merge(tests, on=["genre_a", "genre_b", "voice", "lang", "category"])
    assert (merged["difference_x"] == merged["difference_y"]).all()


def test_pipeline_keyness_table_on_the_embedded_corpus(results):
    table = read_tsv(results / "rhetoric/keyness.tsv")
    genres = set(table["genre"])
    assert genres == {"speech", "conference_report", "study_outline", "news_report", "analysis"}
    # Every genre is scored over the same vocabulary.
    assert table.groupby("genre")["term"].nunique().nunique() == 1
    assert not table["term"].isin(["the", "and", "of", "be"]).any()
    speech = table[table["genre"] == "speech"].astype({"z_score": float})
    assert speech["z_score"].is_monotonic_decreasing


def held_out(table, sample):
    rows = table[
        (table["sample"] == sample)
        & (table["split"] == "test")
        & (table["lang"] == "all")
        & (table["term"] == "all")
        & (table["method"] == "lexicon")
    ]
    return rows.set_index("category")["f1"].astype(float)


def test_pipeline_validation_meets_the_target_on_the_held_out_seed_units(results):
    table = read_tsv(results / "rhetoric/validation.tsv")
    f1 = held_out(table, "seed")
    assert f1["militarized"] >= 0.85 and f1["self_reliance"] >= 0.85
    disagreements = read_tsv(results / "rhetoric/validation_disagreements.tsv")
    assert len(disagreements) > 0 and (disagreements["text"] != "").all()
    test = table[
        (table["sample"] == "seed")
        & (table["split"] == "test")
        & (table["term"] == "all")
        & (table["method"] == "lexicon")
    ]
    wrong = (
        test[test["lang"] == "all"][["false_positive", "false_negative"]].astype(int).sum().sum()
    )
    assert wrong == (disagreements["split"] == "test").sum()


def test_pipeline_runs_with_a_third_lexicon_listed_in_the_config(pipeline_run):
    (pipeline_run / "config/lexicons/openness.yaml").write_text(THIRD, encoding="utf-8")
    config = (pipeline_run / "config/config.yaml").read_text(encoding="utf-8")
    config = config.replace("experiment: default", "experiment: third").replace(
        "  - config/lexicons/self_reliance.yaml\n",
        "  - config/lexicons/self_reliance.yaml\n  - config/lexicons/openness.yaml\n",
    )
    (pipeline_run / "config/third.yaml").write_text(config, encoding="utf-8")
    run_snakemake(
        pipeline_run,
        "results/third/rhetoric/scores.tsv",
        "results/third/rhetoric/genre_tests.tsv",
        "--configfile",
        "config/third.yaml",
    )
    scores = read_tsv(pipeline_run / "results/third/rhetoric/scores.tsv")
    assert set(scores["category"]) == {"militarized", "self_reliance", "openness"}
    rows = scores[(scores["category"] == "openness") & (scores["subcategory"] == "cooperation")]
    assert len(rows) == len(scores[scores["subcategory"] == "all"]) // 3
    tests = read_tsv(pipeline_run / "results/third/rhetoric/genre_tests.tsv")
    assert "openness" in set(tests["category"])
    matches = read_tsv(pipeline_run / "results/third/rhetoric/matches.tsv")
    assert (matches["category"] == "openness").sum() >= 1
