"""Translation pairs on crafted data: rates on each side of an aligned pair, the pooled row, and the
entries matched on one side only."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from policy_rhetoric.rhetoric.translation import (
    EXACT_UP_TO,
    TRANSLATION_PAIR_COLUMNS,
    TRANSLATION_TERM_COLUMNS,
    TRANSLATION_TEST_COLUMNS,
    one_sided_terms,
    sign_test_p,
    signed_rank_test_p,
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


def test_sign_test_is_scipys_binomtest_to_the_bit():
    """Every k of every n up to past EXACT_UP_TO (counted here below it, scipy.stats above)."""
    from scipy import stats

    assert EXACT_UP_TO == 13
    for n in range(1, EXACT_UP_TO + 4):
        for k in range(n + 1):
            expected = float(stats.binomtest(k, n, 0.5).pvalue)
            assert sign_test_p(k, n).hex() == expected.hex(), (k, n)


def _wilcoxon_cases():
    """Crafted and random non-zero differences. scipy's permutation test (ties, n <= 13) takes about
    1.7 s at n = 13 and 0.04 s at n = 8, so random cases with ties stop at n = 8 and the largest
    ones are crafted; without ties (scipy's exact distribution) they go past EXACT_UP_TO."""
    rng = np.random.default_rng(11)
    crafted = [
        [1], [-1], [3], [1, 1], [1, -1], [2, -1], [-2, -2, -2], [1, 2, 3, 4, 5], [-1, -2, -3, -4],
        [1, -1, 1, -1, 1, -1], [5, 5, -5, 1, 1, -2], [1, -1] * 6 + [2], [2, -1, 1] * 3,
        list(range(1, 14)), list(range(-13, 0)), [1, 2, -3, 4, -5, 6, 7, -8, 9, 10, -11, 12, 13],
        [1] * 14, [1, -1] * 7, [3, 3, -1, 2] * 5, list(range(1, 16)), list(range(-30, 30, 2)),
    ]  # fmt: skip
    cases = [np.array(c) for c in crafted]
    for _ in range(60):  # ties
        n = int(rng.integers(1, 9))
        spread = int(rng.choice([1, 2, 3, 5]))
        cases.append(rng.integers(1, spread + 1, size=n) * rng.choice([-1, 1], size=n))
    for _ in range(100):  # no ties
        n = int(rng.integers(1, EXACT_UP_TO + 4))
        cases.append(rng.permutation(np.arange(1, 41))[:n] * rng.choice([-1, 1], size=n))
    return cases


def test_signed_rank_test_is_scipys_wilcoxon_to_the_bit():
    """Non-zero integer differences as translation_tests passes them: with and without ties, all of
    one sign, every n up to past EXACT_UP_TO, against scipy.stats.wilcoxon(zero_method="wilcox")."""
    from scipy import stats

    for diff in _wilcoxon_cases():
        expected = float(stats.wilcoxon(diff, zero_method="wilcox").pvalue)
        assert signed_rank_test_p(diff).hex() == expected.hex(), diff.tolist()


def test_translation_tests_on_a_small_corpus_import_no_scipy_stats():
    """scipy.stats (about 1 CPU-second to import) is not imported for tests of 13 or fewer pairs."""
    code = (
        "import sys, pandas as pd\n"
        "from policy_rhetoric.rhetoric.translation import translation_tests\n"
        "rates = pd.DataFrame({'doc_id': ['d1', 'd2', 'd3'], 'pair_id': ['1', '2', '3'],\n"
        "    'genre': ['g'] * 3, 'category': ['c'] * 3, 'zh_hits': [3, 0, 2], 'en_hits': [1, 1, 2]})\n"
        "tests = translation_tests(rates)\n"
        "assert tests['sign_p'].notna().all() and tests['wilcoxon_p'].notna().all()\n"
        "assert 'scipy.stats' not in sys.modules, 'scipy.stats was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
