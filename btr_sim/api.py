"""Running the model as a function: one scenario, one seed, one result."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from btr_sim.config import Scenario
from btr_sim.core.metrics import RunRecord, summarize
from btr_sim.core.model import BTRModel
from btr_sim.loading import resolve_scenario, resolve_seed

__all__ = ["RunResult", "run_model", "run_scenario", "simulate"]


@dataclass(frozen=True)
class RunResult:
    """The outputs of one run.

    Attributes
    ----------
    scenario : Scenario
        The scenario that ran.
    seed : int
        Its seed: ``run_scenario(scenario, seed)`` gives the same result again.
    summary : dict of str to float
        Every summary outcome of :data:`btr_sim.core.metrics.SUMMARY`.
    series : pandas.DataFrame
        Monthly series, indexed by month (0 = the month the scenario's rules take effect,
        after the warm-up).
    events : pandas.DataFrame
        The event log, from month 0.
    """

    scenario: Scenario
    seed: int
    summary: dict[str, float]
    series: pd.DataFrame
    events: pd.DataFrame


def run_scenario(
    config: Scenario | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    seed: int | np.integer | None = 0,
) -> RunResult:
    """Run one scenario to its horizon.

    Parameters
    ----------
    config
        A scenario, a mapping of overrides of the defaults (dotted keys allowed, for
        example ``{"procedure.rule": "formal"}``), the path of a scenario file, or None
        for the defaults.
    seed
        The run's seed: a whole number in [0, 2**63), of Python's or numpy's integer types;
        None draws a fresh one, recorded as the result's ``seed``.

    Raises
    ------
    ConfigError
        Naming the argument and what it may be, for a config or seed of another kind; with
        the field's path and the allowed values, for an invalid parameter.
    """
    return run_model(BTRModel(resolve_scenario(config), seed=resolve_seed(seed)))


def run_model(model: BTRModel) -> RunResult:
    """Run a started model (its scenario's rules in force) to its horizon; collect the result.

    ``run_scenario(scenario, seed)`` is ``run_model(BTRModel(scenario, seed))``; a caller that
    starts many scenarios from one warmed-up model (:mod:`btr_sim.experiments.worker`) hands
    each started copy here.
    """
    if not model.started:
        raise ValueError("the model has not started: call model.start(scenario) first")
    model.run()
    series = model.datacollector.get_model_vars_dataframe()
    series.index.name = "month"
    events = model.events.to_frame()
    scenario = model.run_config
    # The summary from the counters the run kept (the event log is returned complete).
    summary = summarize(RunRecord(scenario, model.seed, events, series, model.events.tally))
    return RunResult(scenario, model.seed, summary, series, events)


def simulate(
    config: Scenario | Mapping[str, Any] | str | os.PathLike[str] | None = None,
    seed: int | np.integer | None = 0,
) -> dict[str, float]:
    """The model as a function for external tools (SALib, EMA Workbench, notebooks).

    Parameters
    ----------
    config
        As for :func:`run_scenario`.
    seed
        As for :func:`run_scenario`.

    Returns
    -------
    dict of str to float
        The run summary.

    Examples
    --------
    >>> from btr_sim import simulate
    >>> out = simulate({"transparency": 0.8, "months": 24}, seed=1)
    >>> 0.0 <= out["credibility_end"] <= 1.0
    True
    """
    return run_scenario(config, seed).summary
