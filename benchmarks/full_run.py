"""Benchmark: a cold full pipeline run on the embedded corpus, then a rerun with nothing changed.

Copies the project (no results) to a temporary folder, runs `snakemake --cores N` there twice and prints,
for each run, the wall time, the CPU time of Snakemake and its jobs (user + system; less sensitive to
other load on the machine than the wall time), the number of jobs run, and the peak resident memory of
the largest process. Usage: .venv/bin/python benchmarks/full_run.py [--cores 2] [--root PROJECT]
(--root: another checkout to measure, e.g. the previous commit's, with its own src on PYTHONPATH).
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def timed_run(snakemake: Path, work: Path, cores: int, env: dict) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds of Snakemake and its jobs, jobs run) of one `snakemake` call."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(
        [str(snakemake), "--cores", str(cores), "--quiet", "rules"],
        cwd=work,
        capture_output=True,
        text=True,
        env=env,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        sys.exit(f"pipeline failed:\n{result.stderr[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    done = re.findall(r"(\d+) of (\d+) steps", result.stdout + result.stderr)
    return wall, cpu, int(done[-1][0]) if done else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--root", type=Path, default=ROOT, help="project to measure")
    args = parser.parse_args()
    root = args.root.resolve()
    env = {**os.environ, "PYTHONPATH": str(root / "src")}
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name in ("Snakefile", "workflow", "config", "resources"):
            src = root / name
            (shutil.copytree if src.is_dir() else shutil.copy2)(src, work / name)
        snakemake = Path(sys.executable).with_name("snakemake")
        cold = timed_run(snakemake, work, args.cores, env)
        rerun = timed_run(snakemake, work, args.cores, env)
    peak_mib = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for name, (wall, cpu, jobs) in (("cold full run", cold), ("rerun, nothing changed", rerun)):
        print(f"{name}, --cores {args.cores}: {wall:.1f} s wall, {cpu:.1f} s CPU, {jobs} jobs")
    print(f"peak RSS of the largest process {peak_mib:.0f} MiB ({root})")


if __name__ == "__main__":
    main()
