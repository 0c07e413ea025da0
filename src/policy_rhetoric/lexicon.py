"""Lexicons: YAML files (category -> subcategories -> entries) compiled into matchers.

English patterns are space-separated words matched on lowercase lemmas, so "win the battle" also
matches "won the battles". In a pattern, `a|b` is a choice, a trailing `?` makes a word optional and
`...` stands for up to three words of any kind. Chinese patterns are matched on characters (so segmenter
boundaries cannot hide 核心技术 inside 关键核心技术); `...` there stands for up to ten characters within
the sentence. An entry's `exclude` patterns veto its matches that they overlap.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from policy_rhetoric.config import schema
from policy_rhetoric.errors import InputError

GAP = "..."
ZH_GAP = "[^。！？；!?;\\n]{0,10}?"


@dataclass(frozen=True)
class Entry:
    category: str
    subcategory: str
    id: str
    en: tuple[str, ...] = ()
    zh: tuple[str, ...] = ()
    exclude_en: tuple[str, ...] = ()
    exclude_zh: tuple[str, ...] = ()
    note: str = ""


@dataclass
class Lexicon:
    category: str
    version: str
    path: str
    sha256: str
    labels: dict[str, str] = field(default_factory=dict)
    entries: list[Entry] = field(default_factory=list)


def load_lexicon(path: str | os.PathLike) -> Lexicon:
    """Read and validate one lexicon file; InputError names the file and the entry at fault."""
    path = Path(path)
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(
            str(path),
            f"cannot read the lexicon: {exc}",
            "give a UTF-8 YAML file as described in config/README.md",
        ) from exc
    validator = jsonschema.Draft202012Validator(schema("lexicon"))
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise InputError(
            str(path),
            f"invalid lexicon at {where}: {err.message}",
            "see the lexicon format in config/README.md",
            field=where,
        )
    lexicon = Lexicon(
        category=data["category"],
        version=str(data["version"]),
        path=str(path),
        sha256=hashlib.sha256(raw).hexdigest(),
    )
    seen: set[str] = set()
    for sub, body in data["subcategories"].items():
        lexicon.labels[sub] = body.get("label", sub)
        for item in body["entries"]:
            if item["id"] in seen:
                raise InputError(
                    str(path),
                    f"entry id {item['id']!r} is used twice",
                    "give every entry of a lexicon its own id",
                    field=f"subcategories/{sub}",
                )
            seen.add(item["id"])
            exclude = item.get("exclude", {})
            lexicon.entries.append(
                Entry(
                    category=lexicon.category,
                    subcategory=sub,
                    id=item["id"],
                    en=tuple(item.get("en", [])),
                    zh=tuple(item.get("zh", [])),
                    exclude_en=tuple(exclude.get("en", [])),
                    exclude_zh=tuple(exclude.get("zh", [])),
                    note=item.get("note", ""),
                )
            )
    return lexicon


def load_lexicons(paths) -> list[Lexicon]:
    """All lexicons of an experiment; categories must be distinct."""
    lexicons = [load_lexicon(p) for p in paths]
    categories = [lx.category for lx in lexicons]
    for lx in lexicons:
        if categories.count(lx.category) > 1:
            raise InputError(
                lx.path,
                f"category {lx.category!r} is defined by more than one lexicon file",
                "give each lexicon file its own category",
            )
    return lexicons


def english_token_patterns(pattern: str, nlp) -> list[dict]:
    """A spaCy Matcher pattern (on LEMMA) for one English lexicon pattern."""
    tokens: list[dict] = []
    for unit in pattern.split():
        if unit == GAP:
            tokens.append({"OP": "{0,3}"})
            continue
        optional = unit.endswith("?") and len(unit) > 1
        unit = unit[:-1] if optional else unit
        choices = [[t.lemma_ for t in nlp(alt)] for alt in unit.split("|")]
        if len(choices) == 1:
            seq = [{"LEMMA": lemma} for lemma in choices[0]]
        elif all(len(c) == 1 for c in choices):
            seq = [{"LEMMA": {"IN": sorted({c[0] for c in choices})}}]
        else:
            raise ValueError(f"in pattern {pattern!r}, choices {unit!r} must be single words")
        if optional:
            if len(seq) != 1:
                raise ValueError(
                    f"in pattern {pattern!r}, only a single word can be optional: {unit!r}"
                )
            seq[0]["OP"] = "?"
        tokens.extend(seq)
    return tokens


def chinese_regex(pattern: str) -> re.Pattern:
    """A compiled regex for one Chinese lexicon pattern (`...` is a short gap inside the sentence)."""
    return re.compile(ZH_GAP.join(re.escape(part) for part in pattern.split(GAP)))


def lexicon_summary(lexicons: list[Lexicon]) -> list[dict]:
    """Version and hash of each lexicon, for provenance."""
    return [
        {
            "category": lx.category,
            "version": lx.version,
            "path": lx.path,
            "sha256": lx.sha256,
            "entries": len(lx.entries),
        }
        for lx in lexicons
    ]
