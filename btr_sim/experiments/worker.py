"""The runs of an experiment, as picklable tasks, groups of tasks and outcomes.

Runs that share their warm-up — the same world, warm-up rules and length, and the same seed:
every arm of a design, replication by replication — form a :class:`RunGroup`.
:func:`execute_group` is what every executor runs, in this process, a worker process or a Dask
worker: it warms the world up once, keeps the warmed model as a pickle (:class:`WarmedWorld`)
and starts each run of the group from a copy of it, so that the warm-up is paid once per seed,
not once per run, with the same results as a run that warms up on its own. The pickle lives in
the worker's memory only, never in a results folder.

Nothing here raises for a run that fails: the error comes back as data, so that the experiment
records it and goes on.
"""

from __future__ import annotations

import pickle
import traceback as tb
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import pandas as pd

from btr_sim.api import RunResult, run_model, run_scenario
from btr_sim.config import Scenario
from btr_sim.core.model import BTRModel
from btr_sim.experiments.models import resolve_model

__all__ = [
    "RunGroup",
    "RunOutcome",
    "RunTask",
    "WarmedWorld",
    "execute",
    "execute_group",
    "group_tasks",
    "run_one",
]


@dataclass(frozen=True)
class RunTask:
    """One run to do: a design point's scenario with one replication's seed.

    Attributes
    ----------
    run_id : str
        ``<scenario>#<replication>``.
    key : str
        A file-name-safe key, ``<point index>-<replication>``, for the store's part files.
    point : int
        Index of the design point, in design order.
    scenario : Scenario
        The design point's resolved scenario.
    replication : int
        0-based replication index.
    seed : int
        The replication's seed (the same in every design point).
    series, events : bool
        Whether to return the monthly series and the event log.
    model : str or None
        A model hook (``module:function``, :mod:`btr_sim.experiments.models`) to run instead
        of the simulation, on ``inputs``.
    inputs : dict of str to float
        The uncertain inputs of a model hook.
    """

    run_id: str
    key: str
    point: int
    scenario: Scenario
    replication: int
    seed: int
    series: bool = True
    events: bool = False
    model: str | None = None
    inputs: dict[str, float] = field(default_factory=dict)


@dataclass(frozen=True)
class RunOutcome:
    """What a run gives back: its outcomes, or the error it raised.

    Attributes
    ----------
    run_id : str
        The task's run id.
    summary : dict of str to float, or None
        Every summary outcome; None if the run failed.
    series, events : pandas.DataFrame or None
        When asked for and the run succeeded.
    error : str
        ``"<exception type>: <message>"`` for a failed run, else empty.
    traceback : str
        The formatted traceback of a failed run, else empty.
    """

    run_id: str
    summary: dict[str, float] | None
    series: pd.DataFrame | None = None
    events: pd.DataFrame | None = None
    error: str = ""
    traceback: str = ""

    @property
    def ok(self) -> bool:
        """Whether the run succeeded."""
        return self.summary is not None


@dataclass(frozen=True)
class RunGroup:
    """Runs that share one warm-up: the same world, warm-up rules and length, and seed.

    Attributes
    ----------
    tasks : tuple of RunTask
        The runs, in plan order.
    """

    tasks: tuple[RunTask, ...]

    @property
    def key(self) -> str:
        """The first task's key: groups sort as their first runs do."""
        return self.tasks[0].key


def group_tasks(tasks: Sequence[RunTask]) -> list[RunGroup]:
    """Group ``tasks`` by warm-up (:meth:`~btr_sim.config.Scenario.warmup_key`) and seed.

    Groups come in the order of their first tasks, and keep their tasks' order. A model hook's
    task has no warm-up and is a group of its own.
    """
    groups: dict[object, list[RunTask]] = {}
    for i, task in enumerate(tasks):
        key = (task.scenario.warmup_key(), task.seed) if task.model is None else i
        groups.setdefault(key, []).append(task)
    return [RunGroup(tuple(group)) for group in groups.values()]


class WarmedWorld:
    """A world after its warm-up, kept as a pickle from which each run starts a copy.

    Parameters
    ----------
    scenario
        Any scenario of the group (they share the warm-up).
    seed
        The group's seed.
    """

    def __init__(self, scenario: Scenario, seed: int) -> None:
        self.seed = seed
        self._snapshot = pickle.dumps(BTRModel(scenario, seed, start=False), protocol=5)

    def start(self, scenario: Scenario) -> BTRModel:
        """A copy of the warmed-up model with ``scenario``'s rules in force (month 0)."""
        model: BTRModel = pickle.loads(self._snapshot)
        return model.start(scenario)


def run_one(scenario: Scenario, seed: int, warmed: WarmedWorld | None = None) -> RunResult:
    """One run of ``scenario`` with ``seed``: what :func:`btr_sim.run_scenario` gives.

    From a copy of ``warmed`` (the world after the warm-up this run shares, for ``seed``) when
    given, else warming up on its own. Every run of an experiment goes through here.
    """
    if warmed is None:
        return run_scenario(scenario, seed)
    return run_model(warmed.start(scenario))


def execute_group(group: RunGroup) -> list[RunOutcome]:
    """Run every task of a group from one warm-up; one outcome per task, in order.

    A group of one run warms up on its own (there is nothing to share). If the warm-up itself
    fails, every run of the group fails with its error.
    """
    tasks = group.tasks
    if len(tasks) == 1 or tasks[0].model is not None:
        return [execute(task) for task in tasks]
    try:
        warmed = WarmedWorld(tasks[0].scenario, tasks[0].seed)
    except Exception as exc:  # a failed warm-up fails the runs that needed it
        return [_failed(task, exc) for task in tasks]
    return [
        _outcome(task, lambda task=task: run_one(task.scenario, task.seed, warmed))
        for task in tasks
    ]


def execute(task: RunTask) -> RunOutcome:
    """Run one task on its own; a run that raises comes back as a failed :class:`RunOutcome`."""
    if task.model is not None:
        return _execute_hook(task)
    return _outcome(task, lambda: run_one(task.scenario, task.seed))


def _outcome(task: RunTask, run: Callable[[], RunResult]) -> RunOutcome:
    """The outcome of ``run()`` for ``task``: its summary and what the task records."""
    try:
        result = run()
    except Exception as exc:  # a failed run is a result to record, not a crash
        return _failed(task, exc)
    return RunOutcome(
        task.run_id,
        {name: float(value) for name, value in result.summary.items()},
        series=result.series if task.series else None,
        events=result.events if task.events else None,
    )


def _failed(task: RunTask, exc: Exception) -> RunOutcome:
    return RunOutcome(
        task.run_id, None, error=failure_text(exc), traceback="".join(tb.format_exception(exc))
    )


def _execute_hook(task: RunTask) -> RunOutcome:
    try:
        summary = resolve_model(task.model)(dict(task.inputs), task.seed)  # type: ignore[arg-type]
        return RunOutcome(task.run_id, {name: float(v) for name, v in summary.items()})
    except Exception as exc:  # as for the simulation: a failed run is a result
        return _failed(task, exc)


def failure_text(exc: BaseException) -> str:
    """An exception as ``"<type>: <message>"``, the ``error`` column of a failed run."""
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
