"""Benchmark: the whole pipeline on benchmark corpora of given sizes; wall time, tokens/s and peak memory per rule.

For each size (e.g. 100k 1M 10M: estimated tokens), writes a benchmark corpus (paragraphs of
../shared/external resampled, seeded: policy_rhetoric.corpus.benchmark) and a copy of the project
(Snakefile, workflow, config, resources; no results) under WORKDIR/<size>/, runs there
`snakemake --cores N --configfile config/experiments/benchmark.yaml <corpus>/corpus.yaml` cold, with
this checkout's src/ first on PYTHONPATH, and polls the process tree with psutil (a dependency of
Snakemake) every --poll seconds. A process whose command line runs .snakemake/scripts/tmpXXXX.<rule>.py
is one job of <rule> (a rule's script is named after it); its children count towards it. Per rule:
jobs, the sum of job wall times (start from the process's creation time, end = last seen), the span
from the first start to the last end, tokens/s (the corpus's tokens over the summed job time, so
per-document rules are comparable with aggregate ones), the CPU seconds of its processes (user +
system, last sample; on a shared machine tokens per CPU second is the figure that does not depend on
the load) and the peak resident memory of any one job (its process tree summed). The snakemake process itself is the row "snakemake" (DAG building).
Tokens are the pipeline's own: the sum of n_tokens of corpus/sentences.tsv.

Usage (from the project root, beside ../shared/external):
    .venv/bin/python benchmarks/end_to_end.py 100k 1M [10M] [--cores 2] [--workdir /tmp/policy-rhetoric-bench]
Writes WORKDIR/benchmark.tsv (BENCHMARK_COLUMNS, one row per size x rule, appended across runs) and
prints a table. Each size's corpus, project copy and results are deleted after its run unless
--keep-results is given.
"""

from __future__ import annotations

import argparse
import csv
import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from policy_rhetoric.cli import BENCH_MANIFESTS, BENCH_SPECS, BENCH_TOKENS_PER_DOCUMENT  # noqa: E402
from policy_rhetoric.corpus.benchmark import generate_corpus, load_sources  # noqa: E402

BENCHMARK_COLUMNS = (
    "size",
    "documents",
    "tokens",
    "rule",
    "jobs",
    "job_seconds",
    "span_seconds",
    "cpu_seconds",
    "tokens_per_s",
    "tokens_per_cpu_s",
    "peak_rss_mib",
)
SCRIPT = re.compile(r"\.snakemake/scripts/tmp[^/\s]*?\.([A-Za-z0-9_]+)\.py$")
SUFFIX = {"k": 1_000, "m": 1_000_000, "g": 1_000_000_000}


def parse_size(text: str) -> int:
    m = re.fullmatch(r"(\d+(?:\.\d+)?)([kKmMgG]?)", text)
    if not m:
        raise argparse.ArgumentTypeError(f"{text!r} is not a size such as 100k, 1M or 2500000")
    return int(float(m.group(1)) * SUFFIX.get(m.group(2).lower(), 1))


def rule_of(proc: psutil.Process) -> str | None:
    try:
        for part in proc.cmdline():
            m = SCRIPT.search(part)
            if m:
                return m.group(1)
    except (psutil.NoSuchProcess, psutil.AccessDenied, psutil.ZombieProcess):
        pass
    return None


def watch(main: subprocess.Popen, poll: float) -> dict:
    """Poll the process tree of `main` until it exits: per job pid, its rule, start, end and peak RSS."""
    root = psutil.Process(main.pid)
    jobs: dict[int, dict] = {}
    driver_peak, driver_cpu = 0, 0.0
    while main.poll() is None:
        now = time.time()
        try:
            driver_peak = max(driver_peak, root.memory_info().rss)
            cpu = root.cpu_times()
            driver_cpu = cpu.user + cpu.system
            tree = root.children(recursive=True)
        except psutil.NoSuchProcess:
            break
        totals: dict[int, int] = {}
        for proc in tree:
            job = proc.pid if proc.pid in jobs else None
            if job is None:
                rule = rule_of(proc)
                if rule is not None:
                    try:
                        start = proc.create_time()
                    except psutil.NoSuchProcess:
                        continue
                    jobs[proc.pid] = {
                        "rule": rule,
                        "start": start,
                        "end": now,
                        "peak": 0,
                        "cpu": {},
                    }
                    job = proc.pid
            if job is None:
                # a child of a job (e.g. a worker process): counted towards its nearest job ancestor
                try:
                    job = next((p.pid for p in proc.parents() if p.pid in jobs), None)
                except psutil.NoSuchProcess:
                    continue
            if job is None:
                continue
            try:
                totals[job] = totals.get(job, 0) + proc.memory_info().rss
                cpu = proc.cpu_times()
            except psutil.NoSuchProcess:
                continue
            jobs[job]["cpu"][proc.pid] = cpu.user + cpu.system
            jobs[job]["end"] = now
        for job, rss in totals.items():
            jobs[job]["peak"] = max(jobs[job]["peak"], rss)
        time.sleep(poll)
    return {"jobs": jobs, "driver_peak": driver_peak, "driver_cpu": driver_cpu}


def copy_project(dest: Path) -> None:
    dest.mkdir(parents=True)
    for name in ("Snakefile", "workflow", "config", "resources"):
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("imported"))
        else:
            shutil.copy2(src, dest / name)


def pipeline_tokens(project: Path) -> int:
    table = project / "results/benchmark/corpus/sentences.tsv"
    total = 0
    with table.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        column = next(reader).index("n_tokens")
        for row in reader:
            total += int(row[column])
    return total


def run_size(size: int, args, sources) -> list[dict]:
    label = _label(size)
    base = Path(args.workdir) / label
    if base.exists():
        shutil.rmtree(base)
    corpus, project = base / "corpus", base / "project"
    documents = args.documents or max(1, size // BENCH_TOKENS_PER_DOCUMENT)
    t0 = time.perf_counter()
    counts = generate_corpus(sources, corpus, documents=documents, tokens=size, seed=args.seed)
    overlay = f"corpus:\n  manifest: {corpus / 'manifest.tsv'}\n  root: {corpus}\n"
    (corpus / "corpus.yaml").write_text(overlay, encoding="utf-8")
    print(
        f"[{label}] corpus: {documents} documents, about {counts['tokens']} tokens "
        f"({time.perf_counter() - t0:.1f} s)",
        flush=True,
    )
    copy_project(project)
    env = dict(
        os.environ,
        PYTHONPATH=os.pathsep.join(filter(None, [str(ROOT / "src"), os.environ.get("PYTHONPATH")])),
    )
    snakemake = Path(sys.executable).with_name("snakemake")
    command = [
        str(snakemake),
        "--cores",
        str(args.cores),
        "--configfile",
        "config/experiments/benchmark.yaml",
        str(corpus / "corpus.yaml"),
        "--quiet",
    ]
    start = time.perf_counter()
    with (base / "snakemake.log").open("w") as log:
        main = subprocess.Popen(command, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
        seen = watch(main, args.poll)
        main.wait()
    wall = time.perf_counter() - start
    if main.returncode != 0:
        sys.exit(
            f"[{label}] pipeline failed (exit {main.returncode}); see {base / 'snakemake.log'}"
        )
    tokens = pipeline_tokens(project)
    rows = []
    by_rule: dict[str, list[dict]] = {}
    for job in seen["jobs"].values():
        by_rule.setdefault(job["rule"], []).append(job)
    for rule, jobs in sorted(by_rule.items()):
        seconds = sum(j["end"] - j["start"] for j in jobs)
        span = max(j["end"] for j in jobs) - min(j["start"] for j in jobs)
        rows.append(
            _row(
                label,
                documents,
                tokens,
                rule,
                len(jobs),
                seconds,
                span,
                sum(sum(j["cpu"].values()) for j in jobs),
                max(j["peak"] for j in jobs),
            )
        )
    rows.append(
        _row(
            label,
            documents,
            tokens,
            "snakemake",
            1,
            wall,
            wall,
            seen["driver_cpu"],
            seen["driver_peak"],
        )
    )
    rows.append(
        _row(
            label,
            documents,
            tokens,
            "(all jobs)",
            len(seen["jobs"]),
            wall,
            wall,
            sum(sum(j["cpu"].values()) for j in seen["jobs"].values()),
            max((j["peak"] for j in seen["jobs"].values()), default=0),
        )
    )
    if not args.keep_results:
        shutil.rmtree(base)
    return rows


def _row(label, documents, tokens, rule, jobs, seconds, span, cpu, peak) -> dict:
    return {
        "size": label,
        "documents": documents,
        "tokens": tokens,
        "rule": rule,
        "jobs": jobs,
        "job_seconds": f"{seconds:.1f}",
        "span_seconds": f"{span:.1f}",
        "cpu_seconds": f"{cpu:.1f}",
        "tokens_per_s": f"{tokens / seconds:.0f}" if seconds > 0 else "",
        "tokens_per_cpu_s": f"{tokens / cpu:.0f}" if cpu > 0 else "",
        "peak_rss_mib": f"{peak / 2**20:.0f}",
    }


def _label(size: int) -> str:
    for suffix, factor in (("M", 1_000_000), ("k", 1_000)):
        if size >= factor and size % factor == 0:
            return f"{size // factor}{suffix}"
    return str(size)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "sizes", nargs="+", type=parse_size, help="estimated tokens, e.g. 100k 1M 10M"
    )
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--documents",
        type=int,
        help=f"documents per corpus (default: size / {BENCH_TOKENS_PER_DOCUMENT})",
    )
    parser.add_argument("--workdir", default="/tmp/policy-rhetoric-bench")
    parser.add_argument("--poll", type=float, default=0.2, help="seconds between samples")
    parser.add_argument("--keep-results", action="store_true", help="keep corpora and results")
    args = parser.parse_args()
    Path(args.workdir).mkdir(parents=True, exist_ok=True)
    sources = load_sources(ROOT, BENCH_SPECS, BENCH_MANIFESTS)
    table = Path(args.workdir) / "benchmark.tsv"
    new = not table.exists()
    for size in args.sizes:
        rows = run_size(size, args, sources)
        with table.open("a", encoding="utf-8", newline="") as handle:
            writer = csv.DictWriter(handle, BENCHMARK_COLUMNS, delimiter="\t", lineterminator="\n")
            if new:
                writer.writeheader()
                new = False
            writer.writerows(rows)
        _print(rows)
    print(f"results: {table}")


def _print(rows: list[dict]) -> None:
    first = rows[-1]
    print(
        f"\n[{first['size']}] {first['documents']} documents, {first['tokens']} tokens, "
        f"{first['jobs']} jobs, wall {first['job_seconds']} s, "
        f"{first['tokens_per_s']} tokens/s end to end, largest job {first['peak_rss_mib']} MiB"
    )
    print(
        f"{'rule':28} {'jobs':>5} {'job s':>8} {'span s':>8} {'cpu s':>8} "
        f"{'tokens/s':>10} {'tok/cpu s':>10} {'peak MiB':>9}"
    )
    for r in sorted(rows[:-1], key=lambda r: -float(r["job_seconds"])):
        print(
            f"{r['rule']:28} {r['jobs']:>5} {r['job_seconds']:>8} {r['span_seconds']:>8} "
            f"{r['cpu_seconds']:>8} {r['tokens_per_s']:>10} {r['tokens_per_cpu_s']:>10} "
            f"{r['peak_rss_mib']:>9}"
        )


if __name__ == "__main__":
    main()
