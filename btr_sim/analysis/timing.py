"""How fast an effect builds up: months until a reform's effect reaches half its final size.

A reform takes effect at month 0 in a world that had run under the reference's rules; its
effect on a monthly series (credibility) is a path, not a number. The path is paired: for each
replication seed, the arm's series minus the reference's, month by month (common random
numbers make both identical at month 0, after the shared warm-up). Then:

- the **effect path** e(t) is the mean of the per-seed differences at month t;
- the **final effect** F is the mean, over seeds, of each seed's difference averaged over the
  last :data:`~btr_sim.core.metrics.LAST_YEAR` months of the horizon, with its 95% t interval;
- the **half time** is the first month t >= 1 at which e(t) reaches half of F in F's direction:
  e(t) / F >= 1/2.

Where F's interval includes zero there is no final effect to take half of, and the half time
is not given. An effect that first goes the other way (a reform that lowers credibility before
it raises it) still has a half time — the month it reaches half its final size the right way —
and ``opposite_until`` names the last month in which the effect path lay the other way with its
pointwise 95% interval excluding zero.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd

from btr_sim.analysis.stats import mean_ci
from btr_sim.core.metrics import LAST_YEAR
from btr_sim.results import ExperimentResults

__all__ = ["TIMING_COLUMNS", "effect_timing", "half_time"]

#: The columns of :func:`effect_timing`.
TIMING_COLUMNS = (
    "scenario",
    "reference",
    "series",
    "n_pairs",
    "final",
    "final_low",
    "final_high",
    "half_month",
    "opposite_until",
    "note",
)


def half_time(path: np.ndarray, final: float) -> float:
    """The first month t >= 1 at which ``path[t] / final >= 1/2``; NaN if none or no ``final``.

    Parameters
    ----------
    path
        The mean effect by month, month 0 first.
    final
        The final effect.
    """
    if not math.isfinite(final) or final == 0:
        return math.nan
    reached = np.flatnonzero(path[1:] / final >= 0.5)
    return float(reached[0] + 1) if len(reached) else math.nan


def effect_timing(
    results: ExperimentResults, reference: str, column: str = "credibility"
) -> pd.DataFrame:
    """For each scenario against ``reference``: the final effect on ``column`` and its half time.

    Parameters
    ----------
    results
        Results with monthly series recorded.
    reference
        The scenario the effects are taken against, seed by seed.
    column
        A monthly series (:data:`btr_sim.core.metrics.SERIES`).

    Returns
    -------
    pandas.DataFrame
        One row per scenario other than the reference, with :data:`TIMING_COLUMNS`; empty if
        no series were recorded.
    """
    if results.series is None:
        return pd.DataFrame(columns=list(TIMING_COLUMNS))
    ok = set(results.ok_runs["run_id"])
    series = results.series[results.series["run_id"].isin(ok)]
    wide = series.pivot_table(index=["seed", "month"], columns="scenario", values=column)
    rows = []
    for scenario in results.scenarios:
        if scenario == reference or scenario not in wide or reference not in wide:
            continue
        diff = (wide[scenario] - wide[reference]).unstack("month").dropna()
        rows.append(_timing(diff, scenario, reference, column))
    return pd.DataFrame(rows, columns=list(TIMING_COLUMNS))


def _timing(diff: pd.DataFrame, scenario: str, reference: str, column: str) -> dict:
    """The timing of one scenario's effect, from its per-seed differences (seeds x months)."""
    months = diff.columns.to_numpy()
    last = diff.loc[:, months >= 1].iloc[:, -LAST_YEAR:]
    final = mean_ci(last.mean(axis=1).to_numpy())
    path = diff.mean(axis=0).to_numpy()
    row = {
        "scenario": scenario,
        "reference": reference,
        "series": column,
        "n_pairs": final.n,
        "final": final.estimate,
        "final_low": final.low,
        "final_high": final.high,
        "half_month": math.nan,
        "opposite_until": math.nan,
        "note": "",
    }
    if final.n < 2 or not final.excludes_zero:
        row["note"] = "no clear final effect (its 95% CI includes 0)"
        return row
    row["half_month"] = half_time(path, final.estimate)
    opposite = [
        month
        for month, values in zip(months, diff.to_numpy().T, strict=True)
        if month >= 1 and _clearly_opposite(values, final.estimate)
    ]
    if opposite:
        row["opposite_until"] = float(opposite[-1])
        row["note"] = f"first the other way (last in month {int(opposite[-1])})"
    if math.isnan(row["half_month"]):
        row["note"] = "never reaches half its final size"
    return row


def _clearly_opposite(values: np.ndarray, final: float) -> bool:
    """Whether a month's effect lies the other way from ``final``, its 95% CI excluding 0."""
    est = mean_ci(values)
    return est.excludes_zero and math.copysign(1.0, est.estimate) != math.copysign(1.0, final)
