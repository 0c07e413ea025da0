"""Rate tables built on the rhetoric matches: per document, per genre, per document with languages
pooled, subcategory shares and rates along the position in the document.

Unit of resampling everywhere is the sentence (of the corpus stage's sentence table): a rate is
hits / tokens x 1,000 over a set of sentences, and its 95% interval is the 2.5th-97.5th percentile of
the rate over seeded bootstrap resamples of the sentences (stratified by document and language when
several are pooled). Every random draw comes from `numpy.random.default_rng([seed, crc32(cell)])`, so
a cell's numbers do not change when other documents are added and the tables are byte-identical across
runs. Comparisons between genres are in `comparisons`, co-occurrence in `cooccurrence`.

The tables the paper's figures draw (document_scores, subcategory_shares, position) are written with
exact floats (`exact_floats`), so a figure draws the very numbers computed here.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from policy_rhetoric.core.rng import cell_rng
from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.corpus.tokens import SENTENCE_COLUMNS
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.match_table import MATCH_COLUMNS, read_matches, write_matches

# the cell a rate belongs to, and a rate's counts: the common stem of the rate tables here and of
# rhetoric/inference.py's document counts
RATE_CELL_COLUMNS = ("voice", "lang", "category", "subcategory")
RATE_COUNT_COLUMNS = ("hits", "tokens", "sentences")
# the columns of corpus/sentences.tsv the rate tables read (all but the text)
SENTENCE_COUNT_COLUMNS = tuple(c for c in SENTENCE_COLUMNS if c != "text")
SCORE_COLUMNS = (
    "doc_id",
    "genre",
    *RATE_CELL_COLUMNS,
    *RATE_COUNT_COLUMNS,
    "sentences_with_hit",
    "rate_per_1k",
    "ci_low",
    "ci_high",
)
GENRE_SCORE_COLUMNS = (
    "genre",
    *RATE_CELL_COLUMNS,
    *RATE_COUNT_COLUMNS,
    "rate_per_1k",
    "ci_low",
    "ci_high",
    "documents",
)
DOCUMENT_SCORE_COLUMNS = (
    "doc_id",
    "genre",
    "voice",
    "lang",
    "category",
    "hits",
    "tokens",
    "sentences",
    "rate_per_1k",
    "ci_low",
    "ci_high",
)
SUBCATEGORY_SHARE_COLUMNS = (
    "category",
    "subcategory",
    "label",
    "genre",
    "voice",
    "lang",
    "documents",
    "hits",
    "category_hits",
    "share",
)
POSITION_COLUMNS = (
    "genre",
    "category",
    "bin",
    "position",
    "hits",
    "tokens",
    "rate_per_1k",
    "documents",
)
ALL = "all"


def rate_per_1k(hits, tokens, *, empty: float = 0.0):
    """hits / tokens x 1,000 (elementwise); `empty` where there are no tokens."""
    hits = np.asarray(hits, dtype=float)
    tokens = np.asarray(tokens, dtype=float)
    return np.where(tokens > 0, 1000.0 * hits / np.where(tokens > 0, tokens, 1.0), empty)


def exact_floats(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy with every float cell as round-trip text (NaN as NA), for tables the figures draw:
    write_frame keeps 6 significant digits, and a figure should draw the numbers as computed."""
    return frame.map(
        lambda v: ("NA" if v != v else repr(float(v))) if isinstance(v, float | np.floating) else v
    )


def read_sentence_counts(path: str) -> pd.DataFrame:
    """corpus/sentences.tsv without its text, for the tables that count: doc_id, sent_id, start_char,
    end_char, voice, lang, n_tokens (the integers as int64). A repeated doc_id, voice or language is
    one shared string, not a string per sentence (the column's dtype is read_tsv's), so a table of ten
    million tokens takes tens of MB rather than one Python object per cell (the functions here convert
    the integer columns as they would text)."""
    import csv

    texts = ("doc_id", "voice", "lang")
    frame = pd.read_csv(
        path,
        sep="\t",
        usecols=list(SENTENCE_COUNT_COLUMNS),
        dtype={c: ("category" if c in texts else np.int64) for c in SENTENCE_COUNT_COLUMNS},
        keep_default_na=False,
        na_filter=False,
        quoting=csv.QUOTE_NONE,
        encoding="utf-8",
    )
    for column in texts:
        frame[column] = frame[column].astype(
            str
        )  # the dtype read_tsv gives; the strings stay shared
    return frame[list(SENTENCE_COUNT_COLUMNS)]


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


def sentence_frame(
    sentences: pd.DataFrame,
    documents: pd.DataFrame | None,
    *,
    pairs: pd.DataFrame | None = None,
    pooled_language: str = "zh",
) -> pd.DataFrame:
    """The sentence table's doc_id, sent_id, voice, lang, n_tokens (ints), the document's genre and
    `pooled`: whether the sentence counts when languages are pooled (`pooled_mask`)."""
    frame = sentences[["doc_id", "sent_id", "voice", "lang", "n_tokens"]].copy()
    frame["sent_id"] = frame["sent_id"].astype(int)
    frame["n_tokens"] = frame["n_tokens"].astype(int)
    if documents is not None and len(documents):
        genres = documents.set_index("doc_id")["genre"]
        frame["genre"] = frame["doc_id"].map(genres).fillna("")
    else:
        frame["genre"] = ""
    frame["pooled"] = pooled_mask(sentences, pairs, pooled_language)
    return frame.reset_index(drop=True)


def pooled_mask(
    sentences: pd.DataFrame, pairs: pd.DataFrame | None, pooled_language: str = "zh"
) -> np.ndarray:
    """Per sentence: does it count when languages are pooled (lang "all")? A translated passage and
    its original would otherwise be counted twice, with two token definitions: inside an aligned pair
    (corpus/aligned_pairs.tsv) only the `pooled_language` side counts (a sentence is inside a side when
    its characters lie within the side's range, as in `translation`); text outside every pair counts
    in whatever language it is."""
    keep = np.ones(len(sentences), dtype=bool)
    if pairs is None or not len(pairs) or not len(sentences):
        return keep
    other = "en" if pooled_language == "zh" else "zh"
    doc_ids = sentences["doc_id"].to_numpy()
    langs = sentences["lang"].to_numpy()
    starts = pd.to_numeric(sentences["start_char"]).to_numpy()
    ends = pd.to_numeric(sentences["end_char"]).to_numpy()
    # each pair looks only at its own document's sentences (not at every sentence of the corpus)
    members = pd.Series(np.arange(len(doc_ids))).groupby(doc_ids, sort=False).indices
    for doc_id, lo, hi in zip(
        pairs["doc_id"],
        pd.to_numeric(pairs[f"{other}_start"]),
        pd.to_numeric(pairs[f"{other}_end"]),
        strict=True,
    ):
        rows = members.get(doc_id)
        if rows is None:
            continue
        inside = (langs[rows] == other) & (starts[rows] >= lo) & (ends[rows] <= hi)
        keep[rows[inside]] = False
    return keep


def hit_matrix(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    dtype=np.int64,
) -> np.ndarray:
    """Hits per sentence (rows, in `sentences` order) and column (category, subcategory or "all"),
    as `dtype` (float64 for the bootstraps: counted as floats, whole numbers all the same, rather
    than converted from a second matrix of the same size)."""
    hits = np.zeros((len(sentences), len(columns)), dtype=dtype)
    hit_rows, row_hits = sparse_hit_matrix(sentences, matches, columns, dtype)
    hits[hit_rows] = row_hits
    return hits


def sparse_hit_matrix(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    columns: Sequence[tuple[str, str]],
    dtype=np.int64,
) -> tuple[np.ndarray, np.ndarray]:
    """`hit_matrix`'s rows with a hit only: (those rows of `sentences`, ascending; their hits), a
    matrix the size of the matches rather than of the sentences (`rows_hits` gives any rows')."""
    if not len(matches) or not len(sentences):
        return np.zeros(0, dtype=np.int64), np.zeros((0, len(columns)), dtype=dtype)
    rows, known = match_rows(sentences, matches)
    hit_rows, rows = np.unique(rows, return_inverse=True)
    hits = np.zeros((len(hit_rows), len(columns)), dtype=dtype)
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
    return hit_rows, hits


def rows_hits(hit_rows: np.ndarray, row_hits: np.ndarray, rows: np.ndarray) -> np.ndarray:
    """The `hit_matrix` rows `rows` from `sparse_hit_matrix`'s (hit_rows, row_hits)."""
    hits = np.zeros((len(rows), row_hits.shape[1]), dtype=row_hits.dtype)
    at = np.searchsorted(hit_rows, rows)
    found = at < len(hit_rows)
    found[found] = hit_rows[at[found]] == rows[found]
    hits[found] = row_hits[at[found]]
    return hits


def match_rows(sentences: pd.DataFrame, matches: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(row in `sentences` of each match that falls in one, boolean mask of those matches)."""
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
    return rows[known].astype(np.int64), known


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
    # summed stratum by stratum (the same draws, in the same order), never resamples x sentences at
    # once; hits and tokens are whole numbers, so the sums are exact in any order
    resampled_hits = np.zeros((resamples, k))
    resampled_tokens = np.zeros(resamples)
    order = np.argsort(strata, kind="stable")
    bounds = np.flatnonzero(np.diff(strata[order])) + 1
    for where in np.split(order, bounds):
        n = len(where)
        weights = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(np.float64)
        resampled_hits += weights @ hits[where]
        resampled_tokens += weights @ tokens[where]
    with np.errstate(divide="ignore", invalid="ignore"):
        rates = np.where(
            resampled_tokens[:, None] > 0, 1000.0 * resampled_hits / resampled_tokens[:, None], 0.0
        )
    low, high = np.percentile(rates, [2.5, 97.5], axis=0)
    return low, high


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
    frame = sentence_frame(sentences, documents)
    hit_rows, row_hits = sparse_hit_matrix(frame, matches, columns, dtype=np.float64)
    records = []
    for (doc_id, voice, lang), group in frame.groupby(["doc_id", "voice", "lang"], sort=True):
        rows = group.index.to_numpy()
        cell_hits = rows_hits(hit_rows, row_hits, rows)
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
        rates = rate_per_1k(total_hits, total_tokens)
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


def language_views(frame: pd.DataFrame):
    """(lang label, boolean mask) for each language and for all languages pooled, an aligned pair
    counted once (the frame's `pooled` column, `pooled_mask`)."""
    for lang in sorted(frame["lang"].unique()):
        yield lang, (frame["lang"] == lang).to_numpy()
    pooled = frame["pooled"] if "pooled" in frame else pd.Series(True, index=frame.index)
    yield ALL, pooled.to_numpy(dtype=bool)


def genre_score_table(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    lexicons_or_categories,
    *,
    seed: int = 0,
    resamples: int = 200,
    pairs: pd.DataFrame | None = None,
    pooled_language: str = "zh",
) -> pd.DataFrame:
    """genre_scores.tsv: rates pooled over the documents of a genre, per voice and language (en, zh,
    and "all" = both pooled, an aligned pair counted once), with a bootstrap interval over sentences
    stratified by document and language. That interval measures variation inside the documents only;
    the document-level intervals of a genre are in `inference` (genre_estimates.tsv)."""
    columns = score_columns(lexicons_or_categories)
    frame = sentence_frame(sentences, documents, pairs=pairs, pooled_language=pooled_language)
    hit_rows, row_hits = sparse_hit_matrix(frame, matches, columns, dtype=np.float64)
    records = []
    for (genre, voice), group in frame.groupby(["genre", "voice"], sort=True):
        for lang, mask in language_views(group):
            part = group[mask]
            if not len(part):
                continue
            rows = part.index.to_numpy()
            tokens = part["n_tokens"].to_numpy(dtype=np.float64)
            strata = pd.factorize(part["doc_id"] + "\x1f" + part["lang"])[0]
            hits = rows_hits(hit_rows, row_hits, rows)
            low, high = bootstrap_rates(
                hits, tokens, strata, resamples, cell_rng(seed, "genre", genre, voice, lang)
            )
            total = hits.sum(axis=0)
            rates = rate_per_1k(total, tokens.sum())
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


def document_score_table(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: Sequence[str],
    *,
    seed: int = 0,
    resamples: int = 200,
    pairs: pd.DataFrame | None = None,
    pooled_language: str = "zh",
) -> pd.DataFrame:
    """document_scores.tsv: per document x voice x language (en, zh and "all" = pooled) x category,
    hits, tokens, rate and a 95% bootstrap interval over sentences stratified by language: the genre
    table's computation with each document as its own group (scores.tsv has no pooled-language rows,
    and a bilingual document needs them)."""
    own_group = pd.DataFrame({"doc_id": documents["doc_id"], "genre": documents["doc_id"]})
    table = genre_score_table(
        sentences,
        matches,
        own_group,
        categories,
        seed=seed,
        resamples=resamples,
        pairs=pairs,
        pooled_language=pooled_language,
    ).rename(columns={"genre": "doc_id"})
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    table.insert(1, "genre", table["doc_id"].map(genres))
    return table[list(DOCUMENT_SCORE_COLUMNS)]


def subcategory_share_table(genre_scores: pd.DataFrame, lexicons) -> pd.DataFrame:
    """subcategory_shares.tsv: per subcategory (with its label) x genre x voice x language, the
    genre's documents (so that a one-document column is called a document, not a genre), its hits,
    the hits of its whole category and their ratio (NaN without any hit of the category). Rows follow
    the lexicons' order of categories and subcategories, then genre, voice and language."""
    table = genre_scores.assign(hits=genre_scores["hits"].astype(int))
    whole = table[table["subcategory"] == ALL].set_index(["genre", "voice", "lang", "category"])
    totals = whole["hits"]
    documents = whole["documents"].astype(int)
    subs = table[table["subcategory"] != ALL].set_index(
        ["category", "subcategory", "genre", "voice", "lang"]
    )["hits"]
    cells = sorted(set(zip(table["genre"], table["voice"], table["lang"], strict=True)))
    rows = []
    for lexicon in lexicons:
        for subcategory, label in lexicon.labels.items():
            for genre, voice, lang in cells:
                hits = int(subs.get((lexicon.category, subcategory, genre, voice, lang), 0))
                total = int(totals.get((genre, voice, lang, lexicon.category), 0))
                rows.append(
                    (
                        lexicon.category,
                        subcategory,
                        label,
                        genre,
                        voice,
                        lang,
                        int(documents.get((genre, voice, lang, lexicon.category), 0)),
                        hits,
                        total,
                        hits / total if total else np.nan,
                    )
                )
    return pd.DataFrame(rows, columns=list(SUBCATEGORY_SHARE_COLUMNS))


def position_table(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    categories: Sequence[str],
    *,
    voice: str = "primary",
    bins: int = 10,
    pairs: pd.DataFrame | None = None,
    pooled_language: str = "zh",
) -> pd.DataFrame:
    """position.tsv: rate per genre x category x relative position in the document (bins of equal
    width over the sequence of the voice's tokens, in reading order; a sentence belongs to the bin of
    its midpoint). Languages pooled, an aligned pair counted once (`pooled_mask`); documents of a
    genre pooled (hits / tokens per bin)."""
    genres = dict(zip(documents["doc_id"], documents["genre"], strict=True))
    keep = pooled_mask(sentences, pairs, pooled_language)
    sents = sentences[(sentences["voice"] == voice).to_numpy() & keep].copy()
    for column in ("sent_id", "start_char", "n_tokens"):
        sents[column] = pd.to_numeric(sents[column]).astype(int)
    sents = sents[sents["n_tokens"] > 0].sort_values(["doc_id", "start_char"])
    hits = (
        matches[matches["voice"] == voice]
        .assign(sent_id=lambda m: m["sent_id"].astype(int))
        .groupby(["doc_id", "sent_id", "category"])
        .size()
    )
    # per document and category, the bins' hits and tokens (a few numbers per document, not a row
    # per sentence and category); sums of whole numbers, so the same totals in any order
    totals: dict[tuple[str, str, int], list[int]] = {}
    for doc_id, group in sents.groupby("doc_id", sort=True):
        tokens = group["n_tokens"].to_numpy(dtype=float)
        before = np.cumsum(tokens) - tokens
        middle = (before + tokens / 2) / tokens.sum()
        position = np.minimum((middle * bins).astype(int), bins - 1)
        present = np.unique(position)
        bin_tokens = np.zeros(bins, dtype=np.int64)
        np.add.at(bin_tokens, position, group["n_tokens"].to_numpy())
        genre = genres.get(doc_id, "")
        for category in categories:
            bin_hits = np.zeros(bins, dtype=np.int64)
            np.add.at(
                bin_hits,
                position,
                [int(hits.get((doc_id, int(s), category), 0)) for s in group["sent_id"]],
            )
            for b in present:
                cell = totals.setdefault((genre, category, int(b)), [0, 0])
                cell[0] += int(bin_hits[b])
                cell[1] += int(bin_tokens[b])
    frame = pd.DataFrame(
        [(*key, h, t) for key, (h, t) in totals.items()],
        columns=["genre", "category", "bin", "hits", "tokens"],
    )
    if frame.empty:
        return pd.DataFrame(columns=list(POSITION_COLUMNS))
    table = frame.sort_values(["genre", "category", "bin"]).reset_index(drop=True)
    table["position"] = (table["bin"] + 0.5) / bins
    table["rate_per_1k"] = rate_per_1k(table["hits"], table["tokens"], empty=np.nan)
    doc_counts = pd.Series(genres).loc[sorted(sents["doc_id"].unique())].value_counts()
    table["documents"] = table["genre"].map(doc_counts).astype(int)
    return (
        table[list(POSITION_COLUMNS)]
        .sort_values(["category", "genre", "bin"])
        .reset_index(drop=True)
    )


def run_summarize_rhetoric(
    match_tables: list[str],
    sentences_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    matches_out: str,
    scores_out: str,
    genre_scores_out: str,
    document_scores_out: str,
    subcategory_shares_out: str,
    *,
    seed: int,
    resamples: int,
    pairs_tsv: str | None = None,
    pooled_language: str = "zh",
) -> None:
    """Rule summarize_rhetoric: all matches in one table; the document, genre, document-pooled and
    subcategory-share tables."""
    matches = read_matches(match_tables)
    write_matches(
        matches_out, list(matches[list(MATCH_COLUMNS)].itertuples(index=False, name=None))
    )
    lexicons = load_lexicons(lexicon_paths)
    categories = [lx.category for lx in lexicons]
    sentences, documents = read_sentence_counts(sentences_tsv), read_tsv(documents_tsv)
    options = {
        "seed": seed,
        "resamples": resamples,
        "pairs": read_tsv(pairs_tsv) if pairs_tsv else None,
        "pooled_language": pooled_language,
    }
    write_frame(
        scores_out,
        rate_table(sentences, matches, documents, lexicons, seed=seed, resamples=resamples),
    )
    genre_scores = genre_score_table(sentences, matches, documents, lexicons, **options)
    write_frame(genre_scores_out, genre_scores)
    document_scores = document_score_table(sentences, matches, documents, categories, **options)
    write_frame(document_scores_out, exact_floats(document_scores))
    shares = subcategory_share_table(genre_scores, lexicons)
    write_frame(subcategory_shares_out, exact_floats(shares))


def run_measure_position(
    sentences_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    output: str,
    *,
    bins: int,
    pairs_tsv: str | None = None,
    pooled_language: str = "zh",
) -> None:
    """Rule measure_position: position.tsv (primary voice)."""
    categories = [lx.category for lx in load_lexicons(lexicon_paths)]
    table = position_table(
        read_sentence_counts(sentences_tsv),
        read_matches([matches_tsv]),
        read_tsv(documents_tsv),
        categories,
        bins=bins,
        pairs=read_tsv(pairs_tsv) if pairs_tsv else None,
        pooled_language=pooled_language,
    )
    write_frame(output, exact_floats(table))
