"""Export to EMA Workbench's ``(experiments, outcomes)`` shape, for scenario discovery.

EMA Workbench's analysis functions (PRIM, CART, feature scoring) take the pair that its
``perform_experiments`` returns: ``experiments``, a DataFrame with one row per run and one
column per uncertainty or lever plus ``scenario``, ``policy`` and ``model``; and ``outcomes``,
a dict of outcome name to a NumPy array with one entry (or, for a time series, one row) per
run. In that vocabulary a design point is a *policy*, and a replication, whose seed every
design point shares, is a *scenario* (a draw of the world's randomness).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from btr_sim.core.metrics import SERIES, SUMMARY

if TYPE_CHECKING:
    from btr_sim.experiments.results import ExperimentResults

__all__ = ["to_ema_workbench"]


def to_ema_workbench(
    results: ExperimentResults | str | Path, *, series: bool = False
) -> tuple[pd.DataFrame, dict[str, np.ndarray]]:
    """The successful runs of an experiment as EMA Workbench's ``(experiments, outcomes)``.

    Parameters
    ----------
    results
        Results, or the path of a results folder.
    series
        Also give every monthly series as a 2-D outcome of shape (runs, months + 1).

    Returns
    -------
    experiments : pandas.DataFrame
        One row per successful run, in the order of ``runs.parquet``: one column per design
        factor (text levels as categories), ``replication`` and ``seed``, then ``scenario``
        (the replication, as text), ``policy`` (the design point) and ``model`` (``btr_sim``).
    outcomes : dict of str to numpy.ndarray
        Every summary outcome, shape (runs,); with ``series``, every series, shape
        (runs, months + 1).

    Examples
    --------
    >>> from ema_workbench.analysis import prim  # doctest: +SKIP
    >>> experiments, outcomes = to_ema_workbench("results/lhs_supporting")  # doctest: +SKIP
    >>> x = experiments.drop(columns=["replication", "seed", "scenario", "policy", "model"])
    >>> box = prim.Prim(x, outcomes["credibility_end"] < 0.55, threshold=0.8).find_box()
    """
    if not hasattr(results, "runs"):
        from btr_sim.experiments.results import ExperimentResults

        results = ExperimentResults(results)
    runs = results.runs
    ok = runs[runs["status"] == "ok"].reset_index(drop=True)
    experiments = pd.DataFrame(index=ok.index)
    for column in ok.columns:
        if column.startswith("design."):
            values = ok[column]
            is_text = values.dtype == object or pd.api.types.is_string_dtype(values)
            experiments[column.removeprefix("design.")] = (
                pd.Categorical(values) if is_text else values
            )
    experiments["replication"] = ok["replication"].astype("int64")
    experiments["seed"] = ok["seed"].astype("int64")
    experiments["scenario"] = pd.Categorical(ok["replication"].astype(str))
    points = list(results.manifest.get("scenarios", {})) or sorted(ok["scenario"].unique())
    experiments["policy"] = pd.Categorical(ok["scenario"], categories=points)
    experiments["model"] = pd.Categorical(["btr_sim"] * len(ok))
    outcomes = {name: ok[name].to_numpy(dtype=float) for name in SUMMARY if name in ok}
    if series:
        frame = results.series
        for name in SERIES:
            wide = frame.pivot(index="run_id", columns="month", values=name)
            outcomes[name] = wide.reindex(ok["run_id"]).to_numpy(dtype=float)
    return experiments, outcomes
