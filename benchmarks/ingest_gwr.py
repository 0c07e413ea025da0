"""Benchmark: ingest, voice segmentation and alignment of bilingual-gwr, and agreement with its reference.

Reads the 13 files of ../shared/external/bilingual-gwr/ (beside the project; never copied into it) through
the gwr experiment (config/experiments/gwr.yaml) and prints
  1. the wall time of ingest (manifest + decoding) + segmentation + alignment in one process (best of N),
  2. the cold wall time of the Snakemake ingest stage (segment_document x 13, describe_corpus,
     align_translations) in a temporary copy of the project, with `shared` linked beside it,
  3. pair precision and recall against the reference alignment (exact text match, and overlap), overall
     and without the 9 pairs the reference flags CHECK.
Target (issue 3): under 10 s.
Usage: .venv/bin/python benchmarks/ingest_gwr.py [--repeat 3] [--no-snakemake]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

ROOT = Path(__file__).resolve().parents[1]
GWR = ROOT.parent / "shared" / "external" / "bilingual-gwr"
CONFIG = ROOT / "config" / "experiments" / "gwr.yaml"


def in_process() -> tuple[float, list, dict, dict, pd.DataFrame]:
    """One ingest + segmentation + alignment pass; (seconds, pairs, texts, stems, segments)."""
    from policy_rhetoric.core.config import load_config
    from policy_rhetoric.core.genres import allowed_genres
    from policy_rhetoric.core.text import raw_text
    from policy_rhetoric.corpus.alignment import align_segments
    from policy_rhetoric.corpus.manifest import load_annotations, read_manifest
    from policy_rhetoric.corpus.voice import segment_text

    start = time.perf_counter()
    config = load_config(CONFIG)
    rows = read_manifest(
        ROOT / config["corpus"]["manifest"], ROOT / config["corpus"]["root"], allowed_genres(config)
    )
    annotations = load_annotations(
        ROOT / config["corpus"]["voice_annotations"], [r.doc_id for r in rows]
    )
    texts, records = {}, []
    for row in rows:
        text = raw_text(row.source)
        texts[row.doc_id] = text
        for s in segment_text(text, annotations.get(row.doc_id, {})):
            records.append(
                (row.doc_id, s.start, s.end, s.voice, s.lang, s.rule, text[s.start : s.end])
            )
    segments = pd.DataFrame(
        records, columns=["doc_id", "start_char", "end_char", "voice", "lang", "rule", "text"]
    )
    pairs = align_segments(segments.to_dict("records"))
    seconds = time.perf_counter() - start
    return seconds, pairs, texts, {r.doc_id: r.source.stem for r in rows}, segments


def snakemake_ingest() -> float:
    """Cold wall time of the Snakemake ingest targets of the gwr experiment in a temporary copy."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp) / "project"
        work.mkdir()
        for name in ("Snakefile", "workflow", "config", "resources"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / name)
        (Path(tmp) / "shared").symlink_to(ROOT.parent / "shared")
        snakemake = Path(sys.executable).with_name("snakemake")
        targets = [
            f"results/gwr/corpus/{n}.tsv" for n in ("documents", "segments", "aligned_pairs")
        ]
        start = time.perf_counter()
        result = subprocess.run(
            [str(snakemake), *targets, "--cores", "2", "--quiet", "--configfile", str(CONFIG)],
            cwd=work,
            capture_output=True,
            text=True,
        )
        seconds = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"snakemake failed:\n{result.stderr[-3000:]}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-snakemake", action="store_true")
    args = parser.parse_args()
    if not GWR.is_dir():
        sys.exit(f"{GWR} is not there: this benchmark needs ../shared beside the project")
    from policy_rhetoric.corpus.alignment import agreement_with_reference

    runs = [in_process() for _ in range(args.repeat)]
    times = [r[0] for r in runs]
    _, pairs, texts, stems, segments = runs[0]
    han = sum(segments[segments["lang"] == "zh"]["text"].str.count(r"[\u4e00-\u9fff]"))
    words = sum(
        segments[segments["lang"] == "en"]["text"].str.count(r"[A-Za-z]+(?:['’-][A-Za-z]+)*")
    )
    print(
        f"bilingual-gwr: {len(texts)} files, {sum(map(len, texts.values())):,} characters "
        f"({han:,} Han characters and {words:,} English words in zh/en segments), "
        f"{len(segments):,} segments, {len(pairs)} pairs"
    )
    print(
        f"ingest + segmentation + alignment, in process: best {min(times):.2f} s, "
        f"median {statistics.median(times):.2f} s of {args.repeat} (target < 10 s)"
    )
    if not args.no_snakemake:
        print(
            f"snakemake ingest stage (13 segment_document jobs, describe, align), cold, 2 cores: "
            f"{snakemake_ingest():.1f} s wall"
        )
    predicted = [(stems[d], texts[d][zs:ze], texts[d][es:ee]) for d, _, es, ee, zs, ze in pairs]
    reference = pd.read_csv(GWR / "aligned_pairs.tsv", sep="\t", dtype=str, keep_default_na=False)
    for label, ref in (
        ("all 808 reference pairs", reference),
        ("without CHECK-flagged pairs", reference[reference["flag"] != "CHECK"]),
    ):
        got = agreement_with_reference(
            predicted, list(zip(ref["doc"], ref["zh"], ref["en"], strict=True))
        )
        print(
            f"agreement, {label} ({got['reference']}; predicted {got['predicted']}): "
            f"exact precision {got['exact_precision']:.3f} recall {got['exact_recall']:.3f}; "
            f"overlap precision {got['overlap_precision']:.3f} recall {got['overlap_recall']:.3f}"
        )


if __name__ == "__main__":
    main()
