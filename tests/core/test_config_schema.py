"""The config schema, the default config and config/README.md hold the same keys (PyPSA-Eur's model).

Every leaf key of workflow/schemas/config.schema.yaml is set in config/config.yaml, documented in the key table
of config/README.md, and has a description and a default equal to the default experiment's value; and vice
versa, nothing is set or documented that the schema does not know. Every experiment file validates.
"""

from __future__ import annotations

import re

import pytest
import yaml
from conftest import ROOT

from policy_rhetoric.core.config import load_config, schema

SCHEMA = schema("config")
DEFAULT = yaml.safe_load((ROOT / "config/config.yaml").read_text(encoding="utf-8"))
README = (ROOT / "config/README.md").read_text(encoding="utf-8")


def schema_leaves(node: dict, prefix: str = "") -> dict[str, dict]:
    """Dotted key -> schema of every leaf (a property that is not an object with properties)."""
    leaves = {}
    for name, sub in node.get("properties", {}).items():
        key = f"{prefix}{name}"
        if "properties" in sub:
            leaves |= schema_leaves(sub, f"{key}.")
        else:
            leaves[key] = sub
    return leaves


def config_leaves(data: dict, prefix: str = "") -> dict[str, object]:
    leaves = {}
    for name, value in data.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            leaves |= config_leaves(value, f"{key}.")
        else:
            leaves[key] = value
    return leaves


def readme_keys(text: str) -> set[str]:
    """Keys in the first column of the README's key table; `.x` continues the previous key's parent."""
    table = text.split("## Keys", 1)[1].split("\n## ", 1)[0]
    keys: set[str] = set()
    for line in table.splitlines():
        if not line.startswith("| `"):
            continue
        parent = ""
        for name in re.findall(r"`([^`]+)`", line.split("|")[1]):
            key = parent + name[1:] if name.startswith(".") else name
            parent = key.rsplit(".", 1)[0] + "." if "." in key else ""
            keys.add(key)
    return keys


SCHEMA_KEYS = schema_leaves(SCHEMA)


def test_schema_and_default_config_hold_the_same_keys():
    assert sorted(config_leaves(DEFAULT)) == sorted(SCHEMA_KEYS)


def test_schema_and_readme_document_the_same_keys():
    documented = readme_keys(README)
    assert sorted(set(SCHEMA_KEYS) - documented) == [], "keys missing from config/README.md"
    assert sorted(documented - set(SCHEMA_KEYS)) == [], "README documents keys the schema lacks"


@pytest.mark.parametrize("key", sorted(SCHEMA_KEYS))
def test_every_key_has_a_description_and_the_default_experiments_value_as_default(key):
    sub = SCHEMA_KEYS[key]
    assert sub.get("description"), f"{key} has no description"
    assert "default" in sub, f"{key} has no default"
    assert sub["default"] == config_leaves(DEFAULT)[key]


def test_objects_have_a_description_and_reject_unknown_keys():
    def walk(node: dict, key: str):
        if "properties" in node:
            assert node.get("additionalProperties") is False, key
            assert node.get("description"), key
            for name, sub in node["properties"].items():
                walk(sub, f"{key}.{name}")

    walk(SCHEMA, "(top level)")


@pytest.mark.parametrize(
    "path",
    [ROOT / "config/config.yaml"]
    + sorted(
        p
        for p in (ROOT / "config/experiments").glob("*.yaml")
        # annotations and import specs (policy-rhetoric init) lie beside the experiments
        if not p.stem.endswith("annotations") and not p.name.endswith(".import.yaml")
    ),
    ids=lambda p: p.name,
)
def test_every_experiment_validates(path):
    config = load_config(path)
    assert config["experiment"]
