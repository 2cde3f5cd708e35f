"""Monthly series across replications: the mean path of each scenario with a 95% band."""

from __future__ import annotations

import pandas as pd

from btr_sim.analysis.stats import t_bounds
from btr_sim.results import ExperimentResults, level_key

__all__ = ["factor_series_bands", "series_bands"]


def series_bands(
    results: ExperimentResults, column: str = "credibility", level: float = 0.95
) -> pd.DataFrame:
    """Mean of a monthly series over each scenario's finished runs, with a pointwise t band.

    Parameters
    ----------
    results
        Results with monthly series recorded.
    column
        A column of ``series.parquet`` (a name of :data:`btr_sim.core.metrics.SERIES`).
    level
        Confidence level of the band (pointwise, month by month).

    Returns
    -------
    pandas.DataFrame
        ``scenario``, ``month``, ``n``, ``mean``, ``low``, ``high``; scenarios in design order.
        Empty if no series were recorded.
    """
    if results.series is None:
        return pd.DataFrame(columns=["scenario", "month", "n", "mean", "low", "high"])
    ok = set(results.ok_runs["run_id"])
    series = results.series[results.series["run_id"].isin(ok)]
    grouped = series.groupby(["scenario", "month"], sort=False)[column]
    table = grouped.agg(n="count", mean="mean", sd="std").reset_index()
    table["low"], table["high"] = t_bounds(table["mean"], table["sd"], table["n"], level)
    order = {s: i for i, s in enumerate(results.scenarios)}
    table = table[table["scenario"].isin(order)]
    table = table.sort_values(
        ["scenario", "month"], key=lambda c: c.map(order) if c.name == "scenario" else c
    )
    return table.drop(columns="sd").reset_index(drop=True)


def factor_series_bands(
    results: ExperimentResults, factor: str, column: str = "credibility", level: float = 0.95
) -> pd.DataFrame:
    """A monthly series at each level of a factor, averaged over the other factors.

    The average over the other factors' design points is taken within each replication, so
    the band is over replications, as for the design's effects.

    Returns
    -------
    pandas.DataFrame
        ``level``, ``month``, ``n``, ``mean``, ``low``, ``high``; levels in design order.
    """
    ok = set(results.ok_runs["run_id"])
    series = results.series[results.series["run_id"].isin(ok)]
    keys = {level_key(v): i for i, v in enumerate(results.factors[factor])}
    at = {s: keys[level_key(results.design_levels(s)[factor])] for s in results.scenarios}
    series = series.assign(level=series["scenario"].map(at))
    per_rep = series.groupby(["level", "seed", "month"])[column].mean().reset_index()
    table = per_rep.groupby(["level", "month"])[column].agg(n="count", mean="mean", sd="std")
    table = table.reset_index()
    table["low"], table["high"] = t_bounds(table["mean"], table["sd"], table["n"], level)
    table["level"] = [results.factors[factor][i] for i in table["level"]]
    return table.drop(columns="sd")
