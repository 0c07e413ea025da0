"""Benchmark: cold wall time and peak memory of a full pipeline run on the embedded corpus.

Copies the project (no results) to a temporary folder, runs `snakemake --cores N` there and prints the
wall time and the peak resident memory of the largest process (Snakemake or one of its jobs).
Usage: .venv/bin/python benchmarks/full_run.py [--cores 2]
"""

from __future__ import annotations

import argparse
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("Snakefile", "workflow", "config", "resources"):
            src = ROOT / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / name)
        snakemake = Path(sys.executable).with_name("snakemake")
        start = time.perf_counter()
        result = subprocess.run(
            [str(snakemake), "--cores", str(args.cores), "--quiet"],
            cwd=work,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        if result.returncode != 0:
            sys.exit(f"pipeline failed:\n{result.stderr[-3000:]}")
        jobs = sum(1 for _ in (work / "results").rglob("*") if _.is_file())
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"full run, cold, --cores {args.cores}: {wall:.1f} s wall, peak RSS of the largest process {peak_mib:.0f} MiB, {jobs} output files"
    )


if __name__ == "__main__":
    main()
