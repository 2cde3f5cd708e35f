"""What a fact measures: a metric of one run, or a named function of a designed set of runs.

Every summary metric (:data:`btr_sim.core.metrics.SUMMARY`) is a measure of one run. Besides
them:

- ``reversal_share``: of one run, reversals per reinstatement (from its event log);
- ``departure_share_debated``: of one run, the share of serious public incidents that end in
  the official's departure (the foreign systems' facts);
- ``corrective_gap`` and ``corrective_gap_fades``: of the corrective experiment
  (:mod:`~btr_sim.validation.corrective`), two arms of one scripted scandal on the same seed.

:func:`measure` gives one value per replication seed for each measure asked for, running each
design once however many of its measures are asked for. The facts suite, the calibration's
model and the posterior predictive checks all measure through it.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from btr_sim.api import RunResult, run_scenario
from btr_sim.config import Scenario
from btr_sim.core.events import REMOVALS, EventKind
from btr_sim.core.metrics import SUMMARY, RunRecord
from btr_sim.validation.corrective import CorrectiveRuns, run_corrective

__all__ = [
    "CORRECTIVE",
    "MEASURES",
    "RUN",
    "Measure",
    "Measured",
    "departure_share_debated",
    "measure",
]

#: Designs a measure is taken on.
RUN, CORRECTIVE = "run", "corrective"


@dataclass(frozen=True)
class Measure:
    """A named measurement.

    Attributes
    ----------
    name, unit, description
        As in the metric registry.
    design
        :data:`RUN` (one run of the rule set's scenario per seed) or :data:`CORRECTIVE`.
    """

    name: str
    unit: str
    description: str
    design: str


def _reversal_share(result: RunResult) -> float:
    events = result.events["event"]
    returns = int((events == EventKind.REINSTATEMENT).sum())
    return int((events == EventKind.REVERSAL).sum()) / returns if returns else math.nan


def median_gap_months(result: RunResult) -> float:
    """Median months from removal to reinstatement over the run's reinstatements (NaN if none)."""
    events = result.events
    gaps = events.loc[events["event"] == EventKind.REINSTATEMENT, "value"]
    return float(gaps.median()) if len(gaps) else math.nan


def repeat_removal_share(result: RunResult) -> float:
    """Share of removals that remove a cadre removed before (NaN without removals).

    Meng Xuenong was removed over SARS (2003), returned, and resigned again over the Xiangfen
    dam (2008): a record that follows a returned cadre into its next post.
    """
    events = result.events
    removals = events[events["event"].isin([k.value for k in REMOVALS])]
    if removals.empty:
        return math.nan
    return float(removals["cadre"].duplicated().sum()) / len(removals)


def departure_share_debated(result: RunResult) -> float:
    """Serious public incidents that end in the official's departure, per such incident.

    What the foreign facts count: a "serious public debate about a minister's future"
    (Fischer, Kaiser & Rohlfing 2006) or a "publicly criticised minister" (Dowding &
    Subrahmanyam 2007) is an incident that became public (at once or by exposure) and reached
    the nominal severity threshold — whether or not the minister was in truth culpable, which
    is what the debate is about. A departure is any removal: a minister pushed out resigns in
    form, where the model's Chinese rules would grade a dismissal (misconduct, the gravest
    accidents), so dismissals count as departures.
    """
    record = RunRecord(result.scenario, result.seed, result.events, result.series)
    public = record.rows(EventKind.DISCLOSURE, EventKind.EXPOSURE)
    debated = public[record.serious(public)]
    if debated.empty:
        return math.nan
    departed = debated["incident"].isin(record.removals["incident"])
    return float(departed.sum()) / debated["incident"].nunique()


# Measures of one run besides the summary metrics.
_OF_RUN: dict[str, Callable[[RunResult], float]] = {
    "reversal_share": _reversal_share,
    "departure_share_debated": departure_share_debated,
    "median_gap_months": median_gap_months,
    "repeat_removal_share": repeat_removal_share,
}

#: Every measure, by name.
MEASURES: dict[str, Measure] = {
    **{
        name: Measure(name, metric.unit, metric.description, RUN)
        for name, metric in SUMMARY.items()
    },
    "reversal_share": Measure(
        "reversal_share", "share", "Reversals per reinstatement (from the event log).", RUN
    ),
    "median_gap_months": Measure(
        "median_gap_months",
        "month",
        "Median months from removal to reinstatement (from the event log).",
        RUN,
    ),
    "repeat_removal_share": Measure(
        "repeat_removal_share",
        "share",
        "Share of removals that remove a cadre removed before (from the event log).",
        RUN,
    ),
    "departure_share_debated": Measure(
        "departure_share_debated",
        "share",
        "Share of serious public incidents (culpable or not) that end in the official's "
        "departure (resignation or dismissal).",
        RUN,
    ),
    "corrective_gap": Measure(
        "corrective_gap",
        "trust (0-1)",
        "Credibility, official resigns minus official stays, the month of the response.",
        CORRECTIVE,
    ),
    "corrective_gap_fades": Measure(
        "corrective_gap_fades",
        "trust (0-1)",
        "The corrective gap at the response minus the gap 24 months later.",
        CORRECTIVE,
    ),
}


@dataclass(frozen=True)
class Measured:
    """What :func:`measure` gives.

    Attributes
    ----------
    values : dict of str to numpy.ndarray
        Each measure's value in each replication, in seed order (NaN where undefined).
    corrective : CorrectiveRuns or None
        The corrective experiment's trajectories, when one of its measures was asked for.
    """

    values: dict[str, np.ndarray]
    corrective: CorrectiveRuns | None = None


def measure(names: Sequence[str], scenario: Scenario, seeds: Sequence[int]) -> Measured:
    """Each measure's value in each replication (NaN where undefined in that run).

    Parameters
    ----------
    names
        Keys of :data:`MEASURES`.
    scenario
        The rule set's scenario (for the corrective design: the base its arms override).
    seeds
        Replication seeds; the same seeds in every design (common random numbers).

    Raises
    ------
    KeyError
        For an unknown measure.
    """
    unknown = [n for n in names if n not in MEASURES]
    if unknown:
        raise KeyError(f"unknown measures {unknown} (known: {', '.join(MEASURES)})")
    designs = {MEASURES[n].design for n in names}
    out: dict[str, np.ndarray] = {}
    corrective = None
    if RUN in designs:
        runs = [run_scenario(scenario, seed) for seed in seeds]
        for name in names:
            if MEASURES[name].design == RUN:
                of_run = _OF_RUN.get(name)
                values = [of_run(r) if of_run else r.summary[name] for r in runs]
                out[name] = np.asarray(values, dtype=float)
    if CORRECTIVE in designs:
        corrective = run_corrective(scenario, seeds)
        early = corrective.early_gap.reindex(list(seeds)).to_numpy(dtype=float)
        late = corrective.late_gap.reindex(list(seeds)).to_numpy(dtype=float)
        gaps = {"corrective_gap": early, "corrective_gap_fades": early - late}
        out |= {name: gaps[name] for name in names if name in gaps}
    return Measured({name: out[name] for name in names}, corrective)
