"""The SLURM check (workflow/cluster/local_slurm.py): a one-node SLURM cluster on this machine runs the
pipeline on the embedded corpus through snakemake-executor-plugin-slurm with profiles/slurm, and every output
file is byte-identical to a local run. Runs where SLURM and munge are installed and the test runs as root;
skips, saying why, elsewhere (install with `apt-get install munge slurmctld slurmd slurm-client`)."""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys

import pytest
from conftest import ROOT

pytestmark = pytest.mark.pipeline

SCRIPT = ROOT / "workflow/cluster/local_slurm.py"
spec = importlib.util.spec_from_file_location("local_slurm", SCRIPT)
local_slurm = importlib.util.module_from_spec(spec)
spec.loader.exec_module(local_slurm)

MISSING = local_slurm.missing_tools()


@pytest.mark.skipif(
    bool(MISSING),
    reason=f"SLURM is not installed here ({', '.join(MISSING)} missing): "
    f"apt-get install {' '.join(local_slurm.APT_PACKAGES)}",
)
@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() != 0,
    reason="the SLURM check starts munged, slurmctld and slurmd, which needs root",
)
def test_slurm_run_is_byte_identical_to_a_local_run(tmp_path):
    assert importlib.util.find_spec(local_slurm.PLUGIN_MODULE), (
        "SLURM is installed but snakemake-executor-plugin-slurm is not: pip install -e '.[cluster]'"
    )
    report_path = tmp_path / "report.json"
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--report", str(report_path)],
        capture_output=True,
        text=True,
    )
    assert result.returncode in (0, 1), f"the SLURM check could not run:\n{result.stderr[-5000:]}"
    report = json.loads(report_path.read_text(encoding="utf-8"))
    # every job but the target rule `all` went through the scheduler
    assert report["slurm_jobs"] == report["jobs_planned"] - 1 > 20, report
    assert report["files_compared"] > 100, report
    assert report["only_in_slurm"] == [] and report["only_in_local"] == [], report
    assert report["differing"] == [], report
    assert report["provenance_differences"] == {}, report
    assert report["identical"] and result.returncode == 0
    # the daemons it started (their command lines name its temporary directory) are gone, and so is it
    assert not os.path.exists(report["workdir"])
    left = subprocess.run(
        ["pgrep", "-af", report["workdir"]], capture_output=True, text=True
    ).stdout
    assert left == "", f"processes of the check still running: {left}"


def test_node_line_lowers_memory_and_keeps_the_rest():
    line, cpus, memory = local_slurm.node_line(
        "NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 "
        "RealMemory=24105\nUpTime=0-04:12:01\n"
    )
    assert (cpus, memory) == (2, 21694)
    assert line == (
        "NodeName=vm CPUs=2 Boards=1 SocketsPerBoard=1 CoresPerSocket=2 ThreadsPerCore=1 "
        "RealMemory=21694"
    )
    with pytest.raises(local_slurm.SetupError, match="no NodeName= line"):
        local_slurm.node_line("slurmd: error: something\n")


def test_provenance_differences_are_named_by_key(tmp_path):
    for side, python in (("slurm", "3.11.7"), ("local", "3.11.8")):
        folder = tmp_path / side / "default"
        folder.mkdir(parents=True)
        (folder / "provenance.json").write_text(json.dumps({"python": python, "config": {}}))
        (folder / "same.tsv").write_text("a\n")
    comparison = local_slurm.compare_results(tmp_path / "slurm", tmp_path / "local")
    assert comparison["differing"] == ["default/provenance.json"]
    assert comparison["provenance_differences"] == {"default/provenance.json": ["/python"]}
    assert comparison["files_compared"] == 2


def test_stops_without_slurm_naming_the_packages(monkeypatch, capsys):
    monkeypatch.setattr(shutil, "which", lambda tool: None)
    assert local_slurm.main([]) == 2
    assert "apt-get install munge slurmctld slurmd slurm-client" in capsys.readouterr().err
