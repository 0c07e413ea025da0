"""Load-time validation (issue 10): validate_experiment, the one function the workflow calls when it
loads, stops every bad input before any job with a message naming the file, row or key and the fix.

Each test spoils a copy of the project's config and corpus as the issue's reproductions did."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from policy_rhetoric.core.config import load_config
from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.corpus.manifest import run_list_annotation_warnings
from policy_rhetoric.experiment import validate_experiment
from policy_rhetoric.provenance import run_write_provenance

DEFAULT = load_config(ROOT / "config/config.yaml")
MILITARIZED = "config/lexicons/militarized.yaml"


@pytest.fixture
def project(tmp_path, monkeypatch) -> Path:
    for name in ("config", "resources"):
        shutil.copytree(ROOT / name, tmp_path / name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def check(cache, config=None, files=("config/config.yaml",)):
    return validate_experiment(copy.deepcopy(config or DEFAULT), files, cache_dir=cache)


def error(cache, config=None, files=("config/config.yaml",)) -> InputError:
    with pytest.raises(InputError) as info:
        check(cache, config, files)
    assert "Fix: " in str(info.value)
    return info.value


def edit(path: str, old: str, new: str, count: int = 1) -> None:
    text = Path(path).read_text(encoding="utf-8")
    assert old in text
    Path(path).write_text(text.replace(old, new, count), encoding="utf-8")


def append(path: str, text: str) -> None:
    with open(path, "a", encoding="utf-8") as handle:
        handle.write(text)


def test_the_project_as_shipped_passes(project, cache):
    checked = check(cache)
    assert len(checked.manifest) == 5 and checked.annotation_warnings == []


TYPO = ('technological self-sufficiency"', 'technological self-sufficency"')


def test_an_annotation_from_that_matches_no_line_is_an_error(project, cache):
    edit("config/voice_annotations.yaml", *TYPO)
    err = error(cache)
    assert err.file == "config/voice_annotations.yaml"
    assert err.field == "000_cast_speech.regions[0].from"
    assert "'High-level scientific and technological self-sufficency' begins no line" in err.problem


def test_an_until_or_lines_anchor_that_matches_no_line_is_an_error(project, cache):
    edit("config/voice_annotations.yaml", '"ChinaTalk is a reader', '"ChinaTalk is a reeder')
    assert error(cache).field == "000_cast_speech.regions[0].until"
    shutil.copy(ROOT / "config/voice_annotations.yaml", "config/voice_annotations.yaml")
    edit("config/voice_annotations.yaml", "Zhang Yuzhuo speaking", "Zhang Yuzhou speaking")
    assert error(cache).field == "000_cast_speech.lines[1].from"


def test_unmatched_anchors_are_listed_in_a_table_when_set_to_warn(project, cache, tmp_path):
    edit("config/voice_annotations.yaml", *TYPO)
    config = copy.deepcopy(DEFAULT)
    config["corpus"]["unmatched_annotations"] = "warn"
    checked = check(cache, config)
    expected = [
        (
            "000_cast_speech",
            "regions[0].from",
            "High-level scientific and technological self-sufficency",
            "begins no line",
        )
    ]
    assert checked.annotation_warnings == expected
    rows = checked.manifest
    out = tmp_path / "warnings.tsv"
    run_list_annotation_warnings(
        [str(r.source) for r in rows], [r.doc_id for r in rows], checked.annotations, out
    )
    assert [tuple(r) for r in read_tsv(out).itertuples(index=False)] == expected


def test_a_second_block_for_a_doc_id_is_an_error(project, cache):
    append("config/voice_annotations.yaml", "001_axios_congress:\n  quote_speakers: [Xi]\n")
    err = error(cache)
    assert err.file == "config/voice_annotations.yaml" and "duplicate key '001_axios_congress'" in (
        err.problem
    )


def test_a_second_subcategory_of_the_same_name_is_an_error(project, cache):
    append(
        MILITARIZED,
        "  battle:\n    entries:\n      - {id: extra_battle, en: [skirmish]}\n",
    )
    err = error(cache)
    assert err.file == MILITARIZED and "duplicate key 'battle'" in err.problem


def test_a_second_scoring_block_in_the_config_is_an_error(project, cache):
    append("config/config.yaml", "scoring:\n  seed: 1\n")
    err = error(cache)
    assert err.file == "config/config.yaml" and "duplicate key 'scoring'" in err.problem


STOP_ENTRY = (
    '  stop_words:\n    entries:\n      - {id: the_only, en: ["the", "of the"], zh: ["的"]%s}\n'
)


def test_entries_of_stop_words_only_are_errors(project, cache):
    append(MILITARIZED, STOP_ENTRY % "")
    err = error(cache)
    assert err.file == MILITARIZED and err.field == "subcategories/stop_words/the_only"
    assert "'the' is made only of stop words" in err.problem and "intended" in err.fix


def test_entries_matching_too_many_words_are_errors(project, cache):
    append(MILITARIZED, STOP_ENTRY % ", intended: [stop_words]")
    err = error(cache)
    assert "could match" in err.problem and "more than scoring.max_entry_share = 0.02" in (
        err.problem
    )


def test_a_common_entry_marked_as_intended_passes(project, cache):
    append(MILITARIZED, STOP_ENTRY % ", intended: [stop_words, frequent]")
    check(cache)


@pytest.mark.parametrize(
    "spoil,expected",
    [
        (("battle:\n    label:", "battle:\n   label: x\n    label:"), "not valid YAML at line"),
        (("- id: battle\n", "- id: war\n"), "entry id 'war' is used twice"),
        (None, "invalid lexicon at subcategories/empty/entries"),
        (('en: ["battle", "battles"]', 'en: ["... battle", "battles"]'), "must begin and end"),
        (('version: "2.3.1"', "version: !!python/object/apply:os.system ['true']"), "python"),
    ],
    ids=["malformed", "duplicate_id", "no_entries", "leading_gap", "python_tag"],
)
def test_lexicon_errors_stop_the_load(project, cache, spoil, expected):
    if spoil is None:
        append(MILITARIZED, "  empty:\n    entries: []\n")
    else:
        edit(MILITARIZED, *spoil)
    err = error(cache)
    assert err.file == MILITARIZED and expected in str(err)


@pytest.mark.parametrize(
    "key,value,field",
    [("families", ["nmf"], "topics.families"), ("k", [4.0, 6, 8], "topics.k.0")],
)
def test_topic_settings_that_cannot_work_name_the_config_file(project, cache, key, value, field):
    config = copy.deepcopy(DEFAULT)
    config["topics"][key] = value
    edit("config/config.yaml", "topics:\n", f"topics:\n  {key}: {json.dumps(value)}\n")
    edit("config/config.yaml", f"  {key}: [", f"  # {key}: [", 2)
    err = error(cache, config)
    assert (err.file, err.field) == ("config/config.yaml", field)


def test_a_file_name_with_braces_names_its_manifest_row(project, cache):
    shutil.move("resources/corpus/000_c7c646747f363837.txt", "resources/corpus/cast{speech}.txt")
    edit("config/manifest.tsv", "000_c7c646747f363837.txt", "cast{speech}.txt")
    err = error(cache)
    assert (err.file, err.row, err.field) == ("config/manifest.tsv", 2, "path")


def test_a_bad_validation_sample_stops_the_load(project, cache):
    edit("resources/validation/voice_sample.tsv", "\tprimary\t", "\tprimray\t")
    err = error(cache)
    assert err.file == "resources/validation/voice_sample.tsv" and err.field == "voice"


def test_provenance_records_which_optional_inputs_were_read(project, tmp_path):
    out = tmp_path / "provenance.json"
    run_write_provenance(
        DEFAULT,
        {
            "lexicons": DEFAULT["lexicons"],
            "voice_annotations": "config/voice_annotations.yaml",
            "rhetoric_sample": "resources/validation/rhetoric_sample.tsv",
            "rhetoric_gwr_sample": [],
            "gwr_texts": [],
        },
        str(out),
    )
    record = json.loads(out.read_text(encoding="utf-8"))
    assert record["optional_inputs"]["rhetoric_gwr_sample"] is False
    assert record["optional_inputs"]["rhetoric_sample"] is True
    assert "config/voice_annotations.yaml" in record["inputs"]["voice_annotations"]


def test_write_provenance_reads_every_input_file():
    rule = (ROOT / "workflow/rules/provenance.smk").read_text(encoding="utf-8")
    for role in (
        "documents=",
        "manifest=",
        "voice_annotations=",
        "lexicons=",
        "voice_sample=",
        "rhetoric_sample=",
        "rhetoric_gwr_sample=",
        "gwr_texts=",
    ):
        assert role in rule.split("output:")[0], role
