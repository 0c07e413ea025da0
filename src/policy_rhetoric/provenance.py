"""provenance.json: the config as used, hashes of every input, package versions, the git commit."""

from __future__ import annotations

import json
import platform
import subprocess
from importlib import metadata
from pathlib import Path

from policy_rhetoric.core.tables import atomic_write_text
from policy_rhetoric.core.text import file_sha256
from policy_rhetoric.rhetoric.lexicon import lexicon_summary, load_lexicons

PACKAGES = (
    "policy-rhetoric",
    "spacy",
    "spacy-lookups-data",
    "jieba",
    "gensim",
    "scikit-learn",
    "matplotlib",
    "pandas",
    "numpy",
    "scipy",
    "snakemake",
    "PyYAML",
    "jsonschema",
    "pylopdf-fonts-zh-cn",
)


def git_commit(root: str | Path = ".") -> dict:
    """HEAD and whether tracked files differ from it; null values outside a git checkout."""
    try:
        head = subprocess.run(
            ["git", "rev-parse", "HEAD"], cwd=root, capture_output=True, text=True, check=True
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain", "--untracked-files=no"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        return {"commit": head, "dirty": bool(dirty)}
    except (OSError, subprocess.CalledProcessError):
        return {"commit": None, "dirty": None}


def package_versions() -> dict:
    versions = {}
    for name in PACKAGES:
        try:
            versions[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            versions[name] = None
    return versions


def run_write_provenance(
    config: dict, inputs: dict[str, str | list[str]], output: str, *, root: str = "."
) -> None:
    """Rule write_provenance. `inputs` maps a role (documents, lexicons, ...) to a path or a list of
    paths; roles without a file (an empty list) are left out of the record."""

    files = {
        role: [paths] if isinstance(paths, str) else list(paths) for role, paths in inputs.items()
    }
    record = {
        "config": config,
        "inputs": {
            role: {str(p): file_sha256(p) for p in sorted(paths)}
            for role, paths in sorted(files.items())
            if paths
        },
        # which optional inputs this run read (an empty role: switched off in the config)
        "optional_inputs": {role: bool(paths) for role, paths in sorted(files.items())},
        "lexicons": lexicon_summary(load_lexicons(files.get("lexicons", []))),
        "packages": package_versions(),
        "python": platform.python_version(),
        "git": git_commit(root),
    }
    atomic_write_text(
        output, json.dumps(record, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    )
