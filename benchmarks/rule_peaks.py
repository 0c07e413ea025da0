"""Peak memory and wall time of every rule on a corpus: the pipeline runs in a scratch copy of the project
whose rules get a `benchmark:` directive (next to each rule's log, so it carries the same wildcards), and the
largest max_rss and wall time over each rule's jobs are written as a TSV.

    python benchmarks/rule_peaks.py [--out benchmarks/rule_peaks.tsv] [-- extra snakemake arguments]

The committed benchmarks/rule_peaks.tsv is this script's output on the embedded corpus (default experiment),
measured on the 2-core machine while other pipelines shared it (load average about 3 for the current file, up
to 20 for earlier ones: wall times can be several times a job's own; memory peaks are not affected);
tests/core/test_slurm_profile.py checks each rule's declared mem_mb against it. The working tree's rules are
never edited: the directives exist only in the scratch copy.
"""

from __future__ import annotations

import argparse
import csv
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PROJECT_FILES = ("Snakefile", "workflow", "config", "resources")
PEAK_COLUMNS = ("rule", "jobs", "max_rss_mb", "max_seconds")
# a rule's log directive: `log:` and one path expression on the next line (every rule has one), unless the
# rule has its own benchmark directive (fit_topic_runs: logs/<exp>/topics/benchmarks/fit_topic_runs/...)
LOG = re.compile(r"^(?P<indent>\s+)log:\n(?P<body>\s+)(?P<path>.+),\n(?!\s+benchmark:)", flags=re.M)


def with_benchmarks(smk: str) -> str:
    """The rules file with a benchmark directive after each log: the log path, .log -> .benchmark.tsv."""

    def add(match: re.Match) -> str:
        path = match.group("path")
        return (
            f"{match.group(0)}{match.group('indent')}benchmark:\n"
            f'{match.group("body")}({path}).replace(".log", ".benchmark.tsv"),\n'
        )

    return LOG.sub(add, smk)


def measure(workdir: Path, extra: list[str]) -> list[dict]:
    for smk in (workdir / "workflow/rules").glob("*.smk"):
        smk.write_text(with_benchmarks(smk.read_text(encoding="utf-8")), encoding="utf-8")
    snakemake = Path(sys.executable).with_name("snakemake")
    subprocess.run([str(snakemake), "--cores", "2", "--quiet", *extra], cwd=workdir, check=True)
    peaks: dict[str, dict] = {}
    for log_root in (workdir / "logs").iterdir():
        for table in sorted(log_root.rglob("*.tsv")):
            # <stage>/<rule>[/<wildcards>].benchmark.tsv, or a rule's own <stage>/benchmarks/<rule>/...
            relative = table.relative_to(log_root).parts
            if table.name.endswith(".benchmark.tsv"):
                rule = relative[1].removesuffix(".benchmark.tsv")
            elif relative[1] == "benchmarks":
                rule = relative[2]
            else:
                continue
            with table.open(encoding="utf-8") as handle:
                row = next(csv.DictReader(handle, delimiter="\t"))
            peak = peaks.setdefault(
                rule, {"rule": rule, "jobs": 0, "max_rss_mb": 0.0, "max_seconds": 0.0}
            )
            peak["jobs"] += 1
            rss = float(row["max_rss"]) if row["max_rss"] not in ("", "NA", "-") else 0.0
            peak["max_rss_mb"] = max(peak["max_rss_mb"], rss)
            peak["max_seconds"] = max(peak["max_seconds"], float(row["s"]))
    return [peaks[r] for r in sorted(peaks)]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=str(ROOT / "benchmarks/rule_peaks.tsv"))
    parser.add_argument("extra", nargs="*", help="more snakemake arguments (after --)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="policy-rhetoric-peaks-") as scratch:
        workdir = Path(scratch)
        for name in PROJECT_FILES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(
                    source, workdir / name, ignore=shutil.ignore_patterns("__pycache__")
                )
            else:
                shutil.copy2(source, workdir / name)
        rows = measure(workdir, args.extra)
    with open(args.out, "w", encoding="utf-8", newline="") as out:
        writer = csv.DictWriter(out, PEAK_COLUMNS, delimiter="\t", lineterminator="\n")
        writer.writeheader()
        for row in rows:
            writer.writerow(
                {
                    **row,
                    "max_rss_mb": f"{row['max_rss_mb']:.0f}",
                    "max_seconds": f"{row['max_seconds']:.1f}",
                }
            )
    for row in rows:
        print(
            f"{row['rule']:<28} {row['jobs']:>3} jobs  {row['max_rss_mb']:>7.0f} MB  {row['max_seconds']:>6.1f} s"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
