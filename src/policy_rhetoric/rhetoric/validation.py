"""Validation of the rhetoric scores against hand coding (codebook: one sentence, two 0/1 codes).

Two samples, both kept in the project and coded by reading each sentence against the shared codebook:

- `rhetoric_sample.tsv`: sentences of the seed corpus (doc_id, start_char, end_char, militarized,
  self_reliance, split, text); offsets are into the raw corpus file, `text` is that slice with tabs and
  line breaks as spaces. A unit is predicted positive for a category when a pipeline match of that
  category (rhetoric/matches.tsv) overlaps it.
- `rhetoric_gwr_sample.tsv`: sentences of the shared bilingual-gwr releases, referring to them by file
  name and offsets (file, start_char, end_char, militarized, self_reliance, split, stratum, text). Its
  units are tokenized with the experiment's pipelines and matched with the experiment's lexicons; it is
  skipped when the shared folder is absent.

The language of a unit is that of its characters (Chinese when more than 30% of its non-space
characters are Han). Each sample was split into `dev` (lexicon development) and `test` (held out)
before the lexicons were tuned, stratified by document x language x codes with a fixed seed.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterable
from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.rng import cell_rng
from policy_rhetoric.core.tables import clean_cell, read_tsv, write_frame, write_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.tokens import load_pipeline
from policy_rhetoric.rhetoric.classifier import classifier_predictions
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.match_table import read_matches
from policy_rhetoric.rhetoric.matching import RhetoricMatcher

SEED_COLUMNS = ("doc_id", "start_char", "end_char", "militarized", "self_reliance", "split", "text")
GWR_COLUMNS = (
    "file",
    "start_char",
    "end_char",
    "militarized",
    "self_reliance",
    "split",
    "stratum",
    "text",
)
EXTERNAL_COLUMNS = (
    "doc",
    "source",
    "record",
    "start_char",
    "end_char",
    "militarized",
    "self_reliance",
    "split",
    "stratum",
    "weight",
)
CODED = ("militarized", "self_reliance")
SPLITS = ("dev", "test")
METRIC_COLUMNS = (
    "sample",
    "split",
    "lang",
    "category",
    "term",
    "method",
    "lexicon_version",
    "reference",
    "units",
    "documents",
    "coded_positive",
    "predicted_positive",
    "true_positive",
    "false_positive",
    "false_negative",
    "differs_from_lexicon",
    "precision",
    "precision_ci_low",
    "precision_ci_high",
    "recall",
    "recall_ci_low",
    "recall_ci_high",
    "f1",
    "f1_ci_low",
    "f1_ci_high",
    "few_positives",
)
FEW_POSITIVES = 20
LEXICON = "lexicon"
DISAGREEMENT_COLUMNS = (
    "sample",
    "split",
    "source",
    "start_char",
    "end_char",
    "lang",
    "category",
    "reference",
    "coded",
    "predicted",
    "terms",
    "matched",
    "text",
)
# Second coding of a held-out sample (validation.external_samples[].second_coding / .adjudication):
# coder B's codes of every item of a split, and the adjudicated final codes of the items where coder A
# (the sample file's own codes) and coder B disagree.
SECOND_CODING_COLUMNS = ("item", "militarized", "self_reliance", "note")
# what a unit's codes are: coder A's (no second coding, or not adjudicated) or the final codes
# (agreed codes of A and B, the adjudicated code where they disagree)
CODER_A = "coder_a"
ADJUDICATED = "adjudicated"
NOT_CODED = -1
INTERCODER_COLUMNS = (
    "sample",
    "split",
    "category",
    "units",
    "documents",
    "both_positive",
    "a_only",
    "b_only",
    "both_negative",
    "agreement",
    "kappa",
    "kappa_ci_low",
    "kappa_ci_high",
    "adjudicated_for_a",
    "adjudicated_for_b",
    "lexicon_f1_coder_a",
    "lexicon_f1_coder_b",
    "lexicon_f1_final",
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ALL = "all"


def text_language(text: str) -> str:
    """ "zh" when more than 30% of the non-space characters are Han, else "en"."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return "en"
    return "zh" if len(_HAN.findall(text)) > 0.3 * len(chars) else "en"


def _check_codes(path, row, number: int) -> None:
    """A sample row's codes are 0 or 1 and its split is dev or test; InputError names row and field."""
    for code in CODED:
        if getattr(row, code) not in ("0", "1"):
            raise InputError(
                str(path), "codes must be 0 or 1", "fix the code", row=number, field=code
            )
    if row.split not in SPLITS:
        raise InputError(
            str(path),
            f"split {row.split!r} is not dev or test",
            "fix it",
            row=number,
            field="split",
        )


def read_sample(path: str | Path, columns: tuple[str, ...], texts: dict[str, str]) -> pd.DataFrame:
    """A coded sample, checked: columns, 0/1 codes, splits, offsets, and text = the raw slice.

    `texts` maps the sample's source column (doc_id or file) to the raw text; rows whose source is not
    there are dropped (a corpus without those documents). InputError names the row and field at fault."""
    path = Path(path)
    sample = read_tsv(path)
    if list(sample.columns[: len(columns)]) != list(columns):
        raise InputError(
            str(path),
            f"columns are {list(sample.columns)}, expected {list(columns)}",
            "keep the columns of config/README.md (Rhetoric validation samples)",
        )
    source = columns[0]
    for i, row in enumerate(sample.itertuples(index=False), start=2):
        _check_codes(path, row, i)
        key = getattr(row, source)
        if key not in texts:
            continue
        try:
            start, end = int(row.start_char), int(row.end_char)
        except ValueError:
            raise InputError(
                str(path), "offsets must be integers", "fix them", row=i, field="start_char"
            ) from None
        text = texts[key]
        if not 0 <= start < end <= len(text) or clean_cell(text[start:end]) != row.text:
            raise InputError(
                str(path),
                f"the text does not match characters {start}-{end} of {key}",
                "re-derive the offsets from the raw file (or restore the file the sample was coded on)",
                row=i,
                field="text",
            )
    sample = sample[sample[source].isin(texts)].copy()
    sample["start_char"] = sample["start_char"].astype(int)
    sample["end_char"] = sample["end_char"].astype(int)
    for code in CODED:
        sample[code] = sample[code].astype(int)
    sample["source"] = sample[source]
    sample["lang"] = [text_language(t) for t in sample["text"]]
    return sample.reset_index(drop=True)


def external_record_text(path: Path, record: int) -> str:
    """The text a held-out sample's offsets index: CSV data row `record` (1-based) column `full_text`,
    JSONL line `record` (1-based) key `content`, or the whole file (record 0) as raw UTF-8 text."""
    if record == 0:
        return raw_text(path)
    texts = _record_texts(str(path))
    if not 1 <= record <= len(texts):
        raise ValueError(f"record {record} is not in {path} ({len(texts)} records)")
    return texts[record - 1]


@cache
def _record_texts(path: str) -> tuple[str, ...]:
    if path.endswith(".csv"):
        csv.field_size_limit(2**31 - 1)
        with open(path, encoding="utf-8", newline="") as handle:
            return tuple(row.get("full_text") or "" for row in csv.DictReader(handle))
    if path.endswith(".jsonl"):
        with open(path, encoding="utf-8") as handle:
            return tuple(json.loads(line).get("content") or "" for line in handle)
    raise ValueError(f"{path}: records are read from .csv (full_text) or .jsonl (content) files")


def external_sources(path: str | Path) -> list[str]:
    """The source paths (relative to the sample's root) a held-out sample refers to, sorted."""
    return sorted(set(read_tsv(path)["source"])) if Path(path).exists() else []


def read_external_sample(path: str | Path, root: str | Path) -> pd.DataFrame:
    """A held-out sample (EXTERNAL_COLUMNS; texts outside the project under `root`), checked, with the
    text of every unit read from `root/source`. InputError names the row and field at fault."""
    path, root = Path(path), Path(root)
    sample = read_tsv(path)
    if list(sample.columns[: len(EXTERNAL_COLUMNS)]) != list(EXTERNAL_COLUMNS):
        raise InputError(
            str(path),
            f"columns are {list(sample.columns)}, expected {list(EXTERNAL_COLUMNS)} first",
            "keep the columns of config/README.md (Rhetoric validation samples)",
        )
    texts = []
    for i, row in enumerate(sample.itertuples(index=False), start=2):
        _check_codes(path, row, i)
        try:
            record, start, end = int(row.record), int(row.start_char), int(row.end_char)
            float(row.weight)
        except ValueError:
            raise InputError(
                str(path),
                "record, offsets and weight must be numbers",
                "fix them",
                row=i,
                field="record",
            ) from None
        source = root / row.source
        if not source.is_file():
            raise InputError(
                str(path),
                f"the source {source} does not exist",
                "put the shared texts at the sample's root (validation.external_samples) "
                "or leave the sample out of the experiment",
                row=i,
                field="source",
            )
        try:
            text = external_record_text(source, record)
        except (ValueError, KeyError, json.JSONDecodeError) as exc:
            raise InputError(str(path), str(exc), "fix the record", row=i, field="record") from None
        if not 0 <= start < end <= len(text):
            raise InputError(
                str(path),
                f"characters {start}-{end} are outside record {record} of {row.source} "
                f"({len(text)} characters)",
                "re-derive the offsets from the source",
                row=i,
                field="start_char",
            )
        texts.append(clean_cell(text[start:end]))
    sample["text"] = texts
    sample["start_char"] = sample["start_char"].astype(int)
    sample["end_char"] = sample["end_char"].astype(int)
    sample["weight"] = sample["weight"].astype(float)
    for code in CODED:
        sample[code] = sample[code].astype(int)
    sample["lang"] = [text_language(t) for t in sample["text"]]
    return sample.reset_index(drop=True)


def _coding_file(path: str, kind: str, items: dict[str, int], seen: dict[str, tuple[str, int]]):
    """One coder-B or adjudication file, checked against the sample's items; yields (row, item, codes).

    `seen` (item -> (file, row)) carries the items of the files of this kind already read, so that an
    item coded twice is an error across files too."""
    if not Path(path).is_file():
        raise InputError(
            path,
            f"the {kind} file does not exist",
            f"write it (columns {', '.join(SECOND_CODING_COLUMNS)}) or remove it from the sample's "
            f"{kind} list in validation.external_samples",
        )
    table = read_tsv(path)
    missing = [c for c in SECOND_CODING_COLUMNS[:3] if c not in table.columns]
    if missing:
        raise InputError(
            path,
            f"missing column(s) {', '.join(missing)} (columns are {list(table.columns)})",
            f"write the header {chr(9).join(SECOND_CODING_COLUMNS)} (tab-separated; note may be empty)",
        )
    for number, row in enumerate(table.itertuples(index=False), start=2):
        item = row.item
        if item not in items:
            raise InputError(
                path,
                f"item {item!r} is not an item of the sample",
                "use an item of the sample file's `item` column, or remove the row",
                row=number,
                field="item",
            )
        if item in seen:
            first_path, first_row = seen[item]
            raise InputError(
                path,
                f"item {item!r} is coded again (first in {first_path}, row {first_row})",
                f"keep one {kind} row per item",
                row=number,
                field="item",
            )
        seen[item] = (path, number)
        for code in CODED:
            if getattr(row, code) not in ("0", "1"):
                raise InputError(
                    path,
                    f"{code} code {getattr(row, code)!r} of item {item!r} is not 0 or 1",
                    "code 1 (the construct is present) or 0 (absent), as in ../shared/CODEBOOK.md",
                    row=number,
                    field=code,
                )
        yield number, item, {code: int(getattr(row, code)) for code in CODED}


def read_second_coding(
    sample_path: str | Path,
    coder_b_paths: list[str] | tuple[str, ...] = (),
    adjudication_paths: list[str] | tuple[str, ...] = (),
) -> pd.DataFrame:
    """The codes of every item of a held-out sample: coder A's (the sample's `militarized`,
    `self_reliance`), coder B's (`coder_b_<code>`, NOT_CODED (-1) where B coded nothing), the final
    codes (`final_<code>`: agreed codes, the adjudicated code where A and B disagree) and `reference`.

    Checked (InputError naming file, row and fix): the sample has unique items; every coder-B or
    adjudication row names an item of the sample once, with 0/1 codes and the columns item, militarized,
    self_reliance; coder B codes every item of a split it touches; an adjudicated item is one where A
    and B disagree on a construct, and when adjudication files are given every disagreement has a row.
    `reference` is "adjudicated" for the items of the splits coded twice and adjudicated (or without
    any disagreement), else "coder_a" (final = coder A: no second coding, or not yet adjudicated)."""
    sample_path = str(sample_path)
    sample = read_tsv(sample_path)
    for column in ("item", "split", *CODED):
        if column not in sample.columns:
            raise InputError(
                sample_path,
                f"the sample has no {column!r} column, which a second coding needs",
                "give every row a unique item id (column `item`) before adding a second coding",
            )
    items: dict[str, int] = {}
    for number, item in enumerate(sample["item"], start=2):
        if not item or item in items:
            raise InputError(
                sample_path,
                f"item {item!r} is empty or repeats row {items.get(item)}",
                "give every row a unique, non-empty item id",
                row=number,
                field="item",
            )
        items[item] = number
    codes = sample[["item", "split", *CODED]].copy()
    for code in CODED:
        codes[code] = codes[code].map(lambda v: int(v) if v in ("0", "1") else NOT_CODED)
        codes[f"coder_b_{code}"] = NOT_CODED
    row_of = {item: i for i, item in enumerate(codes["item"])}
    seen: dict[str, tuple[str, int]] = {}
    for path in coder_b_paths:
        for _, item, coded in _coding_file(str(path), "second_coding", items, seen):
            for code, value in coded.items():
                codes.iat[row_of[item], codes.columns.get_loc(f"coder_b_{code}")] = value
    second = codes[f"coder_b_{CODED[0]}"].to_numpy() != NOT_CODED
    for split in sorted(set(codes["split"][second])):
        in_split = (codes["split"] == split).to_numpy()
        missing = codes["item"][in_split & ~second].tolist()
        if missing:
            raise InputError(
                str(coder_b_paths[-1]),
                f"coder B codes {int((in_split & second).sum())} of the {int(in_split.sum())} "
                f"{split} items of {sample_path}; missing e.g. {', '.join(missing[:3])}",
                "code every item of a split (a partial second coding cannot be a split's reference)",
            )
    disagree = np.zeros(len(codes), dtype=bool)
    for code in CODED:
        disagree |= second & (codes[code] != codes[f"coder_b_{code}"]).to_numpy()
    adjudicated: dict[str, dict[str, int]] = {}
    seen = {}
    for path in adjudication_paths:
        for number, item, coded in _coding_file(str(path), "adjudication", items, seen):
            i = row_of[item]
            if not second[i]:
                raise InputError(
                    str(path),
                    f"item {item!r} is adjudicated but coder B did not code it",
                    "adjudicate only items of the second coding (validation.external_samples[]."
                    "second_coding)",
                    row=number,
                    field="item",
                )
            if not disagree[i]:
                agreed = ", ".join(f"{c} {codes[c].iat[i]}" for c in CODED)
                raise InputError(
                    str(path),
                    f"item {item!r} is adjudicated but coders A and B agree on it ({agreed})",
                    "remove the row: adjudication decides only the items where A and B disagree",
                    row=number,
                    field="item",
                )
            for code in CODED:
                agreed = codes[code].iat[i]
                if agreed == codes[f"coder_b_{code}"].iat[i] and coded[code] != agreed:
                    raise InputError(
                        str(path),
                        f"item {item!r}: {code} is {coded[code]}, but coders A and B agree on "
                        f"{agreed}",
                        "give the construct not in dispute its agreed code",
                        row=number,
                        field=code,
                    )
            adjudicated[item] = coded
    if adjudication_paths:
        open_items = [
            item
            for item, d in zip(codes["item"], disagree, strict=True)
            if d and item not in adjudicated
        ]
        if open_items:
            raise InputError(
                str(adjudication_paths[-1]),
                f"coders A and B disagree on {len(open_items)} item(s) that no adjudication row "
                f"decides: {', '.join(open_items[:5])}",
                "add a row (item, militarized, self_reliance, note) with the final codes of each",
            )
    final = adjudication_paths or not disagree.any()
    for code in CODED:
        codes[f"final_{code}"] = codes[code]
    for item, coded in adjudicated.items():
        for code, value in coded.items():
            codes.iat[row_of[item], codes.columns.get_loc(f"final_{code}")] = value
    codes["reference"] = np.where(second & bool(final), ADJUDICATED, CODER_A)
    return codes.reset_index(drop=True)


def predictions_from_matches(sample: pd.DataFrame, matches: pd.DataFrame) -> list[list[tuple]]:
    """For each unit, the (category, term, matched text) of the matches overlapping it."""
    by_doc = {}
    for doc, group in matches.groupby("doc_id") if len(matches) else ():
        by_doc[doc] = (
            group["start_char"].to_numpy(dtype=np.int64),
            group["end_char"].to_numpy(dtype=np.int64),
            list(zip(group["category"], group["term"], group["matched_text"], strict=True)),
        )
    found = []
    for source, start, end in zip(
        sample["source"], sample["start_char"], sample["end_char"], strict=True
    ):
        if source not in by_doc:
            found.append([])
            continue
        starts, ends, hits = by_doc[source]
        found.append([hits[i] for i in np.flatnonzero((starts < end) & (ends > start))])
    return found


def predictions_from_text(
    sample: pd.DataFrame, matcher, models: dict[str, str]
) -> list[list[tuple]]:
    """For each unit, the (category, term, matched text) found by tokenizing and matching its text."""

    found: list[list[tuple]] = [[] for _ in range(len(sample))]
    for lang in ("en", "zh"):
        rows = np.flatnonzero(sample["lang"].to_numpy() == lang)
        if not len(rows):
            continue
        nlp = load_pipeline(lang, models.get(lang, "blank"))
        for i, doc in zip(rows, nlp.pipe(sample["text"].iloc[rows].tolist()), strict=True):
            for key, start, end in matcher.match_doc(doc, lang):
                entry = matcher.entries[key]
                found[i].append((entry.category, entry.id, doc.text[start:end]))
    return found


def _metrics(coded: np.ndarray, predicted: np.ndarray) -> tuple:
    tp = int((coded & predicted).sum())
    fp = int((~coded & predicted).sum())
    fn = int((coded & ~predicted).sum())
    precision = tp / (tp + fp) if tp + fp else float("nan")
    recall = tp / (tp + fn) if tp + fn else float("nan")
    f1 = (
        2 * precision * recall / (precision + recall)
        if tp and precision + recall
        else (0.0 if tp + fp + fn else float("nan"))
    )
    return tp, fp, fn, precision, recall, f1


def wilson_interval(successes: int, trials: int, z: float = 1.959964) -> tuple[float, float]:
    """95% Wilson score interval of a proportion (NaN, NaN when there are no trials)."""
    if trials <= 0:
        return float("nan"), float("nan")
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * np.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return float(max(0.0, centre - half)), float(min(1.0, centre + half))


def f1_interval(
    coded: np.ndarray,
    predicted: np.ndarray,
    docs: np.ndarray,
    resamples: int,
    rng: np.random.Generator,
) -> tuple[float, float]:
    """95% percentile interval of F1 over bootstrap resamples of the documents (the unit of
    inference: sentences of one document are not independent), each drawn document bringing all its
    units."""
    if resamples <= 0 or not len(coded) or not (coded | predicted).any():
        return float("nan"), float("nan")
    names, index = np.unique(docs, return_inverse=True)
    tp = np.bincount(index, weights=(coded & predicted).astype(float), minlength=len(names))
    wrong = np.bincount(index, weights=(coded ^ predicted).astype(float), minlength=len(names))
    n = len(names)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(np.float64)
    tp, wrong = weights @ tp, weights @ wrong
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(2 * tp + wrong > 0, 2 * tp / (2 * tp + wrong), np.nan)
    if np.isnan(f1).all():
        return float("nan"), float("nan")
    low, high = np.nanpercentile(f1, [2.5, 97.5])
    return float(low), float(high)


def _row(sample, split, lang, category, term, method, version, reference, coded, predicted, docs,
         f1_ci, differs=0):  # fmt: skip
    tp, fp, fn, precision, recall, f1 = _metrics(coded, predicted)
    p_low, p_high = wilson_interval(tp, tp + fp)
    r_low, r_high = wilson_interval(tp, tp + fn)
    if term != ALL:
        f1, f1_ci = float("nan"), (float("nan"), float("nan"))
    return (
        sample, split, lang, category, term, method, version, reference, int(len(coded)),
        int(len(set(docs))), int(coded.sum()), int(predicted.sum()), tp, fp, fn, int(differs),
        precision, p_low, p_high, recall, r_low, r_high, f1, *f1_ci,
        int(coded.sum() < FEW_POSITIVES),
    )  # fmt: skip


def metric_table(
    units: pd.DataFrame,
    categories: Iterable[str],
    *,
    seed: int = 0,
    resamples: int = 1000,
    versions: dict[str, str] | None = None,
    classifier: dict[str, dict[str, np.ndarray]] | None = None,
) -> pd.DataFrame:
    """Precision, recall and F1 per sample x split x language x category (each also pooled as "all")
    of the lexicon (method "lexicon", with the lexicon's version) and, where given, of the
    cross-validated classifiers (`classifier`: method -> category -> predictions); per entry ("term") the lexicon's counts and
    precision (the share of units where it matched that are coded 1; no F1 for entries).

    Intervals: Wilson for precision and recall, a bootstrap over documents for F1 (seeded per cell);
    `few_positives` flags cells with fewer than 20 coded positives; `reference` names the codes each
    row is scored against (units' `reference`: coder_a, adjudicated, or both joined by "+" in a
    pooled row)."""

    versions = versions or {}
    classifier = classifier or {}
    records = []
    views = []
    docs_all = units["doc"].astype(str).to_numpy()
    references = (
        units["reference"].to_numpy() if "reference" in units else np.full(len(units), CODER_A)
    )
    for sample in [*sorted(units["sample"].unique()), ALL]:
        s_mask = units["sample"] == sample if sample != ALL else np.ones(len(units), bool)
        for split in (*SPLITS, ALL):
            sp_mask = units["split"] == split if split != ALL else np.ones(len(units), bool)
            for lang in ("en", "zh", ALL):
                l_mask = units["lang"] == lang if lang != ALL else np.ones(len(units), bool)
                views.append((sample, split, lang, np.asarray(s_mask & sp_mask & l_mask)))
    for category in categories:
        if category not in units:
            continue
        coded_all = units[category].to_numpy().astype(bool)
        version = versions.get(category, "")
        methods = {LEXICON: np.array([any(c == category for c, _, _ in p) for p in units["found"]])}
        for method, by_category in sorted(classifier.items()):
            if category in by_category:
                methods[method] = np.asarray(by_category[category], dtype=bool)
        terms = sorted({t for p in units["found"] for c, t, _ in p if c == category})
        term_hits = {
            t: np.array([any(c == category and x == t for c, x, _ in p) for p in units["found"]])
            for t in terms
        }
        for sample, split, lang, mask in views:
            if not mask.any():
                continue
            coded, docs = coded_all[mask], docs_all[mask]
            reference = "+".join(sorted(set(references[mask])))
            for method, predicted_all in methods.items():
                predicted = predicted_all[mask]
                rng = cell_rng(seed, "validation", sample, split, lang, category, method)
                interval = f1_interval(coded, predicted, docs, resamples, rng)
                records.append(
                    _row(sample, split, lang, category, ALL, method, version, reference, coded,
                         predicted, docs, interval,
                         int((predicted != methods[LEXICON][mask]).sum()))
                )  # fmt: skip
            for term in terms:
                hits = term_hits[term][mask]
                if hits.any():
                    records.append(
                        _row(sample, split, lang, category, term, LEXICON, version, reference,
                             coded, hits, docs, None)
                    )  # fmt: skip
    table = pd.DataFrame.from_records(records, columns=list(METRIC_COLUMNS))
    return table.sort_values(["sample", "split", "lang", "category", "term", "method"]).reset_index(
        drop=True
    )


def cohen_kappa(both: float, a_only: float, b_only: float, neither: float) -> float:
    """Cohen's kappa of two coders' 0/1 codes from the four cell counts (NaN when chance agreement is 1)."""
    n = both + a_only + b_only + neither
    if n <= 0:
        return float("nan")
    observed = (both + neither) / n
    a_pos, b_pos = (both + a_only) / n, (both + b_only) / n
    chance = a_pos * b_pos + (1 - a_pos) * (1 - b_pos)
    return float("nan") if chance >= 1 else float((observed - chance) / (1 - chance))


def kappa_interval(
    a: np.ndarray, b: np.ndarray, docs: np.ndarray, resamples: int, rng: np.random.Generator
) -> tuple[float, float]:
    """95% percentile interval of Cohen's kappa over bootstrap resamples of the documents (each drawn
    document brings all its units); resamples where kappa is undefined are left out."""
    if resamples <= 0 or not len(a):
        return float("nan"), float("nan")
    names, index = np.unique(docs, return_inverse=True)
    cells = np.stack(
        [
            np.bincount(index, weights=(x & y).astype(float), minlength=len(names))
            for x, y in ((a, b), (a, ~b), (~a, b), (~a, ~b))
        ]
    )
    n = len(names)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(np.float64)
    both, a_only, b_only, neither = (weights @ cells.T).T
    total = both + a_only + b_only + neither
    with np.errstate(divide="ignore", invalid="ignore"):
        a_pos, b_pos = (both + a_only) / total, (both + b_only) / total
        chance = a_pos * b_pos + (1 - a_pos) * (1 - b_pos)
        kappa = np.where(chance < 1, ((both + neither) / total - chance) / (1 - chance), np.nan)
    if np.isnan(kappa).all():
        return float("nan"), float("nan")
    low, high = np.nanpercentile(kappa, [2.5, 97.5])
    return float(low), float(high)


def intercoder_table(
    units: pd.DataFrame, categories: Iterable[str], *, seed: int = 0, resamples: int = 1000
) -> pd.DataFrame:
    """Agreement of coder A and coder B per sample x split (dev, test, all) x category, over the units
    both coded (INTERCODER_COLUMNS): the four cells, percent agreement, Cohen's kappa with a 95%
    bootstrap interval over documents (seeded per cell), how many disagreements the adjudication
    decided for A and for B, and the lexicon's F1 against A, against B and against the final codes
    (NaN where the sample is not adjudicated)."""
    records = []
    if "reference" not in units or not len(units):
        return pd.DataFrame(columns=list(INTERCODER_COLUMNS))
    docs_all = units["doc"].astype(str).to_numpy()
    for category in categories:
        if f"coder_b_{category}" not in units:
            continue
        second = units[f"coder_b_{category}"].to_numpy() != NOT_CODED
        a_all = units[f"coder_a_{category}"].to_numpy() == 1
        b_all = units[f"coder_b_{category}"].to_numpy() == 1
        final_all = units[category].to_numpy() == 1
        lexicon_all = np.array([any(c == category for c, _, _ in p) for p in units["found"]])
        for sample in sorted(units["sample"][second].unique()):
            for split in (*SPLITS, ALL):
                mask = second & (units["sample"] == sample).to_numpy()
                if split != ALL:
                    mask &= (units["split"] == split).to_numpy()
                if not mask.any():
                    continue
                a, b, final, lexicon = a_all[mask], b_all[mask], final_all[mask], lexicon_all[mask]
                docs = docs_all[mask]
                cells = [int((a & b).sum()), int((a & ~b).sum()), int((~a & b).sum())]
                cells.append(int(mask.sum()) - sum(cells))
                adjudicated = set(units["reference"][mask]) == {ADJUDICATED}
                rng = cell_rng(seed, "intercoder", sample, split, category)
                records.append(
                    (
                        sample, split, category, int(mask.sum()), len(set(docs)), *cells,
                        (cells[0] + cells[3]) / mask.sum(), cohen_kappa(*cells),
                        *kappa_interval(a, b, docs, resamples, rng),
                        int(((a != b) & (final == a)).sum()) if adjudicated else 0,
                        int(((a != b) & (final == b)).sum()) if adjudicated else 0,
                        _metrics(a, lexicon)[5], _metrics(b, lexicon)[5],
                        _metrics(final, lexicon)[5] if adjudicated else float("nan"),
                    )
                )  # fmt: skip
    table = pd.DataFrame.from_records(records, columns=list(INTERCODER_COLUMNS))
    return table.sort_values(["sample", "split", "category"]).reset_index(drop=True)


def disagreement_rows(units: pd.DataFrame, categories: Iterable[str]) -> list[tuple]:
    """Every unit whose code and prediction differ, per category, with the text and the matches."""
    rows = []
    for category in categories:
        if category not in units:
            continue
        for unit in units.itertuples(index=False):
            hits = [(t, m) for c, t, m in unit.found if c == category]
            coded, predicted = int(getattr(unit, category)), int(bool(hits))
            if coded == predicted:
                continue
            rows.append(
                (
                    unit.sample,
                    unit.split,
                    unit.source,
                    unit.start_char,
                    unit.end_char,
                    unit.lang,
                    category,
                    getattr(unit, "reference", CODER_A),
                    coded,
                    predicted,
                    " ".join(sorted({t for t, _ in hits})),
                    " | ".join(m for _, m in hits),
                    unit.text,
                )
            )
    return rows


def validation_units(
    seed_sample: pd.DataFrame | None,
    matches: pd.DataFrame | None,
    gwr_sample: pd.DataFrame | None,
    matcher,
    models: dict[str, str],
    external: dict[str, pd.DataFrame] | None = None,
) -> pd.DataFrame:
    """All coded units with their sample name, document and what the pipeline found in them.

    Seed units are predicted from the experiment's matches; gwr and held-out (`external`, by sample
    name) units by tokenizing and matching their text with `matcher` (None when there are none)."""
    frames = []
    if seed_sample is not None and len(seed_sample):
        frames.append(
            seed_sample.assign(
                sample="seed",
                doc=seed_sample["source"],
                found=predictions_from_matches(seed_sample, matches),
            )
        )
    texts = [("gwr", gwr_sample)] if gwr_sample is not None else []
    texts += sorted((external or {}).items())
    for name, sample in texts:
        if not len(sample):
            continue
        doc = sample["doc"] if "doc" in sample else sample["source"]
        if "record" in sample:  # held-out samples: offsets are into one record of the source
            sample = sample.assign(source=sample["source"] + "#" + sample["record"].astype(str))
        frames.append(
            sample.assign(
                sample=name, doc=doc, found=predictions_from_text(sample, matcher, models)
            )
        )
    columns = [
        "sample",
        "split",
        "doc",
        "source",
        "start_char",
        "end_char",
        "lang",
        *CODED,
        "reference",
        *(f"coder_a_{c}" for c in CODED),
        *(f"coder_b_{c}" for c in CODED),
        "text",
        "found",
    ]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat([_with_coders(f)[columns] for f in frames], ignore_index=True)


def _with_coders(frame: pd.DataFrame) -> pd.DataFrame:
    """A unit frame with `reference` and the coder columns: a sample without a second coding is
    scored against its own codes (coder A) and has no coder B (NOT_CODED)."""
    frame = frame.copy()
    if "reference" not in frame:
        frame["reference"] = CODER_A
    for code in CODED:
        if f"coder_a_{code}" not in frame:
            frame[f"coder_a_{code}"] = frame[code]
        if f"coder_b_{code}" not in frame:
            frame[f"coder_b_{code}"] = NOT_CODED
    return frame


def with_second_coding(sample: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """A held-out sample (read_external_sample) scored against its final codes where the experiment
    gives a second coding (`spec`: validation.external_samples entry with `second_coding` and
    `adjudication` lists): coder A's codes kept as coder_a_*, coder B's as coder_b_*."""
    if not spec.get("second_coding"):
        return sample
    codes = read_second_coding(spec["file"], spec["second_coding"], spec.get("adjudication", []))
    if codes["item"].tolist() != sample["item"].tolist():
        raise InputError(spec["file"], "the sample changed while it was read", "run again")
    sample = sample.copy()
    for code in CODED:
        sample[f"coder_a_{code}"] = sample[code]
        sample[f"coder_b_{code}"] = codes[f"coder_b_{code}"].to_numpy()
        sample[code] = codes[f"final_{code}"].to_numpy()
    sample["reference"] = codes["reference"].to_numpy()
    return sample


def run_validate_rhetoric(
    sample_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    metrics_out: str,
    disagreements_out: str,
    intercoder_out: str,
    *,
    gwr_sample_tsv: str | None = None,
    gwr_texts: list[str] | None = None,
    external_samples: list[dict] | None = None,
    en_model: str = "blank",
    zh_model: str = "blank",
    seed: int = 0,
    resamples: int = 1000,
    classifier_folds: int = 5,
) -> None:
    """Rule validate_rhetoric: rhetoric/validation.tsv, rhetoric/validation_disagreements.tsv and
    rhetoric/intercoder.tsv (coder A vs coder B of the samples with a second coding; header only when
    none has one).

    `gwr_texts` are the bilingual-gwr files (their names are the sample's `file` column);
    `external_samples` are held-out samples ({name, file, root}: their texts under `root`; optional
    second_coding and adjudication lists: the units are then scored against the final codes).
    `classifier_folds` > 1 adds the cross-validated classifier rows (0 leaves them out)."""

    models = {"en": en_model, "zh": zh_model}
    lexicons = load_lexicons(lexicon_paths)
    categories = [lx.category for lx in lexicons]
    documents = read_tsv(documents_tsv)
    texts = {d: raw_text(p) for d, p in zip(documents["doc_id"], documents["path"], strict=True)}
    seed_sample = read_sample(sample_tsv, SEED_COLUMNS, texts) if sample_tsv else None
    gwr = None
    if gwr_sample_tsv and gwr_texts:
        texts_by_name = {Path(p).name: raw_text(p) for p in gwr_texts}
        gwr = read_sample(gwr_sample_tsv, GWR_COLUMNS, texts_by_name)
    external = {
        spec["name"]: with_second_coding(read_external_sample(spec["file"], spec["root"]), spec)
        for spec in external_samples or []
    }
    # the matcher (a spaCy pipeline and every pattern, about 1.5 CPU-seconds) tokenizes and matches
    # the gwr and held-out units; the seed sample's predictions come from the experiment's matches
    matcher = (
        RhetoricMatcher(lexicons, load_pipeline("en", en_model))
        if gwr is not None or external
        else None
    )
    matches = read_matches([matches_tsv])
    units = validation_units(seed_sample, matches, gwr, matcher, models, external)
    classifier = {}
    if classifier_folds > 1 and len(units):
        subcategory_of = {e.key: e.subcategory for lx in lexicons for e in lx.entries}
        classifier = classifier_predictions(
            units, categories, subcategory_of, folds=classifier_folds, seed=seed
        )
    versions = {lx.category: lx.version for lx in lexicons}
    write_frame(
        metrics_out,
        metric_table(
            units,
            categories,
            seed=seed,
            resamples=resamples,
            versions=versions,
            classifier=classifier,
        ),
    )
    write_frame(
        intercoder_out,
        intercoder_table(units, categories, seed=seed, resamples=resamples),
    )
    write_tsv(
        disagreements_out,
        disagreement_rows(units, categories),
        DISAGREEMENT_COLUMNS,
        sort_by=("sample", "split", "category", "source", "start_char"),
    )
