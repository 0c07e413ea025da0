"""Document-level inference on rhetoric rates: the document is the unit, its tokens the exposure.

Tables (rule infer_rhetoric):
- document_counts.tsv: hits and tokens per document x voice x language (each, and "all" with an
  aligned translation pair counted once, see `rates.pooled_mask`) x category/subcategory, with the
  document's year and an exact Poisson (Garwood) interval of its rate.
- genre_estimates.tsv: per genre (over all years, and again over the years the genres overlap) the
  pooled rate (hits / tokens) with an exact interval, a bootstrap interval resampling documents within
  the genre, and the negative-binomial (NB) estimate with a document-robust interval.
- genre_inference.tsv: one omnibus test of genre per voice x language x category (NB Wald test, and a
  permutation of genre labels across documents) and the pairwise contrasts (NB rate ratio with its
  interval, Wald and permutation p-values, Benjamini-Hochberg q-values per voice x language x years).

Why these: hits per document are overdispersed counts (documents differ in topic and occasion beyond
Poisson noise), so intervals that resample sentences inside documents or treat tokens as independent
are far too narrow. The NB model (log link, log-token offset) absorbs overdispersion; its covariance is
the sandwich clustered by document (one row per document, so this is the heteroskedasticity-robust
covariance). The bootstrap resamples whole documents within each genre and recomputes the pooled ratio:
for a ratio estimator under cluster sampling the one-stage cluster bootstrap already carries the
within-document variance (a document's total is itself random), so a second stage resampling sentences
would count it twice (Davison & Hinkley 1997, sec. 3.8); it is not done. The permutation test relabels
whole documents, whose exchangeability under "genre does not matter" is the null of interest (the
sentence permutation of `comparisons` is not exchangeable and is kept only as a secondary diagnostic).

A genre with one document is a document: its unit is "document", it gets an exact interval only (no
bootstrap, no NB estimate), and no test involving it prints a p-value. Where a testable genre has no
hit at all, the cell-means NB is separated (that genre's coefficient runs to minus infinity and the
Wald ratio, interval and p-value are artefacts): no NB test is printed for the cell, only the
permutation p-value, and its rows are flagged `genre_without_hits`. Every estimate resting on fewer
than MIN_HITS hits or MIN_DOCUMENTS documents carries a flag. Random draws are seeded per cell
(`core.rng.cell_rng`), so tables are byte-identical across runs.
"""

from __future__ import annotations

import itertools
import warnings
from collections.abc import Sequence

import numpy as np
import pandas as pd

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.rng import cell_rng, permuted_rows
from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.rhetoric.comparisons import benjamini_hochberg
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.match_table import read_matches
from policy_rhetoric.rhetoric.rates import (
    ALL,
    RATE_CELL_COLUMNS,
    RATE_COUNT_COLUMNS,
    exact_floats,
    pooled_mask,
    rate_per_1k,
    read_sentence_counts,
    score_columns,
    sparse_hit_matrix,
)

MIN_HITS = 10
MIN_DOCUMENTS = 3
LEVEL = 0.95
ALL_YEARS = "all"

DOCUMENT_COUNT_COLUMNS = (
    "doc_id",
    "genre",
    "year",
    *RATE_CELL_COLUMNS,
    *RATE_COUNT_COLUMNS,
    "rate_per_1k",
    "exact_low",
    "exact_high",
    "flag",
)
GENRE_ESTIMATE_COLUMNS = (
    "years",
    "genre",
    "unit",
    *RATE_CELL_COLUMNS,
    "documents",
    "hits",
    "tokens",
    "rate_per_1k",
    "exact_low",
    "exact_high",
    "boot_low",
    "boot_high",
    "nb_rate",
    "nb_low",
    "nb_high",
    "flag",
)
GENRE_INFERENCE_COLUMNS = (
    "years",
    "test",
    "voice",
    "lang",
    "category",
    "genre_a",
    "genre_b",
    "documents_a",
    "documents_b",
    "hits_a",
    "hits_b",
    "tokens_a",
    "tokens_b",
    "rate_ratio",
    "rr_low",
    "rr_high",
    "adjusted_for",
    "p_value",
    "p_permutation",
    "permutations",
    "q_value",
    "flag",
)


# --- small-count intervals and flags -------------------------------------------------------------


def exact_rate_interval(hits, exposure, level: float = LEVEL) -> tuple[np.ndarray, np.ndarray]:
    """Exact (Garwood 1936) interval of a Poisson rate hits / exposure: the gamma quantiles
    [G(a/2; k), G(1 - a/2; k + 1)] / exposure, with lower bound 0 at k = 0. Elementwise; NaN where the
    exposure is 0. 0 events at 97.5% one-sided (level 0.95): upper 3.689 per unit exposure."""
    # scipy.special (0.4 CPU-s to import), not scipy.stats (1 CPU-s, its docstrings parsed), and here
    # and below, not at the top: measure_trends imports this module. gamma.ppf(q, a) is
    # gammaincinv(a, q); norm.ppf is ndtri, norm.sf(x) ndtr(-x), chi2.sf(x, df) chdtrc(df, x)
    from scipy import special

    k = np.asarray(hits, dtype=float)
    t = np.asarray(exposure, dtype=float)
    alpha = 1.0 - level
    safe_t = np.where(t > 0, t, 1.0)
    low = np.where(k > 0, special.gammaincinv(np.where(k > 0, k, 1.0), alpha / 2), 0.0) / safe_t
    high = special.gammaincinv(k + 1.0, 1 - alpha / 2) / safe_t
    return np.where(t > 0, low, np.nan), np.where(t > 0, high, np.nan)


def flag_for(hits: float, documents: int | None) -> str:
    """ "few_hits" (< MIN_HITS), "few_documents" (< MIN_DOCUMENTS), both joined by ";", or ""."""
    flags = []
    if hits < MIN_HITS:
        flags.append("few_hits")
    if documents is not None and documents < MIN_DOCUMENTS:
        flags.append("few_documents")
    return ";".join(flags)


# --- document counts ------------------------------------------------------------------------------


def document_years(documents: pd.DataFrame) -> dict[str, float]:
    """doc_id -> year of primary_date (first four digits), NaN when the date is empty."""
    years = {}
    for doc_id, date in zip(documents["doc_id"], documents.get("primary_date", ""), strict=True):
        text = str(date) if date == date else ""
        years[doc_id] = float(text[:4]) if text[:4].isdigit() else np.nan
    return years


def document_counts(
    sentences: pd.DataFrame,
    matches: pd.DataFrame,
    documents: pd.DataFrame,
    lexicons_or_categories,
    *,
    pairs: pd.DataFrame | None = None,
    pooled_language: str = "zh",
) -> pd.DataFrame:
    """document_counts.tsv: hits, tokens and sentences per document x voice x language x column
    (each category as "all", then each subcategory), lang "all" counting an aligned pair once (the
    `pooled_language` side); the rate per 1,000 tokens with its exact 95% interval and the small-count
    flag (fewer than MIN_HITS hits). Every document x voice x language with sentences gets every column."""
    columns = score_columns(lexicons_or_categories)
    # a cell is a view (each language in order, then "all") x document x voice; a sentence counts in
    # its language's cell and, when pooled, in the "all" cell (its second entry below). Tokens,
    # sentences and hits are added up per cell straight from the sentences and matches: no copy of
    # the sentence table, no matrix of hits per sentence, no group of rows per cell.
    doc_codes, doc_names = pd.factorize(sentences["doc_id"], sort=True)
    voice_codes, voice_names = pd.factorize(sentences["voice"], sort=True)
    lang_codes, lang_names = pd.factorize(sentences["lang"], sort=True)
    pooled = pooled_mask(sentences, pairs, pooled_language)
    n_docs, n_voices = len(doc_names), len(voice_names)
    within = doc_codes * n_voices + voice_codes
    per_view = n_docs * n_voices
    keys = np.concatenate(
        [lang_codes * per_view + within, len(lang_names) * per_view + within[pooled]]
    )
    # the cells with sentences, in (view, document, voice) order
    present = np.bincount(keys, minlength=(len(lang_names) + 1) * n_docs * n_voices) > 0
    cell = (np.cumsum(present) - 1)[keys]
    view, doc, voice = np.unravel_index(
        np.flatnonzero(present), (len(lang_names) + 1, n_docs, n_voices)
    )
    n_cells = len(view)
    n_tokens = sentences["n_tokens"].astype(int).to_numpy()
    tokens = np.zeros(n_cells, dtype=np.int64)
    np.add.at(tokens, cell, np.concatenate([n_tokens, n_tokens[pooled]]))
    hits = np.zeros((n_cells, len(columns)), dtype=np.int64)
    # the hits of the sentences with one (rates.sparse_hit_matrix), added to their cells
    hit_rows, row_hits = sparse_hit_matrix(sentences, matches, columns)
    np.add.at(hits, cell[hit_rows], row_hits)
    pooled_cell = np.full(len(sentences), -1)
    pooled_cell[pooled] = cell[len(sentences) :]
    in_pool = pooled[hit_rows]
    np.add.at(hits, pooled_cell[hit_rows[in_pool]], row_hits[in_pool])
    genres = (
        pd.Series(doc_names).map(documents.set_index("doc_id")["genre"]).fillna("").to_numpy()
        if documents is not None and len(documents)
        else np.full(len(doc_names), "", dtype=object)
    )
    years = document_years(documents)
    doc_years = np.array([years.get(doc_id, np.nan) for doc_id in doc_names], dtype=float)
    # one row per cell x column (rows sorted by document, voice, language and column below)
    per_cell = len(columns)
    table = pd.DataFrame(
        {
            "doc_id": np.asarray(doc_names, dtype=object)[doc].repeat(per_cell),
            "genre": genres[doc].repeat(per_cell),
            "year": doc_years[doc].repeat(per_cell),
            "voice": np.asarray(voice_names, dtype=object)[voice].repeat(per_cell),
            "lang": np.array([*lang_names, ALL], dtype=object)[view].repeat(per_cell),
            "category": np.tile(np.array([c for c, _ in columns], dtype=object), n_cells),
            "subcategory": np.tile(np.array([s for _, s in columns], dtype=object), n_cells),
            "hits": hits.ravel(),
            "tokens": tokens.repeat(per_cell),
            "sentences": np.bincount(cell, minlength=n_cells).astype(np.int64).repeat(per_cell),
        }
    )
    table["rate_per_1k"] = rate_per_1k(table["hits"], table["tokens"], empty=np.nan)
    low, high = exact_rate_interval(table["hits"], table["tokens"])
    table["exact_low"], table["exact_high"] = 1000.0 * low, 1000.0 * high
    table["flag"] = [flag_for(h, None) for h in table["hits"]]
    order = ["doc_id", "voice", "lang", "category", "subcategory"]
    return table.sort_values(order).reset_index(drop=True)


# --- bootstrap over documents ---------------------------------------------------------------------


def document_bootstrap(
    hits: np.ndarray,
    tokens: np.ndarray,
    resamples: int,
    rng: np.random.Generator,
    level: float = LEVEL,
) -> tuple[float, float]:
    """Percentile interval of sum(hits) / sum(tokens) x 1,000 over resamples of the documents (with
    replacement, as many as there are). NaN with fewer than 2 documents or no resamples."""
    hits = np.asarray(hits, dtype=float)
    tokens = np.asarray(tokens, dtype=float)
    n = len(hits)
    if n < 2 or resamples <= 0:
        return np.nan, np.nan
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(float)
    resampled_tokens = weights @ tokens
    rates = rate_per_1k(weights @ hits, resampled_tokens)
    alpha = 1.0 - level
    low, high = np.percentile(rates, [100 * alpha / 2, 100 * (1 - alpha / 2)])
    return float(low), float(high)


# --- negative-binomial regression -----------------------------------------------------------------


def nb_fit(counts: np.ndarray, exposure: np.ndarray, design: np.ndarray):
    """Negative-binomial (NB2) regression of counts on `design` with log(exposure) as offset; the
    covariance is the sandwich clustered by row (one row per document). Returns the statsmodels
    result, or None where the model cannot be fit (no hits, or the optimiser fails to converge)."""
    from statsmodels.discrete.discrete_model import NegativeBinomial

    counts = np.asarray(counts, dtype=float)
    # NB2 estimates the dispersion too: with no more rows than parameters (design columns + 1) the
    # clustered covariance divides by zero (found by the benchmark: two documents of one genre)
    if counts.sum() == 0 or len(counts) <= design.shape[1] + 1:
        return None
    model = NegativeBinomial(
        counts, design, offset=np.log(np.asarray(exposure, dtype=float)), loglike_method="nb2"
    )
    groups = np.arange(len(counts))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        try:
            result = model.fit(
                method="bfgs",
                maxiter=2000,
                disp=0,
                cov_type="cluster",
                cov_kwds={"groups": groups},
            )
        except (np.linalg.LinAlgError, ValueError):
            return None
    if not result.mle_retvals.get("converged", False) or not np.all(np.isfinite(result.bse)):
        return None
    return result


def genre_design(
    genres: Sequence[str], levels: Sequence[str], years: np.ndarray | None = None
) -> np.ndarray:
    """Cell-means design: one indicator per genre level (no intercept), then centred year in decades
    (years - their mean) / 10 when `years` is given."""
    genres = np.asarray(genres)
    columns = [(genres == level).astype(float) for level in levels]
    if years is not None:
        years = np.asarray(years, dtype=float)
        columns.append((years - years.mean()) / 10.0)
    return np.column_stack(columns)


def rate_ratio(result, i: int, j: int, level: float = LEVEL) -> tuple[float, float, float, float]:
    """exp(b_i - b_j) with its Wald interval and two-sided p-value from `result` (cell-means NB)."""
    from scipy import special

    contrast = np.zeros(len(result.params))
    contrast[i], contrast[j] = 1.0, -1.0
    estimate = float(contrast @ result.params)
    se = float(np.sqrt(contrast @ result.cov_params() @ contrast))
    z = special.ndtri(0.5 + level / 2)
    p = float(2 * special.ndtr(-abs(estimate) / se)) if se > 0 else np.nan
    return (
        float(np.exp(estimate)),
        float(np.exp(estimate - z * se)),
        float(np.exp(estimate + z * se)),
        p,
    )


def omnibus_wald(result, n_levels: int) -> float:
    """p-value of the Wald test that all genre means are equal (k - 1 contrasts against the first)."""
    from scipy import special

    k = len(result.params)
    restrictions = np.zeros((n_levels - 1, k))
    for i in range(1, n_levels):
        restrictions[i - 1, 0], restrictions[i - 1, i] = 1.0, -1.0
    b = restrictions @ result.params
    cov = restrictions @ result.cov_params() @ restrictions.T
    try:
        statistic = float(b @ np.linalg.solve(cov, b))
    except np.linalg.LinAlgError:
        return np.nan
    return float(special.chdtrc(n_levels - 1, statistic))


# --- permutation of genre labels across documents -------------------------------------------------


def permutation_p_values(
    hits: np.ndarray, tokens: np.ndarray, labels: np.ndarray, permutations: int, rng
) -> tuple[float, dict[tuple[int, int], float]]:
    """Permutation p-values with genre labels (ints 0..g-1) shuffled across documents.

    Omnibus statistic: sum_g T_g (r_g - r)^2 / r (token-weighted dispersion of the pooled genre rates);
    pairwise (a, b): |r_a - r_b| with labels permuted among the documents of a and b only.
    p = (1 + #{null >= observed}) / (1 + permutations)."""
    hits = np.asarray(hits, dtype=float)
    tokens = np.asarray(tokens, dtype=float)
    g = int(labels.max()) + 1
    overall = hits.sum() / tokens.sum()

    def dispersion(label_matrix):
        # per row, the hits and tokens of each genre (whole numbers: exact sums in any order)
        rows = label_matrix.shape[0]
        flat = (np.arange(rows)[:, None] * g + label_matrix).ravel()
        h = np.bincount(flat, weights=np.tile(hits, rows), minlength=rows * g).reshape(rows, g)
        t = np.bincount(flat, weights=np.tile(tokens, rows), minlength=rows * g).reshape(rows, g)
        with np.errstate(divide="ignore", invalid="ignore"):
            r = np.where(t > 0, h / np.where(t > 0, t, 1), overall)
        return (t * (r - overall) ** 2).sum(axis=1) / max(overall, 1e-300)

    observed = dispersion(labels[None, :])[0]
    # the relabellings are drawn in blocks (core.rng.permuted_rows): memory stays flat in documents
    null = np.concatenate(
        [np.empty(0)] + [dispersion(block) for block in permuted_rows(rng, labels, permutations)]
    )
    omnibus = float((1 + (null >= observed - 1e-12 * abs(observed)).sum()) / (1 + permutations))
    pairwise = {}
    for a, b in itertools.combinations(range(g), 2):
        keep = (labels == a) | (labels == b)
        sub_h, sub_t, sub_in_a = hits[keep], tokens[keep], labels[keep] == a

        def difference(in_a, sub_h=sub_h, sub_t=sub_t):
            ha, ta = in_a @ sub_h, in_a @ sub_t
            hb, tb = sub_h.sum() - ha, sub_t.sum() - ta
            return np.abs(rate_per_1k(ha, ta) - rate_per_1k(hb, tb))

        obs = difference(sub_in_a.astype(float)[None, :])[0]
        blocks = permuted_rows(rng, sub_in_a.astype(float), permutations)
        extreme = sum(int((difference(block) >= obs - 1e-9).sum()) for block in blocks)
        pairwise[(a, b)] = float((1 + extreme) / (1 + permutations))
    return omnibus, pairwise


# --- genre estimates and tests --------------------------------------------------------------------


def _years_label(window: tuple[int, int] | None) -> str:
    return ALL_YEARS if window is None else f"{window[0]}-{window[1]}"


def overlap_window(counts: pd.DataFrame, configured: Sequence[int] = ()) -> tuple[int, int] | None:
    """The years the genres are compared in, controlled for time: `configured` ([first, last]) if given,
    else the years every dated genre spans (latest first year to earliest last year). None where fewer
    than two genres are dated or their spans do not overlap."""
    if len(configured) not in (0, 2) or (len(configured) == 2 and configured[0] > configured[1]):
        raise InputError(
            "config",
            f"scoring.overlap_years is {list(configured)!r}",
            "give [first, last] with first <= last, or [] for the years every dated genre spans",
            field="scoring.overlap_years",
        )
    if len(configured) == 2:
        return int(configured[0]), int(configured[1])
    dated = counts.dropna(subset=["year"]).groupby("genre")["year"].agg(["min", "max"])
    if len(dated) < 2:
        return None
    first, last = int(dated["min"].max()), int(dated["max"].min())
    return (first, last) if first <= last else None


def dates_vary(years: np.ndarray) -> bool:
    """True where every document is dated and there are at least three distinct years."""
    years = np.asarray(years, dtype=float)
    return bool(len(years) and np.isfinite(years).all() and len(np.unique(years)) >= 3)


def genre_inference(
    counts: pd.DataFrame,
    *,
    window: tuple[int, int] | None = None,
    seed: int = 0,
    resamples: int = 1000,
    permutations: int = 2000,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """genre_estimates and genre_inference rows for the documents of `counts` (document_counts rows)
    whose year lies in `window` (all documents when None)."""
    from scipy import special

    years_label = _years_label(window)
    if window is not None:
        counts = counts[counts["year"].between(window[0], window[1])]
    estimates, tests = [], []
    for (voice, lang, category, sub), cell in counts.groupby(
        ["voice", "lang", "category", "subcategory"], sort=True
    ):
        cell = cell.sort_values("doc_id")
        cell = cell[cell["tokens"] > 0]
        if cell.empty:
            continue
        by_genre = {g: part for g, part in cell.groupby("genre", sort=True)}
        multi = [g for g, part in by_genre.items() if len(part) >= 2 and part["hits"].sum() > 0]
        fit = None
        if len(multi) >= 1:
            model_rows = cell[cell["genre"].isin(multi)]
            fit = nb_fit(
                model_rows["hits"].to_numpy(),
                model_rows["tokens"].to_numpy(),
                genre_design(model_rows["genre"], multi),
            )
        for genre, part in by_genre.items():
            h, t, n = int(part["hits"].sum()), int(part["tokens"].sum()), len(part)
            low, high = exact_rate_interval(h, t)
            rng = cell_rng(
                seed, "document_bootstrap", years_label, genre, voice, lang, category, sub
            )
            boot = document_bootstrap(
                part["hits"].to_numpy(), part["tokens"].to_numpy(), resamples, rng
            )
            nb = (np.nan, np.nan, np.nan)
            if fit is not None and genre in multi:
                i = multi.index(genre)
                z = special.ndtri(0.5 + LEVEL / 2)
                b, se = fit.params[i], fit.bse[i]
                nb = tuple(1000.0 * float(np.exp(v)) for v in (b, b - z * se, b + z * se))
            estimates.append(
                (years_label, genre, "genre" if n >= 2 else "document", voice, lang, category, sub)
                + (n, h, t, float(rate_per_1k(h, t)), 1000.0 * float(low), 1000.0 * float(high))
                + boot
                + nb
                + (flag_for(h, n),)
            )
        if sub != ALL:
            continue
        tests.extend(
            _tests(cell, by_genre, multi, years_label, voice, lang, category, seed, permutations)
        )
    estimate_frame = pd.DataFrame.from_records(estimates, columns=list(GENRE_ESTIMATE_COLUMNS))
    test_frame = pd.DataFrame.from_records(tests, columns=list(GENRE_INFERENCE_COLUMNS))
    return estimate_frame, test_frame


def _tests(cell, by_genre, multi, years_label, voice, lang, category, seed, permutations):
    """Omnibus and pairwise rows of one voice x language x category (see genre_inference)."""
    rows = []
    genres = sorted(by_genre)
    if len(genres) < 2:
        return rows
    testable = [g for g in genres if len(by_genre[g]) >= 2]
    model_rows = cell[cell["genre"].isin(testable)]
    years = model_rows["year"].to_numpy(dtype=float)
    adjust = dates_vary(years)
    fit = None
    # a genre without a hit separates the cell-means model (its coefficient runs to minus infinity and
    # the Wald statistics are meaningless): no NB fit then, only the permutation test
    separated = [g for g in testable if by_genre[g]["hits"].sum() == 0]
    if len(testable) >= 2 and not separated:
        fit = nb_fit(
            model_rows["hits"].to_numpy(),
            model_rows["tokens"].to_numpy(),
            genre_design(model_rows["genre"], testable, years if adjust else None),
        )
    adjusted_for = "year" if adjust and fit is not None else ""
    perm_omnibus, perm_pairs = np.nan, {}
    if len(testable) >= 2 and model_rows["hits"].sum() > 0:
        labels = np.array([testable.index(g) for g in model_rows["genre"]])
        rng = cell_rng(seed, "genre_permutation", years_label, voice, lang, category)
        perm_omnibus, perm_pairs = permutation_p_values(
            model_rows["hits"].to_numpy(),
            model_rows["tokens"].to_numpy(),
            labels,
            permutations,
            rng,
        )
    total_h = int(model_rows["hits"].sum())
    rows.append(
        (years_label, "omnibus", voice, lang, category, "|".join(testable), "")
        + (len(model_rows), 0, total_h, 0, int(model_rows["tokens"].sum()), 0)
        + (np.nan, np.nan, np.nan, adjusted_for)
        + (omnibus_wald(fit, len(testable)) if fit is not None else np.nan, perm_omnibus)
        + (permutations, np.nan, _test_flag(model_rows, testable, by_genre, separated))
    )
    for a, b in itertools.combinations(genres, 2):
        pa, pb = by_genre[a], by_genre[b]
        ha, hb = int(pa["hits"].sum()), int(pb["hits"].sum())
        ratio = (np.nan, np.nan, np.nan, np.nan)
        p_perm = np.nan
        if a in testable and b in testable:
            i, j = testable.index(a), testable.index(b)
            if fit is not None:
                ratio = rate_ratio(fit, i, j)
            p_perm = perm_pairs.get((i, j), np.nan)
        flag = flag_for(ha + hb, min(len(pa), len(pb)))
        if len(pa) < 2 or len(pb) < 2:
            flag = ";".join(filter(None, [flag, "one_document"]))
        if separated and a in testable and b in testable:
            flag = ";".join(filter(None, [flag, "genre_without_hits"]))
        rows.append(
            (years_label, "contrast", voice, lang, category, a, b, len(pa), len(pb), ha, hb)
            + (int(pa["tokens"].sum()), int(pb["tokens"].sum()))
            + ratio[:3]
            + (adjusted_for if np.isfinite(ratio[0]) else "", ratio[3], p_perm, permutations)
            + (np.nan, flag)
        )
    return rows


def _test_flag(model_rows, testable, by_genre, separated) -> str:
    flag = flag_for(
        int(model_rows["hits"].sum()), min((len(by_genre[g]) for g in testable), default=0)
    )
    if len(testable) < 2:
        flag = ";".join(filter(None, [flag, "fewer_than_two_genres_with_two_documents"]))
    if separated:
        flag = ";".join(filter(None, [flag, "genre_without_hits"]))
    return flag


def add_q_values(tests: pd.DataFrame) -> pd.DataFrame:
    """Benjamini-Hochberg q-values of the contrasts' NB p-values, per years x voice x language (all
    categories and genre pairs of one family together); omnibus rows get none (one test each)."""
    tests = tests.copy()
    contrasts = tests["test"] == "contrast"
    for _, index in tests[contrasts].groupby(["years", "voice", "lang"], sort=True).groups.items():
        tests.loc[index, "q_value"] = benjamini_hochberg(tests.loc[index, "p_value"].to_numpy())
    return tests


def infer_genres(
    counts: pd.DataFrame,
    *,
    overlap_years: Sequence[int] = (),
    seed: int = 0,
    resamples: int = 1000,
    permutations: int = 2000,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """genre_estimates.tsv and genre_inference.tsv: over all years, then over the overlap window
    (`overlap_window`) when there is one."""
    options = {"seed": seed, "resamples": resamples, "permutations": permutations}
    estimates, tests = genre_inference(counts, **options)
    window = overlap_window(counts, overlap_years)
    if window is not None:
        more_estimates, more_tests = genre_inference(counts, window=window, **options)
        estimates = pd.concat([estimates, more_estimates], ignore_index=True)
        tests = pd.concat([tests, more_tests], ignore_index=True)
    return estimates, add_q_values(tests)


def read_counts(path: str) -> pd.DataFrame:
    """document_counts.tsv with numbers as numbers (year NaN where undated)."""
    table = read_tsv(path)
    for column in ("hits", "tokens", "sentences"):
        table[column] = pd.to_numeric(table[column]).astype(int)
    for column in ("year", "rate_per_1k", "exact_low", "exact_high"):
        table[column] = pd.to_numeric(table[column], errors="coerce")
    return table


def run_infer_rhetoric(
    sentences_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    pairs_tsv: str,
    lexicon_paths: list[str],
    counts_out: str,
    estimates_out: str,
    inference_out: str,
    *,
    pooled_language: str,
    overlap_years: Sequence[int],
    seed: int,
    resamples: int,
    permutations: int,
) -> None:
    """Rule infer_rhetoric: document_counts.tsv, genre_estimates.tsv and genre_inference.tsv."""
    counts = document_counts(
        read_sentence_counts(sentences_tsv),
        read_matches([matches_tsv]),
        read_tsv(documents_tsv),
        load_lexicons(lexicon_paths),
        pairs=read_tsv(pairs_tsv),
        pooled_language=pooled_language,
    )
    write_frame(counts_out, exact_floats(counts))
    estimates, tests = infer_genres(
        counts,
        overlap_years=overlap_years,
        seed=seed,
        resamples=resamples,
        permutations=permutations,
    )
    write_frame(estimates_out, exact_floats(estimates))
    write_frame(inference_out, exact_floats(tests))
