"""The policy-rhetoric command: --help, init on a folder, check on a bad manifest (nothing written)."""

from __future__ import annotations

import os

import pytest
import yaml
from conftest import ROOT

from policy_rhetoric.cli import Skip, main, prepare
from policy_rhetoric.core.config import load_config
from policy_rhetoric.core.tables import read_tsv


def tree(path):
    return sorted(
        (p.relative_to(path).as_posix(), p.read_bytes() if p.is_file() else b"")
        for p in path.rglob("*")
    )


@pytest.fixture
def project(tmp_path):
    """A bare project root: a Snakefile and config/experiments/ (check stops before Snakemake)."""
    (tmp_path / "Snakefile").write_text("# placeholder\n", encoding="utf-8")
    (tmp_path / "config/experiments").mkdir(parents=True)
    return tmp_path


@pytest.mark.parametrize(
    "argv", [["--help"], ["init", "--help"], ["check", "--help"], ["run", "--help"]]
)
def test_help_explains_each_command(argv, capsys):
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: policy-rhetoric" in out
    if argv == ["--help"]:
        assert all(word in out for word in ("init", "check", "run", "Score your own corpus"))
    if argv[0] == "init":
        assert "--from PATH" in out and "--name-pattern" in out and "--default-voice" in out


def test_init_a_folder_writes_manifest_and_config_and_keeps_the_sources(project, capsys):
    src = project / "texts"
    src.mkdir()
    (src / "2020-01-02_Alpha.txt").write_text("Alpha\nWe must win the battle.\n", encoding="utf-8")
    before = tree(src)
    code = main(
        [
            "--project",
            str(project),
            "init",
            "mine",
            "--from",
            "texts",
            "--genre",
            "speech",
            "--name-pattern",
            r"^(?P<date>\d{4}-\d{2}-\d{2})_(?P<title>.+)\.txt$",
            "--default-voice",
            "primary",
        ]
    )
    assert code == 0, capsys.readouterr().err
    assert tree(src) == before
    config = load_config(project / "config/experiments/mine.yaml")
    assert config["corpus"] | {} == {
        "manifest": "config/experiments/mine_manifest.tsv",
        "root": "texts",
        "voice_annotations": "",
        "extra_genres": [],
        "default_voice": "primary",
        "unmatched_annotations": "error",
        "shard_size": "auto",
    }
    assert (
        config["validation"]["voice_sample"] == "" and config["validation"]["rhetoric_sample"] == ""
    )
    rows = read_tsv(project / "config/experiments/mine_manifest.tsv").to_dict("records")
    assert [(r["doc_id"], r["path"], r["title"], r["primary_date"]) for r in rows] == [
        ("texts_001_2020_01_02_Alpha", "2020-01-02_Alpha.txt", "Alpha", "2020-01-02")
    ]
    # a second init of another mapping under the same name is refused (nothing replaced)
    written = tree(project / "config")
    assert (
        main(["--project", str(project), "init", "mine", "--from", "texts", "--genre", "analysis"])
        == 1
    )
    assert "exists" in capsys.readouterr().err
    assert tree(project / "config") == written


def test_check_on_a_bad_manifest_fails_naming_file_row_and_field_and_writes_nothing(
    project, capsys
):
    (project / "docs").mkdir()
    (project / "docs/a.txt").write_text("Words.\n", encoding="utf-8")
    header = (
        "doc_id\tpath\ttitle\toutlet\tgenre\tissuer\tprimary_date\tpublished_date\tlanguages\turl\n"
    )
    (project / "config/experiments/bad_manifest.tsv").write_text(
        header + "a\ta.txt\tA\tO\tspeech\t\t2020\t2020-13\ten\t\n", encoding="utf-8"
    )
    (project / "config/experiments/bad.yaml").write_text(
        yaml.safe_dump(
            {
                "experiment": "bad",
                "corpus": {
                    "manifest": "config/experiments/bad_manifest.tsv",
                    "root": "docs",
                    "voice_annotations": "",
                },
            }
        ),
        encoding="utf-8",
    )
    before = tree(project)
    cwd = os.getcwd()
    assert main(["--project", str(project), "check", "bad"]) == 1
    err = capsys.readouterr().err
    assert "config/experiments/bad_manifest.tsv, row 2, field 'published_date'" in err
    assert "not an ISO date" in err
    assert tree(project) == before and os.getcwd() == cwd


def test_check_and_run_of_an_unknown_experiment_say_how_to_create_it(project, capsys):
    assert main(["--project", str(project), "check", "nothing"]) == 1
    assert "policy-rhetoric init nothing --from PATH" in capsys.readouterr().err


def test_outside_a_project_the_command_says_where_to_run(tmp_path, capsys):
    assert main(["--project", str(tmp_path), "check", "x"]) == 2
    assert "holds no Snakefile" in capsys.readouterr().err


def test_an_example_whose_shared_source_is_absent_is_skipped_with_a_message(project, capsys):
    for name in ("cn_political.yaml", "cn_political.import.yaml"):
        (project / "config/experiments" / name).write_bytes(
            (ROOT / "config/experiments" / name).read_bytes()
        )
    before = tree(project)
    assert main(["--project", str(project), "check", "cn_political"]) == 0
    assert (
        "cn_political: skipped: its source ../shared/external/cn-political-zh"
        in capsys.readouterr().err
    )
    assert tree(project) == before


def test_the_package_installs_the_command():
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert 'policy-rhetoric = "policy_rhetoric.cli:main"' in text


@pytest.mark.parametrize(
    "name",
    sorted(
        p.name.removesuffix(".import.yaml")
        for p in (ROOT / "config/experiments").glob("*.import.yaml")
    ),
)
def test_each_shipped_example_manifest_is_what_its_spec_gives_now(name, monkeypatch):
    """A committed example whose manifest went stale would refuse `policy-rhetoric run` (as
    interpret_en did once); skipped where its ../shared source is absent."""
    monkeypatch.chdir(ROOT)
    try:
        prepare(ROOT, name, write=False)
    except Skip as skip:
        pytest.skip(str(skip))
