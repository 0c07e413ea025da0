"""Load-time validation of everything an experiment reads, before any job runs.

`validate_experiment` is the one function the workflow calls when it loads (workflow/rules/common.smk):
the config files (read strictly: a duplicate key is an error) and the config (schema, true integers,
safe experiment name, settings that cannot work), the manifest and every document, the voice
annotations (their `from`/`until`/`lines` anchors must begin a line), the lexicons compiled to their
patterns (with the quality checks of `rhetoric.lexicon.check_lexicons`) and the validation samples.
Each error is an InputError naming the file, row or key, what is wrong and how to fix it.

Slow checks are remembered in `cache_dir` by the SHA-256 of what they read (an empty marker file per
passed check), so dry runs and reruns stay fast on large documents; a changed file is checked again.
"""

from __future__ import annotations

import glob
import hashlib
import json
import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from policy_rhetoric.core.config import check_config, read_config_files, validate_config
from policy_rhetoric.core.errors import InputError
from policy_rhetoric.core.genres import allowed_genres
from policy_rhetoric.core.text import decode_text
from policy_rhetoric.corpus.manifest import (
    ManifestRow,
    annotation_error,
    annotation_problems,
    load_annotations,
    read_manifest,
)
from policy_rhetoric.corpus.tokens import load_pipeline, stop_words
from policy_rhetoric.corpus.voice_validation import read_voice_sample, sample_scope
from policy_rhetoric.rhetoric.lexicon import Lexicon, check_lexicons, load_lexicons
from policy_rhetoric.rhetoric.validation import (
    GWR_COLUMNS,
    SEED_COLUMNS,
    read_sample,
    read_second_coding,
)


@dataclass
class Experiment:
    """What the workflow needs from a validated experiment."""

    manifest: list[ManifestRow]
    annotations: dict
    lexicons: list[Lexicon]
    annotation_warnings: list[tuple[str, str, str, str]] = field(default_factory=list)


class _Texts(Mapping):
    """Document texts by key, decoded when first asked for (membership does not decode)."""

    def __init__(self, sources: dict[str, Path]):
        self.sources = sources
        self.texts: dict[str, str] = {}

    def __getitem__(self, key: str) -> str:
        if key not in self.texts:
            path = self.sources[key]
            self.texts[key] = decode_text(path.read_bytes(), str(path))
        return self.texts[key]

    def __contains__(self, key: object) -> bool:
        return key in self.sources

    def __iter__(self):
        return iter(self.sources)

    def __len__(self) -> int:
        return len(self.sources)


class _Cache:
    """Marker files named by the hash of what a passed check read; no cache when `folder` is None."""

    def __init__(self, folder: str | os.PathLike | None):
        self.folder = Path(folder) if folder is not None else None
        self.hashes: dict[Path, str] = {}

    def sha(self, path: Path) -> str:
        if path not in self.hashes:
            self.hashes[path] = hashlib.sha256(path.read_bytes()).hexdigest()
        return self.hashes[path]

    def key(self, kind: str, *parts: object) -> str:
        digest = hashlib.sha256(json.dumps(parts, sort_keys=True, default=str).encode()).hexdigest()
        return f"{kind}-{digest}"

    def passed(self, key: str) -> bool:
        return self.folder is not None and (self.folder / key).is_file()

    def mark(self, key: str) -> None:
        if self.folder is not None:
            self.folder.mkdir(parents=True, exist_ok=True)
            (self.folder / key).touch()


def validate_experiment(
    config: dict,
    config_files=(),
    *,
    cache_dir: str | os.PathLike | None = None,
) -> Experiment:
    """Check everything the experiment reads; InputError at the first problem, before any job.

    `config` is the merged config (filled with the schema's defaults in place); `config_files` are
    the files it came from (Snakemake's `workflow.configfiles`), read again with the strict loader and
    named in messages."""
    files = read_config_files(config_files)
    validate_config(config, source=files if files else "config")
    source = ", ".join(p for p, _ in files) or "config"
    check_config(config, source=source)
    cache = _Cache(cache_dir)

    corpus = config["corpus"]
    manifest = read_manifest(
        corpus["manifest"], corpus["root"], allowed_genres(config), cache_dir=cache_dir
    )
    doc_ids = [row.doc_id for row in manifest]
    sources = {row.doc_id: row.source for row in manifest}
    texts = _Texts(sources)
    annotations = load_annotations(corpus["voice_annotations"], doc_ids)
    warnings = _check_annotations(
        corpus["voice_annotations"], annotations, texts, cache, corpus["unmatched_annotations"]
    )

    lexicons = load_lexicons(config["lexicons"])
    models = (config["nlp"]["en_model"], config["nlp"]["zh_model"])
    share = config["scoring"]["max_entry_share"]
    key = cache.key(
        "lexicons",
        [cache.sha(Path(p)) for p in config["lexicons"]],
        sorted(cache.sha(p) for p in sources.values()),
        models,
        share,
    )
    if not cache.passed(key):
        check_lexicons(
            lexicons,
            load_pipeline("en", models[0]),
            [texts[d] for d in doc_ids],
            max_share=share,
            stop_words={"en": stop_words(("en",)), "zh": stop_words(("zh",))},
        )
        cache.mark(key)

    _check_samples(config["validation"], texts)
    return Experiment(manifest, annotations, lexicons, warnings)


def _check_annotations(path: str, annotations: dict, texts: _Texts, cache: _Cache, mode: str):
    """Anchors that begin no line: an error (mode "error") or rows of the warning table ("warn")."""
    warnings = []
    for doc_id in sorted(annotations):
        annotation = annotations[doc_id] or {}
        key = cache.key("anchors", cache.sha(texts.sources[doc_id]), annotation)
        if cache.passed(key):
            continue
        problems = annotation_problems(texts[doc_id], annotation)
        if not problems:
            cache.mark(key)
        for anchor, text, problem in problems:
            if mode == "error":
                raise annotation_error(path, doc_id, anchor, text, problem)
            warnings.append((doc_id, anchor, text, problem))
            print(
                f"Warning: {path}: {doc_id}: {anchor} {text!r} {problem} of the document "
                "(listed in corpus/annotation_warnings.tsv)",
                file=sys.stderr,
            )
    return warnings


def _check_samples(validation: dict, texts: _Texts) -> None:
    """The hand-coded samples: columns, codes and offsets against the documents they name."""
    for key, check in (
        ("voice_sample", lambda p: read_voice_sample(p, texts)),
        ("rhetoric_sample", lambda p: _read_sample(p, SEED_COLUMNS, texts)),
    ):
        path = validation[key]
        # a sample with no row of this manifest's documents is left out by the workflow (sample_scope)
        if path and (not Path(path).is_file() or sample_scope(path, list(texts.sources))[0]):
            check(path)
    gwr = validation["rhetoric_gwr_sample"]
    if gwr:
        files = sorted(glob.glob(os.path.join(validation["gwr_texts"], "*.md")))
        _read_sample(gwr, GWR_COLUMNS, _Texts({Path(f).name: Path(f) for f in files}))
    for i, spec in enumerate(validation["external_samples"]):
        _check_second_coding(spec, f"validation.external_samples[{i}]")


def _check_second_coding(spec: dict, key: str) -> None:
    """A held-out sample's second coding and adjudication files against the sample's items (the
    sample's texts lie outside the project and are read by the rule, not here)."""
    coder_b, adjudication = spec.get("second_coding", []), spec.get("adjudication", [])
    if not coder_b and not adjudication:
        return
    if adjudication and not coder_b:
        raise InputError(
            spec["file"],
            f"{key}.adjudication is set without {key}.second_coding",
            "list coder B's files under second_coding (adjudication decides where A and B disagree)",
            field=f"{key}.adjudication",
        )
    if not Path(spec["file"]).is_file():
        raise InputError(
            spec["file"],
            "the held-out sample does not exist",
            f"fix {key}.file",
            field=f"{key}.file",
        )
    read_second_coding(spec["file"], coder_b, adjudication)


def _read_sample(path: str, columns, texts) -> None:
    if not Path(path).is_file():
        raise InputError(
            path,
            "the validation sample does not exist",
            "set the validation sample in the config to an existing TSV file, or to an empty "
            "string for no validation",
        )
    read_sample(path, columns, texts)
