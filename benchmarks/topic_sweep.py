"""Benchmark: wall time of the topic sweep (prepare_topic_corpus + one fit_topic_runs job per family, fitting its
K x seed runs + summarize_topic_sweep) and of the rest of the topic stage, on the embedded corpus and on
../shared/external/bilingual-gwr (skipped when absent), with the selection table of each.

Each corpus runs in a temporary copy of the project: the stages before topics run first (not timed),
then the sweep, then the final model, seeded topics and the two figures. Per-job seconds and CPU seconds
come from the rules' Snakemake benchmark files.
Usage: .venv/bin/python benchmarks/topic_sweep.py [--cores 2] [--only default|gwr]
       [--set topics.languages=[zh]]  (extra YAML settings for the topics section, repeatable)
"""

from __future__ import annotations

import argparse
import csv
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GWR = SHARED / "external" / "bilingual-gwr"
SNAKEMAKE = str(Path(sys.executable).with_name("snakemake"))


def snakemake(work: Path, cores: int, configs: list[str], *targets: str) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [SNAKEMAKE, *targets, "--cores", str(cores), "--quiet", "--configfile", *configs],
        cwd=work,
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        sys.exit(f"snakemake failed in {work}:\n{result.stdout[-2000:]}\n{result.stderr[-3000:]}")
    return time.perf_counter() - start


def job_seconds(folder: Path) -> list[tuple[str, float, float]]:
    rows = []
    for path in sorted(folder.rglob("*.tsv")):
        with open(path, encoding="utf-8") as handle:
            row = next(csv.DictReader(handle, delimiter="\t"))
        rows.append((path.stem, float(row["s"]), float(row.get("cpu_time") or "nan")))
    return rows


def bench(name: str, project: Path, configs: list[str], overrides: dict, cores: int) -> None:
    if overrides:
        (project / "config" / "bench_overrides.yaml").write_text(
            yaml.safe_dump({"topics": overrides}), encoding="utf-8"
        )
        configs = [*configs, "config/bench_overrides.yaml"]
    merged = {}
    for config in configs:
        merged.update(yaml.safe_load((project / config).read_text(encoding="utf-8")))
    experiment = merged.get("experiment", "default")
    results = project / "results" / experiment
    logs = project / "logs" / experiment
    snakemake(project, cores, configs, "--until", "gather_sentences")
    sweep = snakemake(project, cores, configs, "summarize_topic_sweep")
    rest = snakemake(project, cores, configs, "plot_topic_figures")
    jobs = job_seconds(logs / "topics" / "benchmarks" / "fit_topic_runs")
    corpus = (results / "topics" / "corpus.tsv").read_text(encoding="utf-8").count("\n") - 1
    vocab = (results / "topics" / "vocabulary.tsv").read_text(encoding="utf-8").count("\n") - 1
    print(
        f"\n== {name}: {corpus} chunks, vocabulary {vocab} terms, {len(jobs)} sweep jobs, --cores {cores}"
    )
    if overrides:
        print(f"   topics overrides: {overrides}")
    print(f"   sweep (prepare + runs + summary): {sweep:.1f} s wall")
    print(f"   final model, seeded topics, figures: {rest:.1f} s wall")
    for family in ("lda", "nmf"):
        mine = [j for j in jobs if j[0].startswith(family)]
        if mine:
            wall = [j[1] for j in mine]
            cpu = [j[2] for j in mine]
            print(
                f"   {family} runs: {sum(wall):.1f} s job time in total (max {max(wall):.1f} s), "
                f"{sum(cpu):.1f} s CPU"
            )
    print("   selection.tsv:")
    print((results / "topics" / "selection.tsv").read_text(encoding="utf-8"))


def parse_overrides(items: list[str]) -> dict:
    out = {}
    for item in items:
        key, _, value = item.partition("=")
        key = key.removeprefix("topics.")
        out[key] = yaml.safe_load(value)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--only", choices=["default", "gwr"])
    parser.add_argument("--set", action="append", default=[], dest="overrides")
    args = parser.parse_args()
    overrides = parse_overrides(args.overrides)
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        if args.only in (None, "default"):
            project = tmp / "default"
            project.mkdir()
            for name in ("Snakefile", "workflow", "config", "resources"):
                src = ROOT / name
                (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
            bench("embedded corpus", project, ["config/config.yaml"], overrides, args.cores)
        if args.only in (None, "gwr"):
            experiment = ROOT / "config" / "experiments" / "gwr.yaml"
            if not GWR.is_dir() or not experiment.is_file():
                print(f"\n== bilingual-gwr: skipped ({GWR} or {experiment} absent)")
                return
            # the experiment reads ../shared/external/bilingual-gwr relative to the project
            (tmp / "shared").symlink_to(SHARED)
            project = tmp / "gwr"
            project.mkdir()
            for name in ("Snakefile", "workflow", "config", "resources"):
                src = ROOT / name
                (shutil.copytree if src.is_dir() else shutil.copy2)(src, project / name)
            bench(
                "bilingual-gwr",
                project,
                ["config/config.yaml", "config/experiments/gwr.yaml"],
                overrides,
                args.cores,
            )


if __name__ == "__main__":
    main()
