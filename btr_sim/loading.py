"""Reading scenario files: YAML overrides on the documented defaults, with clear errors.

A scenario file holds only what differs from the defaults in :mod:`btr_sim.config`. It may
``extends:`` another scenario file (a path relative to itself), whose values it overrides.
Every problem is reported with the file, the dotted path of the field, what is wrong and what
is allowed, as a :class:`ConfigError`; the CLI turns that into exit status 2.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args, get_origin

import yaml
from pydantic import BaseModel, ValidationError

from btr_sim.config import Scenario

__all__ = [
    "ConfigError",
    "apply_overrides",
    "deep_merge",
    "describe_allowed",
    "load_scenario",
    "nest_dotted",
    "read_yaml_mapping",
    "scenario_from_mapping",
    "validation_problems",
]


class ConfigError(ValueError):
    """An invalid configuration, with one message line per problem.

    Parameters
    ----------
    source
        The file (or other origin) the configuration came from.
    problems
        One human-readable line per problem, each starting with the field's path.
    """

    def __init__(self, source: str, problems: list[str]) -> None:
        self.source = source
        self.problems = problems
        super().__init__(self.__str__())

    def __str__(self) -> str:
        lines = [f"{self.source}: invalid configuration"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)


def read_yaml_mapping(path: Path) -> dict[str, Any]:
    """Read a YAML file that must hold a mapping, with the safe loader.

    Raises
    ------
    ConfigError
        If the file is missing, unreadable, not YAML, empty or not a mapping.
    """
    source = str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(source, ["file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise ConfigError(source, [f"cannot be read: {exc}"]) from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError(source, [f"not valid YAML{where}: {problem}"]) from None
    except RecursionError:
        raise ConfigError(source, ["not valid YAML: nested too deeply"]) from None
    if data is None:
        raise ConfigError(source, ["the file is empty; write at least `name: <a name>`"])
    if not isinstance(data, dict):
        raise ConfigError(
            source,
            [f"the top level must be a mapping of keys to values, not {type(data).__name__}"],
        )
    bad_keys = [k for k in data if not isinstance(k, str)]
    if bad_keys:
        raise ConfigError(source, [f"keys must be text, found {bad_keys[0]!r}"])
    return data


def nest_dotted(overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Turn ``{"procedure.rule": "formal"}`` into ``{"procedure": {"rule": "formal"}}``.

    Keys without dots and nested mappings are kept; both forms may be mixed.

    Raises
    ------
    TypeError
        If a key is not text or a dotted key runs through a value that is not a mapping.
    """
    nested: dict[str, Any] = {}
    for key, value in overrides.items():
        if not isinstance(key, str):
            raise TypeError(f"keys must be text, found {key!r}")
        parts = key.split(".")
        target = nested
        for part in parts[:-1]:
            target = target.setdefault(part, {})
            if not isinstance(target, dict):
                raise TypeError(f"{key}: conflicts with the value given for {part!r}")
        leaf = parts[-1]
        value = nest_dotted(value) if isinstance(value, Mapping) else value
        if isinstance(value, dict) and isinstance(target.get(leaf), dict):
            target[leaf] = deep_merge(target[leaf], value)
        else:
            target[leaf] = value
    return nested


def deep_merge(base: Mapping[str, Any], overrides: Mapping[str, Any]) -> dict[str, Any]:
    """Merge ``overrides`` into ``base`` recursively; mappings merge, everything else replaces."""
    merged = dict(base)
    for key, value in overrides.items():
        if isinstance(value, Mapping) and isinstance(merged.get(key), Mapping):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = value
    return merged


def resolve_extends(path: Path, seen: tuple[Path, ...] = ()) -> dict[str, Any]:
    """Read a YAML file and the chain of files it ``extends:``, merged parent first."""
    path = path.resolve()
    if path in seen:
        chain = " -> ".join(str(p) for p in (*seen, path))
        raise ConfigError(str(seen[0]), [f"extends: circular chain {chain}"])
    data = read_yaml_mapping(path)
    parent = data.pop("extends", None)
    if parent is None:
        return data
    if not isinstance(parent, str):
        raise ConfigError(str(path), ["extends: must be the path of a scenario file"])
    parent_path = (path.parent / parent).resolve()
    if not parent_path.exists():
        raise ConfigError(str(path), [f"extends: file not found: {parent_path}"])
    return deep_merge(resolve_extends(parent_path, (*seen, path)), data)


def load_scenario(path: str | Path, overrides: Mapping[str, Any] | None = None) -> Scenario:
    """Load and validate a scenario file.

    Parameters
    ----------
    path
        A YAML file of overrides of the defaults, optionally with ``extends:``.
    overrides
        Further overrides (nested or dotted keys), applied last.

    Returns
    -------
    Scenario
        The validated scenario.

    Raises
    ------
    ConfigError
        With the file, the field's path and the allowed values for every problem.
    """
    path = Path(path)
    data = resolve_extends(path)
    if overrides:
        data = deep_merge(data, nest_dotted(overrides))
    data.setdefault("name", path.stem)
    return scenario_from_mapping(data, source=str(path))


def scenario_from_mapping(data: Mapping[str, Any], source: str = "<overrides>") -> Scenario:
    """Validate a mapping of overrides (nested or dotted keys) into a :class:`Scenario`."""
    try:
        nested = nest_dotted(data)
    except TypeError as exc:
        raise ConfigError(source, [str(exc)]) from None
    try:
        return Scenario.model_validate(nested)
    except ValidationError as exc:
        raise ConfigError(source, validation_problems(exc, Scenario)) from None
    except RecursionError:
        raise ConfigError(source, ["the configuration is nested too deeply"]) from None


def apply_overrides(
    base: Scenario, overrides: Mapping[str, Any], source: str = "<overrides>"
) -> Scenario:
    """Return ``base`` with ``overrides`` (nested or dotted keys) applied and validated."""
    try:
        nested = nest_dotted(overrides)
    except TypeError as exc:
        raise ConfigError(source, [str(exc)]) from None
    return scenario_from_mapping(deep_merge(base.model_dump(), nested), source=source)


def validation_problems(exc: ValidationError, model: type[BaseModel]) -> list[str]:
    """Turn a pydantic error into lines of ``path: what is wrong (allowed: ...)``."""
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        path = ".".join(str(p) for p in loc) or "(top level)"
        if err["type"] == "extra_forbidden":
            section = _section_at(model, loc[:-1])
            names = list(section.model_fields) if section is not None else []
            guess = difflib.get_close_matches(str(loc[-1]), names, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            problems.append(f"{path}: unknown key{hint} (allowed keys here: {', '.join(names)})")
            continue
        info = _field_at(model, loc)
        allowed = f" (allowed: {describe_allowed(info)})" if info is not None else ""
        value = err.get("input")
        shown = "" if isinstance(value, dict | list | tuple) else f", got {value!r}"
        if isinstance(value, float) and not math.isfinite(value):
            shown = f", got {value}"
        message = err["msg"].removeprefix("Value error, ")
        problems.append(f"{path}: {message}{shown}{allowed}")
    return problems


def _field_at(model: type[BaseModel], loc: tuple[Any, ...]) -> Any:
    """The pydantic FieldInfo at ``loc`` (list indices skipped), or None."""
    current: Any = model
    info = None
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None:
            return None
        info = current.model_fields.get(str(part))
        if info is None:
            return None
        current = _model_in(info.annotation)
    return info


def _section_at(model: type[BaseModel], loc: tuple[Any, ...]) -> type[BaseModel] | None:
    """The model class at ``loc``: the section that holds the keys one level below."""
    if not any(not isinstance(p, int) for p in loc):
        return model
    info = _field_at(model, loc)
    return _model_in(info.annotation) if info is not None else None


def _model_in(annotation: Any) -> type[BaseModel] | None:
    """The model class inside an annotation such as ``X``, ``tuple[X, ...]`` or ``X | None``."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in get_args(annotation):
        found = _model_in(arg)
        if found is not None:
            return found
    return None


def describe_allowed(info: Any) -> str:
    """Describe the values a field allows, from its annotation and bounds."""
    literal = _literal_values(info.annotation)
    if literal:
        return "one of " + ", ".join(repr(v) for v in literal)
    lo = hi = None
    lo_open = hi_open = False
    for meta in info.metadata:
        if getattr(meta, "ge", None) is not None:
            lo = meta.ge
        if getattr(meta, "gt", None) is not None:
            lo, lo_open = meta.gt, True
        if getattr(meta, "le", None) is not None:
            hi = meta.le
        if getattr(meta, "lt", None) is not None:
            hi, hi_open = meta.lt, True
    kind = getattr(info.annotation, "__name__", None) or str(info.annotation)
    if lo is None and hi is None:
        return f"a value of type {kind}"
    left = ("(" if lo_open else "[") + (f"{lo:g}" if lo is not None else "-inf")
    right = (f"{hi:g}" if hi is not None else "inf") + (")" if hi_open else "]")
    return f"{kind} in {left}, {right}"


def _literal_values(annotation: Any) -> tuple[Any, ...]:
    if get_origin(annotation) is Literal:
        return get_args(annotation)
    for arg in get_args(annotation):
        found = _literal_values(arg)
        if found:
            return found
    return ()
