"""Results in EMA Workbench's ``(experiments, outcomes)`` shape, for scenario discovery.

EMA Workbench's analysis functions (PRIM, CART, feature scoring) take the pair that its
``perform_experiments`` returns: ``experiments``, a DataFrame with one row per run and one
column per uncertainty or lever plus ``scenario``, ``policy`` and ``model``; and ``outcomes``,
a dict of outcome name to a NumPy array with one entry (or, for a time series, one row) per
run. In that vocabulary a design point is a *policy*, and a replication, whose seed every
design point shares, is a *scenario* (a draw of the world's randomness).

:meth:`btr_sim.results.ExperimentResults.to_ema_workbench` is the way in.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from btr_sim.core.metrics import SERIES, SUMMARY
from btr_sim.results.contract import OK, factor_of, is_design_column

__all__ = ["to_ema_workbench"]


def to_ema_workbench(
    runs: pd.DataFrame, points: Sequence[str], series: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The successful runs of an experiment as EMA Workbench's ``(experiments, outcomes)``.

    Parameters
    ----------
    runs
        ``runs.parquet``.
    points
        The design points in design order (the categories of ``policy``); empty: the
        scenarios of the runs, sorted.
    series
        ``series.parquet``, to give every monthly series as a 2-D outcome of shape
        (runs, months + 1); None for the summary outcomes only.

    Returns
    -------
    experiments : pandas.DataFrame
        One row per successful run, in the order of ``runs``: one column per design factor
        (text levels as categories, numbers as floats), ``replication`` and ``seed``, then
        ``scenario`` (the replication, as text), ``policy`` (the design point) and ``model``
        (``btr_sim``).
    outcomes : dict of str to numpy.ndarray
        Every summary outcome, shape (runs,); with ``series``, every series, shape
        (runs, months + 1).
    """
    ok = runs[runs["status"] == OK].reset_index(drop=True)
    experiments = pd.DataFrame(index=ok.index)
    for column in filter(is_design_column, ok.columns):
        values = ok[column]
        is_text = values.dtype == object or pd.api.types.is_string_dtype(values)
        # Numbers as floats: PRIM (EMA Workbench 3) writes fractional box limits into them.
        experiments[factor_of(column)] = (
            pd.Categorical(values) if is_text else values.astype("float64")
        )
    experiments["replication"] = ok["replication"].astype("int64")
    experiments["seed"] = ok["seed"].astype("int64")
    experiments["scenario"] = pd.Categorical(ok["replication"].astype(str))
    categories = list(points) or sorted(ok["scenario"].unique())
    experiments["policy"] = pd.Categorical(ok["scenario"], categories=categories)
    experiments["model"] = pd.Categorical(["btr_sim"] * len(ok))
    outcomes = {name: ok[name].to_numpy(dtype=float) for name in SUMMARY if name in ok}
    if series is not None:
        for name in SERIES:
            wide = series.pivot(index="run_id", columns="month", values=name)
            outcomes[name] = wide.reindex(ok["run_id"]).to_numpy(dtype=float)
    return experiments, outcomes
