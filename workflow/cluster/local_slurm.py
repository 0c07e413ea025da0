"""The SLURM check: a one-node SLURM cluster on this machine runs the pipeline on the embedded corpus
through snakemake-executor-plugin-slurm, and every output file is compared byte for byte with a local run.

    python workflow/cluster/local_slurm.py [--install] [--local-results DIR] [--report FILE] [--keep]

What it does, in order (every path below is under one temporary directory, removed at the end unless --keep):
1. Checks that munged, mungekey, slurmctld, slurmd, sbatch, squeue, scontrol and sinfo are installed and
   that the executor plugin imports. It installs nothing unless --install is given, which runs
   `apt-get install -y munge slurmctld slurmd slurm-client` (Debian/Ubuntu, as root).
2. Writes a munge key and a slurm.conf for one node: the node line is `slurmd -C` with RealMemory lowered
   10 % (a node reporting less memory than configured is drained); proctrack/linuxproc and task/none (no
   cgroups, no systemd needed); select/cons_tres with CR_Core_Memory and a DefMemPerCPU (a job without a
   memory request does not take the whole node); no accounting; one default partition `debug`; free ports,
   its own munge socket and state directories, so a system SLURM or munge (if any) is left alone.
3. Starts munged (as the munge user), slurmctld and slurmd, records their PIDs, and stops exactly those
   (after cancelling the jobs of this cluster) on exit, on error and on SIGINT/SIGTERM.
4. Runs the pipeline in a copy of the project with `--workflow-profile profiles/slurm
   --slurm-status-command squeue` (no accounting here, so `sacct` cannot answer), and the same pipeline
   locally in a second copy (or takes the results of a local run given with --local-results).
5. Compares every file under results/ of both runs byte for byte and names each one that differs or
   exists on one side only. provenance.json is compared like any other file: it records the config, input
   hashes, package versions, the Python version and the git commit, none of which depends on the executor or
   the time (PROVENANCE_EXECUTOR_FIELDS is empty); if it differs, the differing JSON keys are named.

Exit status: 0 when the outputs are byte-identical, 1 when they are not, 2 when the cluster could not be set
up or a run failed (the message says what and how to fix it). --report writes the measurements as JSON.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.util
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PROJECT_FILES = ("Snakefile", "workflow", "config", "resources", "profiles")
APT_PACKAGES = ("munge", "slurmctld", "slurmd", "slurm-client")
TOOLS = (
    "munged",
    "mungekey",
    "slurmctld",
    "slurmd",
    "sbatch",
    "srun",
    "squeue",
    "scontrol",
    "sinfo",
    "scancel",
)
PLUGIN_MODULE = "snakemake_executor_plugin_slurm"
PARTITION = "debug"
MEMORY_FRACTION = 0.9
# Top-level keys of provenance.json allowed to differ between a SLURM and a local run. None: the record holds
# no host name, executor, job id or time stamp (see src/policy_rhetoric/provenance.py); if one is ever added,
# name it here rather than leaving provenance.json out of the comparison.
PROVENANCE_EXECUTOR_FIELDS: tuple[str, ...] = ()


class SetupError(RuntimeError):
    """The cluster could not be set up or a run failed (exit status 2)."""


def missing_tools() -> list[str]:
    return [tool for tool in TOOLS if shutil.which(tool) is None]


def install_packages() -> None:
    subprocess.run(["apt-get", "update", "-qq"], check=True)
    subprocess.run(
        ["apt-get", "install", "-y", "-qq", *APT_PACKAGES],
        check=True,
        env={**os.environ, "DEBIAN_FRONTEND": "noninteractive"},
    )


def node_line(slurmd_c: str, fraction: float = MEMORY_FRACTION) -> tuple[str, int, int]:
    """The NodeName line of `slurmd -C` output with RealMemory lowered to `fraction` of it; returns the
    line, the CPU count and the lowered memory (MB)."""
    line = next((ln for ln in slurmd_c.splitlines() if ln.startswith("NodeName=")), None)
    if line is None:
        raise SetupError(f"`slurmd -C` printed no NodeName= line:\n{slurmd_c}")
    fields = dict(field.split("=", 1) for field in line.split())
    memory = int(int(fields["RealMemory"]) * fraction)
    fields["RealMemory"] = str(memory)
    return " ".join(f"{k}={v}" for k, v in fields.items()), int(fields["CPUs"]), memory


def slurm_conf(
    node: str, cpus: int, memory_mb: int, base: Path, ports: tuple[int, int], host: str
) -> str:
    """slurm.conf of a one-node cluster whose state, logs and sockets all live under `base`."""
    def_mem_per_cpu = min(1000, memory_mb // cpus)
    return "\n".join(
        [
            "ClusterName=policyrhetoric",
            f"SlurmctldHost={host}",
            "SlurmUser=root",
            "AuthType=auth/munge",
            "CredType=cred/munge",
            f"AuthInfo=socket={base / 'munge' / 'munge.socket'}",
            f"SlurmctldPort={ports[0]}",
            f"SlurmdPort={ports[1]}",
            f"StateSaveLocation={base / 'state'}",
            f"SlurmdSpoolDir={base / 'spool'}",
            f"SlurmctldPidFile={base / 'slurmctld.pid'}",
            f"SlurmdPidFile={base / 'slurmd.pid'}",
            f"SlurmctldLogFile={base / 'slurmctld.log'}",
            f"SlurmdLogFile={base / 'slurmd.log'}",
            "ProctrackType=proctrack/linuxproc",
            "TaskPlugin=task/none",
            "JobAcctGatherType=jobacct_gather/none",
            "AccountingStorageType=accounting_storage/none",
            "MpiDefault=none",
            "ReturnToService=2",
            "SelectType=select/cons_tres",
            "SelectTypeParameters=CR_Core_Memory",
            f"DefMemPerCPU={def_mem_per_cpu}",
            f"{node} State=UNKNOWN",
            f"PartitionName={PARTITION} Nodes=ALL Default=YES MaxTime=INFINITE State=UP",
            "",
        ]
    )


def free_ports(count: int) -> tuple[int, ...]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return tuple(s.getsockname()[1] for s in sockets)
    finally:
        for s in sockets:
            s.close()


def read_pid(path: Path, timeout: float = 20) -> int:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError, ValueError):
            return int(path.read_text().strip())
        time.sleep(0.1)
    raise SetupError(
        f"no PID file {path} after {timeout:.0f} s: the daemon did not start (see its log)"
    )


class LocalCluster:
    """munged + slurmctld + slurmd under `base`; stops only the processes it started."""

    def __init__(self, base: Path):
        self.base = base
        self.conf = base / "slurm.conf"
        # snakemake-executor-plugin-slurm-jobstep (0.6.1) removes every SLURM_* variable but the job's
        # identity from the environment of the srun it starts inside a job, SLURM_CONF included. On a real
        # cluster srun finds its configuration in /etc/slurm or from slurmd; this one's lives here, so an
        # srun on the PATH of the jobs (bin/srun) puts SLURM_CONF back and runs the real one.
        self.bin = base / "bin"
        self.env = {
            **os.environ,
            "SLURM_CONF": str(self.conf),
            "PATH": f"{self.bin}{os.pathsep}{os.environ.get('PATH', '')}",
        }
        self.pids: dict[str, int] = {}

    def run(self, *command: str, check: bool = True) -> subprocess.CompletedProcess:
        return subprocess.run(command, env=self.env, capture_output=True, text=True, check=check)

    def start(self) -> None:
        host = socket.gethostname()
        try:
            socket.gethostbyname(host)
        except OSError as error:
            raise SetupError(
                f"the host name {host!r} does not resolve ({error}); add '127.0.0.1 {host}' to "
                "/etc/hosts"
            ) from None
        # the munge user must reach its directory below
        for folder in (self.base.parent, self.base):
            folder.chmod(0o755)
        for name in ("state", "spool", "bin"):
            (self.base / name).mkdir()
        srun = self.bin / "srun"
        srun.write_text(
            f'#!/bin/sh\nSLURM_CONF="{self.conf}" exec "{shutil.which("srun")}" "$@"\n',
            encoding="utf-8",
        )
        srun.chmod(0o755)
        munge = self.base / "munge"
        munge.mkdir()
        munge.chmod(0o755)  # munged wants its socket directory searchable by all
        key = munge / "munge.key"
        subprocess.run(["mungekey", "--create", f"--keyfile={key}"], check=True)
        shutil.chown(munge, "munge", "munge")
        shutil.chown(key, "munge", "munge")
        key.chmod(0o600)
        subprocess.run(
            [
                "runuser",
                "-u",
                "munge",
                "--",
                "munged",
                f"--socket={munge / 'munge.socket'}",
                f"--key-file={key}",
                f"--pid-file={munge / 'munged.pid'}",
                f"--log-file={munge / 'munged.log'}",
                f"--seed-file={munge / 'munged.seed'}",
            ],
            check=True,
        )
        self.pids["munged"] = read_pid(munge / "munged.pid")

        node, cpus, memory = node_line(self.run("slurmd", "-C").stdout)
        self.conf.write_text(
            slurm_conf(node, cpus, memory, self.base, free_ports(2), host), encoding="utf-8"
        )
        for daemon in ("slurmctld", "slurmd"):
            result = self.run(daemon, "-f", str(self.conf), check=False)
            if result.returncode != 0:
                raise SetupError(
                    f"{daemon} failed to start ({result.returncode}): {result.stderr.strip()}; see "
                    f"{self.base / (daemon + '.log')}"
                )
            self.pids[daemon] = read_pid(self.base / f"{daemon}.pid")
        self.wait_until_idle()

    def wait_until_idle(self, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        state = ""
        while time.monotonic() < deadline:
            state = self.run("sinfo", "-h", "-o", "%T", check=False).stdout.strip()
            if state == "idle":
                return
            time.sleep(0.5)
        raise SetupError(
            f"the node is {state or 'not answering'!r}, not idle, after {timeout:.0f} s; see "
            f"{self.base / 'slurmctld.log'} and {self.base / 'slurmd.log'}"
        )

    def stop(self) -> None:
        if "slurmctld" in self.pids:
            self.run("scancel", "--partition", PARTITION, check=False)
        for name in ("slurmd", "slurmctld", "munged"):
            pid = self.pids.pop(name, None)
            if pid is not None:
                stop_process(pid)


def stop_process(pid: int, timeout: float = 10) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            os.kill(pid, 0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)


def copy_project(dest: Path) -> Path:
    dest.mkdir(parents=True)
    for name in PROJECT_FILES:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(source, dest / name)
    return dest


def run_snakemake(workdir: Path, args: list[str], env: dict, log: Path) -> float:
    """Run Snakemake in `workdir`, its output into `log`; the wall time in seconds."""
    snakemake = Path(sys.executable).with_name("snakemake")
    start = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        result = subprocess.run(
            [str(snakemake), *args], cwd=workdir, env=env, stdout=out, stderr=subprocess.STDOUT
        )
    seconds = time.monotonic() - start
    if result.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8").splitlines()[-40:])
        raise SetupError(
            f"snakemake {' '.join(args)} failed ({result.returncode}) in {workdir}:\n{tail}"
        )
    return seconds


def output_files(results: Path) -> set[str]:
    return {str(p.relative_to(results)) for p in results.rglob("*") if p.is_file()}


def json_differences(a, b, path: str = "") -> list[str]:
    """Key paths at which two parsed JSON values differ."""
    if isinstance(a, dict) and isinstance(b, dict):
        return [
            d
            for key in sorted(set(a) | set(b), key=str)
            for d in (
                json_differences(a[key], b[key], f"{path}/{key}")
                if key in a and key in b
                else [f"{path}/{key}"]
            )
        ]
    return [] if a == b else [path or "/"]


def compare_results(cluster: Path, local: Path) -> dict:
    """Byte-for-byte comparison of two results/ folders."""
    cluster_files, local_files = output_files(cluster), output_files(local)
    both = sorted(cluster_files & local_files)
    differing = [n for n in both if (cluster / n).read_bytes() != (local / n).read_bytes()]
    provenance = {}
    for name in (n for n in differing if Path(n).name == "provenance.json"):
        keys = json_differences(
            json.loads((cluster / name).read_text(encoding="utf-8")),
            json.loads((local / name).read_text(encoding="utf-8")),
        )
        provenance[name] = keys
        if all(k.split("/")[1] in PROVENANCE_EXECUTOR_FIELDS for k in keys):
            differing.remove(name)
    return {
        "files_compared": len(both),
        "differing": differing,
        "provenance_differences": provenance,
        "only_in_slurm": sorted(cluster_files - local_files),
        "only_in_local": sorted(local_files - cluster_files),
    }


def submitted_jobs(log: Path) -> list[str]:
    """SLURM job ids the executor reported submitting."""
    text = log.read_text(encoding="utf-8")
    return re.findall(r"submitted with SLURM jobid (\d+)", text)


def planned_jobs(log: Path) -> int:
    """The `total` of the job stats Snakemake prints before it starts."""
    found = re.search(r"^total\s+(\d+)$", log.read_text(encoding="utf-8"), flags=re.M)
    return int(found.group(1)) if found else 0


def check(args: argparse.Namespace, base: Path) -> dict:
    cluster = LocalCluster(base / "cluster")
    cluster.base.mkdir()
    report: dict = {"workdir": str(base)}

    def on_signal(signum, frame):
        raise SystemExit(128 + signum)

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        start = time.monotonic()
        cluster.start()
        report["cluster_start_seconds"] = round(time.monotonic() - start, 1)
        slurm_dir = copy_project(base / "slurm-run")
        slurm_log = base / "slurm-run.log"
        report["slurm_seconds"] = round(
            run_snakemake(
                slurm_dir,
                [
                    "--workflow-profile",
                    "profiles/slurm",
                    "--slurm-status-command",
                    "squeue",
                    "--slurm-init-seconds-before-status-checks",
                    "5",
                ],
                cluster.env,
                slurm_log,
            ),
            1,
        )
        report["slurm_jobs"] = len(submitted_jobs(slurm_log))
        report["jobs_planned"] = planned_jobs(slurm_log)
    finally:
        cluster.stop()
        for s, handler in previous.items():
            signal.signal(s, handler)
    if args.local_results:
        local_results = Path(args.local_results).resolve()
    else:
        local_dir = copy_project(base / "local-run")
        report["local_seconds"] = round(
            run_snakemake(
                local_dir, ["--cores", str(args.cores)], dict(os.environ), base / "local-run.log"
            ),
            1,
        )
        local_results = local_dir / "results"
    report.update(compare_results(slurm_dir / "results", local_results))
    report["identical"] = not (
        report["differing"] or report["only_in_slurm"] or report["only_in_local"]
    )
    return report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--install", action="store_true", help=f"apt-get install {' '.join(APT_PACKAGES)} first"
    )
    parser.add_argument(
        "--local-results",
        help="results/ folder of a local run of the same project to compare with (default: run one)",
    )
    parser.add_argument("--cores", type=int, default=2, help="cores of the local run")
    parser.add_argument("--report", help="write the measurements and the comparison as JSON here")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory")
    args = parser.parse_args(argv)

    if args.install and missing_tools():
        install_packages()
    missing = missing_tools()
    if missing:
        print(
            f"SLURM check: {', '.join(missing)} not installed; install them with "
            f"`apt-get install {' '.join(APT_PACKAGES)}` (or pass --install, as root)",
            file=sys.stderr,
        )
        return 2
    if importlib.util.find_spec(PLUGIN_MODULE) is None:
        print(
            "SLURM check: snakemake-executor-plugin-slurm is not installed in this environment; "
            "install the project's `cluster` extra: pip install -e '.[cluster]'",
            file=sys.stderr,
        )
        return 2
    if os.geteuid() != 0:
        print("SLURM check: the daemons must be started as root (run with sudo)", file=sys.stderr)
        return 2

    base = Path(tempfile.mkdtemp(prefix="policy-rhetoric-slurm-"))
    try:
        report = check(args, base)
    except (SetupError, subprocess.CalledProcessError) as error:
        print(f"SLURM check failed: {error}\n(kept for inspection: {base})", file=sys.stderr)
        return 2
    if args.report:
        Path(args.report).write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print(json.dumps(report, indent=2))
    if report["identical"]:
        print(
            f"SLURM check passed: {report['files_compared']} output files byte-identical to the local "
            f"run ({report['slurm_jobs']} SLURM jobs, {report['slurm_seconds']} s)"
        )
    else:
        print("SLURM check FAILED: the SLURM run's outputs differ from the local run's (see above)")
    if args.keep:
        print(f"kept: {base}")
    else:
        shutil.rmtree(base, ignore_errors=True)
    return 0 if report["identical"] else 1


if __name__ == "__main__":
    sys.exit(main())
