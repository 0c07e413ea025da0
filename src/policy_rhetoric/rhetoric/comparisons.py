"""Comparisons between genres: permutation tests of rate differences with Benjamini-Hochberg q-values,
and the influence of each lexicon entry on a difference (leave one term out).

A secondary diagnostic, not the paper's test: genre_tests.tsv permutes genre labels across the
sentences of two genres. Sentences are not exchangeable under the null (hits cluster within documents,
and sentence lengths differ between documents), so its p-values are too small whenever documents
differ; the document-level tests (NB regression, permutation of documents) are in `inference`
(genre_inference.tsv), which the paper's genre table reads. With one document per genre these
sentence tests compare two documents: whether the difference exceeds sentence-to-sentence variation
inside them, not whether genres differ. Random draws are seeded per cell (`core.rng.cell_rng`).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from policy_rhetoric.core.rng import cell_rng, permuted_rows
from policy_rhetoric.core.tables import format_float, read_tsv, write_frame
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.match_table import read_matches
from policy_rhetoric.rhetoric.rates import (
    ALL,
    hit_matrix,
    language_views,
    match_rows,
    rate_per_1k,
    read_sentence_counts,
    sentence_frame,
)

GENRE_TEST_COLUMNS = (
    "genre_a",
    "genre_b",
    "voice",
    "lang",
    "category",
    "rate_a",
    "rate_b",
    "difference",
    "p_value",
    "hits_a",
    "hits_b",
    "tokens_a",
    "tokens_b",
    "sentences_a",
    "sentences_b",
    "permutations",
    "q_value",
)
TERM_INFLUENCE_COLUMNS = (
    "genre_a",
    "genre_b",
    "voice",
    "lang",
    "category",
    "term",
    "difference",
    "difference_without_term",
    "change",
    "term_hits_a",
    "term_hits_b",
)


def as_written(values) -> np.ndarray:
    """Floats as a table shows them (6 significant digits; core.tables.format_float), NaN kept."""
    return np.array([float(v) if v != v else float(format_float(float(v))) for v in values])


def benjamini_hochberg(p_values: Sequence[float]) -> np.ndarray:
    """Benjamini-Hochberg adjusted p-values (q-values), NaN kept as NaN."""
    p = np.asarray(p_values, dtype=float)
    q = np.full_like(p, np.nan)
    ok = np.isfinite(p)
    if not ok.any():
        return q
    values = p[ok]
    order = np.argsort(values, kind="stable")
    ranked = values[order] * len(values) / np.arange(1, len(values) + 1)
    ranked = np.minimum.accumulate(ranked[::-1])[::-1]
    adjusted = np.empty_like(values)
    adjusted[order] = np.minimum(ranked, 1.0)
    q[ok] = adjusted
    return q


def permutation_differences(
    hits: np.ndarray,
    tokens: np.ndarray,
    in_a: np.ndarray,
    permutations: int,
    rng,
    *,
    grouped: bool = False,
) -> np.ndarray:
    """Rate differences (a - b, per column) for `permutations` random relabellings of the sentences.

    The number of sentences labelled a stays fixed; returns permutations x columns.
    The relabellings are drawn in blocks (`core.rng.permuted_rows`), so memory does not grow with
    permutations x sentences; hits and tokens are whole numbers, so the sums are exact in any order.

    `grouped`: sentences with the same tokens and hits are interchangeable, so a relabelling is drawn
    as how many sentences of each distinct (tokens, hits) profile go to a (a multivariate
    hypergeometric draw). That is the same permutation distribution, drawn at a cost per permutation
    that grows with the number of profiles (hundreds), not of sentences (hundreds of thousands); the
    draws, and so the p-values, differ from the ungrouped ones by Monte Carlo error only."""
    parts = [np.empty((0, hits.shape[1]))]
    hits_total, tokens_total = hits.sum(axis=0)[None, :], tokens.sum()
    if grouped:
        profiles, inverse = np.unique(np.column_stack([tokens, hits]), axis=0, return_inverse=True)
        sizes = np.bincount(inverse.ravel(), minlength=len(profiles)).astype(np.int64)
        n_a = int(in_a.sum())
        step = max(1, (1 << 22) // len(profiles))
        blocks = (
            rng.multivariate_hypergeometric(
                sizes, n_a, size=min(step, permutations - start)
            ).astype(np.float64)
            for start in range(0, permutations, step)
        )
        group_hits, group_tokens = profiles[:, 1:], profiles[:, 0]
    else:
        blocks = permuted_rows(rng, in_a.astype(np.float64), permutations)
        group_hits, group_tokens = hits, tokens
    for labels in blocks:
        hits_a = labels @ group_hits
        tokens_a = labels @ group_tokens
        hits_b = hits_total - hits_a
        tokens_b = tokens_total - tokens_a
        parts.append(
            rate_per_1k(hits_a, tokens_a[:, None]) - rate_per_1k(hits_b, tokens_b[:, None])
        )
    return np.concatenate(parts)


def term_hit_matrix(frame: pd.DataFrame, matches: pd.DataFrame, term_keys: list[tuple[str, str]]):
    """Hits per sentence (rows, in `frame` order) and (category, term) of `term_keys`, as a sparse
    matrix (float64): a corpus has hundreds of terms and hundreds of thousands of sentences, and a
    sentence holds one or two of them."""
    from scipy.sparse import csr_matrix

    shape = (len(frame), len(term_keys))
    if not len(matches) or not len(frame) or not term_keys:
        return csr_matrix(shape, dtype=np.float64)
    rows, known = match_rows(frame, matches)
    column = {key: t for t, key in enumerate(term_keys)}
    cols = np.array(
        [
            column.get(key, -1)
            for key in zip(
                matches["category"].to_numpy()[known],
                matches["term"].to_numpy()[known],
                strict=True,
            )
        ],
        dtype=np.int64,
    )
    keep = cols >= 0
    return csr_matrix(
        (np.ones(int(keep.sum())), (rows[keep], cols[keep])), shape=shape, dtype=np.float64
    )


def genre_tests(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: Sequence[str],
    *,
    seed: int = 0,
    permutations: int = 2000,
    pairs: pd.DataFrame | None = None,
    pooled_language: str = "zh",
    grouped_permutations_from: int | None = None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """genre_tests.tsv and term_influence.tsv.

    For each pair of genres (alphabetical: a < b), voice and language (each, and "all"), and category:
    rate_a, rate_b, difference = rate_a - rate_b, and a two-sided permutation p-value, permuting genre
    labels across the sentences of the two genres: p = (1 + #{|d*| >= |d|}) / (1 + permutations).
    q_value: Benjamini-Hochberg adjusted p-value per family (voice x language: all genre pairs and
    categories compared within one voice and language), adjusted from the p-values as written (6
    significant digits), so BH applied to the table's p_value column gives its q_value column.
    Leave-one-term-out: for every entry with hits in either genre, the difference without its hits.
    A comparison of at least `grouped_permutations_from` sentences (None: never) draws its
    relabellings grouped by (tokens, hits) profile (`permutation_differences`)."""
    frame = sentence_frame(sentences, documents, pairs=pairs, pooled_language=pooled_language)
    columns = [(c, ALL) for c in categories]
    hits = hit_matrix(frame, matches, columns, dtype=np.float64)
    term_keys = (
        sorted(set(zip(matches["category"], matches["term"], strict=True))) if len(matches) else []
    )
    term_keys = [k for k in term_keys if k[0] in categories]
    term_hits = term_hit_matrix(frame, matches, term_keys)
    tests, influence = [], []
    genres = sorted(g for g in frame["genre"].unique())
    for voice in sorted(frame["voice"].unique()):
        by_voice = frame[frame["voice"] == voice]
        for lang, mask in language_views(by_voice):
            part = by_voice[mask]
            for genre_a, genre_b in itertools.combinations(genres, 2):
                pair = part[part["genre"].isin([genre_a, genre_b])]
                in_a = (pair["genre"] == genre_a).to_numpy()
                if not in_a.any() or in_a.all():
                    continue
                rows = pair.index.to_numpy()
                tokens = pair["n_tokens"].to_numpy(dtype=np.float64)
                tok_a, tok_b = tokens[in_a].sum(), tokens[~in_a].sum()
                if tok_a == 0 or tok_b == 0:
                    continue
                cell_hits = hits[rows]
                hits_a, hits_b = cell_hits[in_a].sum(axis=0), cell_hits[~in_a].sum(axis=0)
                rate_a, rate_b = rate_per_1k(hits_a, tok_a), rate_per_1k(hits_b, tok_b)
                observed = rate_a - rate_b
                rng = cell_rng(seed, "genre_test", genre_a, genre_b, voice, lang)
                grouped = (
                    grouped_permutations_from is not None and len(rows) >= grouped_permutations_from
                )
                null = permutation_differences(
                    cell_hits, tokens, in_a, permutations, rng, grouped=grouped
                )
                extreme = (np.abs(null) >= np.abs(observed)[None, :] - 1e-9).sum(axis=0)
                p_values = (1.0 + extreme) / (1.0 + permutations)
                for j, category in enumerate(categories):
                    tests.append(
                        (
                            genre_a,
                            genre_b,
                            voice,
                            lang,
                            category,
                            float(rate_a[j]),
                            float(rate_b[j]),
                            float(observed[j]),
                            float(p_values[j]) if hits_a[j] + hits_b[j] > 0 else 1.0,
                            int(hits_a[j]),
                            int(hits_b[j]),
                            int(tok_a),
                            int(tok_b),
                            int(in_a.sum()),
                            int((~in_a).sum()),
                            permutations,
                            np.nan,
                        )
                    )
                terms_a = term_hits[rows[in_a]].sum(axis=0).A1
                terms_b = term_hits[rows[~in_a]].sum(axis=0).A1
                for t, (category, term) in enumerate(term_keys):
                    if terms_a[t] + terms_b[t] == 0:
                        continue
                    j = categories.index(category)
                    without = rate_per_1k(hits_a[j] - terms_a[t], tok_a) - rate_per_1k(
                        hits_b[j] - terms_b[t], tok_b
                    )
                    influence.append(
                        (
                            genre_a,
                            genre_b,
                            voice,
                            lang,
                            category,
                            term,
                            float(observed[j]),
                            float(without),
                            float(without - observed[j]),
                            int(terms_a[t]),
                            int(terms_b[t]),
                        )
                    )
    tests_frame = pd.DataFrame.from_records(tests, columns=list(GENRE_TEST_COLUMNS))
    influence_frame = pd.DataFrame.from_records(influence, columns=list(TERM_INFLUENCE_COLUMNS))
    for _, index in tests_frame.groupby(["voice", "lang"], sort=True).groups.items():
        tests_frame.loc[index, "q_value"] = benjamini_hochberg(
            as_written(tests_frame.loc[index, "p_value"])
        )
    order = ["genre_a", "genre_b", "voice", "lang", "category"]
    return (
        tests_frame.sort_values(order).reset_index(drop=True),
        influence_frame.sort_values([*order, "term"]).reset_index(drop=True),
    )


def run_compare_genres(
    sentences_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    tests_out: str,
    influence_out: str,
    *,
    seed: int,
    permutations: int,
    pairs_tsv: str | None = None,
    pooled_language: str = "zh",
    grouped_permutations_from: int | None = None,
) -> None:
    """Rule compare_genres: genre_tests.tsv (secondary) and term_influence.tsv."""
    sentences, matches, documents = (
        read_sentence_counts(sentences_tsv),
        read_matches([matches_tsv]),
        read_tsv(documents_tsv),
    )
    categories = [lx.category for lx in load_lexicons(lexicon_paths)]
    tests, influence = genre_tests(
        sentences,
        matches,
        documents,
        categories,
        seed=seed,
        permutations=permutations,
        pairs=read_tsv(pairs_tsv) if pairs_tsv else None,
        pooled_language=pooled_language,
        grouped_permutations_from=grouped_permutations_from,
    )
    write_frame(tests_out, tests)
    write_frame(influence_out, influence)
