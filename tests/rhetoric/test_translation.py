"""Translation pairs on crafted data: rates on each side of an aligned pair, the pooled row, and the
entries matched on one side only."""

from __future__ import annotations

import pandas as pd
import pytest

from policy_rhetoric.rhetoric.translation import (
    TRANSLATION_PAIR_COLUMNS,
    TRANSLATION_TERM_COLUMNS,
    TRANSLATION_TEST_COLUMNS,
    one_sided_terms,
    translation_pair_rates,
    translation_tests,
)

SENTENCES = pd.DataFrame(
    [
        ("d1", 0, 0, 40, "primary", "en", 10),
        ("d1", 1, 40, 60, "primary", "zh", 8),
        ("d1", 2, 60, 100, "commentary", "en", 12),
        ("d1", 3, 100, 140, "primary", "en", 10),
        ("d1", 4, 140, 160, "primary", "zh", 10),
    ],
    columns=["doc_id", "sent_id", "start_char", "end_char", "voice", "lang", "n_tokens"],
).astype(str)
MATCHES = pd.DataFrame(
    [
        ("d1", 5, 11, "militarized", "battle", "battle", "battle", "en"),
        ("d1", 42, 44, "militarized", "battle", "battle", "战役", "zh"),
        ("d1", 50, 54, "self_reliance", "autonomy", "autonomy_control", "自主可控", "zh"),
        ("d1", 70, 76, "militarized", "battle", "battle", "battle", "en"),
        ("d1", 110, 120, "self_reliance", "core", "core_technologies", "core techs", "en"),
        ("d1", 145, 149, "self_reliance", "core", "core_technologies", "核心技术", "zh"),
    ],
    columns=[
        "doc_id",
        "start_char",
        "end_char",
        "category",
        "subcategory",
        "term",
        "matched_text",
        "lang",
    ],
).astype(str)
DOCUMENTS = pd.DataFrame({"doc_id": ["d1"], "genre": ["study_outline"]})
PAIRS = pd.DataFrame(
    [("d1", 0, 0, 40, 40, 60), ("d1", 1, 100, 140, 140, 160)],
    columns=["doc_id", "pair_id", "en_start", "en_end", "zh_start", "zh_end"],
).astype(str)
CATEGORIES = ["militarized", "self_reliance"]


def test_translation_pair_rates_count_each_side_in_its_range_and_language():
    rates = translation_pair_rates(PAIRS, SENTENCES, MATCHES, DOCUMENTS, CATEGORIES)
    assert list(rates.columns) == list(TRANSLATION_PAIR_COLUMNS)
    first = rates[(rates["pair_id"] == 0) & (rates["category"] == "militarized")].iloc[0]
    assert (first.zh_hits, first.zh_tokens, first.en_hits, first.en_tokens) == (1, 8, 1, 10)
    assert first.zh_rate == pytest.approx(125.0) and first.en_rate == pytest.approx(100.0)
    second = rates[(rates["pair_id"] == 1) & (rates["category"] == "self_reliance")].iloc[0]
    assert (second.zh_hits, second.en_hits) == (1, 1)
    assert set(rates["genre"]) == {"study_outline", "all"}


def test_the_last_rows_pool_every_pair_per_category():
    rates = translation_pair_rates(PAIRS, SENTENCES, MATCHES, DOCUMENTS, CATEGORIES)
    pooled = rates[rates["pair_id"] == "all"].set_index("category")
    assert list(pooled.index) == CATEGORIES and (pooled["doc_id"] == "all").all()
    sr = pooled.loc["self_reliance"]
    assert (sr.zh_hits, sr.zh_tokens, sr.en_hits, sr.en_tokens) == (2, 18, 1, 20)
    assert sr.zh_rate == pytest.approx(1000 * 2 / 18)


def test_one_sided_terms_separate_lost_and_kept_entries():
    terms = one_sided_terms(PAIRS, MATCHES)
    assert list(terms.columns) == list(TRANSLATION_TERM_COLUMNS)
    terms = terms.set_index("term")
    sides = ["pairs_both", "pairs_zh_only", "pairs_en_only"]
    assert terms.loc["autonomy_control", sides].tolist() == [0, 1, 0]
    assert terms.loc["battle", sides].tolist() == [1, 0, 0]
    assert terms.loc["core_technologies", "pairs_both"] == 1
    assert terms.loc["autonomy_control", "zh_forms"] == "自主可控"
    assert terms.loc["battle", "en_forms"] == "battle"


def test_translation_tests_compare_paired_counts_not_rates():
    # 8 pairs: the original has more hits in 6, the translation in 1, one tie (0-0);
    # per-token rates are never compared (their token units differ)
    zh = [2, 1, 1, 3, 1, 1, 0, 0]
    en = [0, 0, 0, 1, 0, 0, 1, 0]
    rates = pd.DataFrame(
        {
            "doc_id": ["a"] * 4 + ["b"] * 4,
            "pair_id": list(range(8)),
            "genre": ["speech"] * 8,
            "category": ["militarized"] * 8,
            "zh_hits": zh,
            "zh_tokens": [100] * 8,
            "zh_rate": [0.0] * 8,
            "en_hits": en,
            "en_tokens": [150] * 8,
            "en_rate": [0.0] * 8,
        }
    )
    tests = translation_tests(rates)
    assert list(tests.columns) == list(TRANSLATION_TEST_COLUMNS)
    assert tests["genre"].tolist() == ["all", "speech"]
    row = tests.iloc[0]
    assert (row["zh_hits"], row["en_hits"], row["zh_more"], row["en_more"], row["ties"]) == (
        9,
        2,
        6,
        1,
        1,
    )
    # exact sign test: P(X <= 1 or X >= 6), X ~ Bin(7, 1/2) = 2 x 8/128
    assert row["sign_p"] == pytest.approx(16 / 128)
    assert row["pairs"] == 8 and row["pairs_with_hit"] == 7 and row["documents"] == 2
    assert row["flag"] == "few_documents"
    assert 0 < row["wilcoxon_p"] < 1
