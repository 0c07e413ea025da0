"""Baseline: Empath's general-purpose `war` category against the hand-coded militarized code.

Same held-out English units as the project's validation (split = test of
resources/validation/rhetoric_sample.tsv, and of rhetoric_gwr_sample.tsv when
../shared/external/bilingual-gwr is present): a unit is predicted militarized when Empath's `war` count
is above zero. Empath's default tokenizer splits on white space only (so "battle," or "military." are
never found); the baseline is given a lowercase word tokenizer instead, and the default's figures are
printed too. Prints precision, recall and F1 per sample and pooled, next to the project's lexicon on
the same units, and the words behind Empath's false positives and the units it misses.
Usage: .venv/bin/python benchmarks/empath_baseline.py [--split test]
"""

from __future__ import annotations

import argparse
import re
from collections import Counter
from pathlib import Path

import numpy as np
from empath import Empath

from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.core.text import raw_text
from policy_rhetoric.corpus.tokens import load_pipeline
from policy_rhetoric.rhetoric.lexicon import load_lexicons
from policy_rhetoric.rhetoric.matching import RhetoricMatcher
from policy_rhetoric.rhetoric.validation import (
    GWR_COLUMNS,
    SEED_COLUMNS,
    predictions_from_text,
    read_sample,
)

ROOT = Path(__file__).resolve().parents[1]
GWR = ROOT.parent / "shared" / "external" / "bilingual-gwr" / "original_md"
LEXICONS = [ROOT / "config/lexicons/militarized.yaml", ROOT / "config/lexicons/self_reliance.yaml"]


def words(text: str) -> list[str]:
    """Lowercase words (letters only), the tokenizer the baseline is given."""
    return re.findall(r"[a-z]+", text.lower())


def scores(coded: np.ndarray, predicted: np.ndarray) -> str:
    tp = int((coded & predicted).sum())
    fp = int((~coded & predicted).sum())
    fn = int((coded & ~predicted).sum())
    p = tp / (tp + fp) if tp + fp else float("nan")
    r = tp / (tp + fn) if tp + fn else float("nan")
    f1 = 2 * p * r / (p + r) if tp else 0.0
    return f"P {p:.3f}  R {r:.3f}  F1 {f1:.3f}  (tp {tp}, fp {fp}, fn {fn})"


def samples(split: str):
    manifest = read_tsv(ROOT / "config/manifest.tsv")
    texts = {
        d: raw_text(ROOT / "resources/corpus" / p)
        for d, p in zip(manifest["doc_id"], manifest["path"], strict=True)
    }
    out = {
        "seed": read_sample(ROOT / "resources/validation/rhetoric_sample.tsv", SEED_COLUMNS, texts)
    }
    if GWR.is_dir():
        path = ROOT / "resources/validation/rhetoric_gwr_sample.tsv"
        files = set(read_tsv(path)["file"])
        out["gwr"] = read_sample(path, GWR_COLUMNS, {f: raw_text(GWR / f) for f in files})
    return {
        name: s[(s["split"] == split) & (s["lang"] == "en")].reset_index(drop=True)
        for name, s in out.items()
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="test", choices=["dev", "test"])
    args = parser.parse_args()
    empath = Empath()
    war_words = set(empath.cats["war"])
    matcher = RhetoricMatcher(load_lexicons(LEXICONS), load_pipeline("en"))
    pooled = {"coded": [], "empath": [], "default": [], "lexicon": []}
    false_words, missed = Counter(), []
    for name, sample in samples(args.split).items():
        coded = sample["militarized"].to_numpy().astype(bool)
        empath_hit = np.array(
            [
                empath.analyze(t, categories=["war"], tokenizer=words)["war"] > 0
                for t in sample["text"]
            ]
        )
        default_hit = np.array(
            [empath.analyze(t, categories=["war"])["war"] > 0 for t in sample["text"]]
        )
        found = predictions_from_text(sample, matcher, {})
        lexicon_hit = np.array([any(c == "militarized" for c, _, _ in f) for f in found])
        print(f"{name}: {len(sample)} held-out English units, {coded.sum()} coded militarized")
        print(f"  Empath war : {scores(coded, empath_hit)}")
        print(f"  (default tokenizer) {scores(coded, default_hit)}")
        print(f"  lexicon    : {scores(coded, lexicon_hit)}")
        pooled["default"].append(default_hit)
        pooled["coded"].append(coded)
        pooled["empath"].append(empath_hit)
        pooled["lexicon"].append(lexicon_hit)
        for text, c, e in zip(sample["text"], coded, empath_hit, strict=True):
            if e and not c:
                false_words.update(set(words(text)) & war_words)
            if c and not e:
                missed.append(text[:100])
    coded = np.concatenate(pooled["coded"])
    print(f"pooled: {len(coded)} units, {coded.sum()} coded militarized")
    print(f"  Empath war : {scores(coded, np.concatenate(pooled['empath']))}")
    print(f"  (default tokenizer) {scores(coded, np.concatenate(pooled['default']))}")
    print(f"  lexicon    : {scores(coded, np.concatenate(pooled['lexicon']))}")
    print(
        "Empath war words behind false positives:",
        ", ".join(w for w, _ in false_words.most_common(12)),
    )
    print("some militarized units Empath misses:")
    for text in missed[:8]:
        print("   ", text)


if __name__ == "__main__":
    main()
