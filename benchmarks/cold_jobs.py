"""Benchmark: where a cold run of the embedded corpus spends its CPU, job by job: start-up or work.

Copies a project (Snakefile, workflow, config, resources; no results) to a temporary folder and runs
`snakemake --cores N` there cold, with a measurement-only `sitecustomize` on PYTHONPATH: every Python
process records at exit its CPU seconds (user + system, its own and its waited-for children's), its
wall seconds since creation and the script it ran. A process running a rule's script
(`.snakemake/scripts/tmpXXXX.<rule>.py` for `script:`, `workflow/scripts/<rule>.py` otherwise) is
one job of that rule. After the run, each rule's start-up is measured on its own, three times, in
fresh processes: the interpreter, Snakemake's `script:` preamble (unpickling the job and importing
`snakemake.logging` and `snakemake.iocontainers`) and the top-level imports of the rule's script;
work = the job's CPU - its start-up. The bare interpreter (`python -c pass`) is measured beside it.
The Snakemake process itself is the row "snakemake" (DAG, scheduling, bookkeeping).

For an idle-machine estimate, the jobs' DAG (`snakemake --forceall --dag`) is weighed with each job's
CPU seconds: the critical path (the longest chain of jobs, each waiting for the one before) and a list
schedule on --cores cores (longest remaining chain first), beside the CPU seconds / cores bound; and
the run's own timeline: the driver's CPU before the first job starts, and the share of the wall with
0, 1, 2, ... jobs running.

CPU seconds, not wall, are the figure to compare on a shared machine; run two projects side by side
with --root A --root B (alternating, --rounds times) and compare within one call.
Usage: .venv/bin/python benchmarks/cold_jobs.py [--root PROJECT ...] [--cores 2] [--rounds 1]
"""

from __future__ import annotations

import argparse
import ast
import json
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
JOB_SCRIPT = re.compile(
    r"(?:\.snakemake/scripts/tmp[^/]*?\.|workflow/scripts/)([A-Za-z0-9_]+)\.py$"
)
HOOK = """
import atexit, json, os, resource, sys, time
_out = os.environ.get("COLD_JOBS_OUT")
if _out:
    def _record():
        try:
            with open("/proc/self/stat") as handle:
                ticks = int(handle.read().rsplit(")", 1)[1].split()[19])
            with open("/proc/stat") as handle:
                boot = next(int(line.split()[1]) for line in handle if line.startswith("btime"))
            created = boot + ticks / os.sysconf("SC_CLK_TCK")
        except OSError:
            created = None
        own, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
        record = {
            "argv": [str(a) for a in sys.argv[:2]], "pid": os.getpid(), "ppid": os.getppid(),
            "created": created, "end": time.time(), "modules": len(sys.modules),
            "cpu": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        }
        with open(_out, "a") as handle:
            handle.write(json.dumps(record) + "\\n")
    atexit.register(_record)
"""
PREAMBLE = (
    "import sys, pickle; pickle.loads(pickle.dumps(0)); "
    "from snakemake.logging import logger; from snakemake.iocontainers import Snakemake\n"
)


def copy_project(root: Path, dest: Path) -> None:
    dest.mkdir(parents=True)
    for name in ("Snakefile", "workflow", "config", "resources"):
        src = root / name
        (shutil.copytree if src.is_dir() else shutil.copy2)(src, dest / name)


def cpu_of(command: list[str], env: dict, cwd: Path) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, env=env, cwd=cwd, check=True, capture_output=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def script_imports(script: Path) -> str:
    """The top-level import statements of a rule's script, as source."""
    tree = ast.parse(script.read_text(encoding="utf-8"))
    nodes = [n for n in tree.body if isinstance(n, (ast.Import, ast.ImportFrom))]
    return "\n".join(ast.unparse(n) for n in nodes) + "\n"


def startup_cpu(project: Path, rules: set[str], env: dict, repeats: int = 3) -> dict[str, float]:
    """Per rule: the median CPU seconds of a fresh process doing only its start-up; "python" = bare."""
    env = {k: v for k, v in env.items() if k != "COLD_JOBS_OUT"}
    python = sys.executable
    out = {
        "python": sorted(cpu_of([python, "-c", "pass"], env, project) for _ in range(repeats))[
            repeats // 2
        ]
    }
    out["preamble"] = sorted(
        cpu_of([python, "-c", PREAMBLE], env, project) for _ in range(repeats)
    )[repeats // 2]
    for rule in sorted(rules):
        script = project / "workflow" / "scripts" / f"{rule}.py"
        if not script.exists():
            continue
        code = PREAMBLE + script_imports(script)
        times = sorted(cpu_of([python, "-c", code], env, project) for _ in range(repeats))
        out[rule] = times[len(times) // 2]
    return out


def job_dag(project: Path, env: dict) -> tuple[dict[int, str], list[tuple[int, int]]]:
    """The default run's jobs (node -> rule) and edges (input job -> job), from `snakemake --dag`."""
    env = {k: v for k, v in env.items() if k != "COLD_JOBS_OUT"}
    snakemake = Path(sys.executable).with_name("snakemake")
    dot = subprocess.run(
        [str(snakemake), "--forceall", "--dag", "--quiet"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    nodes = {int(n): rule for n, rule in re.findall(r'^\s*(\d+)\[label = "(\w+)', dot, flags=re.M)}
    edges = [(int(a), int(b)) for a, b in re.findall(r"^\s*(\d+) -> (\d+)", dot, flags=re.M)]
    return nodes, edges


def schedule(dag, cpu: dict[str, float], cores: int) -> dict:
    """Critical path and a list schedule on `cores` cores of the DAG, each job lasting its rule's mean
    CPU seconds per job (the driver's own CPU left out)."""
    nodes, edges = dag
    duration = {n: cpu.get(rule, 0.0) for n, rule in nodes.items()}
    after = {n: [b for a, b in edges if a == n] for n in nodes}
    waits = {n: sum(1 for _, b in edges if b == n) for n in nodes}
    chain: dict[int, float] = {}

    def longest(n: int) -> float:
        if n not in chain:
            chain[n] = duration[n] + max((longest(m) for m in after[n]), default=0.0)
        return chain[n]

    start = max(nodes, key=longest)
    path, n = [nodes[start]], start
    while after[n]:
        n = max(after[n], key=longest)
        path.append(nodes[n])
    clock, running, ready = 0.0, [], [n for n in nodes if not waits[n]]
    while ready or running:
        ready.sort(key=lambda n: (-longest(n), n))
        while ready and len(running) < cores:
            n = ready.pop(0)
            running.append((clock + duration[n], n))
        running.sort()
        clock, n = running.pop(0)
        for m in after[n]:
            waits[m] -= 1
            if not waits[m]:
                ready.append(m)
    return {
        "critical": longest(start),
        "path": [r for r in path if r != "all"],
        "schedule": clock,
        "bound": sum(duration.values()) / cores,
    }


def timeline(jobs: list[dict], start: float, end: float) -> dict[int, float]:
    """Seconds of the wall [start, end] with k jobs running, k = 0, 1, 2, ..."""
    events = sorted(
        [(j["created"], 1) for j in jobs if j["created"]]
        + [(j["end"], -1) for j in jobs if j["created"]]
    )
    share: dict[int, float] = {}
    running, clock = 0, start
    for when, step in events:
        share[running] = share.get(running, 0.0) + max(0.0, when - clock)
        running, clock = running + step, max(clock, when)
    share[running] = share.get(running, 0.0) + max(0.0, end - clock)
    return share


def cold_run(root: Path, cores: int, keep: Path | None = None, repeats: int = 3) -> dict:
    with tempfile.TemporaryDirectory(prefix="cold-jobs-") as tmp:
        work = Path(tmp) / "project"
        copy_project(root, work)
        hook_dir = Path(tmp) / "hook"
        hook_dir.mkdir()
        (hook_dir / "sitecustomize.py").write_text(HOOK, encoding="utf-8")
        records = Path(tmp) / "records.jsonl"
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join([str(root / "src"), str(hook_dir)]),
            "COLD_JOBS_OUT": str(records),
        }
        load_before = os.getloadavg()
        snakemake = Path(sys.executable).with_name("snakemake")
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        epoch = time.time()
        start = time.perf_counter()
        result = subprocess.run(
            [str(snakemake), "--cores", str(cores), "--quiet", "rules"],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        load_after = os.getloadavg()
        if result.returncode != 0:
            sys.exit(f"pipeline failed ({root}):\n{result.stderr[-3000:]}")
        jobs, driver = [], None
        for line in records.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            argv = record["argv"]
            match = next((JOB_SCRIPT.search(a) for a in argv if JOB_SCRIPT.search(a)), None)
            if match:
                jobs.append({"rule": match.group(1), **record})
            elif argv and argv[0].endswith("snakemake") and driver is None:
                driver = record
            elif argv and argv[0].endswith("snakemake"):
                driver = max(driver, record, key=lambda r: r["cpu"])
        rules = {j["rule"] for j in jobs}
        if keep is not None:
            shutil.copytree(work / "results", keep)
        startup = startup_cpu(work, rules, env, repeats)
        dag = job_dag(work, env)
    total_cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    driver_own = driver["cpu"] - sum(j["cpu"] for j in jobs) if driver else float("nan")
    return {
        "root": str(root),
        "wall": wall,
        "cpu": total_cpu,
        "jobs": jobs,
        "driver_cpu": driver_own,
        "startup": startup,
        "load": (load_before, load_after),
        "dag": dag,
        "cores": cores,
        "epoch": (epoch, epoch + wall),
    }


def report(run: dict) -> None:
    jobs, startup = run["jobs"], run["startup"]
    print(f"\n== {run['root']}")
    print(
        f"cold run: {run['wall']:.1f} s wall, {run['cpu']:.1f} CPU-s (all processes), {len(jobs)} jobs; "
        f"load average before {run['load'][0][0]:.2f}, after {run['load'][1][0]:.2f}"
    )
    print(
        f"bare interpreter {startup['python']:.2f} CPU-s; + script preamble {startup['preamble']:.2f} CPU-s"
    )
    by_rule: dict[str, list[dict]] = {}
    for job in jobs:
        by_rule.setdefault(job["rule"], []).append(job)
    print(f"{'rule':<26}{'jobs':>5}{'wall':>7}{'CPU':>7}{'start-up':>10}{'work':>7}")
    sums = [0.0, 0.0, 0.0, 0.0]
    for rule, items in sorted(by_rule.items(), key=lambda kv: -sum(j["cpu"] for j in kv[1])):
        cpu = sum(j["cpu"] for j in items)
        wall = sum(j["end"] - j["created"] for j in items if j["created"])
        start = startup.get(rule, startup["preamble"]) * len(items)
        work = cpu - start
        for i, value in enumerate((wall, cpu, start, work)):
            sums[i] += value
        print(f"{rule:<26}{len(items):>5}{wall:>7.1f}{cpu:>7.1f}{start:>10.1f}{work:>7.1f}")
    print(
        f"{'all jobs':<26}{len(jobs):>5}{sums[0]:>7.1f}{sums[1]:>7.1f}{sums[2]:>10.1f}{sums[3]:>7.1f}"
    )
    print(f"{'snakemake (driver)':<26}{'':>5}{'':>7}{run['driver_cpu']:>7.1f}")
    if jobs:
        print(
            f"per job: {sums[1] / len(jobs):.2f} CPU-s, of which start-up {sums[2] / len(jobs):.2f} "
            f"({sums[2] / sums[1]:.0%} of the jobs' CPU)"
        )
        first = min(j["created"] for j in jobs if j["created"])
        share = timeline(jobs, *run["epoch"])
        wall = run["epoch"][1] - run["epoch"][0]
        print(
            f"timeline: first job starts {first - run['epoch'][0]:.1f} s after the driver; wall with "
            + ", ".join(f"{k} jobs running {v / wall:.0%}" for k, v in sorted(share.items()))
        )
        cpu = {rule: sum(j["cpu"] for j in items) / len(items) for rule, items in by_rule.items()}
        plan = schedule(run["dag"], cpu, run["cores"])
        print(
            f"DAG weighed with these CPU-s: critical path {plan['critical']:.1f} s "
            f"({' > '.join(plan['path'])}); {run['cores']} cores, longest chain first: "
            f"{plan['schedule']:.1f} s; jobs' CPU-s / {run['cores']} = {plan['bound']:.1f} s; "
            f"+ driver CPU-s / {run['cores']} = {plan['bound'] + run['driver_cpu'] / run['cores']:.1f} s"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--root", type=Path, action="append", help="project(s) to measure")
    parser.add_argument("--cores", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument(
        "--repeats", type=int, default=3, help="start-up measurements per rule (median)"
    )
    args = parser.parse_args()
    roots = [r.resolve() for r in (args.root or [ROOT])]
    with tempfile.TemporaryDirectory(prefix="cold-jobs-results-") as kept:
        for round_ in range(args.rounds):
            for index, root in enumerate(roots):
                keep = Path(kept) / str(index) if round_ == 0 else None
                report(cold_run(root, args.cores, keep, args.repeats))
        if len(roots) > 1:
            compare_results([Path(kept) / str(i) for i in range(len(roots))])


def compare_results(trees: list[Path]) -> None:
    """Byte for byte, every results file of the first project against the others'."""
    first = {p.relative_to(trees[0]): p for p in trees[0].rglob("*") if p.is_file()}
    for tree in trees[1:]:
        other = {p.relative_to(tree): p for p in tree.rglob("*") if p.is_file()}
        differ = sorted(
            str(k)
            for k in first.keys() & other.keys()
            if first[k].read_bytes() != other[k].read_bytes()
        )
        only = sorted(str(k) for k in first.keys() ^ other.keys())
        print(
            f"\nresults: {len(first.keys() & other.keys())} files in both, {len(differ)} differ: {differ}; in one only: {only}"
        )


if __name__ == "__main__":
    main()
