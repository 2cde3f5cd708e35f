"""The stylized-facts suite: every fact measured over replications and checked against its range.

Facts come in three groups:

- the calibration targets (:data:`~btr_sim.validation.targets.CALIBRATION_TARGETS`) on the
  status quo (the defaults, ``configs/status_quo.yaml``);
- the reform target (no reinstatement before 12 months) on ``configs/reform_2009.yaml`` and
  ``configs/reform_2014.yaml``, each warmed up under its own rules (``before: own``): the fact
  is about the reformed regime, and cadres removed before a reform keep the rules of their
  removal;
- the corrective effect (:mod:`~btr_sim.validation.corrective`): the gap in credibility between
  the resign and the stay arms of one scripted scandal is positive, and shrinks.

A calibration or reform fact passes when the mean over replications lies in the target range;
a corrective fact passes when its whole 95% confidence interval does (the claim is a sign).
Replication seeds come from :func:`btr_sim.core.randomness.replication_seeds`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from btr_sim.analysis.stats import mean_ci
from btr_sim.api import run_scenario
from btr_sim.config import Scenario
from btr_sim.core.randomness import replication_seeds
from btr_sim.loading import load_scenario
from btr_sim.validation.corrective import FOLLOW_UP_MONTHS, CorrectiveRuns, run_corrective
from btr_sim.validation.targets import CALIBRATION_TARGETS, REFORM_TARGETS, Target

__all__ = [
    "CONFIGS",
    "FACT_COLUMNS",
    "FactsResult",
    "measure_targets",
    "replication_mean",
    "run_facts",
]

#: The repository's scenario files (the reform rule sets and the cases).
CONFIGS = Path(__file__).resolve().parents[2] / "configs"

#: The reform rule sets the reform targets are checked on.
REFORMS = ("reform_2009", "reform_2014")

#: Columns of the facts table.
FACT_COLUMNS = (
    "fact",
    "statement",
    "source",
    "scenario",
    "metric",
    "mean",
    "ci_low",
    "ci_high",
    "low",
    "high",
    "criterion",
    "passed",
    "replications",
)


@dataclass(frozen=True)
class FactsResult:
    """The suite's outcome.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per fact, with the columns of :data:`FACT_COLUMNS`.
    corrective : CorrectiveRuns
        The corrective experiment's trajectories (for the figure).
    """

    table: pd.DataFrame
    corrective: CorrectiveRuns

    @property
    def passed(self) -> bool:
        """Whether every fact passed."""
        return bool(self.table["passed"].all())


def replication_mean(values: Iterable[float]) -> tuple[float, float, float]:
    """A fact's measurement: the mean over replications and its 95% t interval.

    Parameters
    ----------
    values
        One value per replication; NaN (undefined in a run) is left out.

    Returns
    -------
    mean, low, high
        :func:`~btr_sim.analysis.stats.mean_ci`'s; NaN throughout if no value is defined. A
        single replication's interval is its value, so that a one-run trial of the suite
        still gives a table to read (the ``facts`` command asks for two at least).
    """
    est = mean_ci(list(values))
    if est.n == 1:
        return est.estimate, est.estimate, est.estimate
    return est.estimate, est.low, est.high


def _row(
    target: Target, scenario: str, values: list[float], criterion: str = "mean in range"
) -> dict:
    mean, low, high = replication_mean(values)
    if criterion == "mean in range":
        passed = target.met(mean)
    else:
        passed = target.met(low) and target.met(high)
    return {
        "fact": target.name,
        "statement": target.statement,
        "source": target.source,
        "scenario": scenario,
        "metric": target.metric,
        "mean": mean,
        "ci_low": low,
        "ci_high": high,
        "low": target.low,
        "high": target.high,
        "criterion": criterion,
        "passed": bool(passed),
        "replications": sum(not math.isnan(v) for v in values),
    }


def measure_targets(
    scenario: Scenario, targets: tuple[Target, ...], seeds: list[int]
) -> list[dict]:
    """Run ``scenario`` once per seed and check every target on it (one table row each)."""
    summaries = [run_scenario(scenario, seed).summary for seed in seeds]
    return [_row(t, scenario.name, [s[t.metric] for s in summaries]) for t in targets]


#: The corrective facts, checked on the whole 95% CI of a paired difference.
CORRECTIVE_GAP = Target(
    "corrective_gap",
    "After an identical scripted scandal, credibility is higher where the official resigns "
    "than where the official stays (resign minus stay, the month of the response).",
    "Dewan & Dowding 2005 (AJPS): corrective effect of resignations",
    "credibility gap",
    1e-9,
    math.inf,
)
CORRECTIVE_FADE = Target(
    "corrective_gap_fades",
    f"The credibility gap between the arms shrinks over the following {FOLLOW_UP_MONTHS} "
    "months (gap at the response minus gap later).",
    "González-Bustamante 2025 (POQ): the approval gain fades in the medium term",
    "gap shrinkage",
    1e-9,
    math.inf,
)


def run_facts(
    replications: int = 10,
    master_seed: int = 20260601,
    months: int | None = None,
    configs: Path = CONFIGS,
) -> FactsResult:
    """Run the stylized-facts suite.

    Parameters
    ----------
    replications
        Runs per scenario (and per corrective arm).
    master_seed
        Master seed of the replication seeds.
    months
        Horizon of the status quo and reform runs (default: the scenarios' own, 240).
    configs
        Folder holding ``status_quo.yaml`` and the ``reform_*.yaml`` rule sets.

    Returns
    -------
    FactsResult
    """
    seeds = replication_seeds(master_seed, replications)
    overrides = {"months": months} if months is not None else None
    status_quo = load_scenario(configs / "status_quo.yaml", overrides)
    rows = measure_targets(status_quo, CALIBRATION_TARGETS, seeds)
    for name in REFORMS:
        reform = load_scenario(configs / f"{name}.yaml", {**(overrides or {}), "before": "own"})
        rows += measure_targets(reform, REFORM_TARGETS, seeds)
    corrective = run_corrective(status_quo, seeds)
    early, late = corrective.early_gap, corrective.late_gap
    rows.append(_row(CORRECTIVE_GAP, "status_quo", list(early), "CI in range"))
    rows.append(_row(CORRECTIVE_FADE, "status_quo", list(early - late), "CI in range"))
    table = pd.DataFrame(rows, columns=list(FACT_COLUMNS))
    return FactsResult(table, corrective)
