"""The workflow's names agree: rule X runs workflow/scripts/X.py, which calls run_X; the SLURM profile names
only rules that exist. Read from the rules files, without running Snakemake."""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

RULE_FILES = [ROOT / "Snakefile", *sorted((ROOT / "workflow/rules").glob("*.smk"))]
STAGES = ("common", "corpus", "rhetoric", "topics", "paper", "provenance")


def rule_blocks() -> dict[str, str]:
    """Rule name -> the text of its block."""
    blocks = {}
    for path in RULE_FILES:
        text = path.read_text(encoding="utf-8")
        starts = list(re.finditer(r"^rule (\w+):", text, flags=re.M))
        for here, after in zip(starts, [*starts[1:], None][: len(starts)], strict=True):
            end = after.start() if after else len(text)
            blocks[here.group(1)] = text[here.start() : end]
    return blocks


RULES = rule_blocks()
WORKING_RULES = sorted(set(RULES) - {"all"})


def test_rules_files_are_the_stages():
    assert sorted(p.stem for p in RULE_FILES[1:]) == sorted(STAGES)


def test_slurm_profile_names_only_rules_of_the_workflow():
    profile = yaml.safe_load((ROOT / "profiles/slurm/config.yaml").read_text(encoding="utf-8"))
    named = sorted(profile.get("set-resources", {}))
    assert named, "the profile sets no per-rule resources"
    assert [r for r in named if r not in RULES] == []


@pytest.mark.parametrize("rule", WORKING_RULES)
def test_rule_script_and_function_share_the_rules_name(rule):
    found = re.search(r"^\s+script:\s*\n\s+\"([^\"]+)\"", RULES[rule], flags=re.M)
    assert found, f"rule {rule} has no script: (no run: or shell: blocks in this workflow)"
    assert found.group(1) == f"../scripts/{rule}.py"
    script = (ROOT / "workflow/scripts" / f"{rule}.py").read_text(encoding="utf-8")
    assert re.search(rf"\brun_{rule}\(", script), (
        f"workflow/scripts/{rule}.py does not call run_{rule}"
    )
    assert re.search(rf"\bimport .*\brun_{rule}\b", script)


@pytest.mark.parametrize("rule", WORKING_RULES)
def test_rule_has_a_log(rule):
    assert re.search(r"^\s+log:", RULES[rule], flags=re.M)


def test_every_script_belongs_to_a_rule():
    scripts = sorted(p.stem for p in (ROOT / "workflow/scripts").glob("*.py"))
    assert [s for s in scripts if s not in RULES] == []
