"""Worlds: values of uncertain parameters, each world crossed with every design point.

An experiment can be run in many *worlds*, each giving one value to every uncertain parameter,
with every design point (then called a *policy*) run in every world with the same seeds, so
that policies are compared within a world. Where the worlds come from is the caller's
business, not the planner's: a Latin hypercube of the ``uncertainties:`` ranges
(``btr-sim robustness``), a SALib sample (``btr-sim sensitivity``), draws from a posterior.
The caller hands :func:`~btr_sim.experiments.plan.plan_experiment` either

- a **table** (:data:`Worlds`): one row per world, one column per uncertain parameter, named
  by its dotted path (``cadres.moral_weight``) or, with a model hook, by the hook's input; or
- a **sampler** (:data:`WorldSampler`): a function of the experiment's spec (with the
  command line's overrides applied, its ``uncertainties:`` already checked) that returns such
  a table, or None when the experiment has no worlds.

Crossing names the point of policy ``legal`` in world 7 ``world=007,legal``; its factors are
``world``, every uncertain parameter and ``policy``, then the design's own factors.

A world holds whatever the rules: an uncertain parameter inside a rule section (how far
pressure sways an informal decision, ``procedure.pressure_weight``) takes the world's value in
the point's own rules, in the rules of its warm-up (``before:``) and in every change of its
``timeline:`` alike, so that every policy of a world still shares one warm-up.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import pandas as pd

from btr_sim.config import RULE_KEYS, Scenario
from btr_sim.experiments.designs import DesignPoint
from btr_sim.experiments.ranges import takes_whole_numbers
from btr_sim.experiments.spec import ExperimentSpec
from btr_sim.limits import excess
from btr_sim.loading import ConfigError, apply_overrides, deep_merge, nest_dotted
from btr_sim.results.contract import POLICY, WORLD

__all__ = ["WorldSampler", "Worlds", "cross_worlds", "world_values"]

#: A table of worlds: one row per world, one column per uncertain parameter (a DataFrame, or
#: a mapping of parameter to one value per world).
Worlds = pd.DataFrame | Mapping[str, Sequence[float]]

#: A function that draws the worlds of an experiment from its spec (None: no worlds).
WorldSampler = Callable[[ExperimentSpec], Worlds | None]

# The factors crossing adds besides the parameters (the results contract names them); a design
# may not use them.
_WORLD, _POLICY = WORLD, POLICY

# Most problems listed for one world (a mistake repeated over the policies says nothing new).
_MAX_PROBLEMS = 12


def world_values(
    worlds: Worlds, declared: Sequence[str], *, parameters: bool, source: str
) -> dict[str, list[Any]]:
    """The worlds as one list of plain numbers per parameter, checked.

    Parameters
    ----------
    worlds
        The table of worlds.
    declared
        The experiment's ``uncertainties:``; when there are any, the table must give exactly
        these parameters (and its columns are put in this order).
    parameters
        Whether the columns are the model's parameters (not a model hook's inputs): then a
        whole-number parameter takes the nearest whole number, as samplers give floats.
    source
        Where the experiment comes from, for error messages.

    Raises
    ------
    ConfigError
        For ragged or empty tables, missing or extra parameters, or values that are not
        finite numbers.
    """
    table = _table(worlds, declared, source)
    values, problems = {}, []
    for param in declared or list(table.columns):
        whole = parameters and takes_whole_numbers(param)
        values[param], bad = _numbers(table[param], whole)
        problems += [f"worlds.{param}: world {i} has no finite value" for i in bad]
    if problems:
        raise ConfigError(source, problems[:_MAX_PROBLEMS])
    return values


def _table(worlds: Worlds, declared: Sequence[str], source: str) -> pd.DataFrame:
    """The worlds as a DataFrame with one column per parameter, each named once."""
    ragged = ConfigError(source, ["worlds: every parameter needs the same number of values"])
    try:
        table = pd.DataFrame(worlds)
    except (TypeError, ValueError):
        raise ragged from None
    table.columns = [str(c) for c in table.columns]
    if declared and sorted(table.columns) != sorted(declared):
        raise ConfigError(
            source, ["worlds: must give a value of every uncertain parameter, and no other"]
        )
    if table.empty or table.columns.has_duplicates:
        raise ragged
    return table


def _numbers(column: pd.Series, whole: bool) -> tuple[list[Any], list[int]]:
    """A column as floats (or whole numbers), and the rows that are not finite numbers."""
    values, bad = [], []
    for i, value in enumerate(column):
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = math.nan
        if not math.isfinite(number):
            bad.append(i)
        values.append(round(number) if whole and math.isfinite(number) else number)
    return values, bad


def cross_worlds(
    factors: Mapping[str, list[Any]],
    points: Sequence[DesignPoint],
    values: Mapping[str, list[Any]],
    *,
    apply: bool,
    source: str,
) -> tuple[dict[str, list[Any]], list[DesignPoint]]:
    """Every design point (a *policy*) in every world, worlds outermost.

    Parameters
    ----------
    factors, points
        The expanded design.
    values
        The worlds (:func:`world_values`).
    apply
        Whether a world's values are set in each point's scenario; a model hook's inputs are
        not the simulation's parameters, and its points keep their scenarios.
    source
        Where the experiment comes from, for error messages.

    Returns
    -------
    factors : dict of str to list
        ``world``, each uncertain parameter, ``policy``, then the design's factors.
    points : list of DesignPoint
        One per world and policy, named ``world=<i>,<policy>``.

    Raises
    ------
    ConfigError
        If a parameter is also a design factor, the crossing is too large, or a world's values
        are not valid in some scenario.
    """
    clash = sorted(({_WORLD, _POLICY} | set(values)) & set(factors))
    if clash:
        raise ConfigError(
            source, [f"uncertainties: {clash[0]!r} is both a design factor and uncertain"]
        )
    n = len(next(iter(values.values())))
    too_many = excess("points", n * len(points), f"uncertainties ({n} worlds x policies)")
    if too_many:
        raise ConfigError(source, [too_many])
    width = max(3, len(str(n - 1)))
    crossed = []
    for i in range(n):
        world = {param: column[i] for param, column in values.items()}
        crossed += _in_world(points, f"{_WORLD}={i:0{width}d}", i, world, apply, source)
    return {
        _WORLD: list(range(n)),
        **values,
        _POLICY: [p.name for p in points],
        **factors,
    }, crossed


def _in_world(
    points: Sequence[DesignPoint],
    prefix: str,
    index: int,
    world: Mapping[str, Any],
    apply: bool,
    source: str,
) -> list[DesignPoint]:
    """The design points in one world."""
    crossed, problems = [], []
    settings = dict(world) if apply else {}
    for point in points:
        name = f"{prefix},{point.name}"
        try:
            overrides = {**_under_every_rule_set(point.scenario, settings), "name": name}
            scenario = apply_overrides(point.scenario, overrides, source)
        except ConfigError as exc:
            problems += [f"world {index}: {p}" for p in exc.problems]
            continue
        levels = {_WORLD: index, **world, _POLICY: point.name, **point.factors}
        crossed.append(DesignPoint(name, scenario, levels))
    if problems:
        raise ConfigError(source, problems[:_MAX_PROBLEMS])
    return crossed


def _under_every_rule_set(scenario: Scenario, settings: Mapping[str, Any]) -> dict[str, Any]:
    """A world's values as overrides of ``scenario``, of its warm-up's rules and its timeline.

    Values of parameters inside the rule keys hold under every rule set of the scenario.
    """
    overrides = dict(settings)
    in_rules = {k: v for k, v in settings.items() if k.split(".")[0] in RULE_KEYS}
    if not in_rules:
        return overrides
    if scenario.before is not None:  # `before: own` takes the scenario's own rules anyway
        overrides.update({f"before.{k}": v for k, v in in_rules.items()})
    if scenario.timeline:
        nested = nest_dotted(in_rules)
        overrides["timeline"] = [
            deep_merge(change.model_dump(mode="json"), nested) for change in scenario.timeline
        ]
    return overrides
