"""The resolved experiment: design points, seeds, runs, and the hash that identifies them.

:func:`plan_experiment` turns an experiment file (or spec) into an :class:`ExperimentPlan`:
base scenarios loaded and inherited, the design expanded into named design points, the
replication seeds spawned from the master seed, and a SHA-256 hash of everything that
determines the result tables, with which a results folder is matched to its experiment.
"""

from __future__ import annotations

import difflib
import hashlib
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from btr_sim.config import Scenario
from btr_sim.experiments.designs import (
    MAX_POINTS,
    DesignPoint,
    check_ranges,
    expand_design,
    latin_hypercube,
)
from btr_sim.experiments.models import model_outcomes
from btr_sim.experiments.spec import (
    ExperimentSpec,
    FactorialDesign,
    LatinHypercubeDesign,
    ListDesign,
    RobustnessSettings,
    load_experiment_spec,
    name_problem,
    spec_from_mapping,
)
from btr_sim.experiments.worker import RunTask
from btr_sim.loading import (
    ConfigError,
    apply_overrides,
    deep_merge,
    load_scenario,
    nest_dotted,
    resolve_extends,
    scenario_from_mapping,
    validation_problems,
)
from btr_sim.core.metrics import SUMMARY
from btr_sim.core.randomness import replication_seeds

__all__ = ["ExperimentPlan", "canonical_json", "plan_experiment", "plan_scenarios"]


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
        With ``uncertainties:``, the reference *policy*, compared within each world.
    spec : dict
        The resolved experiment, as JSON-ready data (scenarios inlined, defaults filled).
    hash : str
        SHA-256 of what determines the result tables (see :func:`identity`).
    outcomes : tuple of str
        The outcome columns: every summary metric, or a model hook's outcomes.
    model : str or None
        The model hook run instead of the simulation, if any.
    uncertain : tuple of str
        The uncertain parameters crossed with the design (the factors ``world`` and
        ``policy`` then name a point's world and policy).
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


def run_id(scenario: str, replication: int) -> str:
    """The stable identifier of a run: ``<scenario>#<replication>``."""
    return f"{scenario}#{replication}"


def canonical_json(data: Any) -> str:
    """JSON with sorted keys and no spaces: equal data, equal text, equal hash."""
    return json.dumps(
        data, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    )


def plan_experiment(
    experiment: str | Path | ExperimentSpec | Mapping[str, Any],
    *,
    replications: int | None = None,
    months: int | None = None,
    master_seed: int | None = None,
    seeds: Sequence[int] | None = None,
    worlds: Mapping[str, Sequence[float]] | None = None,
    n_worlds: int | None = None,
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
    worlds
        Explicit values of the uncertain parameters (``parameter -> one value per world``),
        such as a SALib sample; without them, an experiment with ``uncertainties:`` draws a
        Latin hypercube of ``robustness.worlds`` worlds.
    n_worlds
        Overrides ``robustness.worlds`` (adding a ``robustness:`` section if there is none).

    Raises
    ------
    ConfigError
        For any problem, with the file and the path of the field.
    """
    if isinstance(experiment, ExperimentSpec):
        spec, base_dir, source = experiment, Path.cwd(), f"experiment {experiment.name!r}"
    elif isinstance(experiment, Mapping):
        spec, base_dir, source = spec_from_mapping(experiment), Path.cwd(), "<experiment>"
    else:
        path = Path(experiment)
        spec, base_dir, source = load_experiment_spec(path), path.parent, str(path)
    updates = {
        key: value
        for key, value in (
            ("replications", replications if seeds is None else len(seeds)),
            ("months", months),
            ("master_seed", master_seed),
        )
        if value is not None
    }
    if n_worlds is not None:
        current = spec.robustness or RobustnessSettings()
        updates["robustness"] = {**current.model_dump(), "worlds": n_worlds}
    if updates:
        try:
            spec = ExperimentSpec.model_validate({**dict(spec), **updates})
        except ValidationError as exc:
            raise ConfigError(source, validation_problems(exc, ExperimentSpec)) from None
    bases = _resolve_bases(spec, base_dir, source)
    if spec.months is not None:
        bases = [apply_overrides(b, {"months": spec.months}, source) for b in bases]
    model, outcomes = _model(spec, source)
    factors, points = expand_design(spec.design, bases, master_seed=spec.master_seed, source=source)
    _check_point_names(points, spec, source)
    reference = _reference(spec, points, source)
    if spec.uncertainties:
        factors, points = _cross_worlds(spec, factors, points, worlds, source)
    elif worlds is not None:
        raise ConfigError(source, ["uncertainties: none declared, so worlds cannot be given"])
    record = ("summary",) if model else tuple(spec.record)
    seeds = (
        tuple(seeds)
        if seeds is not None
        else tuple(replication_seeds(spec.master_seed, spec.replications))
    )
    design = spec.design.model_dump(mode="json")
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
    for key in ("uncertainties", "robustness", "sensitivity", "model"):
        if getattr(spec, key):
            resolved[key] = spec.model_dump(mode="json")[key]
    return ExperimentPlan(
        name=spec.name,
        description=spec.description,
        source=source,
        kind=spec.design.kind,
        factors=factors,
        points=tuple(points),
        replications=spec.replications,
        master_seed=spec.master_seed,
        seeds=seeds,
        record=record,
        reference=reference,
        spec=resolved,
        hash=identity(spec.name, spec.design.kind, factors, points, seeds, record, model),
        outcomes=outcomes,
        model=model,
        uncertain=tuple(spec.uncertainties),
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


def identity(
    name: str,
    kind: str,
    factors: Mapping[str, list[Any]],
    points: Sequence[DesignPoint],
    seeds: Sequence[int],
    record: Sequence[str],
    model: str | None = None,
) -> str:
    """SHA-256 of what determines the result tables.

    That is the experiment's name, the design's kind and factors, every design point's name,
    levels and resolved scenario, the seeds, what is recorded and the model hook, if any.
    Descriptions are left out: rewording one does not make another experiment.
    """
    content = {
        "experiment": name,
        "design": {"kind": kind, "factors": factors},
        "points": [
            {
                "name": p.name,
                "factors": p.factors,
                "scenario": p.scenario.model_dump(mode="json", exclude={"description"}),
            }
            for p in points
        ],
        "seeds": list(seeds),
        "record": list(record),
    }
    if model is not None:  # only then, so that the hashes of existing folders stay valid
        content["model"] = model
    return hashlib.sha256(canonical_json(content).encode("utf-8")).hexdigest()


# -- model hooks and uncertain worlds ------------------------------------------------------------


def _model(spec: ExperimentSpec, source: str) -> tuple[str | None, tuple[str, ...]]:
    if spec.model is None:
        return None, tuple(SUMMARY)
    try:
        return spec.model, model_outcomes(spec.model)
    except ValueError as exc:
        raise ConfigError(source, [f"model: {exc}"]) from None


def _cross_worlds(
    spec: ExperimentSpec,
    factors: dict[str, list[Any]],
    points: list[DesignPoint],
    worlds: Mapping[str, Sequence[float]] | None,
    source: str,
) -> tuple[dict[str, list[Any]], list[DesignPoint]]:
    """Every design point (a *policy*) in every world of the uncertain parameters."""
    ranges = spec.uncertainties
    clash = sorted(({"world", "policy"} | set(ranges)) & set(factors))
    if clash:
        raise ConfigError(
            source, [f"uncertainties: {clash[0]!r} is both a design factor and uncertain"]
        )
    if spec.model is None:
        whole = check_ranges(ranges, points[0].scenario, "uncertainties", source)
    else:  # a model hook's inputs are its own, not the simulation's parameters
        whole = dict.fromkeys(ranges, False)
    if worlds is None and spec.robustness is not None:
        seed = spec.robustness.seed if spec.robustness.seed is not None else spec.master_seed
        values = latin_hypercube(ranges, whole, spec.robustness.worlds, seed)
    elif worlds is None and spec.sensitivity is not None:
        values = _given_worlds(_sensitivity_worlds(spec, source), ranges, whole, source)
    elif worlds is None:
        raise ConfigError(
            source,
            [
                "uncertainties: say how to sample them: add `robustness: {worlds: N}` (a Latin "
                "hypercube) or `sensitivity: {method: morris}` (a SALib sample)"
            ],
        )
    else:
        values = _given_worlds(worlds, ranges, whole, source)
    n = len(next(iter(values.values())))
    if n * len(points) > MAX_POINTS:
        raise ConfigError(
            source,
            [f"uncertainties: {n * len(points)} design points; at most {MAX_POINTS} are allowed"],
        )
    width = max(3, len(str(n - 1)))
    crossed, problems = [], []
    for i in range(n):
        world = {param: column[i] for param, column in values.items()}
        for point in points:
            name = f"world={i:0{width}d},{point.name}"
            overrides = {"name": name} if spec.model else {**nest_dotted(world), "name": name}
            try:
                scenario = apply_overrides(point.scenario, overrides, source)
            except ConfigError as exc:
                problems += [f"world {i}: {p}" for p in exc.problems]
                continue
            levels = {"world": i, **world, "policy": point.name, **point.factors}
            crossed.append(DesignPoint(name, scenario, levels))
        if problems:
            raise ConfigError(source, problems[:12])
    crossed_factors = {
        "world": list(range(n)),
        **values,
        "policy": [p.name for p in points],
        **factors,
    }
    return crossed_factors, crossed


def _sensitivity_worlds(spec: ExperimentSpec, source: str) -> dict[str, list[float]]:
    try:
        from btr_sim.sensitivity.sampling import sensitivity_sample
    except ImportError as exc:  # SALib is the optional `sensitivity` extra
        raise ConfigError(
            source, [f"sensitivity: needs SALib (pip install 'btr-sim[sensitivity]'): {exc}"]
        ) from None
    problem, x, _ = sensitivity_sample(spec)
    return {name: x[:, j].tolist() for j, name in enumerate(problem["names"])}


def _given_worlds(
    worlds: Mapping[str, Sequence[float]],
    ranges: Mapping[str, tuple[float, float]],
    whole: Mapping[str, bool],
    source: str,
) -> dict[str, list[Any]]:
    if set(worlds) != set(ranges):
        raise ConfigError(
            source, ["worlds: must give a value of every uncertain parameter, and no other"]
        )
    lengths = {len(column) for column in worlds.values()}
    if len(lengths) != 1 or 0 in lengths:
        raise ConfigError(source, ["worlds: every parameter needs the same number of values"])
    # Samplers give floats; a whole-number parameter takes the nearest whole number.
    return {
        param: [round(float(v)) if whole[param] else float(v) for v in worlds[param]]
        for param in ranges
    }


# -- scenarios -----------------------------------------------------------------------------------


def _resolve_bases(spec: ExperimentSpec, base_dir: Path, source: str) -> list[Scenario]:
    if not spec.scenarios:
        return [Scenario()]
    bases, problems = [], []
    for i, ref in enumerate(spec.scenarios):
        where = f"scenarios.{i}"
        try:
            if isinstance(ref, Scenario):
                bases.append(ref)
            elif isinstance(ref, str):
                bases.append(load_scenario(_path(base_dir, ref, where, source)))
            else:
                bases.append(_inline_scenario(ref, base_dir, where, source))
        except ConfigError as exc:
            origin = "" if exc.source == source else f" ({exc.source})"
            problems += [
                p if p.startswith(where) else f"{where}{origin}: {p}" for p in exc.problems
            ]
    if problems:
        raise ConfigError(source, problems)
    return bases


def _inline_scenario(ref: Mapping[str, Any], base_dir: Path, where: str, source: str) -> Scenario:
    data = dict(ref)
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


# -- names and the reference ---------------------------------------------------------------------


def _check_point_names(points: list[DesignPoint], spec: ExperimentSpec, source: str) -> None:
    where = "scenarios" if isinstance(spec.design, ListDesign) else "design"
    problems = [f"{where}: {p}" for point in points if (p := name_problem(point.name))]
    twice = [name for name, n in Counter(p.name for p in points).items() if n > 1]
    if twice:
        problems.append(
            f"{where}: design points must have unique names; {twice[0]!r} is used "
            f"{Counter(p.name for p in points)[twice[0]]} times"
            + (" (give each scenario its own `name:`)" if where == "scenarios" else "")
        )
    if problems:
        raise ConfigError(source, problems)


def _reference(spec: ExperimentSpec, points: list[DesignPoint], source: str) -> str | None:
    names = [p.name for p in points]
    if spec.reference is not None:
        if spec.reference not in names:
            guess = difflib.get_close_matches(spec.reference, names, n=1)
            hint = f"; did you mean {guess[0]!r}?" if guess else ""
            raise ConfigError(
                source, [f"reference: {spec.reference!r} is not a design point{hint}"]
            )
        return spec.reference
    if isinstance(spec.design, ListDesign):
        return names[0]
    if isinstance(spec.design, FactorialDesign):
        first = {lever: next(iter(levels)) for lever, levels in spec.design.levers.items()}
        for point in points:
            if all(point.factors.get(k) == v for k, v in first.items()):
                return point.name
    return None
