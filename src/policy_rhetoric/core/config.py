"""Loading and validating the experiment config and YAML inputs against the shipped schemas."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import jsonschema
import yaml

from policy_rhetoric.core.errors import InputError


def schema(name: str) -> dict:
    """A schema from workflow/schemas (shipped with the package), e.g. schema("config")."""
    text = (
        resources.files("policy_rhetoric")
        .joinpath("schemas", f"{name}.schema.yaml")
        .read_text("utf-8")
    )
    return yaml.safe_load(text)


def read_yaml_file(path: Path, schema_name: str, what: str, *, empty=None) -> tuple[object, bytes]:
    """Read a UTF-8 YAML file and validate it against workflow/schemas/<schema_name>.schema.yaml.

    Returns the data (`empty` for an empty file, when given) and the raw bytes, for hashing.
    InputError names the file and the key at fault; `what` names the kind of file in messages."""
    try:
        raw = path.read_bytes()
        data = yaml.safe_load(raw.decode("utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise InputError(
            str(path),
            f"cannot read the {what}: {exc}",
            "give a UTF-8 YAML file as described in config/README.md",
        ) from exc
    if data is None and empty is not None:
        data = empty
    validator = jsonschema.Draft202012Validator(schema(schema_name))
    for err in sorted(validator.iter_errors(data), key=lambda e: list(e.absolute_path)):
        where = "/".join(str(p) for p in err.absolute_path) or "(top level)"
        raise InputError(
            str(path),
            f"invalid {what} at {where}: {err.message}",
            f"see the {what} format in config/README.md",
            field=where,
        )
    return data, raw


def _validator_with_defaults(schema_doc: dict):
    """A Draft 2020-12 validator that also fills in the schema's defaults (as Snakemake's validate does)."""
    base = jsonschema.Draft202012Validator
    validate_properties = base.VALIDATORS["properties"]

    def set_defaults(validator, properties, instance, schema_doc):
        if isinstance(instance, dict):
            for name, sub in properties.items():
                if "default" in sub and name not in instance:
                    instance[name] = _copy(sub["default"])
        yield from validate_properties(validator, properties, instance, schema_doc)

    return jsonschema.validators.extend(base, {"properties": set_defaults})(schema_doc)


def _copy(value):
    return yaml.safe_load(yaml.safe_dump(value))


def validate_config(config: dict, *, source: str = "config") -> dict:
    """Validate a config dict against the schema, filling defaults in place; InputError when invalid."""
    validator = _validator_with_defaults(schema("config"))
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        raise InputError(
            source,
            f"invalid value at key '{key}': {err.message}",
            "see config/README.md for the allowed keys and values",
        )
    return config


def check_config(config: dict, *, source: str = "config") -> None:
    """What the schema cannot say: a set validation.rhetoric_gwr_sample needs validation.gwr_texts to be
    an existing folder (no silent skip, so what an experiment writes never depends on the machine)."""
    validation = config.get("validation", {})
    texts = validation.get("gwr_texts", "")
    if validation.get("rhetoric_gwr_sample") and not (texts and os.path.isdir(texts)):
        raise InputError(
            source,
            f"validation.rhetoric_gwr_sample is set but validation.gwr_texts ({texts!r}) is not a folder",
            "set validation.gwr_texts to the folder of the bilingual-gwr files "
            "(e.g. run with --configfile config/experiments/gwr.yaml beside ../shared), "
            'or set validation.rhetoric_gwr_sample: "" to leave that sample out',
            field="validation.gwr_texts",
        )


def load_config(path: str | os.PathLike) -> dict:
    """Read and validate an experiment YAML file."""
    try:
        config = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise InputError(
            str(path), f"cannot read config: {exc}", "pass an existing YAML file"
        ) from exc
    return validate_config(config, source=str(path))
