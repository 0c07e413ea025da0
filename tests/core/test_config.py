"""Config checks beyond the schema: the bilingual-gwr sample needs its texts folder."""

from __future__ import annotations

import pytest

from policy_rhetoric.core.config import check_config, validate_config
from policy_rhetoric.core.errors import InputError


def test_gwr_sample_off_needs_no_folder():
    check_config({"validation": {"rhetoric_gwr_sample": "", "gwr_texts": ""}})


def test_gwr_sample_with_its_folder_passes(tmp_path):
    check_config({"validation": {"rhetoric_gwr_sample": "s.tsv", "gwr_texts": str(tmp_path)}})


@pytest.mark.parametrize("texts", ["", "no/such/folder"])
def test_gwr_sample_without_its_folder_is_an_error_at_load(texts):
    with pytest.raises(InputError) as info:
        check_config({"validation": {"rhetoric_gwr_sample": "s.tsv", "gwr_texts": texts}})
    assert info.value.field == "validation.gwr_texts" and "Fix: " in str(info.value)


# Issue 10: strict YAML, config errors naming the config file, settings that cannot work.

from pathlib import Path  # noqa: E402

from conftest import ROOT  # noqa: E402

from policy_rhetoric.core.config import load_config, load_yaml, read_config_files  # noqa: E402


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def test_a_duplicate_key_is_an_error_naming_file_and_lines():
    with pytest.raises(InputError) as info:
        load_yaml("scoring:\n  seed: 1\nother: 2\nscoring:\n  seed: 2\n", "exp.yaml", "config file")
    message = str(info.value)
    assert message.startswith("exp.yaml: the config file is not valid YAML at line 4, column 1")
    assert (
        "duplicate key 'scoring' (first at line 1" in message and "Fix: remove or rename" in message
    )


def test_nested_duplicate_keys_are_errors():
    with pytest.raises(InputError, match="duplicate key 'battle'"):
        load_yaml("subcategories:\n  battle: {entries: []}\n  battle: {entries: []}\n", "l.yaml")


def test_python_tags_are_rejected():
    with pytest.raises(InputError, match="not valid YAML.*python/object/apply:os.system"):
        load_yaml("x: !!python/object/apply:os.system ['true']\n", "l.yaml")


def test_a_second_scoring_block_in_the_config_file_is_an_error(tmp_path):
    default = (ROOT / "config/config.yaml").read_text(encoding="utf-8")
    path = write(tmp_path / "exp.yaml", default + "\nscoring:\n  seed: 1\n")
    with pytest.raises(InputError, match="duplicate key 'scoring'") as info:
        read_config_files([path])
    assert info.value.file == str(path)


def config_error(tmp_path, extra: str) -> InputError:
    path = write(tmp_path / "exp.yaml", extra)
    with pytest.raises(InputError) as info:
        load_config(path)
    assert info.value.file == str(path)  # the message names the config file
    return info.value


@pytest.mark.parametrize("name", ["..", ".", "../x", "a/b", ".hidden", "x" * 65, ""])
def test_unsafe_experiment_names_are_errors(tmp_path, name):
    error = config_error(tmp_path, f'experiment: "{name}"\n')
    assert error.field == "experiment" and "letter or digit" in error.fix


def test_experiment_names_with_dots_inside_are_fine(tmp_path):
    assert load_config(write(tmp_path / "e.yaml", "experiment: gwr-2.1_b\n"))["experiment"]


def test_topic_k_must_be_integers(tmp_path):
    error = config_error(tmp_path, "topics:\n  k: [4.0, 6, 8]\n")
    assert error.field == "topics.k.0" and "4.0 is not of type 'integer'" in error.problem


def test_topic_families_need_lda(tmp_path):
    error = config_error(tmp_path, "topics:\n  families: [nmf]\n")
    assert error.field == "topics.families" and "lda is required" in error.fix


def test_stop_words_reaching_the_report_are_single_words(tmp_path):
    error = config_error(
        tmp_path, 'paper:\n  keyness_extra_stopwords: ["x``\\n\\n.. raw:: html"]\n'
    )
    assert error.field == "paper.keyness_extra_stopwords.0"


def test_the_error_names_the_file_that_sets_the_key(tmp_path):
    base = write(tmp_path / "base.yaml", "experiment: a\n")
    override = write(tmp_path / "over.yaml", "scoring:\n  permutations: 3\n")
    files = read_config_files([base, override])
    config = {"experiment": "a", "scoring": {"permutations": 3}}
    with pytest.raises(InputError) as info:
        validate_config(config, source=files)
    assert info.value.file == str(override) and info.value.field == "scoring.permutations"


def test_the_default_experiment_leaves_the_gwr_sample_out():
    config = load_config(ROOT / "config/config.yaml")
    assert config["validation"]["rhetoric_gwr_sample"] == ""
