"""What a design or a sample may set: scalar parameters, numeric ranges, Latin hypercubes.

Designs set parameters by their dotted paths (``btr-sim params`` lists them). A Latin
hypercube design and the samplers of uncertain worlds draw numeric parameters from
``[low, high]`` ranges: :func:`check_ranges` checks the ranges where they are written,
:func:`takes_whole_numbers` says which parameters take whole numbers, and
:func:`latin_hypercube` draws the sample.
"""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from functools import cache
from typing import Any

import numpy as np
from pydantic import BaseModel

from btr_sim.config import Scenario
from btr_sim.loading import ConfigError, apply_overrides
from btr_sim.parameters import ParameterRow, parameter_rows

__all__ = [
    "RESERVED",
    "check_ranges",
    "latin_hypercube",
    "parameter_problem",
    "parameter_value",
    "raise_problems",
    "takes_whole_numbers",
]

#: Set by the design itself (a design point's name is made from its levels), never swept.
RESERVED = ("name", "description")

# Most problems listed in one error (the same mistake repeated over a sweep says nothing new).
_MAX_PROBLEMS = 12


@cache
def _leaf_parameters() -> dict[str, ParameterRow]:
    """Scalar parameters that a grid or sample can set, by dotted path."""
    return {
        row.path: row
        for row in parameter_rows()
        if not isinstance(row.default, tuple | list | BaseModel) and row.path not in RESERVED
    }


def parameter_value(scenario: BaseModel, path: str) -> Any:
    """The value of the parameter at dotted ``path`` in ``scenario``."""
    value: Any = scenario
    for part in path.split("."):
        value = getattr(value, part)
    return value


def parameter_problem(param: str, where: str) -> str | None:
    """Why ``param`` cannot be swept, at ``where``; None if it can."""
    known = _leaf_parameters()
    if param in known:
        return None
    if param in RESERVED:
        return f"{where}: {param} is set by the design and cannot be swept"
    guess = difflib.get_close_matches(param, list(known), n=1)
    hint = f"; did you mean {guess[0]!r}?" if guess else ""
    return f"{where}: unknown parameter{hint} (`btr-sim params` lists them)"


def check_ranges(
    ranges: Mapping[str, tuple[float, float]], base: Scenario, where: str, source: str
) -> dict[str, bool]:
    """Check ``parameter: [low, high]`` ranges against ``base``; say which take whole numbers.

    Every parameter must be a known numeric parameter, ``low < high``, and both bounds valid
    values of the parameter (whole numbers for a whole-number parameter).

    Raises
    ------
    ConfigError
        Listing every problem, at ``<where>.<parameter>``.
    """
    problems: list[str] = []
    whole: dict[str, bool] = {}
    for param, (low, high) in ranges.items():
        at = f"{where}.{param}"
        problem = _range_problem(param, low, high, at)
        if problem:
            problems.append(problem)
            continue
        whole[param] = takes_whole_numbers(param)
        for bound in (low, high):
            value = int(bound) if whole[param] else bound
            try:
                apply_overrides(base, {param: value}, source)
            except ConfigError as exc:
                problems += [
                    f"{at}: bound {bound:g}: {_without_path(p, param)}" for p in exc.problems
                ]
    raise_problems(problems, source)
    return whole


def takes_whole_numbers(path: str) -> bool:
    """Whether the parameter at dotted ``path`` takes whole numbers (False if unknown)."""
    row = _leaf_parameters().get(path)
    return row is not None and isinstance(row.default, int) and not isinstance(row.default, bool)


def _range_problem(param: str, low: float, high: float, at: str) -> str | None:
    """What is wrong with one range, before its bounds are tried in a scenario."""
    unknown = parameter_problem(param, at)
    if unknown:
        return unknown
    default = _leaf_parameters()[param].default
    if isinstance(default, bool) or not isinstance(default, int | float):
        return f"{at}: {param} is not numeric; sample it with a grid instead"
    if not low < high:
        return f"{at}: low ({low:g}) must be below high ({high:g})"
    if isinstance(default, int) and not (float(low).is_integer() and float(high).is_integer()):
        return f"{at}: {param} takes whole numbers; give whole-number bounds"
    return None


def latin_hypercube(
    ranges: Mapping[str, tuple[float, float]], whole: Mapping[str, bool], n: int, seed: int
) -> dict[str, list[Any]]:
    """A Latin hypercube of ``n`` points over ``ranges``, as ``parameter -> values``.

    Whole-number parameters take whole numbers from ``low`` to ``high``, each equally likely.
    """
    unit = _hypercube(len(ranges), np.random.default_rng(seed)).random(n)
    factors: dict[str, list[Any]] = {}
    for column, (param, (low, high)) in enumerate(ranges.items()):
        u = unit[:, column]
        if whole.get(param, False):
            drawn = np.minimum(np.floor(low + u * (high - low + 1)), high)
            factors[param] = [int(v) for v in drawn]
        else:
            factors[param] = [float(v) for v in low + u * (high - low)]
    return factors


def _hypercube(d: int, rng: np.random.Generator) -> Any:
    # Imported here: scipy.stats takes a noticeable share of the start-up of every worker.
    from scipy.stats import qmc

    try:
        return qmc.LatinHypercube(d=d, rng=rng)
    except TypeError:  # scipy < 1.15 names the argument `seed`
        return qmc.LatinHypercube(d=d, seed=rng)


def raise_problems(problems: list[str], source: str) -> None:
    """Raise the problems, if any, as one ConfigError listing the first few."""
    if not problems:
        return
    shown = problems[:_MAX_PROBLEMS]
    if len(problems) > _MAX_PROBLEMS:
        shown.append(f"... and {len(problems) - _MAX_PROBLEMS} more")
    raise ConfigError(source, shown)


def _without_path(problem: str, param: str) -> str:
    return problem.removeprefix(f"{param}: ")
