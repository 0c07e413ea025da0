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
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.matching import RhetoricMatcher, read_matches

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
    "units",
    "coded_positive",
    "predicted_positive",
    "true_positive",
    "false_positive",
    "false_negative",
    "precision",
    "recall",
    "f1",
    "f1_ci_low",
    "f1_ci_high",
)
DISAGREEMENT_COLUMNS = (
    "sample",
    "split",
    "source",
    "start_char",
    "end_char",
    "lang",
    "category",
    "coded",
    "predicted",
    "terms",
    "matched",
    "text",
)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
ALL = "all"


def text_language(text: str) -> str:
    """ "zh" when more than 30% of the non-space characters are Han, else "en"."""
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return "en"
    return "zh" if len(_HAN.findall(text)) > 0.3 * len(chars) else "en"


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
        for code in CODED:
            if getattr(row, code) not in ("0", "1"):
                raise InputError(
                    str(path), "codes must be 0 or 1", "fix the code", row=i, field=code
                )
        if row.split not in SPLITS:
            raise InputError(
                str(path), f"split {row.split!r} is not dev or test", "fix it", row=i, field="split"
            )
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
        for code in CODED:
            if getattr(row, code) not in ("0", "1"):
                raise InputError(str(path), "codes must be 0 or 1", "fix the code", row=i, field=code)
        if row.split not in SPLITS:
            raise InputError(
                str(path), f"split {row.split!r} is not dev or test", "fix it", row=i, field="split"
            )
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


def predictions_from_matches(sample: pd.DataFrame, matches: pd.DataFrame) -> list[list[tuple]]:
    """For each unit, the (category, term, matched text) of the matches overlapping it."""
    by_doc = {d: g for d, g in matches.groupby("doc_id")} if len(matches) else {}
    found = []
    for row in sample.itertuples(index=False):
        group = by_doc.get(row.source)
        if group is None:
            found.append([])
            continue
        starts = group["start_char"].to_numpy(dtype=np.int64)
        ends = group["end_char"].to_numpy(dtype=np.int64)
        hit = (starts < row.end_char) & (ends > row.start_char)
        found.append(
            [(m.category, m.term, m.matched_text) for m in group[hit].itertuples(index=False)]
        )
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


def f1_interval(
    coded: np.ndarray, predicted: np.ndarray, resamples: int, rng: np.random.Generator
) -> tuple[float, float]:
    """95% percentile interval of F1 over bootstrap resamples of the units."""
    if resamples <= 0 or not len(coded) or not (coded | predicted).any():
        return float("nan"), float("nan")
    n = len(coded)
    weights = rng.multinomial(n, np.full(n, 1.0 / n), size=resamples).astype(np.float64)
    tp = weights @ (coded & predicted)
    wrong = weights @ (coded ^ predicted)
    with np.errstate(divide="ignore", invalid="ignore"):
        f1 = np.where(2 * tp + wrong > 0, 2 * tp / (2 * tp + wrong), np.nan)
    low, high = np.nanpercentile(f1, [2.5, 97.5])
    return float(low), float(high)


def metric_table(
    units: pd.DataFrame, categories: Iterable[str], *, seed: int = 0, resamples: int = 1000
) -> pd.DataFrame:
    """Precision, recall, F1 per sample x split x language x category (each also pooled as "all"),
    with a 95% bootstrap interval of F1 over units (seeded per cell), and per entry ("term") the same
    counts: an entry's precision is the share of units where it matched that are coded 1 for its
    category (no F1 for entries)."""

    records = []
    views = []
    for sample in [*sorted(units["sample"].unique()), ALL]:
        s_mask = units["sample"] == sample if sample != ALL else np.ones(len(units), bool)
        for split in (*SPLITS, ALL):
            sp_mask = units["split"] == split if split != ALL else np.ones(len(units), bool)
            for lang in ("en", "zh", ALL):
                l_mask = units["lang"] == lang if lang != ALL else np.ones(len(units), bool)
                views.append((sample, split, lang, np.asarray(s_mask & sp_mask & l_mask)))
    for category in categories:
        coded_all = units[category].to_numpy().astype(bool) if category in units else None
        if coded_all is None:
            continue
        predicted_all = np.array([any(c == category for c, _, _ in p) for p in units["found"]])
        terms = sorted({t for p in units["found"] for c, t, _ in p if c == category})
        term_hits = {
            t: np.array([any(c == category and x == t for c, x, _ in p) for p in units["found"]])
            for t in terms
        }
        for sample, split, lang, mask in views:
            if not mask.any():
                continue
            coded, predicted = coded_all[mask], predicted_all[mask]
            tp, fp, fn, precision, recall, f1 = _metrics(coded, predicted)
            rng = cell_rng(seed, "validation", sample, split, lang, category)
            low, high = f1_interval(coded, predicted, resamples, rng)
            records.append(
                (sample, split, lang, category, ALL, int(mask.sum()), int(coded.sum()),
                 int(predicted.sum()), tp, fp, fn, precision, recall, f1, low, high)
            )  # fmt: skip
            for term in terms:
                hits = term_hits[term][mask]
                if not hits.any():
                    continue
                tp, fp, fn, precision, recall, _ = _metrics(coded, hits)
                records.append(
                    (sample, split, lang, category, term, int(mask.sum()), int(coded.sum()),
                     int(hits.sum()), tp, fp, fn, precision, recall, float("nan"), float("nan"),
                     float("nan"))
                )  # fmt: skip
    table = pd.DataFrame.from_records(records, columns=list(METRIC_COLUMNS))
    return table.sort_values(["sample", "split", "lang", "category", "term"]).reset_index(drop=True)


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
) -> pd.DataFrame:
    """All coded units with their sample name and what the pipeline found in them."""
    frames = []
    if seed_sample is not None and len(seed_sample):
        frames.append(
            seed_sample.assign(sample="seed", found=predictions_from_matches(seed_sample, matches))
        )
    if gwr_sample is not None and len(gwr_sample):
        frames.append(
            gwr_sample.assign(
                sample="gwr", found=predictions_from_text(gwr_sample, matcher, models)
            )
        )
    columns = [
        "sample",
        "split",
        "source",
        "start_char",
        "end_char",
        "lang",
        *CODED,
        "text",
        "found",
    ]
    if not frames:
        return pd.DataFrame(columns=columns)
    return pd.concat([f[columns] for f in frames], ignore_index=True)


def run_validate_rhetoric(
    sample_tsv: str,
    matches_tsv: str,
    documents_tsv: str,
    lexicon_paths: list[str],
    metrics_out: str,
    disagreements_out: str,
    *,
    gwr_sample_tsv: str | None = None,
    gwr_texts: list[str] | None = None,
    en_model: str = "blank",
    zh_model: str = "blank",
    seed: int = 0,
    resamples: int = 1000,
) -> None:
    """Rule validate_rhetoric: rhetoric/validation.tsv and rhetoric/validation_disagreements.tsv.

    `gwr_texts` are the bilingual-gwr files (their names are the sample's `file` column)."""

    models = {"en": en_model, "zh": zh_model}
    lexicons = load_lexicons(lexicon_paths)
    categories = [lx.category for lx in lexicons]
    documents = read_tsv(documents_tsv)
    texts = {d: raw_text(p) for d, p in zip(documents["doc_id"], documents["path"], strict=True)}
    seed_sample = read_sample(sample_tsv, SEED_COLUMNS, texts)
    gwr = None
    if gwr_sample_tsv and gwr_texts:
        texts_by_name = {Path(p).name: raw_text(p) for p in gwr_texts}
        gwr = read_sample(gwr_sample_tsv, GWR_COLUMNS, texts_by_name)
    matcher = RhetoricMatcher(lexicons, load_pipeline("en", en_model))
    units = validation_units(seed_sample, read_matches([matches_tsv]), gwr, matcher, models)
    write_frame(metrics_out, metric_table(units, categories, seed=seed, resamples=resamples))
    write_tsv(
        disagreements_out,
        disagreement_rows(units, categories),
        DISAGREEMENT_COLUMNS,
        sort_by=("sample", "split", "category", "source", "start_char"),
    )
