"""Rates, uncertainty and comparisons built on the rhetoric matches.

Unit of resampling everywhere is the sentence (of the tokenize stage's sentence table): a rate is
hits / tokens x 1,000 over a set of sentences, its 95% interval is the 2.5th-97.5th percentile of the
rate over seeded bootstrap resamples of the sentences (stratified by document and language when
several are pooled), and genre differences are tested by permuting genre labels across the
sentences of the two genres. With one document per genre (the embedded corpus) those tests compare two
documents' sentences: they say whether the difference is larger than sentence-to-sentence variation
inside the documents, not whether genres differ.

Every random draw comes from `numpy.random.default_rng([seed, crc32(cell)])`, so a cell's numbers do
not change when other documents are added and the tables are byte-identical across runs.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

import numpy as np
import pandas as pd

from policy_rhetoric.core.rng import cell_rng
from policy_rhetoric.core.tables import read_tsv, write_frame, write_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.matching import MATCH_COLUMNS, read_matches, write_matches

SCORE_COLUMNS = (
    "doc_id",
    "genre",
    "voice",
    "lang",
    "category",
    "subcategory",
    "hits",
    "tokens",
    "sentences",
    "sentences_with_hit",
    "rate_per_1k",
    "ci_low",
    "ci_high",
)
GENRE_SCORE_COLUMNS = (
    "genre",
    "voice",
    "lang",
    "category",
    "subcategory",
    "hits",
    "tokens",
    "sentences",
    "rate_per_1k",
    "ci_low",
    "ci_high",
    "documents",
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
COOCCURRENCE_COLUMNS = (
    "scope",
    "voice",
    "lang",
    "units",
    "units_militarized",
    "units_self_reliance",
    "units_both",
    "expected_both",
    "expected_ci_low",
    "expected_ci_high",
    "p_value",
    "permutations",
)
KWIC_COLUMNS = (
    "doc_id",
    "start_char",
    "end_char",
    "category",
    "subcategory",
    "term",
    "voice",
    "lang",
    "left",
    "match",
    "right",
)
ALL = "all"
COOCCURRING = ("militarized", "self_reliance")


def score_columns(lexicons_or_categories) -> list[tuple[str, str]]:
    """(category, subcategory) columns to score: each category as "all", then each subcategory.

    Accepts Lexicon objects (all subcategories, zeros included) or plain category names."""
    columns = []
    for item in lexicons_or_categories:
        if isinstance(item, str):
            columns.append((item, ALL))
        else:
            columns.append((item.category, ALL))
            columns.extend((item.category, sub) for sub in item.labels)
    return columns


def _sentence_frame(sentences: pd.DataFrame, documents: pd.DataFrame | None) -> pd.DataFrame:
    frame = sentences[["doc_id", "sent_id", "voice", "lang", "n_tokens"]].copy()
    frame["sent_id"] = frame["sent_id"].astype(int)
    frame["n_tokens"] = frame["n_tokens"].astype(int)
    if documents is not None and len(documents):
        genres = documents.set_index("doc_id")["genre"]
        frame["genre"] = frame["doc_id"].map(genres).fillna("")
    else:
        frame["genre"] = ""
    return frame.reset_index(drop=True)


def hit_matrix(
    sentences: pd.DataFrame, matches: pd.DataFrame, columns: Sequence[tuple[str, str]]
) -> np.ndarray:
    """Hits per sentence (rows, in `sentences` order) and column (category, subcategory or "all")."""
    hits = np.zeros((len(sentences), len(columns)), dtype=np.int64)
    if not len(matches) or not len(sentences):
        return hits
    index = pd.Series(
        np.arange(len(sentences)),
        index=pd.MultiIndex.from_arrays(
            [sentences["doc_id"].to_numpy(), sentences["sent_id"].astype(int).to_numpy()]
        ),
    )
    keys = pd.MultiIndex.from_arrays(
        [matches["doc_id"].to_numpy(), matches["sent_id"].astype(int).to_numpy()]
    )
    rows = index.reindex(keys).to_numpy()
    known = ~pd.isna(rows)
    rows = rows[known].astype(np.int64)
    categories = matches["category"].to_numpy()[known]
    subcategories = (
        matches["subcategory"].to_numpy()[known]
        if "subcategory" in matches
        else np.full(len(rows), ALL, dtype=object)
    )
    for j, (category, sub) in enumerate(columns):
        mask = categories == category
        if sub != ALL:
            mask &= subcategories == sub
        np.add.at(hits[:, j], rows[mask], 1)
    return hits


def bootstrap_rates(
    hits: np.ndarray,
    tokens: np.ndarray,
    strata: np.ndarray,
    resamples: int,
    rng: np.random.Generator,
) -> tuple[np.ndarray, np.ndarray]:
    """95% percentile interval of hits/tokens x 1000 per column, resampling sentences in each stratum.

    `hits` is sentences x columns, `tokens` and `strata` are per sentence. Returns (low, high)."""
    k = hits.shape[1]
    if resamples <= 0 or not len(tokens):
        nan = np.full(k, np.nan)
        return nan, nan
    weights = np.zeros((resamples, len(tokens)), dtype=np.float64)
    for stratum in np.unique(strata):
        where = np.flatnonzero(strata == stratum)
        n = len(where)
        weights[:, where] = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples)
    resampled_hits = weights @ hits
    resampled_tokens = weights @ tokens
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(
            resampled_tokens[:, None] > 0, 1000.0 * resampled_hits / resampled_tokens[:, None], 0.0
        )
    low, high = np.percentile(rates, [2.5, 97.5], axis=0)
    return low, high


def _rate(hits, tokens):
    return np.where(tokens > 0, 1000.0 * hits / np.maximum(tokens, 1), 0.0)


def rate_table(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    lexicons_or_categories,
    *,
    seed: int = 0,
    resamples: int = 200,
) -> pd.DataFrame:
    """scores.tsv: per document x voice x language x (category, subcategory) the hits, tokens,
    sentences, sentences with a hit, rate per 1,000 tokens and its bootstrap 95% interval.

    Every document x voice x language with sentences gets a row for every column, zeros included."""
    columns = score_columns(lexicons_or_categories)
    frame = _sentence_frame(sentences, documents)
    hits = hit_matrix(frame, matches, columns)
    records = []
    for (doc_id, voice, lang), group in frame.groupby(["doc_id", "voice", "lang"], sort=True):
        rows = group.index.to_numpy()
        cell_hits = hits[rows].astype(np.float64)
        tokens = group["n_tokens"].to_numpy(dtype=np.float64)
        low, high = bootstrap_rates(
            cell_hits,
            tokens,
            np.zeros(len(rows), dtype=np.int64),
            resamples,
            cell_rng(seed, "score", doc_id, voice, lang),
        )
        total_hits = cell_hits.sum(axis=0)
        total_tokens = tokens.sum()
        rates = _rate(total_hits, total_tokens)
        with_hit = (cell_hits > 0).sum(axis=0)
        genre = group["genre"].iloc[0]
        for j, (category, sub) in enumerate(columns):
            records.append(
                (
                    doc_id,
                    genre,
                    voice,
                    lang,
                    category,
                    sub,
                    int(total_hits[j]),
                    int(total_tokens),
                    len(rows),
                    int(with_hit[j]),
                    float(rates[j]),
                    float(low[j]),
                    float(high[j]),
                )
            )
    table = pd.DataFrame.from_records(records, columns=list(SCORE_COLUMNS))
    return table.sort_values(["doc_id", "voice", "lang", "category", "subcategory"]).reset_index(
        drop=True
    )


def _language_views(frame: pd.DataFrame):
    """(lang label, boolean mask) for each language and for all languages pooled."""
    for lang in sorted(frame["lang"].unique()):
        yield lang, (frame["lang"] == lang).to_numpy()
    yield ALL, np.ones(len(frame), dtype=bool)


def genre_score_table(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    lexicons_or_categories,
    *,
    seed: int = 0,
    resamples: int = 200,
) -> pd.DataFrame:
    """genre_scores.tsv: rates pooled over the documents of a genre, per voice and language (en, zh,
    and "all" = both pooled), with a bootstrap interval stratified by document and language."""
    columns = score_columns(lexicons_or_categories)
    frame = _sentence_frame(sentences, documents)
    hits = hit_matrix(frame, matches, columns).astype(np.float64)
    records = []
    for (genre, voice), group in frame.groupby(["genre", "voice"], sort=True):
        for lang, mask in _language_views(group):
            part = group[mask]
            if not len(part):
                continue
            rows = part.index.to_numpy()
            tokens = part["n_tokens"].to_numpy(dtype=np.float64)
            strata = pd.factorize(part["doc_id"] + "\x1f" + part["lang"])[0]
            low, high = bootstrap_rates(
                hits[rows], tokens, strata, resamples, cell_rng(seed, "genre", genre, voice, lang)
            )
            total = hits[rows].sum(axis=0)
            rates = _rate(total, tokens.sum())
            n_docs = part["doc_id"].nunique()
            for j, (category, sub) in enumerate(columns):
                records.append(
                    (
                        genre,
                        voice,
                        lang,
                        category,
                        sub,
                        int(total[j]),
                        int(tokens.sum()),
                        len(rows),
                        float(rates[j]),
                        float(low[j]),
                        float(high[j]),
                        n_docs,
                    )
                )
    table = pd.DataFrame.from_records(records, columns=list(GENRE_SCORE_COLUMNS))
    return table.sort_values(["genre", "voice", "lang", "category", "subcategory"]).reset_index(
        drop=True
    )


def permutation_differences(
    hits: np.ndarray, tokens: np.ndarray, in_a: np.ndarray, permutations: int, rng
) -> np.ndarray:
    """Rate differences (a - b, per column) for `permutations` random relabellings of the sentences.

    The number of sentences labelled a stays fixed; returns permutations x columns."""
    labels = np.tile(in_a.astype(np.float64), (permutations, 1))
    labels = rng.permuted(labels, axis=1)
    hits_a = labels @ hits
    tokens_a = labels @ tokens
    hits_b = hits.sum(axis=0)[None, :] - hits_a
    tokens_b = tokens.sum() - tokens_a
    return _rate(hits_a, tokens_a[:, None]) - _rate(hits_b, tokens_b[:, None])


def genre_tests(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: Sequence[str],
    *,
    seed: int = 0,
    permutations: int = 2000,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """genre_tests.tsv and term_influence.tsv.

    For each pair of genres (alphabetical: a < b), voice and language (each, and "all"), and category:
    rate_a, rate_b, difference = rate_a - rate_b, and a two-sided permutation p-value, permuting genre
    labels across the sentences of the two genres: p = (1 + #{|d*| >= |d|}) / (1 + permutations).
    Leave-one-term-out: for every entry with hits in either genre, the difference without its hits."""
    frame = _sentence_frame(sentences, documents)
    columns = [(c, ALL) for c in categories]
    hits = hit_matrix(frame, matches, columns).astype(np.float64)
    term_keys = (
        sorted(set(zip(matches["category"], matches["term"], strict=True))) if len(matches) else []
    )
    term_keys = [k for k in term_keys if k[0] in categories]
    term_hits = hit_matrix(
        frame,
        matches.assign(subcategory=matches["term"]) if len(matches) else matches,
        term_keys,
    ).astype(np.float64)
    tests, influence = [], []
    genres = sorted(g for g in frame["genre"].unique())
    for voice in sorted(frame["voice"].unique()):
        by_voice = frame[frame["voice"] == voice]
        for lang, mask in _language_views(by_voice):
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
                rate_a, rate_b = _rate(hits_a, tok_a), _rate(hits_b, tok_b)
                observed = rate_a - rate_b
                rng = cell_rng(seed, "genre_test", genre_a, genre_b, voice, lang)
                null = permutation_differences(cell_hits, tokens, in_a, permutations, rng)
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
                        )
                    )
                cell_terms = term_hits[rows]
                terms_a, terms_b = cell_terms[in_a].sum(axis=0), cell_terms[~in_a].sum(axis=0)
                for t, (category, term) in enumerate(term_keys):
                    if terms_a[t] + terms_b[t] == 0:
                        continue
                    j = categories.index(category)
                    without = _rate(hits_a[j] - terms_a[t], tok_a) - _rate(
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
    order = ["genre_a", "genre_b", "voice", "lang", "category"]
    return (
        tests_frame.sort_values(order).reset_index(drop=True),
        influence_frame.sort_values([*order, "term"]).reset_index(drop=True),
    )


def unit_table(
    sentences: pd.DataFrame, segments: pd.DataFrame | None, matches: pd.DataFrame, scope: str
) -> pd.DataFrame:
    """Units (sentences, or paragraphs = segments holding at least one sentence) with doc_id, voice,
    lang and a 0/1 column per co-occurring construct (any match of it inside the unit)."""
    frame = sentences[["doc_id", "sent_id", "start_char", "voice", "lang"]].copy()
    frame["sent_id"] = frame["sent_id"].astype(int)
    frame["start_char"] = frame["start_char"].astype(int)
    if scope == "sentence":
        frame["unit"] = frame["sent_id"]
    elif scope == "paragraph":
        segs = segments[["doc_id", "seg_id", "start_char"]].copy()
        segs["seg_id"] = segs["seg_id"].astype(int)
        segs["start_char"] = segs["start_char"].astype(int)
        frame = pd.merge_asof(
            frame.sort_values("start_char"),
            segs.sort_values("start_char"),
            on="start_char",
            by="doc_id",
            direction="backward",
        )
        frame["unit"] = frame["seg_id"]
    else:
        raise ValueError(f"unknown scope {scope!r}")
    sent_unit = frame.set_index(["doc_id", "sent_id"])["unit"]
    units = frame.groupby(["doc_id", "unit"], as_index=False).agg(
        voice=("voice", "first"), lang=("lang", "first")
    )
    for category in COOCCURRING:
        flagged = set()
        if len(matches):
            m = matches[matches["category"] == category]
            keys = pd.MultiIndex.from_arrays([m["doc_id"], m["sent_id"].astype(int)])
            found = sent_unit.reindex(keys)
            flagged = set(zip(m["doc_id"], found.to_numpy(), strict=True))
        units[category] = [
            int((d, u) in flagged) for d, u in zip(units["doc_id"], units["unit"], strict=True)
        ]
    return units.sort_values(["doc_id", "unit"]).reset_index(drop=True)


def cooccurrence_table(
    sentences: pd.DataFrame,
    segments: pd.DataFrame,
    matches: pd.DataFrame,
    *,
    seed: int = 0,
    permutations: int = 2000,
) -> pd.DataFrame:
    """cooccurrence.tsv: units with militarized, self-reliance and both kinds of matches, against a
    permutation baseline that shuffles the self-reliance labels across the units of each document
    (militarized labels fixed): expected_both is the mean, expected_ci_* the 2.5th/97.5th percentiles
    and p_value = (1 + #{both* >= both}) / (1 + permutations), one-sided (more co-occurrence than chance).
    """
    mil, sr = COOCCURRING
    records = []
    for scope in ("sentence", "paragraph"):
        units = unit_table(sentences, segments, matches, scope)
        for voice in sorted(units["voice"].unique()):
            by_voice = units[units["voice"] == voice]
            for lang, mask in _language_views(by_voice):
                part = by_voice[mask]
                if not len(part):
                    continue
                rng = cell_rng(seed, "cooccurrence", scope, voice, lang)
                both_null = np.zeros(permutations)
                for _, doc_units in part.groupby("doc_id", sort=True):
                    a = doc_units[mil].to_numpy(dtype=np.float64)
                    b = doc_units[sr].to_numpy(dtype=np.float64)
                    if a.sum() == 0 or b.sum() == 0:
                        continue
                    shuffled = rng.permuted(np.tile(b, (permutations, 1)), axis=1)
                    both_null += shuffled @ a
                both = int((part[mil] & part[sr]).sum())
                records.append(
                    (
                        scope,
                        voice,
                        lang,
                        len(part),
                        int(part[mil].sum()),
                        int(part[sr].sum()),
                        both,
                        float(both_null.mean()),
                        float(np.percentile(both_null, 2.5)),
                        float(np.percentile(both_null, 97.5)),
                        float((1.0 + (both_null >= both - 1e-9).sum()) / (1.0 + permutations)),
                        permutations,
                    )
                )
    table = pd.DataFrame.from_records(records, columns=list(COOCCURRENCE_COLUMNS))
    return table.sort_values(["scope", "voice", "lang"]).reset_index(drop=True)


def kwic_rows(matches: pd.DataFrame, texts: dict[str, str], window: int) -> list[tuple]:
    """KWIC audit rows: every match with `window` characters of raw text on each side."""
    rows = []
    for m in matches.itertuples(index=False):
        text = texts[m.doc_id]
        start, end = int(m.start_char), int(m.end_char)
        rows.append(
            (
                m.doc_id,
                start,
                end,
                m.category,
                m.subcategory,
                m.term,
                m.voice,
                m.lang,
                text[max(0, start - window) : start],
                text[start:end],
                text[end : end + window],
            )
        )
    return rows


def _read_inputs(sentences_tsv, matches_tsv, documents_tsv=None):

    sentences = read_tsv(sentences_tsv)
    matches = read_matches([matches_tsv])
    documents = read_tsv(documents_tsv) if documents_tsv else None
    return sentences, matches, documents


def run_summarize_rhetoric(
    match_tables: list[str],
    sentences_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    matches_out: str,
    scores_out: str,
    genre_scores_out: str,
    *,
    seed: int,
    resamples: int,
) -> None:
    """Rule summarize_rhetoric: all matches in one table, the document and the genre rate tables."""

    matches = read_matches(match_tables)
    write_matches(
        matches_out, list(matches[list(MATCH_COLUMNS)].itertuples(index=False, name=None))
    )
    lexicons = load_lexicons(lexicon_paths)
    sentences, documents = read_tsv(sentences_tsv), read_tsv(documents_tsv)
    options = {"seed": seed, "resamples": resamples}
    write_frame(scores_out, rate_table(sentences, matches, documents, lexicons, **options))
    write_frame(
        genre_scores_out, genre_score_table(sentences, matches, documents, lexicons, **options)
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
) -> None:
    """Rule compare_genres: genre_tests.tsv and term_influence.tsv."""

    sentences, matches, documents = _read_inputs(sentences_tsv, matches_tsv, documents_tsv)
    categories = [lx.category for lx in load_lexicons(lexicon_paths)]
    tests, influence = genre_tests(
        sentences, matches, documents, categories, seed=seed, permutations=permutations
    )
    write_frame(tests_out, tests)
    write_frame(influence_out, influence)


def run_measure_cooccurrence(
    sentences_tsv: str,
    segments_tsv: str,
    matches_tsv: str,
    output: str,
    *,
    seed: int,
    permutations: int,
) -> None:
    """Rule measure_cooccurrence: cooccurrence.tsv."""

    sentences, matches, _ = _read_inputs(sentences_tsv, matches_tsv)
    table = cooccurrence_table(
        sentences, read_tsv(segments_tsv), matches, seed=seed, permutations=permutations
    )
    write_frame(output, table)


def run_write_kwic(matches_tsv: str, documents_tsv: str, output: str, *, window: int) -> None:
    """Rule write_kwic: kwic.tsv, every match with `window` characters of context in the raw file."""

    documents = read_tsv(documents_tsv)
    paths = dict(zip(documents["doc_id"], documents["path"], strict=True))
    matches = read_matches([matches_tsv])
    texts = {d: raw_text(paths[d]) for d in sorted(set(matches["doc_id"]))}
    rows = kwic_rows(matches, texts, window)
    write_tsv(output, rows, KWIC_COLUMNS, sort_by=("doc_id", "start_char", "end_char", "category"))
