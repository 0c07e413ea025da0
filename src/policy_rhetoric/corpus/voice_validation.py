"""Voice validation: the pipeline's segments against a hand-coded sample of sentences.

The sample (`validation.voice_sample`, TSV: doc_id, start_char, end_char, voice, text) holds sentences
whose voice a person decided by reading them with the codebook. The predicted voice of a coded sentence is
the voice of the segments that cover most of its characters. Outputs: accuracy, per-class precision and
recall, the confusion matrix (coded x predicted x count) and every disagreement with the rules involved.
"""

from __future__ import annotations

import bisect
import os
from collections import Counter
from pathlib import Path

import pandas as pd

from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import clean_cell, read_tsv, write_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.voice import VOICES

SAMPLE_COLUMNS = ("doc_id", "start_char", "end_char", "voice", "text")
METRIC_COLUMNS = ("doc_id", "metric", "coded_voice", "predicted_voice", "value")
DISAGREEMENT_COLUMNS = (
    "doc_id",
    "start_char",
    "end_char",
    "coded_voice",
    "predicted_voice",
    "predicted_share",
    "rules",
    "text",
)


def sample_scope(path: str | os.PathLike, doc_ids, column: str = "doc_id") -> tuple[int, int]:
    """(rows of documents in `doc_ids`, rows of other documents) of a validation sample.

    Read when the workflow loads, so that an experiment with another corpus leaves the embedded samples'
    rows out with one line saying how many, instead of failing or writing an empty table. A sample that
    does not exist or lacks the column is reported by the rule that reads it."""
    path = Path(path)
    if not path.is_file():
        return 0, 0
    sample = read_tsv(path)
    if column not in sample.columns:
        return len(sample), 0
    inside = int(sample[column].isin(set(doc_ids)).sum())
    return inside, len(sample) - inside


def read_voice_sample(path: str | os.PathLike, texts: dict[str, str]) -> pd.DataFrame:
    """The hand-coded sample, checked: offsets inside the file, voice, and text = raw slice.

    Rows of documents that are not in `texts` (the experiment's manifest) are left out: the workflow
    counts them when it loads (`sample_scope`) and leaves validation out when none remain."""

    name = str(path)
    if not Path(path).is_file():
        raise InputError(
            name,
            "the voice sample does not exist",
            "set validation.voice_sample to a TSV file (or to an empty string for no validation)",
        )
    sample = read_tsv(path)
    missing = [c for c in SAMPLE_COLUMNS if c not in sample.columns]
    if missing:
        raise InputError(
            name,
            f"missing column(s): {', '.join(missing)}",
            f"the header must be: {', '.join(SAMPLE_COLUMNS)}",
            row=1,
        )
    keep = []
    for number, row in enumerate(sample.itertuples(index=False), start=2):
        keep.append(row.doc_id in texts)
        if not keep[-1]:
            continue
        if row.voice not in VOICES:
            raise InputError(
                name,
                f"voice {row.voice!r} is not one of {', '.join(VOICES)}",
                "code each sentence as primary, commentary or boilerplate",
                row=number,
                field="voice",
            )
        text = texts[row.doc_id]
        try:
            start, end = int(row.start_char), int(row.end_char)
        except ValueError:
            start, end = -1, -1
        if not 0 <= start < end <= len(text):
            raise InputError(
                name,
                f"offsets {row.start_char}-{row.end_char} are not a span of the file ({len(text)} characters)",
                "give start_char < end_char inside the file (Python str indices)",
                row=number,
                field="start_char",
            )
        if clean_cell(text[start:end]) != row.text:
            raise InputError(
                name,
                f"the text does not equal the file's characters {start}-{end} "
                f"({clean_cell(text[start:end])[:60]!r}...)",
                "recompute the offsets or the text (tabs and line breaks are written as spaces)",
                row=number,
                field="text",
            )
    if not any(keep):
        raise InputError(
            name,
            "no row of the voice sample is of a document in the manifest",
            'set validation.voice_sample to a sample of this corpus, or to "" for no voice validation',
        )
    return sample[keep].reset_index(drop=True)


def predict_voices(sample: pd.DataFrame, segments: pd.DataFrame) -> list[tuple[str, float, str]]:
    """(voice, share of characters, rules) of each sample row: the voice covering most of its characters."""
    by_doc: dict[str, tuple[list[int], list[tuple[int, int, str, str]]]] = {}
    for doc_id, group in segments.groupby("doc_id", sort=False):
        rows = sorted(
            (int(s), int(e), v, r)
            for s, e, v, r in zip(
                group["start_char"], group["end_char"], group["voice"], group["rule"], strict=True
            )
        )
        by_doc[doc_id] = ([r[0] for r in rows], rows)
    out = []
    for row in sample.itertuples(index=False):
        start, end = int(row.start_char), int(row.end_char)
        starts, rows = by_doc.get(row.doc_id, ([], []))
        i = max(bisect.bisect_right(starts, start) - 1, 0)
        chars: Counter = Counter()
        rules: list[str] = []
        while i < len(rows) and rows[i][0] < end:
            s, e, voice, rule = rows[i]
            overlap = min(e, end) - max(s, start)
            if overlap > 0:
                chars[voice] += overlap
                if rule not in rules:
                    rules.append(rule)
            i += 1
        if not chars:
            out.append(("none", 0.0, ""))
            continue
        best = max(VOICES, key=lambda v: (chars[v], -VOICES.index(v)))
        out.append((best, chars[best] / (end - start), ",".join(rules)))
    return out


def voice_metrics(coded: list[str], predicted: list[str], doc_ids: list[str]) -> list[tuple]:
    """Rows of METRIC_COLUMNS: n, accuracy (overall and per document), precision/recall per voice, confusion."""
    rows: list[tuple] = []
    n = len(coded)
    correct = sum(c == p for c, p in zip(coded, predicted, strict=True))
    rows.append(("all", "n", "all", "all", n))
    rows.append(("all", "accuracy", "all", "all", correct / n if n else float("nan")))
    for voice in VOICES:
        tp = sum(c == voice and p == voice for c, p in zip(coded, predicted, strict=True))
        n_pred = sum(p == voice for p in predicted)
        n_coded = sum(c == voice for c in coded)
        rows.append(("all", "precision", "all", voice, tp / n_pred if n_pred else float("nan")))
        rows.append(("all", "recall", voice, "all", tp / n_coded if n_coded else float("nan")))
    confusion = Counter(zip(coded, predicted, strict=True))
    for c in VOICES:
        for p in (*VOICES, "none"):
            if p != "none" or confusion[(c, p)]:
                rows.append(("all", "count", c, p, confusion[(c, p)]))
    for doc_id in sorted(set(doc_ids)):
        idx = [i for i, d in enumerate(doc_ids) if d == doc_id]
        ok = sum(coded[i] == predicted[i] for i in idx)
        rows.append((doc_id, "n", "all", "all", len(idx)))
        rows.append((doc_id, "accuracy", "all", "all", ok / len(idx)))
    return rows


def run_validate_voice(
    sample_tsv: str,
    segments_tsv: str,
    doc_ids: list[str],
    sources: list[str],
    metrics_out: str,
    disagreements_out: str,
) -> None:
    """Rule validate_voice: corpus/voice_validation.tsv (metrics) and corpus/voice_disagreements.tsv.

    `sources` are the documents' files, in the order of `doc_ids`."""

    texts = {doc_id: raw_text(source) for doc_id, source in zip(doc_ids, sources, strict=True)}
    sample = read_voice_sample(sample_tsv, texts)
    predictions = predict_voices(sample, read_tsv(segments_tsv))
    coded = sample["voice"].tolist()
    predicted = [p[0] for p in predictions]
    doc_ids = sample["doc_id"].tolist()
    write_tsv(
        metrics_out,
        voice_metrics(coded, predicted, doc_ids),
        METRIC_COLUMNS,
        sort_by=("doc_id", "metric", "coded_voice", "predicted_voice"),
    )
    disagreements = [
        (row.doc_id, int(row.start_char), int(row.end_char), row.voice, p, share, rules, row.text)
        for row, (p, share, rules) in zip(sample.itertuples(index=False), predictions, strict=True)
        if row.voice != p
    ]
    write_tsv(
        disagreements_out,
        disagreements,
        DISAGREEMENT_COLUMNS,
        sort_by=("doc_id", "start_char"),
    )
