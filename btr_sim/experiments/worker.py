"""One run of an experiment, as a picklable task and a picklable outcome.

:func:`execute` is what every executor runs, in this process, a worker process or a Dask
worker. It never raises for a run that fails: the error comes back as data, so that the
experiment records it and goes on.
"""

from __future__ import annotations

import traceback as tb
from dataclasses import dataclass, field

import pandas as pd

from btr_sim.api import run_scenario
from btr_sim.config import Scenario
from btr_sim.experiments.models import resolve_model

__all__ = ["RunOutcome", "RunTask", "execute"]


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


def execute(task: RunTask) -> RunOutcome:
    """Run one task; a run that raises comes back as a failed :class:`RunOutcome`."""
    if task.model is not None:
        return _execute_hook(task)
    try:
        result = run_scenario(task.scenario, task.seed)
    except Exception as exc:  # a failed run is a result to record, not a crash
        return RunOutcome(
            task.run_id,
            None,
            error=failure_text(exc),
            traceback="".join(tb.format_exception(exc)),
        )
    return RunOutcome(
        task.run_id,
        {name: float(value) for name, value in result.summary.items()},
        series=result.series if task.series else None,
        events=result.events if task.events else None,
    )


def _execute_hook(task: RunTask) -> RunOutcome:
    try:
        summary = resolve_model(task.model)(dict(task.inputs), task.seed)  # type: ignore[arg-type]
        return RunOutcome(task.run_id, {name: float(v) for name, v in summary.items()})
    except Exception as exc:  # as for the simulation: a failed run is a result
        return RunOutcome(
            task.run_id,
            None,
            error=failure_text(exc),
            traceback="".join(tb.format_exception(exc)),
        )


def failure_text(exc: BaseException) -> str:
    """An exception as ``"<type>: <message>"``, the ``error`` column of a failed run."""
    message = str(exc).strip()
    return f"{type(exc).__name__}: {message}" if message else type(exc).__name__
