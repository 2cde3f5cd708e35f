"""The resolved experiment: design points, seeds, runs, and the hash that identifies them.

:func:`plan_experiment` turns an experiment file (or spec) into an :class:`ExperimentPlan`:
base scenarios loaded and inherited (:mod:`~btr_sim.experiments.scenarios`), the design
expanded into named design points (:mod:`~btr_sim.experiments.designs`), crossed with the
worlds a caller gives (:mod:`~btr_sim.experiments.worlds`), the replication seeds spawned from
the master seed, and a SHA-256 hash of everything that determines the result tables
(:mod:`~btr_sim.experiments.hashing`), with which a results folder is matched to its experiment.

The planner interprets no analysis: how worlds are sampled (``robustness:``,
``sensitivity:``) is the business of the commands that sample them, which pass the worlds in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from btr_sim.config import Scenario
from btr_sim.core.metrics import SUMMARY
from btr_sim.core.randomness import replication_seeds
from btr_sim.experiments.designs import DesignPoint, design_size, expand_design
from btr_sim.experiments.hashing import experiment_hash
from btr_sim.experiments.models import model_outcomes
from btr_sim.experiments.naming import check_point_names, reference_point, run_id
from btr_sim.experiments.ranges import check_ranges
from btr_sim.experiments.scenarios import resolve_bases
from btr_sim.experiments.spec import (
    ExperimentSpec,
    LatinHypercubeDesign,
    load_experiment_spec,
    name_problem,
    spec_from_mapping,
    with_overrides,
)
from btr_sim.experiments.worker import RunTask
from btr_sim.experiments.worlds import Worlds, WorldSampler, cross_worlds, world_values
from btr_sim.limits import excess
from btr_sim.loading import ConfigError

__all__ = ["ExperimentPlan", "plan_experiment", "plan_scenarios"]


@dataclass(frozen=True)
class ExperimentPlan:
    """An experiment ready to run.

    Attributes
    ----------
    name, description : str
        As in the experiment file.
    source : str
        The experiment file, or a description of where the experiment came from.
    kind : str
        The design kind: ``list``, ``factorial``, ``grid`` or ``lhs``.
    factors : dict of str to list
        Each design factor's levels, in design order (empty for a list).
    points : tuple of DesignPoint
        The design points, in design order.
    replications, master_seed : int
        As run.
    seeds : tuple of int
        The replication seeds, the same for every design point (common random numbers).
    record : tuple of str
        What is stored: ``summary`` and optionally ``series`` and ``events``.
    reference : str or None
        The design point comparisons are made against.
        With worlds, the reference *policy*, compared within each world.
    spec : dict
        The resolved experiment, as JSON-ready data (scenarios inlined, defaults filled).
    hash : str
        SHA-256 of what determines the result tables
        (:func:`~btr_sim.experiments.hashing.experiment_hash`).
    outcomes : tuple of str
        The outcome columns: every summary metric, or a model hook's outcomes.
    model : str or None
        The model hook run instead of the simulation, if any.
    uncertain : tuple of str
        The uncertain parameters of the worlds crossed with the design (the factors ``world``
        and ``policy`` then name a point's world and policy).
    """

    name: str
    description: str
    source: str
    kind: str
    factors: dict[str, list[Any]]
    points: tuple[DesignPoint, ...]
    replications: int
    master_seed: int
    seeds: tuple[int, ...]
    record: tuple[str, ...]
    reference: str | None
    spec: dict[str, Any]
    hash: str
    outcomes: tuple[str, ...] = tuple(SUMMARY)
    model: str | None = None
    uncertain: tuple[str, ...] = ()

    @property
    def n_runs(self) -> int:
        """Number of runs: design points x replications."""
        return len(self.points) * len(self.seeds)

    @property
    def months(self) -> int | None:
        """The horizon shared by every design point, or None if they differ."""
        horizons = {p.scenario.months for p in self.points}
        return horizons.pop() if len(horizons) == 1 else None

    def tasks(self) -> list[RunTask]:
        """Every run, replication by replication, so that a part-done experiment is balanced."""
        return [
            RunTask(
                run_id=run_id(point.name, rep),
                key=f"{index:06d}-{rep:06d}",
                point=index,
                scenario=point.scenario,
                replication=rep,
                seed=seed,
                series="series" in self.record,
                events="events" in self.record,
                model=self.model,
                # The simulation reads its world from the scenario; only a hook needs inputs.
                inputs={n: point.factors[n] for n in self.uncertain} if self.model else {},
            )
            for rep, seed in enumerate(self.seeds)
            for index, point in enumerate(self.points)
        ]


def plan_experiment(
    experiment: str | Path | ExperimentSpec | Mapping[str, Any],
    *,
    replications: int | None = None,
    months: int | None = None,
    master_seed: int | None = None,
    seeds: Sequence[int] | None = None,
    overrides: Mapping[str, Any] | None = None,
    worlds: Worlds | WorldSampler | None = None,
) -> ExperimentPlan:
    """Resolve an experiment into an :class:`ExperimentPlan`.

    Parameters
    ----------
    experiment
        The path of an experiment file, an :class:`ExperimentSpec`, or a mapping written
        like an experiment file (paths in it relative to the working directory).
    replications, months, master_seed
        Overrides of the file's values, for a quick trial.
    seeds
        Explicit replication seeds instead of seeds spawned from the master seed (one per
        replication); ``btr-sim run SCENARIO --seed S`` uses this to run seed S itself.
    overrides
        Other top-level values of the file to replace, such as a whole ``robustness:``
        section; recorded in the plan's ``spec`` as run.
    worlds
        The worlds to cross with the design (:mod:`~btr_sim.experiments.worlds`): a table,
        one row per world and one column per uncertain parameter, or a sampler, a function of
        the spec (overrides applied, ``uncertainties:`` checked) that returns one. Every design
        point is run in every world. An experiment that declares ``uncertainties:`` needs them.

    Raises
    ------
    ConfigError
        For any problem, with the file and the path of the field.
    """
    spec, base_dir, source = _read(experiment)
    trial = _trial(replications, months, master_seed, seeds)
    spec = with_overrides(spec, trial | dict(overrides or {}), source)
    bases = resolve_bases(spec, base_dir, source)
    outcomes = _outcomes(spec, source)
    declared = design_size(spec.design, len(bases))
    if spec.worlds is not None:  # every point in every world drawn from the posterior
        declared *= spec.worlds.draws
    _check_size(declared, spec.replications, source)
    factors, points = expand_design(spec.design, bases, master_seed=spec.master_seed, source=source)
    check_point_names(points, spec, source)
    reference = reference_point(spec, points, source)
    values = _world_values(spec, worlds, bases[0], source)
    if values:
        factors, points = cross_worlds(
            factors, points, values, apply=spec.model is None, source=source
        )
    record = ("summary",) if spec.model else tuple(spec.record)
    _check_size(len(points), spec.replications, source)  # the worlds included
    if seeds is None:
        seeds = replication_seeds(spec.master_seed, spec.replications)
    return ExperimentPlan(
        name=spec.name,
        description=spec.description,
        source=source,
        kind=spec.design.kind,
        factors=factors,
        points=tuple(points),
        replications=spec.replications,
        master_seed=spec.master_seed,
        seeds=tuple(seeds),
        record=record,
        reference=reference,
        spec=_resolved(spec, bases, record, reference),
        hash=experiment_hash(
            spec.name, spec.design.kind, factors, points, tuple(seeds), record, spec.model
        ),
        outcomes=outcomes,
        model=spec.model,
        uncertain=tuple(values),
    )


def plan_scenarios(
    scenarios: Sequence[Scenario],
    *,
    seeds: Sequence[int],
    master_seed: int,
    record: Sequence[str] = ("summary", "series", "events"),
    source: str = "btr-sim run",
) -> ExperimentPlan:
    """A list experiment of already-loaded scenarios with explicit seeds (``btr-sim run``)."""
    names = [s.name for s in scenarios]
    name = "+".join(names)
    if name_problem(name) or len(name) > 100:
        name = "run"
    spec = ExperimentSpec(
        name=name,
        description=f"{source}: {', '.join(names)}",
        scenarios=list(scenarios),
        replications=len(seeds),
        master_seed=master_seed,
        record=list(record),
    )
    return plan_experiment(spec, seeds=seeds)


def _read(
    experiment: str | Path | ExperimentSpec | Mapping[str, Any],
) -> tuple[ExperimentSpec, Path, str]:
    """The spec, the folder its paths are relative to, and its name for messages."""
    if isinstance(experiment, ExperimentSpec):
        return experiment, Path.cwd(), f"experiment {experiment.name!r}"
    if isinstance(experiment, Mapping):
        return spec_from_mapping(experiment), Path.cwd(), "<experiment>"
    path = Path(experiment)
    return load_experiment_spec(path), path.parent, str(path)


def _trial(
    replications: int | None,
    months: int | None,
    master_seed: int | None,
    seeds: Sequence[int] | None,
) -> dict[str, int]:
    """The file's values a quick trial overrides (explicit seeds fix the replications)."""
    if seeds is not None:
        replications = len(seeds)
    given = {"replications": replications, "months": months, "master_seed": master_seed}
    return {key: value for key, value in given.items() if value is not None}


def _check_size(points: int, replications: int, source: str) -> None:
    """Refuse an experiment over the limits of :mod:`btr_sim.limits`, before any work."""
    problems = [
        excess("points", points, "design"),
        excess("replications", replications, "replications"),
        excess(
            "runs",
            points * replications,
            f"{points:,} design points x {replications:,} replications",
        ),
    ]
    found = [p for p in problems if p]
    if found:
        raise ConfigError(source, found)


def _outcomes(spec: ExperimentSpec, source: str) -> tuple[str, ...]:
    if spec.model is None:
        return tuple(SUMMARY)
    try:
        return model_outcomes(spec.model)
    except ValueError as exc:
        raise ConfigError(source, [f"model: {exc}"]) from None


def _world_values(
    spec: ExperimentSpec, worlds: Worlds | WorldSampler | None, base: Scenario, source: str
) -> dict[str, list[Any]]:
    """The worlds to cross with the design, checked; empty when there are none."""
    if spec.uncertainties and spec.model is None:
        # Before any sampler runs, so that a mistake is reported where it is written.
        check_ranges(spec.uncertainties, base, "uncertainties", source)
    if callable(worlds):
        try:
            worlds = worlds(spec)
        except ConfigError as exc:  # the sampler's problems are this experiment's
            raise ConfigError(source, exc.problems) from None
    if worlds is None:
        if spec.uncertainties or spec.worlds is not None:
            raise ConfigError(
                source,
                [
                    "uncertainties/worlds: no worlds were given to cross with the design; pass "
                    "a table of worlds, or a sampler that draws one, as `worlds=`"
                ],
            )
        return {}
    return world_values(
        worlds, list(spec.uncertainties), parameters=spec.model is None, source=source
    )


def _resolved(
    spec: ExperimentSpec, bases: list[Scenario], record: tuple[str, ...], reference: str | None
) -> dict[str, Any]:
    """The experiment as run, JSON-ready: what the manifest records."""
    written = spec.model_dump(mode="json")
    design = written["design"]
    if isinstance(spec.design, LatinHypercubeDesign) and spec.design.seed is None:
        design["seed"] = spec.master_seed
    resolved = {
        "name": spec.name,
        "description": spec.description,
        "scenarios": [b.model_dump(mode="json") for b in bases],
        "design": design,
        "replications": spec.replications,
        "master_seed": spec.master_seed,
        "months": spec.months,
        "record": list(record),
        "reference": reference,
    }
    # Sections the planner does not read (uncertainties, how worlds are sampled, a model
    # hook), recorded as written when they are given.
    return resolved | {
        key: value for key, value in written.items() if key not in resolved and value
    }
