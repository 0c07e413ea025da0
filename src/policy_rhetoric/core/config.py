"""Loading and validating the experiment config and YAML inputs against the shipped schemas."""

from __future__ import annotations

import os
from importlib import resources
from pathlib import Path

import yaml

from policy_rhetoric.core.errors import InputError


class DuplicateKeyError(yaml.constructor.ConstructorError):
    """A mapping names the same key twice (PyYAML would silently keep the last one)."""


class _Strict:
    """Rejects duplicate keys in any mapping (mixed into a SafeLoader: no `!!python` tags)."""

    def construct_mapping(self, node, deep=False):
        if isinstance(node, yaml.MappingNode):
            self.flatten_mapping(node)
            seen: dict[object, int] = {}
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=True)
                try:
                    first = seen.get(key)
                except TypeError:  # an unhashable key: SafeLoader reports it below
                    continue
                if first is not None:
                    raise DuplicateKeyError(
                        None,
                        None,
                        f"duplicate key {key!r} (first at line {first + 1}; YAML would keep only "
                        "the last one and silently drop the first)",
                        key_node.start_mark,
                    )
                seen[key] = key_node.start_mark.line
        return super().construct_mapping(node, deep=deep)


class StrictLoader(_Strict, yaml.SafeLoader):
    """yaml.SafeLoader that rejects duplicate keys in any mapping (no `!!python` tags, as SafeLoader)."""


# The same loader on libyaml's parser (several times faster; the workflow reads every YAML input when
# it loads). Errors are reported by parsing again with StrictLoader, so messages do not depend on it.
_FastStrictLoader = (
    type("_FastStrictLoader", (_Strict, yaml.CSafeLoader), {})
    if getattr(yaml, "__with_libyaml__", False)
    else StrictLoader
)
_FastSafeLoader = yaml.CSafeLoader if getattr(yaml, "__with_libyaml__", False) else yaml.SafeLoader


def load_yaml(text: str | bytes, name: str, what: str = "YAML file"):
    """Parse YAML text strictly (duplicate keys and unknown tags are errors); InputError names the file,
    the line and what is wrong."""
    try:
        if isinstance(text, bytes):
            text = text.decode("utf-8")
        try:
            return yaml.load(text, Loader=_FastStrictLoader)  # noqa: S506 (a strict SafeLoader)
        except yaml.YAMLError:
            return yaml.load(text, Loader=StrictLoader)  # noqa: S506 (the error, as PyYAML words it)
    except UnicodeDecodeError as exc:
        raise InputError(
            name, f"the {what} is not UTF-8 (byte offset {exc.start})", f"save the {what} as UTF-8"
        ) from exc
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc)
        if getattr(exc, "context", None):
            problem = f"{exc.context}: {problem}"
        fix = (
            "remove or rename one of the two (merge their contents under one key)"
            if isinstance(exc, DuplicateKeyError)
            else "write plain YAML (no `!!python` or other tags), see config/README.md"
            if "tag" in problem
            else "fix the YAML syntax (indentation, quotes, colons), see config/README.md"
        )
        raise InputError(name, f"the {what} is not valid YAML{where}: {problem}", fix) from exc


def schema(name: str) -> dict:
    """A schema from workflow/schemas (shipped with the package), e.g. schema("config")."""
    text = (
        resources.files("policy_rhetoric")
        .joinpath("schemas", f"{name}.schema.yaml")
        .read_text("utf-8")
    )
    return yaml.load(text, Loader=_FastSafeLoader)  # noqa: S506 (a SafeLoader)


def read_yaml_file(path: Path, schema_name: str, what: str, *, empty=None) -> tuple[object, bytes]:
    """Read a UTF-8 YAML file and validate it against workflow/schemas/<schema_name>.schema.yaml.

    Returns the data (`empty` for an empty file, when given) and the raw bytes, for hashing.
    InputError names the file and the key at fault; `what` names the kind of file in messages."""
    import jsonschema  # here, not at the top: a job that reads no YAML file does not import it

    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(
            str(path),
            f"cannot read the {what}: {exc.strerror}",
            "give the path of an existing UTF-8 YAML file (see config/README.md)",
        ) from exc
    data = load_yaml(raw, str(path), what)
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


def _is_integer(checker, instance) -> bool:
    """A YAML integer: 4 is one, 4.0 and true are not (jsonschema would accept 4.0 as an integer)."""
    return isinstance(instance, int) and not isinstance(instance, bool)


def _validator_with_defaults(schema_doc: dict):
    """A Draft 2020-12 validator that also fills in the schema's defaults (as Snakemake's validate does)
    and takes only true integers as integers."""
    import jsonschema

    strict_types = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_integer)
    base = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=strict_types)
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


def read_config_files(paths) -> list[tuple[str, dict]]:
    """Each config file given to Snakemake (configfile: and --configfile), read with the strict loader.

    Snakemake's own loader keeps the last of two equal keys; reading the files again here makes a
    duplicate key (a second `scoring:` block) an error naming the file and line."""
    files = []
    for path in paths:
        path = str(path)
        try:
            raw = Path(path).read_bytes()
        except OSError as exc:
            raise InputError(
                path, f"cannot read the config file ({exc.strerror})", "pass an existing YAML file"
            ) from exc
        data = load_yaml(raw, path, "config file")
        if data is not None and not isinstance(data, dict):
            raise InputError(
                path,
                "the config file is not a mapping of keys to values",
                "write `key: value` lines as in config/config.yaml",
            )
        files.append((path, data or {}))
    return files


def config_source(key: str, files: list[tuple[str, dict]], default: str = "config") -> str:
    """The config file that sets `key` (dotted path; the last file wins, as in Snakemake)."""
    found = None
    for path, data in files:
        node = data
        parts = [p for p in key.split(".") if p]
        for part in parts:
            if isinstance(node, dict) and part in node:
                node = node[part]
            elif isinstance(node, list) and part.isdigit() and int(part) < len(node):
                node = node[int(part)]
            else:
                break
        else:
            found = path
    if found is None:
        # a key left out: name the files that could set it
        found = ", ".join(p for p, _ in files) or default
    return found


def validate_config(config: dict, *, source: str | list[tuple[str, dict]] = "config") -> dict:
    """Validate a config dict against the schema, filling defaults in place; InputError when invalid.

    `source` is the config file's name, or the (path, data) pairs of `read_config_files`, so that the
    message names the file that sets the key at fault."""
    validator = _validator_with_defaults(schema("config"))
    errors = sorted(validator.iter_errors(config), key=lambda e: list(e.absolute_path))
    if errors:
        err = errors[0]
        key = ".".join(str(p) for p in err.absolute_path) or "(top level)"
        name = source if isinstance(source, str) else config_source(key, source)
        fix = "see config/README.md for the allowed keys and values"
        description = err.schema.get("description") if isinstance(err.schema, dict) else None
        if err.validator in ("pattern", "contains", "type") and description:
            fix = f"{description} (see config/README.md)"
        raise InputError(
            name, f"invalid value at key '{key}': {_short(err.message)}", fix, field=key
        )
    return config


def _short(message: str, limit: int = 300) -> str:
    return message if len(message) <= limit else message[: limit - 3] + "..."


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
    for i, spec in enumerate(validation.get("external_samples", [])):
        if not os.path.isdir(spec["root"]):
            raise InputError(
                source,
                f"validation.external_samples[{i}] ({spec['name']}) reads its texts under "
                f"{spec['root']!r}, which is not a folder",
                "put the shared texts there (e.g. run beside ../shared/external) "
                "or leave the sample out of validation.external_samples",
                field=f"validation.external_samples[{i}].root",
            )


def load_config(path: str | os.PathLike) -> dict:
    """Read (strictly: duplicate keys are errors) and validate an experiment YAML file."""
    files = read_config_files([path])
    return validate_config(dict(files[0][1]), source=files)
