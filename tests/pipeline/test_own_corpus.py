"""An experiment copied from the default config with only the corpus changed: the embedded validation
samples are scoped to its documents (an info line, no failure, no empty table) when the workflow loads."""

from __future__ import annotations

import yaml
from conftest import copy_project, run_snakemake


def test_a_copied_default_config_leaves_the_embedded_samples_out(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "mine").mkdir()
    (project / "mine/a.txt").write_text("Title\nWe must win the battle for core technologies.\n")
    (project / "mine_manifest.tsv").write_text(
        "doc_id\tpath\ttitle\toutlet\tgenre\tissuer\tprimary_date\tpublished_date\tlanguages\turl\n"
        "a\ta.txt\tA\tO\tspeech\t\t2020\t2020\ten\t\n",
        encoding="utf-8",
    )
    config = yaml.safe_load((project / "config/config.yaml").read_text(encoding="utf-8"))
    config["experiment"] = "mine"
    config["corpus"].update(manifest="mine_manifest.tsv", root="mine", voice_annotations="")
    (project / "mine.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    run = run_snakemake(project, "--configfile", "mine.yaml", "-n", "--quiet", "rules")
    assert "info: validation.voice_sample (resources/validation/voice_sample.tsv):" in run.stderr
    assert "none kept: this validation is left out" in run.stderr
    assert "info: validation.rhetoric_sample" in run.stderr
    assert "validate_voice" not in run.stdout and "validate_rhetoric" not in run.stdout
    # the tables are typeset without lexicon_validation, so nothing asks for validate_rhetoric's table
    assert "typeset_tables" in run.stdout
    assert "segment_shard" in run.stdout
