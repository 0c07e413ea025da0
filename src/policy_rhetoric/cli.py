"""policy-rhetoric: score your own corpus in three commands (init, check, run).

    policy-rhetoric init NAME --from PATH [mapping options]   # manifest + config/experiments/NAME.yaml
    policy-rhetoric check NAME                               # validate, print what would run, write nothing
    policy-rhetoric run NAME [--cores N]                     # snakemake --configfile ... (the report follows)
    policy-rhetoric bench-corpus OUT --tokens T [--seed S]   # a benchmark corpus resampled from ../shared

Run from the project root (the folder holding the Snakefile), or pass --project. Every path given to
the command and written by it is relative to the project root (or absolute), as in the configs: a
manifest's `path` is relative to `corpus.root`; `corpus.root`, `corpus.manifest`, annotation, lexicon
and sample paths are relative to the project root. `run` and `check` are thin wrappers around
Snakemake; `snakemake --cores N --configfile config/experiments/NAME.yaml` does the same as `run`.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
from pathlib import Path

import yaml

from policy_rhetoric.core.config import check_config, load_config
from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.genres import BUILTIN_GENRES, allowed_genres
from policy_rhetoric.core.tables import read_tsv
from policy_rhetoric.corpus.benchmark import generate_corpus, load_sources
from policy_rhetoric.corpus.importers import (
    FORMATS,
    IMPORT_MANIFEST_COLUMNS,
    ImportResult,
    check_documents,
    import_corpus,
    missing_documents,
    write_import,
)
from policy_rhetoric.corpus.manifest import load_annotations, read_manifest
from policy_rhetoric.corpus.voice import VOICES
from policy_rhetoric.corpus.voice_validation import sample_scope

EXPERIMENTS = Path("config/experiments")
# the benchmark corpus's sources (bench-corpus), relative to the project root
BENCH_SPECS = [EXPERIMENTS / "cn_political.import.yaml", EXPERIMENTS / "interpret_en.import.yaml"]
BENCH_MANIFESTS = [
    (EXPERIMENTS / "gwr_manifest.tsv", "../shared/external/bilingual-gwr/original_md")
]
BENCH_TOKENS_PER_DOCUMENT = 5000
NAME_PATTERN = r"^[A-Za-z0-9_.-]+$"


class _PlainDumper(yaml.SafeDumper):
    """YAML without anchors and aliases (every document's annotation written out in full)."""

    def ignore_aliases(self, data):
        return True


class Skip(Exception):
    """An example experiment whose source folder is absent: said clearly, not an error."""


def experiment_paths(name: str) -> dict[str, Path]:
    """Where an experiment's files live, relative to the project root."""
    if name == "default":
        return {"config": Path("config/config.yaml")}
    return {
        "config": EXPERIMENTS / f"{name}.yaml",
        "manifest": EXPERIMENTS / f"{name}_manifest.tsv",
        "spec": EXPERIMENTS / f"{name}.import.yaml",
        "genres": EXPERIMENTS / f"{name}_genres.tsv",
        "annotations": EXPERIMENTS / f"{name}_annotations.yaml",
    }


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="policy-rhetoric",
        description=(
            "Score militarized and self-reliance rhetoric in your own corpus: import it (init), "
            "validate it (check), run the pipeline to the report (run). Paths are relative to the "
            "project root (the folder holding the Snakefile)."
        ),
        epilog=(
            "Example: policy-rhetoric init speeches --from my_texts/ --genre speech "
            "--name-pattern '^(?P<date>\\d{4}-\\d{2}-\\d{2})_(?P<title>.+)\\.txt$' "
            "--default-voice primary; policy-rhetoric check speeches; policy-rhetoric run speeches "
            "--cores 2. See README.md, 'Score your own corpus'."
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--project",
        default=".",
        help="project root holding the Snakefile (default: the current folder)",
    )
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    init = sub.add_parser(
        "init",
        help="import a corpus: write its manifest and config/experiments/NAME.yaml",
        description=(
            "Read a folder of .txt/.md/.html files (used where they are), a JSONL file (one document "
            "per record), a CSV file (one document per row) or CSV files (one document per file, one "
            "paragraph per row), map their fields to manifest columns, and write "
            "config/experiments/NAME_manifest.tsv, NAME.import.yaml (this mapping, to re-import) and "
            "NAME.yaml (the experiment; kept when it exists). Records that are not files are written "
            "verbatim as UTF-8 files under --out; the manifest keeps each document's source file, "
            "record or row range and the source's SHA-256. The sources are only read. Column options "
            "take a field name (--title-field) or a constant (--genre); templates such as "
            "'{outlet} ({year})' are allowed in --column."
        ),
    )
    init.add_argument("name", metavar="NAME", help="experiment name (letters, digits, _ . -)")
    where = init.add_mutually_exclusive_group(required=True)
    where.add_argument("--from", dest="source", metavar="PATH", help="folder, .jsonl or .csv")
    where.add_argument(
        "--spec",
        metavar="FILE",
        help="an import spec (YAML, several sources; see config/experiments/*.import.yaml)",
    )
    init.add_argument("--format", choices=FORMATS, help="form of the source (default: detected)")
    init.add_argument(
        "--text-field", help="field or column holding the text (JSONL: content; CSV: text)"
    )
    init.add_argument(
        "--title-field", help="field holding the title (default: title, else the file name)"
    )
    init.add_argument("--date-field", help="field holding the date of the source (primary_date)")
    init.add_argument(
        "--published-date",
        help="date of the capture for every document (default: the primary date)",
    )
    init.add_argument("--genre", help="one genre for every document")
    init.add_argument("--genre-field", help="field holding the genre")
    init.add_argument("--issuer", help="issuer (the Party/state body or person) of every document")
    init.add_argument("--issuer-field", help="field holding the issuer")
    init.add_argument(
        "--outlet", help="outlet of every document (default: the source folder's name)"
    )
    init.add_argument("--url-field", help="field holding the URL")
    init.add_argument(
        "--language",
        choices=["en", "zh", "en,zh"],
        help="language(s) (default: detected by script)",
    )
    init.add_argument(
        "--name-pattern",
        metavar="REGEX",
        help="regular expression on file names; its named groups (date, title, genre, ...) become fields",
    )
    init.add_argument(
        "--column",
        action="append",
        default=[],
        metavar="COLUMN=TEMPLATE",
        help="set a manifest column from a template over the fields, e.g. notes='{author}' (repeatable)",
    )
    init.add_argument("--id-prefix", help="doc_id prefix (default: from the source's name)")
    init.add_argument(
        "--extra-genre",
        action="append",
        default=[],
        metavar="GENRE",
        help="a genre besides the built-in ones (corpus.extra_genres; repeatable)",
    )
    init.add_argument(
        "--default-voice",
        choices=VOICES,
        help="corpus.default_voice: voice of body lines no rule decides (primary for whole speeches or reports)",
    )
    init.add_argument(
        "--out",
        metavar="DIR",
        help="folder for documents written from records (default: resources/imported/NAME, git-ignored)",
    )
    init.add_argument(
        "--dedupe",
        action="store_true",
        help="leave out documents whose text repeats an earlier one",
    )
    init.add_argument(
        "--force", action="store_true", help="replace an existing experiment of that name"
    )

    check = sub.add_parser(
        "check",
        help="validate an experiment and print what would run (writes nothing)",
        description=(
            "Validate the config, the manifest and its documents, the voice annotations and the "
            "validation samples (rows of other documents are counted and left out), then print the "
            "jobs Snakemake would run (a dry run). Writes nothing; exits non-zero on the first problem, "
            "naming the file, row and field."
        ),
    )
    check.add_argument(
        "name", metavar="NAME", help="experiment name (default = config/config.yaml)"
    )

    run = sub.add_parser(
        "run",
        help="run the pipeline for an experiment (snakemake --configfile ...)",
        description=(
            "Write any imported documents that are missing (from the sources recorded in the "
            "manifest), then run snakemake --cores N --configfile config/experiments/NAME.yaml. "
            "Arguments after -- go to Snakemake (e.g. -- --report report.html)."
        ),
    )
    run.add_argument("name", metavar="NAME", help="experiment name (default = config/config.yaml)")
    run.add_argument("--cores", default="2", help="cores for Snakemake (default 2; 'all' for all)")
    run.add_argument("snakemake_args", nargs=argparse.REMAINDER, help=argparse.SUPPRESS)

    bench = sub.add_parser(
        "bench-corpus",
        help="write a benchmark corpus of real paragraphs resampled to a given size (seeded)",
        description=(
            "Resample paragraphs of ../shared/external/cn-political-zh, interpret-china-en and "
            "bilingual-gwr (read where they lie) into N documents of about T tokens in all; write "
            "OUT/docs/*.txt, OUT/manifest.tsv, OUT/paragraphs.tsv (where every paragraph comes from) "
            "and OUT/corpus.yaml (the corpus keys, to add after config/experiments/benchmark.yaml: "
            "snakemake --configfile config/experiments/benchmark.yaml OUT/corpus.yaml). "
            "The same options give a byte-identical corpus. OUT must lie outside the repository's "
            "tracked files (e.g. /tmp/bench or results/bench)."
        ),
    )
    bench.add_argument("out", metavar="OUT", help="output folder (created)")
    bench.add_argument("--tokens", type=int, required=True, help="estimated tokens in all")
    bench.add_argument(
        "--documents",
        type=int,
        help=f"documents (default: tokens / {BENCH_TOKENS_PER_DOCUMENT}, the mean size of a "
        "cn-political-zh document)",
    )
    bench.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    return parser


def spec_from_options(args) -> dict:
    """A one-source import spec from init's command-line options."""
    columns: dict[str, str] = {}

    def field(option, column):
        if option:
            columns[column] = "{" + option + "}"

    field(args.title_field, "title")
    field(args.date_field, "primary_date")
    field(args.genre_field, "genre")
    field(args.issuer_field, "issuer")
    field(args.url_field, "url")
    for option, column in (
        (args.genre, "genre"),
        (args.issuer, "issuer"),
        (args.outlet, "outlet"),
        (args.language, "languages"),
        (args.published_date, "published_date"),
    ):
        if option:
            columns[column] = option
    for item in args.column:
        column, sep, template = item.partition("=")
        if not sep or column not in IMPORT_MANIFEST_COLUMNS:
            raise InputError(
                "--column",
                f"{item!r} is not COLUMN=TEMPLATE with a manifest column",
                f"use one of {', '.join(IMPORT_MANIFEST_COLUMNS[2:])}",
            )
        columns[column] = template
    source: dict = {"from": args.source}
    for key, value in (
        ("format", args.format),
        ("text", args.text_field),
        ("id_prefix", args.id_prefix),
    ):
        if value:
            source[key] = value
    if args.name_pattern:
        source["extract"] = [{"field": "file", "pattern": args.name_pattern}]
    if columns:
        source["columns"] = columns
    spec = {"sources": [source]}
    if args.dedupe:
        spec["dedupe"] = True
    return spec


def read_spec(path: Path) -> dict:
    try:
        spec = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(
            str(path), f"cannot read the import spec: {exc}", "give a YAML file"
        ) from exc
    if not isinstance(spec, dict):
        raise InputError(
            str(path), "the import spec is not a mapping", "see config/experiments/*.import.yaml"
        )
    return spec


def cmd_init(args, project: Path) -> int:
    if not re.match(NAME_PATTERN, args.name) or args.name == "default":
        raise InputError(
            "NAME",
            f"{args.name!r} cannot name an experiment",
            "use letters, digits, _ . - (and not 'default')",
        )
    paths = experiment_paths(args.name)
    if args.spec:
        spec_path = Path(args.spec)
        spec = read_spec(project / spec_path)
        spec_name = str(spec_path)
    else:
        spec = spec_from_options(args)
        spec_name = "the command line"
    spec.setdefault("name", args.name)
    if args.out:
        spec["out"] = args.out
    spec.setdefault("out", f"resources/imported/{args.name}")
    if args.default_voice:
        spec["default_voice"] = args.default_voice
    config_path = project / paths["config"]
    same_spec = (project / paths["spec"]).is_file() and read_spec(project / paths["spec"]) == spec
    if config_path.exists() and not (args.force or same_spec):
        raise InputError(
            str(paths["config"]),
            f"the experiment {args.name!r} exists (imported with another mapping, or written by hand)",
            "choose another NAME, or pass --force to replace its manifest and config",
        )
    existing = load_config(config_path) if config_path.exists() and same_spec else None
    extra = sorted(set(args.extra_genre) | set(spec.get("extra_genres", [])))
    if existing is not None:
        extra = sorted(set(extra) | set(existing["corpus"]["extra_genres"]))
    result = import_corpus(spec, project, name=spec_name)
    check_documents(result, BUILTIN_GENRES + tuple(extra), spec_name)
    write_experiment(project, args.name, spec, result, extra, keep_config=existing is not None)
    report_import(args.name, result, paths)
    return 0


def write_experiment(
    project: Path, name: str, spec: dict, result: ImportResult, extra, *, keep_config: bool
) -> None:
    """Documents, manifest (checked before it replaces anything), genre table, spec and config."""
    paths = experiment_paths(name)
    genres = BUILTIN_GENRES + tuple(extra)
    manifest = project / paths["manifest"]
    tmp = manifest.with_name(f".{manifest.name}.tmp")
    tmp.parent.mkdir(parents=True, exist_ok=True)
    write_import(result, tmp, project, genre_table=project / paths["genres"])
    try:
        read_manifest(tmp, project / result.root, genres)
    except InputError:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(manifest)
    (project / paths["spec"]).write_text(
        "# Import spec written by policy-rhetoric init; re-import with\n"
        f"#   policy-rhetoric init {name} --spec {paths['spec'].as_posix()} --force\n"
        + yaml.safe_dump(spec, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )
    annotations = {d.row["doc_id"]: d.annotation for d in result.documents if d.annotation}
    if annotations:
        (project / paths["annotations"]).write_text(
            "# Voice annotations written by policy-rhetoric init from the import spec's 'annotation'.\n"
            + yaml.dump(annotations, Dumper=_PlainDumper, allow_unicode=True, sort_keys=True),
            encoding="utf-8",
        )
    if keep_config:
        return
    config = {
        "experiment": name,
        "corpus": {
            "manifest": paths["manifest"].as_posix(),
            "root": result.root,
            "voice_annotations": paths["annotations"].as_posix() if annotations else "",
            "extra_genres": list(extra),
            "default_voice": spec.get("default_voice") or "commentary",
        },
        "validation": {"voice_sample": "", "rhetoric_sample": ""},
    }
    header = (
        f"# Experiment {name}, written by policy-rhetoric init (paths relative to the project root).\n"
        "# Every other key takes its default from workflow/schemas/config.schema.yaml (see config/README.md).\n"
        "# The embedded validation samples are of the default corpus, so they are off here.\n"
    )
    (project / paths["config"]).write_text(
        header + yaml.safe_dump(config, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )


def report_import(name: str, result: ImportResult, paths: dict) -> None:
    docs = result.documents
    print(f"{name}: {len(docs)} documents; corpus root {result.root}")
    if result.writes_files:
        print(f"  documents written as UTF-8 files under {result.root}/ (git-ignored)")
    genres: dict[str, int] = {}
    for d in docs:
        genres[d.row["genre"]] = genres.get(d.row["genre"], 0) + 1
    print("  genres: " + ", ".join(f"{g} {n}" for g, n in sorted(genres.items())))
    if result.skipped:
        print(f"  left out: {len(result.skipped)} record(s)")
        for location, reason in result.skipped[:10]:
            print(f"    {location}: {reason}")
        if len(result.skipped) > 10:
            print(f"    ... and {len(result.skipped) - 10} more")
    print(f"  wrote {paths['manifest']}, {paths['spec']}, {paths['genres']}, {paths['config']}")
    print(f"next: policy-rhetoric check {name}   then   policy-rhetoric run {name} --cores 2")


def prepare(project: Path, name: str, *, write: bool) -> tuple[Path | None, dict]:
    """Load and check an experiment; write its missing imported documents when `write`.

    Returns the config path, or None when (without `write`) imported documents are not written yet.

    Raises Skip when its sources are absent (an example experiment on a machine without ../shared)."""
    paths = experiment_paths(name)
    config_path = project / paths["config"]
    if not config_path.is_file():
        raise InputError(
            str(paths["config"]),
            f"no experiment {name!r}",
            f"create it with policy-rhetoric init {name} --from PATH (or name one in config/experiments/)",
        )
    config = load_config(paths["config"])
    spec_path = paths.get("spec")
    if spec_path is not None and spec_path.is_file():
        spec = read_spec(spec_path)
        absent = [s["from"] for s in spec.get("sources", []) if not Path(s["from"]).exists()]
        if absent:
            raise Skip(
                f"{name}: skipped: its source {absent[0]} is absent (it is read from there, never copied into the project)"
            )
        result = import_corpus(spec, ".", name=str(spec_path))
        manifest = Path(config["corpus"]["manifest"])
        if manifest.is_file() and read_tsv(manifest).to_dict("records") != [
            {c: str(d.row.get(c, "")) for c in IMPORT_MANIFEST_COLUMNS} for d in result.documents
        ]:
            raise InputError(
                str(manifest),
                f"the manifest differs from what {spec_path} gives now (the sources or the spec changed)",
                f"re-import with policy-rhetoric init {name} --spec {spec_path} --force, or restore the sources",
            )
        missing = missing_documents(result, ".")
        if missing and write:
            write_import(result, manifest, ".", genre_table=paths["genres"])
            print(f"{name}: wrote {len(missing)} imported document(s) under {result.root}/")
        elif missing:
            print(
                f"{name}: {len(missing)} imported document(s) are not written yet under "
                f"{result.root}/; policy-rhetoric run {name} writes them from the sources"
            )
            return None, config
    elif not Path(config["corpus"]["root"]).is_dir():
        raise Skip(
            f"{name}: skipped: its corpus root {config['corpus']['root']} (relative to the project "
            "root) is absent"
        )
    check_config(config, source=str(paths["config"]))
    rows = read_manifest(
        config["corpus"]["manifest"], config["corpus"]["root"], allowed_genres(config)
    )
    doc_ids = [r.doc_id for r in rows]
    load_annotations(config["corpus"]["voice_annotations"], doc_ids)
    print(
        f"{name}: config {paths['config']}, manifest {config['corpus']['manifest']} "
        f"({len(rows)} documents, paths relative to corpus.root {config['corpus']['root']})"
    )
    for key in ("voice_sample", "rhetoric_sample"):
        path = config["validation"][key]
        if path:
            inside, outside = sample_scope(path, doc_ids)
            print(
                f"  validation.{key}: {inside} row(s) of this corpus, {outside} of other documents left out"
            )
    return config_path, config


def snakemake(project: Path, args: list[str]) -> int:
    command = [sys.executable, "-m", "snakemake", *args]
    return subprocess.call(command, cwd=project)


def cmd_check(args, project: Path) -> int:
    config_path, _ = prepare(project, args.name, write=False)
    rel = config_path.relative_to(project).as_posix()
    if config_path is None:
        return 0
    return snakemake(
        project, ["--dry-run", "--quiet", "rules", "--cores", "1", "--configfile", rel, "--nolock"]
    )


def cmd_run(args, project: Path) -> int:
    config_path, _ = prepare(project, args.name, write=True)
    assert config_path is not None
    rel = config_path.relative_to(project).as_posix()
    extra = [a for a in args.snakemake_args if a != "--"]
    return snakemake(project, ["--cores", str(args.cores), "--configfile", rel, *extra])


def cmd_bench_corpus(args, project: Path) -> int:
    out = Path(args.out)  # made absolute by main() before it moves to the project root
    sources = load_sources(project, BENCH_SPECS, BENCH_MANIFESTS)
    documents = args.documents or max(1, args.tokens // BENCH_TOKENS_PER_DOCUMENT)
    counts = generate_corpus(sources, out, documents=documents, tokens=args.tokens, seed=args.seed)
    overlay = {"corpus": {"manifest": str(out / "manifest.tsv"), "root": str(out)}}
    (out / "corpus.yaml").write_text(yaml.safe_dump(overlay, sort_keys=False), encoding="utf-8")
    print(
        f"{out}: {counts['documents']} documents, about {counts['tokens']} tokens, "
        f"{counts['paragraphs']} paragraphs resampled from {len(sources)} source documents; "
        f"genres {', '.join(counts['genres'])}"
    )
    return 0


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    project = Path(args.project).resolve()
    if not (project / "Snakefile").is_file():
        print(
            f"error: {project} holds no Snakefile. Fix: run policy-rhetoric from the project root or pass --project",
            file=sys.stderr,
        )
        return 2
    # every path of a config is relative to the project root, as when Snakemake runs there
    previous = os.getcwd()
    if args.command == "bench-corpus":
        args.out = str(Path(args.out).resolve())
    os.chdir(project)
    try:
        if args.command == "init":
            return cmd_init(args, project)
        if args.command == "check":
            return cmd_check(args, project)
        if args.command == "bench-corpus":
            return cmd_bench_corpus(args, project)
        return cmd_run(args, project)
    except Skip as skip:
        print(str(skip), file=sys.stderr)
        return 0
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        os.chdir(previous)


if __name__ == "__main__":
    sys.exit(main())
