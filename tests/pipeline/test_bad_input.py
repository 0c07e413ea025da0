"""Bad input through Snakemake: the workflow stops when it loads, before any job, with the researcher's
message, and writes nothing. No pipeline run is needed: the manifest is read while the rules are parsed.
tests/corpus/test_segments.py checks every message; here one spoiled manifest and one spoiled file."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import copy_project, run_snakemake

pytestmark = pytest.mark.pipeline


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.is_symlink()
    }


def run_spoiled(tmp_path: Path, spoil) -> str:
    project = copy_project(tmp_path / "project")
    spoil(project)
    before = snapshot(project / "config") | snapshot(project / "resources")
    result = run_snakemake(project, check=False)
    assert snapshot(project / "config") | snapshot(project / "resources") == before, (
        "inputs changed"
    )
    written = [p for p in (project / "results").rglob("*") if p.is_file()]
    assert result.returncode != 0 and written == []
    return result.stdout + result.stderr


def unsafe_doc_id(project: Path) -> None:
    manifest = project / "config/manifest.tsv"
    text = manifest.read_text(encoding="utf-8")
    manifest.write_text(text.replace("\n000_cast_speech\t", "\nx;rm -rf ~\t", 1), encoding="utf-8")


def not_utf8(project: Path) -> None:
    (project / "resources/corpus/001_8ddb6dc4f40cac29.txt").write_bytes(
        b"Title\nThe conf\xe9rence.\n"
    )


def annotation_typo(project: Path) -> None:
    path = project / "config/voice_annotations.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace('self-sufficiency"', 'self-sufficency"', 1), encoding="utf-8")


def duplicate_config_block(project: Path) -> None:
    with open(project / "config/config.yaml", "a", encoding="utf-8") as handle:
        handle.write("scoring:\n  seed: 1\n")


@pytest.mark.parametrize(
    "spoil,message",
    [
        (
            annotation_typo,
            "config/voice_annotations.yaml, field '000_cast_speech.regions[0].from'",
        ),
        (duplicate_config_block, "config/config.yaml: the config file is not valid YAML"),
        (
            unsafe_doc_id,
            "config/manifest.tsv, row 2, field 'doc_id': doc_id 'x;rm -rf ~' is not a safe identifier",
        ),
        (
            not_utf8,
            "config/manifest.tsv, row 3, field 'path': document '001_8ddb6dc4f40cac29.txt': "
            "the file is not valid UTF-8 (byte offset 14: b'\\xe9ren')",
        ),
    ],
    ids=["bad_manifest", "bad_document", "annotation_typo", "duplicate_config_key"],
)
def test_snakemake_stops_before_any_job(tmp_path, spoil, message):
    output = run_spoiled(tmp_path, spoil)
    assert message in output and "Fix: " in output
