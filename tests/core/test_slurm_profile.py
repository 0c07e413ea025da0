"""Per-rule resources against the SLURM profile (profiles/slurm/config.yaml), read from the rules files
without running Snakemake.

Every rule declares `mem_mb` and `runtime` (minutes) in its `resources:` (and `threads:` where it uses more
than one core; none does yet). What the profile grants a rule is its `set-resources` entry for the rule, else
its `default-resources`. A rule *fits* when what it declares is at most what the profile grants it, for
mem_mb and for runtime: Snakemake lets `set-resources` override a rule's own declaration, so a smaller grant
would cut the rule's request and the scheduler would kill the job; and a rule declaring more than the
default with no `set-resources` entry asks the partition for more than the profile was sized for. The
declared memory must cover twice the peak measured on the embedded corpus (benchmarks/rule_peaks.tsv,
written by benchmarks/rule_peaks.py): real corpora are larger than its 11k tokens, and every rule of the default
run must have a measured peak."""

from __future__ import annotations

import csv
import re

import pytest
import yaml
from conftest import ROOT

PROFILE = yaml.safe_load((ROOT / "profiles/slurm/config.yaml").read_text(encoding="utf-8"))
PEAKS_FILE = ROOT / "benchmarks/rule_peaks.tsv"
# Rules that declare no resources of their own (none: every rule, the shard rules included, declares them).
UNDECLARED: set[str] = set()
# Rules the default experiment does not run, so benchmarks/rule_peaks.py measures no peak for them.
# (compare.experiments empty, expansion.enabled false, corpus.unmatched_annotations error, no pyLDAvis page)
NOT_IN_DEFAULT_RUN = {
    "compare_experiments",
    "expand_lexicon",
    "list_annotation_warnings",
    "visualize_topic_model",
}
HEADROOM = 2.0
# the committed wall times were measured on a 2-core machine shared with other runs (load about 20), so
# they are several times what a job needs alone; the declared runtime must still be 5x the measurement
RUNTIME_HEADROOM = 5.0


def rule_blocks() -> dict[str, str]:
    blocks = {}
    for path in sorted((ROOT / "workflow/rules").glob("*.smk")):
        text = path.read_text(encoding="utf-8")
        starts = list(re.finditer(r"^rule (\w+):", text, flags=re.M))
        for here, after in zip(starts, [*starts[1:], None][: len(starts)], strict=True):
            blocks[here.group(1)] = text[here.start() : after.start() if after else len(text)]
    return blocks


def declared(block: str) -> dict[str, int]:
    """The integer resources (and threads) a rule block declares."""
    found = re.search(r"^    resources:\n((?:        .*\n)+)", block, flags=re.M)
    values = {}
    if found:
        for line in found.group(1).splitlines():
            name, _, value = line.strip().rstrip(",").partition("=")
            values[name] = int(value) if value.isdigit() else value
    threads = re.search(r"^    threads:\s*(\d+)", block, flags=re.M)
    if threads:
        values["threads"] = int(threads.group(1))
    return values


RULES = rule_blocks()
DECLARING = sorted(set(RULES) - UNDECLARED)
DECLARED = {rule: declared(RULES[rule]) for rule in RULES}


def granted(rule: str) -> dict:
    return {**PROFILE["default-resources"], **PROFILE.get("set-resources", {}).get(rule, {})}


def peaks() -> dict[str, dict]:
    with PEAKS_FILE.open(encoding="utf-8") as handle:
        return {row["rule"]: row for row in csv.DictReader(handle, delimiter="\t")}


def test_undeclared_rules_are_only_the_per_document_ones_being_sharded():
    assert {r for r in RULES if "mem_mb" not in DECLARED[r]} <= UNDECLARED


@pytest.mark.parametrize("rule", DECLARING)
def test_rule_declares_integer_memory_and_runtime(rule):
    values = DECLARED[rule]
    assert isinstance(values.get("mem_mb"), int) and values["mem_mb"] > 0, (rule, values)
    assert isinstance(values.get("runtime"), int) and values["runtime"] > 0, (rule, values)
    assert values.get("threads", 1) >= 1


@pytest.mark.parametrize("rule", DECLARING)
def test_rule_fits_what_the_profile_grants_it(rule):
    grant, values = granted(rule), DECLARED[rule]
    assert values["mem_mb"] <= grant["mem_mb"], (
        f"rule {rule} declares mem_mb={values['mem_mb']} but profiles/slurm/config.yaml grants it "
        f"{grant['mem_mb']}: raise its set-resources entry (or lower the rule's declaration)"
    )
    assert values["runtime"] <= grant["runtime"], (
        f"rule {rule} declares runtime={values['runtime']} but the profile grants it {grant['runtime']}"
    )
    if values.get("threads", 1) > 1:
        assert grant.get("cpus_per_task", values["threads"]) >= values["threads"], rule


def test_profile_grants_are_whole_positive_numbers_on_one_partition():
    default = PROFILE["default-resources"]
    assert default["slurm_partition"] and default["mem_mb"] > 0 and default["runtime"] > 0
    for rule, grant in PROFILE.get("set-resources", {}).items():
        assert rule in RULES, f"profiles/slurm/config.yaml names rule {rule}, which does not exist"
        assert all(isinstance(v, int) and v > 0 for k, v in grant.items() if k != "slurm_partition")


def test_peaks_were_measured_for_exactly_the_rules_of_the_default_run():
    measured = set(peaks())
    assert measured - set(RULES) == set(), "benchmarks/rule_peaks.tsv names rules that do not exist"
    assert set(RULES) - measured == NOT_IN_DEFAULT_RUN, (
        "a rule without a measured peak: rerun python benchmarks/rule_peaks.py"
    )


@pytest.mark.parametrize("rule", sorted(set(DECLARING) - NOT_IN_DEFAULT_RUN))
def test_declared_memory_covers_the_measured_peak_with_headroom(rule):
    peak = float(peaks()[rule]["max_rss_mb"])
    assert peak > 0, f"benchmarks/rule_peaks.tsv has no memory peak for {rule}"
    assert DECLARED[rule]["mem_mb"] >= HEADROOM * peak, (
        f"rule {rule} declares mem_mb={DECLARED[rule]['mem_mb']} but peaked at {peak:.0f} MB on the "
        f"embedded corpus; declare at least {HEADROOM:g}x that"
    )
    seconds = float(peaks()[rule]["max_seconds"])
    assert DECLARED[rule]["runtime"] * 60 >= RUNTIME_HEADROOM * seconds, (rule, seconds)
