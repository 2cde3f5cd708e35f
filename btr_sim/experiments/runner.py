"""Running an experiment: plan, store, executor and progress bar put together.

:func:`run_experiment` is the Python API of ``btr-sim run EXPERIMENT``: it resolves the
experiment, opens (or resumes) its results folder, runs what is not stored yet on the chosen
executor, writes each run as it finishes, and returns the results.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator, Mapping
from concurrent.futures import FIRST_COMPLETED, Executor, Future, wait
from contextlib import contextmanager
from pathlib import Path
from typing import Any

# tqdm.auto: a text bar in a terminal, a widget in a notebook (Jupyter, VS Code).
from tqdm.auto import tqdm

from btr_sim.experiments.executors import available_cores, in_flight, open_executor
from btr_sim.experiments.interrupts import interrupt_once
from btr_sim.experiments.plan import ExperimentPlan, plan_experiment
from btr_sim.experiments.spec import ExperimentSpec
from btr_sim.experiments.store import ResultsStore
from btr_sim.experiments.worker import (
    RunGroup,
    RunOutcome,
    RunTask,
    execute_group,
    failure_text,
    group_tasks,
)
from btr_sim.results import ExperimentResults, open_results

__all__ = ["default_out", "run_experiment"]


def default_out(plan: ExperimentPlan) -> Path:
    """Where results go unless told otherwise: ``results/<experiment name>/``."""
    return Path("results") / plan.name


def run_experiment(
    experiment: str | Path | ExperimentSpec | ExperimentPlan | Mapping[str, Any],
    *,
    out: str | Path | None = None,
    executor: str | Executor | Any | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    replications: int | None = None,
    months: int | None = None,
    master_seed: int | None = None,
    progress: bool = True,
) -> ExperimentResults:
    """Run an experiment into its results folder, resuming it if it was interrupted.

    Parameters
    ----------
    experiment
        An experiment file, an :class:`~btr_sim.experiments.spec.ExperimentSpec`, a mapping
        written like an experiment file, or a resolved plan.
    out
        The results folder (default ``results/<experiment name>/``). If it holds some runs of
        this experiment, only the others run (failed runs are retried); if it holds results
        of another experiment, it is refused.
    executor
        ``"serial"``, ``"process"`` (the default, one worker per core), ``"dask"``, any
        :class:`concurrent.futures.Executor` (left open), or a ``dask.distributed.Client``.
    workers
        Worker processes for ``"process"`` and a local Dask cluster (default: one per core).
    scheduler
        Address of a running Dask scheduler (implies ``"dask"``).
    replications, months, master_seed
        Overrides of the experiment's values, for a quick trial (ignored for a plan).
    progress
        Show a progress bar (runs done / total, failures, ETA) on stderr.

    Returns
    -------
    ExperimentResults
        The folder's manifest and tables, read back through :func:`btr_sim.open_results`;
        ``results.failed_runs`` lists failed runs.

    Raises
    ------
    ConfigError
        For an invalid experiment or a folder holding another experiment's results.
    KeyboardInterrupt
        After storing every finished run, when interrupted; rerunning resumes.
    """
    plan = (
        experiment
        if isinstance(experiment, ExperimentPlan)
        else plan_experiment(
            experiment, replications=replications, months=months, master_seed=master_seed
        )
    )
    root = Path(out) if out is not None else default_out(plan)
    store = ResultsStore(root, plan)
    # One Ctrl-C stops the experiment; more while it stops do not break the clean-up.
    with interrupt_once():
        stored = store.open()
        todo = [task for task in plan.tasks() if stored.get(task.run_id) != "ok"]
        # Runs that share a warm-up go together; a partly done group keeps only its runs to do.
        groups = group_tasks(todo)
        complete = False
        try:
            if groups:
                with _executor(executor, workers, scheduler, len(groups)) as pool:
                    _run_groups(pool, groups, store, plan, progress)
            complete = True
        finally:
            store.close(complete=complete)
    return open_results(root)


@contextmanager
def _executor(
    executor: str | Executor | Any | None, workers: int | None, scheduler: str | None, n_todo: int
) -> Iterator[Executor]:
    """The executor to run ``n_todo`` units of work (groups of runs) on."""
    if isinstance(executor, Executor):
        yield executor
        return
    if hasattr(executor, "get_executor"):  # a dask.distributed.Client
        yield executor.get_executor(pure=False)
        return
    kind = executor or ("dask" if scheduler else "serial" if n_todo == 1 else "process")
    # No more local workers than units of work: idle processes cost time and memory.
    local = min(workers or available_cores(), n_todo)
    with open_executor(kind, workers=local, scheduler=scheduler) as pool:
        yield pool


def _run_groups(
    pool: Executor,
    groups: list[RunGroup],
    store: ResultsStore,
    plan: ExperimentPlan,
    progress: bool,
) -> None:
    failed = 0
    bar = tqdm(
        total=plan.n_runs,
        initial=plan.n_runs - sum(len(group.tasks) for group in groups),
        desc=plan.name,
        unit="run",
        disable=not progress,
        file=sys.stderr,
        dynamic_ncols=True,
    )
    try:
        bar.set_postfix(failed=failed)
        for task, outcome in _outcomes(pool, groups):
            store.write(task, outcome)
            if not outcome.ok:
                failed += 1
                bar.set_postfix(failed=failed)
            bar.update()
    finally:
        bar.close()


def _outcomes(pool: Executor, groups: list[RunGroup]) -> Iterator[tuple[RunTask, RunOutcome]]:
    """Submit the groups, a bounded number in flight; yield each run as its group finishes."""
    window = in_flight(pool)
    queue = iter(groups)
    pending: dict[Future, RunGroup] = {}

    def refill() -> None:
        while len(pending) < window and (group := next(queue, None)) is not None:
            pending[pool.submit(execute_group, group)] = group

    try:
        refill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in sorted(done, key=lambda f: pending[f].key):
                group = pending.pop(future)
                yield from zip(group.tasks, _outcomes_of(future, group), strict=True)
            refill()
    finally:
        for future in pending:  # interrupted: runs not yet started are not started
            future.cancel()


def _outcomes_of(future: Future, group: RunGroup) -> list[RunOutcome]:
    try:
        return future.result()
    except Exception as exc:  # the executor lost the group (a worker died): failed runs
        return [RunOutcome(task.run_id, None, error=failure_text(exc)) for task in group.tasks]
