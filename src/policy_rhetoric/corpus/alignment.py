"""Pairing Chinese originals with their English translations inside one document.

Units are the document's translatable text: primary segments and headings (a report's own headings are
translated too). Consecutive units of one language form a run (markup and white space do not interrupt a
run; any other text does, e.g. a commentary line between quoted passages). Neighbouring runs of different
languages are pairs. Which comes first, the Chinese or the English, is decided per document: the order that
gives more pairs whose length ratio is plausible (English characters per Chinese character between
`MIN_RATIO` and `MAX_RATIO`), then the order whose ratios vary least. This covers quote-then-original
threads (seed 003: English, then Chinese), paragraph-by-paragraph releases (bilingual-gwr: Chinese, then
English, on one line split by `<br/>` or on separate lines) and block-by-block releases (several Chinese
paragraphs, then their English).

Offsets are those of the segments, trimmed of surrounding white space, so `raw[en_start:en_end]` is the
English text and `raw[zh_start:zh_end]` the Chinese.
"""

from __future__ import annotations

import html
import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from operator import itemgetter

from policy_rhetoric.core.tables import read_tsv_records, write_tsv

PAIR_COLUMNS = ("doc_id", "pair_id", "en_start", "en_end", "zh_start", "zh_end")
MIN_RATIO, MAX_RATIO = 1.0, 15.0
_SPACE = " \t\r\n\f\v\u3000\u00a0\ufeff\u200b\u200c\u200d\u2060"
_NEUTRAL_RULES = {"markup", "separator"}


@dataclass
class Run:
    """Consecutive translatable text in one language: [start, end) after trimming, and its size."""

    lang: str
    start: int
    end: int
    chars: int


def _trimmed(start: int, text: str) -> tuple[int, int]:
    left = len(text) - len(text.lstrip(_SPACE))
    right = len(text.rstrip(_SPACE))
    return start + left, start + max(right, left)


def document_runs(rows: Iterable[Mapping[str, object]]) -> list[list[Run]]:
    """Blocks of runs of one document's segments (rows in file order); a block ends at non-translatable text."""
    blocks: list[list[Run]] = [[]]
    for row in rows:
        text, lang, rule = row["text"], row["lang"], row["rule"]
        start = int(row["start_char"])
        translatable = row["voice"] == "primary" or rule == "heading"
        if not text.strip(_SPACE) or rule in _NEUTRAL_RULES:
            continue
        if not translatable:
            if blocks[-1]:
                blocks.append([])
            continue
        a, b = _trimmed(start, text)
        size = len(re.sub(rf"[{_SPACE}]", "", text))
        runs = blocks[-1]
        if runs and runs[-1].lang == lang:
            runs[-1].end = b
            runs[-1].chars += size
        else:
            runs.append(Run(lang, a, b, size))
    return [b for b in blocks if b]


def _pairs_in_order(blocks: list[list[Run]], first: str) -> list[tuple[Run, Run]]:
    """Neighbouring runs (first-language run, then the other language), left to right in each block."""
    pairs = []
    for runs in blocks:
        i = 0
        while i + 1 < len(runs):
            a, b = runs[i], runs[i + 1]
            if a.lang == first and b.lang != first:
                en, zh = (a, b) if a.lang == "en" else (b, a)
                if MIN_RATIO <= en.chars / max(zh.chars, 1) <= MAX_RATIO:
                    pairs.append((en, zh))
                    i += 2
                    continue
            i += 1
    return pairs


def _spread(pairs: list[tuple[Run, Run]]) -> float:
    logs = [math.log(en.chars / max(zh.chars, 1)) for en, zh in pairs]
    if len(logs) < 2:
        return 0.0
    mean = sum(logs) / len(logs)
    return sum((x - mean) ** 2 for x in logs) / len(logs)


def align_document(rows: Iterable[Mapping[str, object]]) -> list[tuple[int, int, int, int]]:
    """(en_start, en_end, zh_start, zh_end) of one document's pairs, in file order."""
    blocks = document_runs(rows)
    candidates = [_pairs_in_order(blocks, first) for first in ("zh", "en")]
    best = min(candidates, key=lambda p: (-len(p), _spread(p)))
    return sorted(
        ((en.start, en.end, zh.start, zh.end) for en, zh in best), key=lambda p: min(p[0], p[2])
    )


def align_segments(segments: Iterable[Mapping[str, object]]) -> list[tuple]:
    """Rows of PAIR_COLUMNS for every document of a segment table (rows with the columns of
    corpus/segments.tsv, e.g. its records; offsets as text or int)."""
    pairs = []
    ordered = sorted(segments, key=lambda row: (row["doc_id"], int(row["start_char"])))
    for doc_id, rows in itertools.groupby(ordered, key=itemgetter("doc_id")):
        for pair_id, offsets in enumerate(align_document(rows)):
            pairs.append((doc_id, pair_id, *offsets))
    return pairs


def run_align_translations(segments_tsv: str, output: str) -> None:
    """Rule align_translations: corpus/segments.tsv -> corpus/aligned_pairs.tsv (read as records: the
    job groups and walks rows, so it does not import pandas)."""
    write_tsv(output, align_segments(read_tsv_records(segments_tsv)), PAIR_COLUMNS)


_MARKUP = re.compile(r"<[^<>]*>|\*\*|\\(?=\S)")


def normalise_for_comparison(text: str) -> str:
    """Text compared without markup, markdown emphasis, escapes, white space or compatibility forms."""
    text = unicodedata.normalize("NFKC", _MARKUP.sub("", html.unescape(text)))
    return re.sub(rf"[\s{_SPACE}]+", "", text)


def agreement_with_reference(
    predicted: list[tuple[str, str, str]], reference: list[tuple[str, str, str]]
) -> dict[str, float]:
    """Pair precision and recall against a reference alignment, comparing texts (doc, zh, en).

    `exact`: a predicted pair equals a reference pair (after `normalise_for_comparison`). `overlap`: a
    predicted pair agrees with a reference pair when each of its texts contains or is contained in the
    reference pair's text (zh and en alike), which forgives different paragraph grouping (a reference
    pair that joins a lead-in line or several paragraphs) but not a wrong partner."""
    pred = [(d, normalise_for_comparison(z), normalise_for_comparison(e)) for d, z, e in predicted]
    ref = [(d, normalise_for_comparison(z), normalise_for_comparison(e)) for d, z, e in reference]
    ref_set = set(ref)
    exact = sum(p in ref_set for p in pred)

    def agree(p, r) -> bool:
        return (
            p[0] == r[0]
            and bool(p[1] and r[1] and p[2] and r[2])
            and (p[1] in r[1] or r[1] in p[1])
            and (p[2] in r[2] or r[2] in p[2])
        )

    by_doc: dict[str, list] = {}
    for r in ref:
        by_doc.setdefault(r[0], []).append(r)
    pred_by_doc: dict[str, list] = {}
    for p in pred:
        pred_by_doc.setdefault(p[0], []).append(p)
    pred_ok = sum(any(agree(p, r) for r in by_doc.get(p[0], [])) for p in pred)
    ref_ok = sum(any(agree(p, r) for p in pred_by_doc.get(r[0], [])) for r in ref)
    return {
        "predicted": len(pred),
        "reference": len(ref),
        "exact_precision": exact / len(pred) if pred else float("nan"),
        "exact_recall": sum(r in set(pred) for r in ref) / len(ref) if ref else float("nan"),
        "overlap_precision": pred_ok / len(pred) if pred else float("nan"),
        "overlap_recall": ref_ok / len(ref) if ref else float("nan"),
    }
