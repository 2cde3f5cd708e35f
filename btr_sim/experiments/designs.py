"""Designs: from a declared design and its base scenarios to named design points.

Each design kind makes *settings*: combinations of factor levels, each with the parameter
overrides it stands for. Every setting is applied to every base scenario; with more than one
base scenario, the base is itself a factor (``base``) and comes first. Every override is
checked on its own before the points are built, so that a mistake is reported where it is
written (``design.levers.legal.on: standards.rul: unknown key``), not at some design point.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from btr_sim.config import Scenario
from btr_sim.experiments.ranges import (
    RESERVED,
    check_ranges,
    latin_hypercube,
    parameter_problem,
    parameter_value,
    raise_problems,
)
from btr_sim.experiments.spec import (
    FactorialDesign,
    GridDesign,
    LatinHypercubeDesign,
    ListDesign,
    name_problem,
)
from btr_sim.limits import excess
from btr_sim.loading import ConfigError, apply_overrides, deep_merge, nest_dotted

__all__ = ["DesignPoint", "design_size", "expand_design"]


@dataclass(frozen=True)
class DesignPoint:
    """One design point: a named, validated scenario and the factor levels that made it.

    Attributes
    ----------
    name : str
        Unique within the experiment; the ``scenario`` column of the results.
    scenario : Scenario
        The resolved scenario, named ``name``.
    factors : dict of str to any
        The level of each design factor at this point (empty for a list design).
    """

    name: str
    scenario: Scenario
    factors: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Setting:
    label: str
    levels: dict[str, Any]
    overrides: dict[str, Any]


def expand_design(
    design: BaseModel, bases: list[Scenario], *, master_seed: int, source: str
) -> tuple[dict[str, list[Any]], list[DesignPoint]]:
    """Expand a design over its base scenarios into design points.

    Parameters
    ----------
    design
        A :class:`~btr_sim.experiments.spec.ListDesign`, ``FactorialDesign``, ``GridDesign``
        or ``LatinHypercubeDesign``.
    bases
        The resolved base scenarios (at least one).
    master_seed
        The experiment's master seed: the default seed of a Latin hypercube sample.
    source
        Where the design comes from, for error messages.

    Returns
    -------
    factors : dict of str to list
        Each factor's levels, in design order.
    points : list of DesignPoint
        The design points: bases outermost, then the settings in design order.

    Raises
    ------
    ConfigError
        For an override, parameter, range or combination that is not valid.
    """
    if isinstance(design, ListDesign):
        return {}, [DesignPoint(base.name, base, {}) for base in bases]
    factors, settings = _settings(design, bases[0], master_seed, source)
    _check_size(len(settings) * len(bases), source)
    if len(bases) > 1:
        factors = {"base": _base_levels(bases, source), **factors}
    return factors, _points(bases, settings, source)


def design_size(design: BaseModel, n_bases: int) -> int:
    """How many design points ``design`` makes over ``n_bases`` base scenarios, unexpanded.

    What the design declares (levels, values, samples), counted without validating or
    building anything, so that an oversized design is refused before any work.
    """
    if isinstance(design, FactorialDesign):
        per_base = math.prod(len(levels) for levels in design.levers.values())
    elif isinstance(design, GridDesign):
        per_base = math.prod(len(values) for values in design.parameters.values())
    elif isinstance(design, LatinHypercubeDesign):
        per_base = design.samples
    else:
        per_base = 1
    return per_base * n_bases


def _settings(
    design: BaseModel, base: Scenario, master_seed: int, source: str
) -> tuple[dict[str, list[Any]], list[_Setting]]:
    if isinstance(design, FactorialDesign):
        return _factorial(design, base, source)
    if isinstance(design, GridDesign):
        return _grid(design, base, source)
    if isinstance(design, LatinHypercubeDesign):
        return _latin_hypercube(design, base, master_seed, source)
    raise TypeError(f"unknown design {design!r}")  # pragma: no cover - the spec admits no other


def _base_levels(bases: list[Scenario], source: str) -> list[str]:
    """The names of several bases, as the levels of the factor ``base``."""
    bad = [p for b in bases if (p := name_problem(b.name, label=True))]
    if bad:
        raise ConfigError(source, [f"scenarios: as the factor `base`, {p}" for p in bad])
    return [b.name for b in bases]


def _points(bases: list[Scenario], settings: list[_Setting], source: str) -> list[DesignPoint]:
    """Every setting applied to every base, bases outermost."""
    several = len(bases) > 1
    points, problems = [], []
    for base in bases:
        prefix, levels = (f"base={base.name},", {"base": base.name}) if several else ("", {})
        for setting in settings:
            name = prefix + setting.label
            try:
                scenario = apply_overrides(base, {**setting.overrides, "name": name}, source)
            except ConfigError as exc:
                problems += [f"design point {name!r}: {p}" for p in exc.problems]
                continue
            points.append(DesignPoint(name, scenario, {**levels, **setting.levels}))
    raise_problems(problems, source)
    return points


# -- the design kinds ----------------------------------------------------------------------------


def _factorial(
    design: FactorialDesign, base: Scenario, source: str
) -> tuple[dict[str, list[Any]], list[_Setting]]:
    problems: list[str] = []
    nested: dict[str, dict[str, dict[str, Any]]] = {}
    owner: dict[str, str] = {}  # leaf path -> the lever that sets it
    for lever, levels in design.levers.items():
        nested[lever], found = _lever_levels(lever, levels, base, source)
        problems += found + _claim(owner, lever, nested[lever])
    raise_problems(problems, source)
    _check_size(math.prod(len(levels) for levels in design.levers.values()), source)
    settings = []
    for combo in itertools.product(*(list(levels) for levels in nested.values())):
        chosen = dict(zip(nested, combo, strict=True))
        overrides: dict[str, Any] = {}
        for lever, level in chosen.items():
            overrides = deep_merge(overrides, nested[lever][level])
        label = ",".join(f"{lever}={level}" for lever, level in chosen.items())
        settings.append(_Setting(label, chosen, overrides))
    return {lever: list(levels) for lever, levels in design.levers.items()}, settings


def _lever_levels(
    lever: str, levels: Mapping[str, Mapping[str, Any]], base: Scenario, source: str
) -> tuple[dict[str, dict[str, Any]], list[str]]:
    """A lever's valid levels as nested overrides, and the problems of the others."""
    nested, problems = {}, []
    for level, overrides in levels.items():
        found = _override_problems(base, overrides, f"design.levers.{lever}.{level}", source)
        problems += found
        if not found:
            nested[level] = nest_dotted(overrides)
    return nested, problems


def _claim(owner: dict[str, str], lever: str, levels: Mapping[str, Mapping[str, Any]]) -> list[str]:
    """Record the parameters ``lever`` sets; a parameter another lever set is a problem."""
    touched = set().union(*(_leaf_paths(overrides) for overrides in levels.values()))
    problems = [
        f"design.levers: levers {owner[path]!r} and {lever!r} both set {path!r}; "
        "each parameter may belong to one lever only"
        for path in sorted(touched)
        if path in owner
    ]
    for path in touched:
        owner.setdefault(path, lever)
    return problems


def _grid(
    design: GridDesign, base: Scenario, source: str
) -> tuple[dict[str, list[Any]], list[_Setting]]:
    problems: list[str] = []
    factors: dict[str, list[Any]] = {}
    for param, values in design.parameters.items():
        where = f"design.parameters.{param}"
        unknown = parameter_problem(param, where)
        if unknown:
            problems.append(unknown)
            continue
        factors[param], found = _grid_levels(param, values, base, where, source)
        problems += found
    raise_problems(problems, source)
    _check_size(math.prod(len(levels) for levels in factors.values()), source)
    settings = []
    for combo in itertools.product(*factors.values()):
        chosen = dict(zip(factors, combo, strict=True))
        label = ",".join(f"{param}={_text(value)}" for param, value in chosen.items())
        settings.append(_Setting(label, chosen, nest_dotted(chosen)))
    return factors, settings


def _grid_levels(
    param: str, values: list[Any], base: Scenario, where: str, source: str
) -> tuple[list[Any], list[str]]:
    """A grid parameter's values as validated levels, and the problems of the others."""
    levels: list[Any] = []
    problems: list[str] = []
    for j, value in enumerate(values):
        try:
            checked = apply_overrides(base, {param: value}, source)
        except ConfigError as exc:
            problems += [f"{where}.{j}: {p.removeprefix(f'{param}: ')}" for p in exc.problems]
            continue
        level = parameter_value(checked, param)
        if level in levels:
            problems.append(f"{where}: the value {level!r} is listed twice")
        levels.append(level)
    return levels, problems


def _latin_hypercube(
    design: LatinHypercubeDesign, base: Scenario, master_seed: int, source: str
) -> tuple[dict[str, list[Any]], list[_Setting]]:
    whole = check_ranges(design.ranges, base, "design.ranges", source)
    seed = design.seed if design.seed is not None else master_seed
    factors = latin_hypercube(design.ranges, whole, design.samples, seed)
    width = max(3, len(str(design.samples - 1)))
    settings = []
    for i in range(design.samples):
        chosen = {param: values[i] for param, values in factors.items()}
        settings.append(_Setting(f"lhs-{i:0{width}d}", chosen, nest_dotted(chosen)))
    return factors, settings


# -- checks --------------------------------------------------------------------------------------


def _override_problems(
    base: Scenario, overrides: Mapping[str, Any], where: str, source: str
) -> list[str]:
    """Problems of one set of overrides applied to ``base`` on its own."""
    try:
        nested = nest_dotted(overrides)
    except TypeError as exc:
        return [f"{where}: {exc}"]
    reserved = [key for key in RESERVED if key in nested]
    if reserved:
        return [f"{where}.{reserved[0]}: set by the design (design points are named by it)"]
    try:
        apply_overrides(base, nested, source)
    except ConfigError as exc:
        return [f"{where}: {p}" for p in exc.problems]
    return []


def _leaf_paths(nested: Mapping[str, Any], prefix: str = "") -> set[str]:
    paths: set[str] = set()
    for key, value in nested.items():
        if isinstance(value, Mapping) and value:
            paths |= _leaf_paths(value, f"{prefix}{key}.")
        else:
            paths.add(f"{prefix}{key}")
    return paths


def _check_size(n_points: int, source: str) -> None:
    # Before the points are built: a typo in a grid must not hang the loader.
    too_many = excess("points", n_points, "design")
    if too_many:
        raise ConfigError(source, [too_many])


def _text(value: Any) -> str:
    """A level as written in a design point's name."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return repr(value) if isinstance(value, float) else str(value)
