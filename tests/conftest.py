"""Shared fixtures: the project root, the embedded corpus, and one full pipeline run per test session."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GWR = SHARED / "external" / "bilingual-gwr"
PIPELINE_FILES = ("Snakefile", "workflow", "config", "resources")


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


def copy_project(dest: Path) -> Path:
    """A copy of what the pipeline needs (no results), so runs never touch the working tree."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in PIPELINE_FILES:
        src = ROOT / name
        if src.is_dir():
            shutil.copytree(src, dest / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy2(src, dest / name)
    return dest


def run_snakemake(workdir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    snakemake = Path(sys.executable).with_name("snakemake")
    result = subprocess.run(
        [str(snakemake), "--cores", "2", *args], cwd=workdir, capture_output=True, text=True
    )
    if check and result.returncode != 0:
        raise AssertionError(
            f"snakemake failed ({result.returncode}):\n{result.stdout[-3000:]}\n{result.stderr[-5000:]}"
        )
    return result


@pytest.fixture(scope="session")
def pipeline_run(tmp_path_factory) -> Path:
    """The real pipeline on the embedded corpus, run once in a temporary copy of the project."""
    workdir = copy_project(tmp_path_factory.mktemp("project"))
    run_snakemake(workdir)
    return workdir


@pytest.fixture(scope="session")
def results(pipeline_run) -> Path:
    return pipeline_run / "results" / "default"
