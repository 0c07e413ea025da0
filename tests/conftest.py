"""Shared fixtures: the project root, the embedded corpus, and one full pipeline run per test session.

Everything under tests/pipeline/, and any test that runs Snakemake itself or through a fixture (such as
the session run `pipeline_run` and `results`), is marked `pipeline`; `pytest -m "not pipeline"` runs the
fast unit tests alone."""

from __future__ import annotations

import functools
import inspect
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
GWR = SHARED / "external" / "bilingual-gwr"
PIPELINE_FILES = ("Snakefile", "workflow", "config", "resources")


def runs_snakemake(item) -> bool:
    """Whether the test, or a fixture it uses (directly or not), calls run_snakemake."""
    fixtures = getattr(getattr(item, "_fixtureinfo", None), "name2fixturedefs", {})
    functions = [getattr(item, "function", None)]
    functions += [d.func for defs in fixtures.values() for d in defs]
    return any(f is not None and "run_snakemake(" in _source(f) for f in functions)


@functools.cache
def _source(function) -> str:
    try:
        return inspect.getsource(function)
    except (OSError, TypeError):
        return ""


def pytest_collection_modifyitems(config, items):
    """Mark `pipeline` everything under tests/pipeline/ and any test that runs Snakemake."""
    pipeline_tests = ROOT / "tests" / "pipeline"
    for item in items:
        if Path(item.path).is_relative_to(pipeline_tests) or runs_snakemake(item):
            item.add_marker(pytest.mark.pipeline)


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


def tokenize_embedded_shard(tmp_path: Path) -> tuple[dict[str, str], str, str, str]:
    """The embedded corpus as one shard, segmented and tokenized by the shard rules' run_ functions
    (blank pipelines) in tmp_path: (source file per doc_id, segments.tsv, docs.spacy, sentences.tsv)."""
    from policy_rhetoric.corpus.manifest import read_manifest
    from policy_rhetoric.corpus.segments import run_segment_shard
    from policy_rhetoric.corpus.shard_tokens import run_tokenize_shard

    rows = read_manifest(ROOT / "config/manifest.tsv", ROOT / "resources/corpus")
    source = {r.doc_id: r.source for r in rows}
    ids = sorted(source)
    seg, docbin, sent = (str(tmp_path / x) for x in ("seg.tsv", "docs.spacy", "sent.tsv"))
    run_segment_shard(
        [source[d] for d in ids],
        seg,
        doc_ids=ids,
        annotations={},
        default_voices=dict.fromkeys(ids, "primary"),
    )
    run_tokenize_shard(seg, docbin, sent, en_model="blank", zh_model="blank")
    return source, seg, docbin, sent
