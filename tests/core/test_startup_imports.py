"""Start-up: a job's module does not import a heavy library the job never uses.

A cold run of a small corpus is mostly start-up (interpreter, Snakemake's preamble, the adapter's
imports; benchmarks/cold_jobs.py), so these modules keep pandas, numpy, jsonschema, scipy and srsly to the
functions that need them (ARCHITECTURE.md, rule 9). Each module is imported in a fresh interpreter."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import ROOT

NOT_IMPORTED = {
    # segment_shard, describe_corpus: text, offsets and streamed tables only
    "policy_rhetoric.corpus.segments": ("numpy", "pandas", "jsonschema"),
    # write_provenance: validates the lexicons (jsonschema), writes JSON
    "policy_rhetoric.provenance": ("numpy", "pandas"),
    # align_translations and write_kwic read their tables as records
    "policy_rhetoric.corpus.alignment": ("pandas",),
    "policy_rhetoric.rhetoric.kwic": ("pandas",),
    # label_topics builds no sparse matrix
    "policy_rhetoric.topics.model": ("scipy", "pandas"),
    # match_shard reads its sentence offsets as text columns
    "policy_rhetoric.rhetoric.shard_matches": ("pandas",),
    # the rates, comparison, inference and figure jobs read no token file (DocBin: srsly)
    "policy_rhetoric.rhetoric.rates": ("srsly", "spacy"),
}


@pytest.mark.parametrize("module", sorted(NOT_IMPORTED))
def test_module_does_not_import_heavy_libraries(module):
    code = (
        f"import sys, {module}\n"
        f"print(' '.join(m for m in {NOT_IMPORTED[module]!r} if m in sys.modules))"
    )
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.split() == [], f"{module} imports {done.stdout.strip()} at start-up"
