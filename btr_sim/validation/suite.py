"""The facts suite: every fact of the catalogue measured under its own rule set, in three groups.

Each fact (:mod:`~btr_sim.validation.facts`) is measured on its rule set's scenario
(``configs/<rule set>.yaml``) over the same replication seeds
(:func:`btr_sim.core.randomness.replication_seeds`), as a mean with its 95% t interval. Then,
by label:

- **calibration** and **validation** facts pass when the mean lies in the observation's 95%
  interval (a sign needs its whole confidence interval on the right side of zero);
- **by construction** facts are shown with what guarantees them and checked to hold (a rule
  that stops holding is a bug), not scored as evidence;
- facts of rule sets no scenario models yet (the foreign rule sets) are listed, not measured.

The calibration and validation facts are reported apart, so that the agreement with facts the
fit never saw is read on its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from btr_sim.analysis.stats import mean_ci
from btr_sim.core.randomness import replication_seeds
from btr_sim.loading import load_scenario
from btr_sim.validation import facts as catalogue
from btr_sim.validation.corrective import CorrectiveRuns
from btr_sim.validation.facts import RULE_SETS, Fact, Label, check_catalogue
from btr_sim.validation.measures import measure

__all__ = [
    "CONFIGS",
    "FACT_COLUMNS",
    "STATUSES",
    "FactsResult",
    "fact_row",
    "replication_mean",
    "run_facts",
]

#: The repository's scenario files (the rule sets and the cases).
CONFIGS = Path(__file__).resolve().parents[2] / "configs"

#: Columns of the facts table.
FACT_COLUMNS = (
    "fact",
    "label",
    "rule_set",
    "statement",
    "sources",
    "measure",
    "observed",
    "low",
    "high",
    "mean",
    "ci_low",
    "ci_high",
    "replications",
    "criterion",
    "status",
    "note",
)

#: A fact's status: scored facts pass or fail; by-construction facts hold or are violated.
STATUSES = ("pass", "FAIL", "holds", "VIOLATED", "not measured")


@dataclass(frozen=True)
class FactsResult:
    """The suite's outcome.

    Attributes
    ----------
    table : pandas.DataFrame
        One row per fact, with the columns of :data:`FACT_COLUMNS`, in catalogue order.
    corrective : CorrectiveRuns or None
        The corrective experiment's trajectories (for the figure), when it ran.
    """

    table: pd.DataFrame
    corrective: CorrectiveRuns | None

    @property
    def passed(self) -> bool:
        """Whether every measured fact passed or held."""
        return bool(self.table["status"].isin(["pass", "holds", "not measured"]).all())

    def failing(self, label: Label | None = None) -> list[str]:
        """Names of the facts that fail (or, by construction, are violated)."""
        rows = self.table if label is None else self.table[self.table["label"] == label]
        return list(rows.loc[rows["status"].isin(["FAIL", "VIOLATED"]), "fact"])


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


def fact_row(f: Fact, values: Sequence[float] | None) -> dict:
    """One row of the facts table: the fact, its observation and, if measured, the verdict."""
    low, high = f.observation.interval()
    row = {
        "fact": f.name,
        "label": str(f.label),
        "rule_set": f.rule_set,
        "statement": f.statement,
        "sources": ", ".join(f.sources),
        "measure": f.measure,
        "observed": f.observation.describe(),
        "low": low,
        "high": high,
        "criterion": "holds by rule" if f.label is Label.BY_CONSTRUCTION else f.criterion,
        "note": f.note,
    }
    if values is None:
        nan = math.nan
        return row | {
            "mean": nan,
            "ci_low": nan,
            "ci_high": nan,
            "replications": 0,
            "status": "not measured",
        }
    mean, ci_low, ci_high = replication_mean(values)
    return row | {
        "mean": mean,
        "ci_low": ci_low,
        "ci_high": ci_high,
        "replications": int(np.sum(~np.isnan(np.asarray(values, dtype=float)))),
        "status": _status(f, mean, ci_low, ci_high),
    }


def _status(f: Fact, mean: float, ci_low: float, ci_high: float) -> str:
    low, high = f.observation.interval()
    if f.label is Label.BY_CONSTRUCTION:
        return "holds" if mean == f.observation.value else "VIOLATED"
    if f.criterion == "CI in range":
        inside = low <= ci_low and ci_high <= high
    else:
        inside = low <= mean <= high
    return "pass" if inside else "FAIL"


def run_facts(
    replications: int = 10,
    master_seed: int = 20260601,
    months: int | None = None,
    configs: Path = CONFIGS,
    facts: Sequence[Fact] | None = None,
) -> FactsResult:
    """Measure every fact under its rule set.

    Parameters
    ----------
    replications
        Runs per rule set (and per corrective arm).
    master_seed
        Master seed of the replication seeds, the same under every rule set.
    months
        Horizon of the runs (default: the scenarios' own, 240).
    configs
        Folder of the rule sets' scenario files (``status_quo.yaml``, ``reform_*.yaml``).
    facts
        The facts to measure (default: the whole catalogue).

    Returns
    -------
    FactsResult

    Raises
    ------
    ValueError
        If the facts are not a consistent catalogue
        (:func:`~btr_sim.validation.facts.check_catalogue`): a fact observed in one country
        is never measured under another country's rules.
    """
    facts = catalogue.FACTS if facts is None else tuple(facts)
    problems = check_catalogue(facts)
    if problems:
        raise ValueError("inconsistent facts: " + "; ".join(problems))
    seeds = replication_seeds(master_seed, replications)
    # Every rule set is measured in its own equilibrium: the warm-up runs under the rule set
    # itself (``before: own``), since cadres removed before a reform keep the rules of their
    # removal and a fact about a regime is about the regime once it has settled.
    overrides: dict[str, object] = {"before": "own"}
    if months is not None:
        overrides["months"] = months
    values: dict[str, np.ndarray] = {}
    corrective = None
    for name, rules in RULE_SETS.items():
        mine = [f for f in facts if f.rule_set == name]
        if not mine or rules.config is None:
            continue
        scenario = load_scenario(configs / rules.config, overrides)
        measured = measure(list(dict.fromkeys(f.measure for f in mine)), scenario, seeds)
        values |= {f.name: measured.values[f.measure] for f in mine}
        corrective = corrective or measured.corrective
    rows = [fact_row(f, values.get(f.name)) for f in facts]
    return FactsResult(pd.DataFrame(rows, columns=list(FACT_COLUMNS)), corrective)
