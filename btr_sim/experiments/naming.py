"""Names of design points and runs, and the design point comparisons are made against.

A design point's name is the ``scenario`` column of the results, a scenario file's name in the
results folder and half of every run's identifier, so names are checked once, here, when the
experiment is planned.
"""

from __future__ import annotations

import difflib
from collections import Counter
from collections.abc import Sequence

from btr_sim.experiments.designs import DesignPoint
from btr_sim.experiments.spec import ExperimentSpec, FactorialDesign, ListDesign, name_problem
from btr_sim.loading import ConfigError

__all__ = ["check_point_names", "reference_point", "run_id"]


def run_id(scenario: str, replication: int) -> str:
    """The stable identifier of a run: ``<scenario>#<replication>``."""
    return f"{scenario}#{replication}"


def check_point_names(points: Sequence[DesignPoint], spec: ExperimentSpec, source: str) -> None:
    """Refuse design points whose names are unusable or not unique.

    Raises
    ------
    ConfigError
        At ``scenarios`` for a list design (where the names are written), else at ``design``.
    """
    where = "scenarios" if isinstance(spec.design, ListDesign) else "design"
    problems = [f"{where}: {p}" for point in points if (p := name_problem(point.name))]
    problems += _duplicates(points, where)
    if problems:
        raise ConfigError(source, problems)


def _duplicates(points: Sequence[DesignPoint], where: str) -> list[str]:
    """The first name used more than once, if any, as a problem."""
    twice = [(name, n) for name, n in Counter(p.name for p in points).items() if n > 1]
    if not twice:
        return []
    (name, uses), hint = twice[0], ""
    if where == "scenarios":
        hint = " (give each scenario its own `name:`)"
    return [f"{where}: design points must have unique names; {name!r} is used {uses} times{hint}"]


def reference_point(spec: ExperimentSpec, points: Sequence[DesignPoint], source: str) -> str | None:
    """The design point comparisons are made against.

    The one ``reference:`` names; by default the first scenario of a list, or the point with
    every lever at its first level in a factorial; a grid or a sample has none.

    Raises
    ------
    ConfigError
        If ``reference:`` names no design point (suggesting the nearest name).
    """
    names = [p.name for p in points]
    if spec.reference is None:
        return _default_reference(spec, points)
    if spec.reference not in names:
        guess = difflib.get_close_matches(spec.reference, names, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        raise ConfigError(source, [f"reference: {spec.reference!r} is not a design point{hint}"])
    return spec.reference


def _default_reference(spec: ExperimentSpec, points: Sequence[DesignPoint]) -> str | None:
    if isinstance(spec.design, ListDesign):
        return points[0].name
    if isinstance(spec.design, FactorialDesign):
        first = {lever: next(iter(levels)) for lever, levels in spec.design.levers.items()}
        return next(
            (p.name for p in points if all(p.factors.get(k) == v for k, v in first.items())),
            None,
        )
    return None
