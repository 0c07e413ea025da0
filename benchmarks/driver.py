"""Benchmark: CPU of the Snakemake driver process itself (loading the workflow, building the DAG, scheduling).

On a benchmark corpus of N documents (policy_rhetoric.corpus.benchmark: paragraphs of ../shared/external
resampled, seeded; written once), measures for each tree, in interleaved rounds (the order alternates):
- cold dry run: `snakemake -n` with the project's load-time check cache (.snakemake/) removed, so
  `validate_experiment` decodes every document and runs the lexicon checks;
- warm dry run: the same again, with that cache in place (what every later call of Snakemake pays);
- with `--stage segment`: a real run of the segment_shard jobs of every shard (`--cores`), the driver's
  own CPU (user + system of the snakemake process, polled with psutil; its job processes excluded),
  so the per-job and per-scheduling-round cost of the driver shows.
CPU seconds are those of the snakemake process (dry runs: its rusage from wait4; a dry run starts no
job). Each tree runs in its own copy of the project (Snakefile, workflow, config, resources, profiles)
under WORKDIR/<tree>/, with that tree's src/ on PYTHONPATH; nothing is written into this checkout.

Trees: the working tree, and with `--against REV` the project at git revision REV (`git archive`).
Prints one row per tree x round and the median ratio REV / working tree per measure.

Usage (from the project root, beside ../shared/external):
    .venv/bin/python benchmarks/driver.py [--documents 2000] [--against integ3] [--rounds 2]
        [--stage segment] [--cores 2] [--workdir /tmp/policy-rhetoric-driver]
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policy_rhetoric.cli import BENCH_MANIFESTS, BENCH_SPECS, BENCH_TOKENS_PER_DOCUMENT  # noqa: E402
from policy_rhetoric.corpus.benchmark import generate_corpus, load_sources  # noqa: E402
from policy_rhetoric.corpus.shards import assign_shards  # noqa: E402

PROJECT_FILES = ("Snakefile", "workflow", "config", "resources", "profiles")
SNAKEMAKE = Path(sys.executable).with_name("snakemake")


def make_tree(tag: str, dest: Path, rev: str | None) -> tuple[Path, Path]:
    """(project copy, its src/) for the working tree (rev None) or git revision `rev`."""
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if rev is None:
        for name in PROJECT_FILES + ("src",):
            src = ROOT / name
            if src.is_dir():
                shutil.copytree(
                    src, dest / name, ignore=shutil.ignore_patterns("imported", "__pycache__")
                )
            elif src.exists():
                shutil.copy2(src, dest / name)
    else:
        archive = subprocess.run(
            ["git", "archive", "--format=tar", rev, *PROJECT_FILES, "src"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        tarfile.open(fileobj=io.BytesIO(archive)).extractall(dest, filter="data")
    return dest, dest / "src"


def command(corpus: Path, *extra: str) -> list[str]:
    return [
        str(SNAKEMAKE),
        "--configfile",
        "config/experiments/benchmark.yaml",
        str(corpus / "corpus.yaml"),
        "--quiet",
        *extra,
    ]


def dry_run(project: Path, src: Path, corpus: Path, *, cold: bool) -> tuple[float, float]:
    """(CPU seconds, wall seconds) of one `snakemake -n` in `project`."""
    if cold:
        shutil.rmtree(project / ".snakemake", ignore_errors=True)
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    proc = subprocess.Popen(
        command(corpus, "-n"),
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)
    if proc.returncode != 0:
        sys.exit(f"dry run failed in {project}: {proc.stderr.read().decode()[-2000:]}")
    return usage.ru_utime + usage.ru_stime, wall


def stage_run(project: Path, src: Path, corpus: Path, cores: int) -> tuple[float, float, int]:
    """(driver CPU seconds, wall seconds, jobs) of running segment_shard for every shard."""
    shutil.rmtree(project / "results", ignore_errors=True)
    shutil.rmtree(project / "logs", ignore_errors=True)
    doc_ids = [
        line.split("\t", 1)[0]
        for line in (corpus / "manifest.tsv").read_text(encoding="utf-8").splitlines()[1:]
        if line.strip()
    ]
    targets = [
        f"results/benchmark/corpus/shards/{shard}/segments.tsv" for shard in assign_shards(doc_ids)
    ]
    env = dict(os.environ, PYTHONPATH=str(src))
    start = time.perf_counter()
    proc = subprocess.Popen(
        command(corpus, "--cores", str(cores), "--", *targets),
        cwd=project,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    root = psutil.Process(proc.pid)
    cpu = 0.0
    while proc.poll() is None:
        try:
            times = root.cpu_times()
            cpu = times.user + times.system
        except psutil.NoSuchProcess:
            break
        time.sleep(0.2)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        sys.exit(f"stage run failed in {project}: {proc.stderr.read().decode()[-2000:]}")
    return cpu, wall, len(targets)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--documents", type=int, default=2000)
    parser.add_argument(
        "--tokens",
        type=int,
        help=f"estimated tokens (default: documents x {BENCH_TOKENS_PER_DOCUMENT})",
    )
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--against", metavar="REV", help="git revision to compare with")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--stage", choices=["segment"], help="also run a stage for real")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--workdir", default="/tmp/policy-rhetoric-driver")
    args = parser.parse_args()
    workdir = Path(args.workdir)
    corpus = workdir / "corpus"
    tokens = args.tokens or args.documents * BENCH_TOKENS_PER_DOCUMENT
    if not (corpus / "corpus.yaml").is_file() or len(list((corpus / "docs").glob("*.txt"))) != (
        args.documents
    ):
        shutil.rmtree(corpus, ignore_errors=True)
        sources = load_sources(ROOT, BENCH_SPECS, BENCH_MANIFESTS)
        counts = generate_corpus(
            sources, corpus, documents=args.documents, tokens=tokens, seed=args.seed
        )
        overlay = f"corpus:\n  manifest: {corpus / 'manifest.tsv'}\n  root: {corpus}\n"
        (corpus / "corpus.yaml").write_text(overlay, encoding="utf-8")
        print(f"corpus: {args.documents} documents, about {counts['tokens']} tokens", flush=True)
    trees = {}
    if args.against:
        trees[args.against] = make_tree(args.against, workdir / "against", args.against)
    trees["working tree"] = make_tree("working tree", workdir / "current", None)
    rows: dict[str, list[dict]] = {tag: [] for tag in trees}
    header = f"{'tree':<14} {'round':>5} {'cold -n CPU-s':>14} {'warm -n CPU-s':>14}"
    if args.stage:
        header += f" {'stage driver CPU-s':>19} {'stage wall s':>13}"
    print(header, flush=True)
    for r in range(args.rounds):
        order = list(trees.items()) if r % 2 == 0 else list(reversed(trees.items()))
        for tag, (project, src) in order:
            row = {"cold": dry_run(project, src, corpus, cold=True)[0]}
            row["warm"] = dry_run(project, src, corpus, cold=False)[0]
            line = f"{tag:<14} {r + 1:>5} {row['cold']:>14.2f} {row['warm']:>14.2f}"
            if args.stage:
                row["stage"], wall, _ = stage_run(project, src, corpus, args.cores)
                line += f" {row['stage']:>19.2f} {wall:>13.1f}"
            rows[tag].append(row)
            print(line, flush=True)
    if args.against:
        for measure in rows["working tree"][0]:
            ratio = statistics.median(
                a[measure] / b[measure]
                for a, b in zip(rows[args.against], rows["working tree"], strict=True)
            )
            print(f"{measure}: {args.against} / working tree = {ratio:.1f}x (median of rounds)")


if __name__ == "__main__":
    main()
