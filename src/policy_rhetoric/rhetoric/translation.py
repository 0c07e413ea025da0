"""Chinese originals against their English translations: rhetoric hits on both sides of each aligned
pair (corpus/aligned_pairs.tsv), paired tests of those counts, and the lexicon entries matched on one
side of a pair only.

The comparison is on paired counts, not rates: a rate per Chinese token (jieba words) and a rate per
English token measure exposure in different units, so 15 matches on each side of the same passages
would read as 21.2 vs 15.3 per 1,000. Each pair is its own control (same passage), and the tests ask
whether one side matches more often than the other across pairs (sign test, Wilcoxon signed-rank)."""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence

import numpy as np
import pandas as pd

from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.match_table import read_matches
from policy_rhetoric.rhetoric.rates import ALL, exact_floats, rate_per_1k, read_sentence_counts

TRANSLATION_PAIR_COLUMNS = (
    "doc_id",
    "pair_id",
    "genre",
    "category",
    "zh_hits",
    "zh_tokens",
    "zh_rate",
    "en_hits",
    "en_tokens",
    "en_rate",
)
TRANSLATION_TERM_COLUMNS = (
    "category",
    "subcategory",
    "term",
    "pairs_both",
    "pairs_zh_only",
    "pairs_en_only",
    "zh_forms",
    "en_forms",
)
TRANSLATION_TEST_COLUMNS = (
    "genre",
    "category",
    "documents",
    "pairs",
    "pairs_with_hit",
    "zh_hits",
    "en_hits",
    "zh_more",
    "en_more",
    "ties",
    "sign_p",
    "wilcoxon_p",
    "flag",
)
PAIR_INTS = ("pair_id", "en_start", "en_end", "zh_start", "zh_end")


def _ints(frame: pd.DataFrame, columns: Sequence[str]) -> pd.DataFrame:
    return frame.assign(**{c: pd.to_numeric(frame[c]).astype(int) for c in columns})


def _in_ranges(starts: np.ndarray, ends: np.ndarray, lo: int, hi: int) -> np.ndarray:
    return (starts >= lo) & (ends <= hi)


def translation_pair_rates(
    pairs: pd.DataFrame,
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: list[str],
) -> pd.DataFrame:
    """Per aligned pair x category: hits, tokens and rate per 1,000 tokens in the Chinese original
    (zh_*) and in the English translation (en_*). A side is the pair's character range; its tokens are
    those of the sentences inside it in that language, its hits the matches inside it in that language.
    Last, one row per category pooled over all pairs (doc_id, pair_id and genre "all")."""
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    sentences = _ints(sentences, ("start_char", "end_char", "n_tokens"))
    matches = _ints(matches, ("start_char", "end_char"))
    rows = []
    for pair in _ints(pairs, PAIR_INTS).itertuples():
        doc_sents = sentences[sentences["doc_id"] == pair.doc_id]
        doc_matches = matches[matches["doc_id"] == pair.doc_id]
        side = {}
        for lang, lo, hi in (
            ("zh", pair.zh_start, pair.zh_end),
            ("en", pair.en_start, pair.en_end),
        ):
            s = doc_sents[
                (doc_sents["lang"] == lang)
                & _in_ranges(
                    doc_sents["start_char"].to_numpy(), doc_sents["end_char"].to_numpy(), lo, hi
                )
            ]
            m = doc_matches[
                (doc_matches["lang"] == lang)
                & _in_ranges(
                    doc_matches["start_char"].to_numpy(), doc_matches["end_char"].to_numpy(), lo, hi
                )
            ]
            side[lang] = (int(s["n_tokens"].sum()), m)
        for category in categories:
            row = {
                "doc_id": pair.doc_id,
                "pair_id": pair.pair_id,
                "genre": genres.get(pair.doc_id, ""),
                "category": category,
            }
            for lang in ("zh", "en"):
                tokens, m = side[lang]
                hits = int((m["category"] == category).sum())
                row[f"{lang}_hits"] = hits
                row[f"{lang}_tokens"] = tokens
                row[f"{lang}_rate"] = float(rate_per_1k(hits, tokens, empty=np.nan))
            rows.append(row)
    for category in categories:
        row = {"doc_id": ALL, "pair_id": ALL, "genre": ALL, "category": category}
        for lang in ("zh", "en"):
            hits = sum(r[f"{lang}_hits"] for r in rows if r["category"] == category)
            tokens = sum(r[f"{lang}_tokens"] for r in rows if r["category"] == category)
            row[f"{lang}_hits"] = hits
            row[f"{lang}_tokens"] = tokens
            row[f"{lang}_rate"] = float(rate_per_1k(hits, tokens, empty=np.nan))
        rows.append(row)
    return pd.DataFrame(rows, columns=list(TRANSLATION_PAIR_COLUMNS))


# Up to this many pairs that differ, the two tests' p-values are computed here by counting every
# outcome; above it, by scipy.stats (imported then: its import costs about 1 CPU-second, more than
# the rest of the job on a small corpus). Up to 13 non-zero differences scipy.stats' own results are
# these counts to the bit: binomtest's two-sided p-value is 2 x the exact tail (it is not, by an
# ulp, from 15 up), and wilcoxon (method "auto") enumerates the 2^n signs, by its exact
# distribution without ties or by a permutation test with them (from 14 on, with ties, it uses the
# normal approximation). tests/rhetoric/test_translation.py compares both with scipy.stats.
EXACT_UP_TO = 13


def sign_test_p(k: int, n: int) -> float:
    """Two-sided exact sign test: scipy.stats.binomtest(k, n, 0.5).pvalue for 1 <= n."""
    if n > EXACT_UP_TO:
        from scipy import stats

        return float(stats.binomtest(k, n, 0.5).pvalue)
    tail = sum(math.comb(n, i) for i in range(min(k, n - k) + 1))
    return min(1.0, 2 * tail / 2**n)


def signed_rank_test_p(diff: np.ndarray) -> float:
    """Two-sided Wilcoxon signed-rank test of non-zero differences: scipy.stats.wilcoxon(diff,
    zero_method="wilcox").pvalue. Up to EXACT_UP_TO differences, the share of the 2^n sign patterns
    whose sum of positive ranks (average ranks of |diff|, ties shared) is at most, or at least, the
    observed one, the smaller share doubled (at most 1)."""
    n = len(diff)
    if n > EXACT_UP_TO:
        from scipy import stats

        return float(stats.wilcoxon(diff, zero_method="wilcox").pvalue)
    size = np.abs(np.asarray(diff, dtype=np.float64))
    below = (size[None, :] < size[:, None]).sum(axis=1)
    tied = (size[None, :] == size[:, None]).sum(axis=1)
    ranks = below + (tied + 1) / 2
    signs = (np.arange(2**n)[:, None] >> np.arange(n)) & 1
    null = signs @ ranks  # sums of half-integers: exact in floats
    observed = ranks[np.asarray(diff) > 0].sum()
    extreme = min(int((null <= observed).sum()), int((null >= observed).sum()))
    return min(1.0, 2 * extreme / 2**n)


def translation_tests(pair_rates: pd.DataFrame) -> pd.DataFrame:
    """translation_tests.tsv: per genre (and "all") x category, over the aligned pairs: hits on each
    side, pairs where the original has more hits (zh_more), the translation more (en_more) or as many
    (ties, pairs without any hit included); the exact two-sided sign test of zh_more vs en_more
    (binomial, p = 0.5, ties dropped) and the Wilcoxon signed-rank test of zh_hits - en_hits (zero
    differences dropped; NaN where every difference is 0). flag: "few_hits" (< 10 hits on both sides
    together), "few_documents" (pairs from < 3 documents)."""
    rows = pair_rates[pair_rates["pair_id"] != ALL]
    records = []
    views = [(ALL, rows)] + [(g, part) for g, part in rows.groupby("genre", sort=True)]
    for genre, part in views:
        for category, cell in part.groupby("category", sort=True):
            zh = cell["zh_hits"].to_numpy(dtype=int)
            en = cell["en_hits"].to_numpy(dtype=int)
            zh_more, en_more = int((zh > en).sum()), int((en > zh).sum())
            differing = zh_more + en_more
            sign_p = sign_test_p(zh_more, differing) if differing else np.nan
            diff = zh - en
            wilcoxon_p = signed_rank_test_p(diff[diff != 0]) if differing else np.nan
            documents = int(cell["doc_id"].nunique())
            hits = int(zh.sum() + en.sum())
            flags = [
                f for f, bad in (("few_hits", hits < 10), ("few_documents", documents < 3)) if bad
            ]
            records.append(
                (genre, category, documents, len(cell), int(((zh > 0) | (en > 0)).sum()))
                + (int(zh.sum()), int(en.sum()), zh_more, en_more, len(cell) - differing)
                + (sign_p, wilcoxon_p, ";".join(flags))
            )
    return pd.DataFrame.from_records(records, columns=list(TRANSLATION_TEST_COLUMNS))


def one_sided_terms(pairs: pd.DataFrame, matches: pd.DataFrame) -> pd.DataFrame:
    """Per lexicon entry: in how many aligned pairs it matched on both sides, only in the Chinese
    original, only in the English translation; with the matched forms on each side (most frequent
    first)."""
    matches = _ints(matches, ("start_char", "end_char"))
    tallies: dict[tuple[str, str, str], dict] = {}
    for pair in _ints(pairs, PAIR_INTS).itertuples():
        doc_matches = matches[matches["doc_id"] == pair.doc_id]
        present = {}
        for lang, lo, hi in (
            ("zh", pair.zh_start, pair.zh_end),
            ("en", pair.en_start, pair.en_end),
        ):
            m = doc_matches[
                (doc_matches["lang"] == lang)
                & _in_ranges(
                    doc_matches["start_char"].to_numpy(), doc_matches["end_char"].to_numpy(), lo, hi
                )
            ]
            present[lang] = m
        keys = set()
        for lang in ("zh", "en"):
            keys |= set(
                zip(
                    present[lang]["category"],
                    present[lang]["subcategory"],
                    present[lang]["term"],
                    strict=True,
                )
            )
        for key in keys:
            tally = tallies.setdefault(
                key,
                {
                    "both": 0,
                    "zh_only": 0,
                    "en_only": 0,
                    "zh_forms": Counter(),
                    "en_forms": Counter(),
                },
            )
            on = {}
            for lang in ("zh", "en"):
                m = present[lang]
                hit = m[(m["category"] == key[0]) & (m["term"] == key[2])]
                on[lang] = len(hit) > 0
                tally[f"{lang}_forms"].update(str(t).lower() for t in hit["matched_text"])
            tally["both" if on["zh"] and on["en"] else "zh_only" if on["zh"] else "en_only"] += 1
    rows = [
        {
            "category": c,
            "subcategory": s,
            "term": t,
            "pairs_both": v["both"],
            "pairs_zh_only": v["zh_only"],
            "pairs_en_only": v["en_only"],
            "zh_forms": _by_frequency(v["zh_forms"]),
            "en_forms": _by_frequency(v["en_forms"]),
        }
        for (c, s, t), v in sorted(tallies.items())
    ]
    return pd.DataFrame(rows, columns=list(TRANSLATION_TERM_COLUMNS))


def _by_frequency(forms: Counter) -> str:
    """Matched forms, most frequent first (ties alphabetical), joined by " / "."""
    return " / ".join(f for f, _ in sorted(forms.items(), key=lambda kv: (-kv[1], kv[0])))


def run_compare_translations(
    pairs_tsv: str,
    sentences_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    pairs_out: str,
    terms_out: str,
    tests_out: str,
) -> None:
    """Rule compare_translations: translation_pairs.tsv, translation_terms.tsv and
    translation_tests.tsv."""
    pairs, matches = read_tsv(pairs_tsv), read_matches([matches_tsv])
    categories = [lx.category for lx in load_lexicons(lexicon_paths)]
    rates = translation_pair_rates(
        pairs, read_sentence_counts(sentences_tsv), matches, read_tsv(documents_tsv), categories
    )
    write_frame(pairs_out, exact_floats(rates))
    write_frame(terms_out, one_sided_terms(pairs, matches))
    write_frame(tests_out, exact_floats(translation_tests(rates)))
