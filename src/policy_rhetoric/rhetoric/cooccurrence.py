"""Co-occurrence of the two constructs: sentences and paragraphs holding both militarized and
self-reliance matches, against a permutation baseline that shuffles self-reliance labels across the
units of each document (seeded per cell, `core.rng.cell_rng`)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from policy_rhetoric.core.rng import cell_rng, permuted_rows
from policy_rhetoric.core.tables import read_tsv, write_frame
from policy_rhetoric.rhetoric.match_table import read_matches
from policy_rhetoric.rhetoric.rates import language_views, read_sentence_counts

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
COOCCURRING = ("militarized", "self_reliance")


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
            for lang, mask in language_views(by_voice):
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
                    start = 0
                    for shuffled in permuted_rows(rng, b, permutations):
                        both_null[start : start + len(shuffled)] += shuffled @ a
                        start += len(shuffled)
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
    table = cooccurrence_table(
        read_sentence_counts(sentences_tsv),
        read_tsv(segments_tsv, usecols=["doc_id", "seg_id", "start_char"]),  # not the texts
        read_matches([matches_tsv]),
        seed=seed,
        permutations=permutations,
    )
    write_frame(output, table)
