"""The convergence check that chooses the default warm-up (``btr-sim warmup-check``).

Outcomes are measured from the month a scenario's rules take effect, after a warm-up under the
status quo; the warm-up must be long enough that the state at month 0 no longer remembers
where the world started. The check runs the status quo from different initial trust
(``citizens.initial_trust.mean``: 0.3, 0.6 and 0.8 in ``experiments/warmup_check.yaml``)
with common seeds and no warm-up, for as many months as the longest candidate warm-up.
Credibility at month W of those runs *is* credibility at month 0 after a warm-up of W months
(the same months under the same rules from the same seed). For each candidate W (every
``step`` months) it takes the replication mean for each start, and their spread (largest
minus smallest); the warm-up chosen is the smallest candidate from which the spread stays
below ``tolerance``.

Rerun it whenever a change to the model moves the status quo's trust dynamics; the default
(:data:`btr_sim.config.DEFAULT_WARMUP_MONTHS`) follows its answer (docs/ODD.md, 7.9).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from btr_sim.results import ExperimentResults, ResultsError
from btr_sim.validation.suite import CONFIGS

__all__ = ["CHECK_EXPERIMENT", "START", "Convergence", "convergence"]

#: The experiment the check runs.
CHECK_EXPERIMENT = CONFIGS.parent / "experiments" / "warmup_check.yaml"

#: The design factor whose levels are the starts compared.
START = "citizens.initial_trust.mean"


@dataclass(frozen=True)
class Convergence:
    """The check's answer.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per candidate warm-up (``warmup_months``): the replication mean of credibility
        at month 0 for each start (a column per start), and their ``spread``.
    tolerance : float
        The largest spread accepted.
    replications : int
        Replications per start (common seeds).
    chosen : int or None
        The smallest candidate from which the spread stays below the tolerance; None if the
        runs are too short to find one.
    """

    table: pd.DataFrame
    tolerance: float
    replications: int
    chosen: int | None

    def spread_at(self, months: int) -> float:
        """The spread between starts after a warm-up of ``months`` (a candidate)."""
        return float(self.table.set_index("warmup_months").loc[months, "spread"])


def convergence(results: ExperimentResults, tolerance: float = 0.01, step: int = 12) -> Convergence:
    """The check on the results of ``experiments/warmup_check.yaml`` (or one like it).

    Parameters
    ----------
    results
        Runs of the status quo without warm-up, a grid over :data:`START`, series recorded.
    tolerance
        Largest spread of the replication means between starts (trust, 0-1).
    step
        Months between candidate warm-ups.

    Raises
    ------
    ResultsError
        If the results hold no series or no design over the initial trust.
    """
    if results.series is None or START not in results.factors:
        raise ResultsError(
            str(results.path),
            [f"the warm-up check needs monthly series and a design over {START}"],
            headline="not the results of a warm-up check",
        )
    ok = set(results.ok_runs["run_id"])
    series = results.series[results.series["run_id"].isin(ok)]
    start = {s: results.design_levels(s)[START] for s in results.scenarios}
    means = (
        series.assign(start=series["scenario"].map(start))
        .groupby(["month", "start"])["credibility"]
        .mean()
        .unstack("start")
    )
    candidates = np.arange(0, int(means.index.max()) + 1, step)
    table = means.loc[candidates]
    table.columns = [f"start {level:g}" for level in table.columns]
    table.insert(0, "warmup_months", candidates)
    table["spread"] = means.loc[candidates].max(axis=1) - means.loc[candidates].min(axis=1)
    table = table.reset_index(drop=True)
    return Convergence(
        table, tolerance, int(results.manifest.get("replications", 0)), _chosen(table, tolerance)
    )


def _chosen(table: pd.DataFrame, tolerance: float) -> int | None:
    """The smallest candidate from which every spread is below ``tolerance``."""
    below = (table["spread"] < tolerance).to_numpy()
    # Below from here on: the reversed cumulative "all" of the reversed column.
    settled = np.logical_and.accumulate(below[::-1])[::-1]
    if not settled.any():
        return None
    return int(table["warmup_months"].to_numpy()[np.argmax(settled)])
