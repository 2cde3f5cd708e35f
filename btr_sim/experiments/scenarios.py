"""An experiment's base scenarios: scenario files, inline scenarios and what they extend.

Paths are relative to the experiment file. Every problem of every base scenario is reported
at once, each at its place in the experiment (``scenarios.1.procedure.rul: unknown key``) and,
for a problem inside a referenced file, with that file's name.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from btr_sim.config import Scenario
from btr_sim.experiments.spec import ExperimentSpec
from btr_sim.loading import (
    ConfigError,
    anchor_rule_files,
    apply_overrides,
    deep_merge,
    load_scenario,
    nest_dotted,
    resolve_extends,
    scenario_from_mapping,
)

__all__ = ["resolve_bases"]


def resolve_bases(spec: ExperimentSpec, base_dir: Path, source: str) -> list[Scenario]:
    """The experiment's base scenarios, loaded, validated and given its horizon.

    Without ``scenarios:``, the one base is the documented defaults (the status quo). With
    ``months:``, every base takes that horizon.

    Raises
    ------
    ConfigError
        Listing the problems of every base scenario.
    """
    if not spec.scenarios:
        bases = [Scenario()]
    else:
        bases, problems = [], []
        for i, ref in enumerate(spec.scenarios):
            try:
                bases.append(_base(ref, base_dir, f"scenarios.{i}", source))
            except ConfigError as exc:
                problems += _placed(exc, f"scenarios.{i}", source)
        if problems:
            raise ConfigError(source, problems)
    if spec.months is not None:
        bases = [apply_overrides(b, {"months": spec.months}, source) for b in bases]
    return bases


def _base(ref: Any, base_dir: Path, where: str, source: str) -> Scenario:
    if isinstance(ref, Scenario):
        return ref
    if isinstance(ref, str):
        return load_scenario(_path(base_dir, ref, where, source))
    return _inline_scenario(ref, base_dir, where, source)


def _placed(exc: ConfigError, where: str, source: str) -> list[str]:
    """A base scenario's problems, each at its place in the experiment (and its file)."""
    origin = "" if exc.source == source else f" ({exc.source})"
    return [p if p.startswith(where) else f"{where}{origin}: {p}" for p in exc.problems]


def _inline_scenario(ref: Mapping[str, Any], base_dir: Path, where: str, source: str) -> Scenario:
    # Files named by `before:` and `timeline:` are relative to the experiment file, as
    # `extends:` is.
    data = anchor_rule_files(ref, base_dir)
    parent = data.pop("extends", None)
    inherited: dict[str, Any] = {}
    if parent is not None:
        if not isinstance(parent, str):
            raise ConfigError(
                source,
                [f"{where}.extends: must be the path of a scenario file, relative to {source}"],
            )
        inherited = resolve_extends(_path(base_dir, parent, f"{where}.extends", source))
        inherited.setdefault("name", Path(parent).stem)
    try:
        merged = deep_merge(inherited, nest_dotted(data))
    except TypeError as exc:
        raise ConfigError(source, [f"{where}: {exc}"]) from None
    if "name" not in merged:
        raise ConfigError(source, [f"{where}.name: an inline scenario needs a name"])
    try:
        return scenario_from_mapping(merged, source=source)
    except ConfigError as exc:
        raise ConfigError(source, [f"{where}.{p}" for p in exc.problems]) from None


def _path(base_dir: Path, text: str, where: str, source: str) -> Path:
    """A path relative to the experiment file, refusing what the file system cannot open."""
    if not text.strip() or "\x00" in text:
        raise ConfigError(source, [f"{where}: {text!r} is not the path of a scenario file"])
    path = base_dir / text
    try:
        found = path.is_file()
    except (OSError, ValueError) as exc:
        raise ConfigError(source, [f"{where}: cannot open {text!r}: {exc}"]) from None
    if not found:
        raise ConfigError(source, [f"{where}: scenario file not found: {path}"])
    return path
