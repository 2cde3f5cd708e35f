"""Posterior predictive checks: whether the fitted model produces what the sources observed.

For each of ``draws`` particles drawn from the posterior (in proportion to their weights), the
model runs every rule set that has facts to check, ``replications`` times on fresh seeds; each
fact's replication mean, plus a draw of the observation's error under the same normal
observation model the fit used (:mod:`~btr_sim.validation.likelihood`), is one *replicated
observation*. A fact is *inside* when its observed value lies in the central 90% of its
replicated observations (the 90% posterior predictive interval). A sign, having no value and no
variance, is inside when the 90% interval of the replication means lies on its side of zero.

Calibration facts are expected inside (they were fitted); the share of **validation** facts
inside is the check the fit never saw. By-construction facts are not checked (a rule makes
them); facts of rule sets no scenario models are left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from concurrent.futures import Executor

import numpy as np
import pandas as pd

from btr_sim.config import Scenario
from btr_sim.core.randomness import replication_seeds
from btr_sim.experiments.posterior import Posterior
from btr_sim.loading import load_scenario
from btr_sim.validation.calibration import CalibrationProblem
from btr_sim.validation.facts import RULE_SETS, Fact, Label, select
from btr_sim.validation.likelihood import PREDICTIVE, derived_seed, measure_task, particle_scenario
from btr_sim.validation.observations import Sign
from btr_sim.validation.suite import CONFIGS

__all__ = ["LEVEL", "PREDICTIVE_COLUMNS", "checked_facts", "coverage", "posterior_predictive"]

#: Level of the posterior predictive interval.
LEVEL = 0.90

#: Columns of the predictive table.
PREDICTIVE_COLUMNS = (
    "fact",
    "label",
    "rule_set",
    "measure",
    "observed",
    "value",
    "ppi_low",
    "ppi_median",
    "ppi_high",
    "inside",
    "draws",
)


def checked_facts(problem: CalibrationProblem) -> tuple[Fact, ...]:
    """The facts checked: the fitted ones, and every validation fact of a modelled rule set."""
    held_out = tuple(
        f for f in select(Label.VALIDATION) if RULE_SETS[f.rule_set].config is not None
    )
    return problem.facts + held_out


def _scenario(problem: CalibrationProblem, rule_set: str) -> Scenario:
    if rule_set == problem.rule_set:
        return problem.base
    config = RULE_SETS[rule_set].config
    assert config is not None  # checked_facts keeps modelled rule sets only
    return load_scenario(CONFIGS / config, {"months": problem.base.months})


def posterior_predictive(
    problem: CalibrationProblem,
    posterior: Posterior,
    executor: Executor,
    facts: Sequence[Fact] | None = None,
) -> pd.DataFrame:
    """The posterior predictive check of each fact.

    Parameters
    ----------
    problem
        The calibration (its base scenario, master seed and predictive budget).
    posterior
        The fitted posterior.
    executor
        Where the runs go.
    facts
        The facts to check (default :func:`checked_facts`).

    Returns
    -------
    pandas.DataFrame
        One row per fact, columns :data:`PREDICTIVE_COLUMNS`.
    """
    facts = checked_facts(problem) if facts is None else tuple(facts)
    budget = problem.predictive
    draws = posterior.draw(budget.draws, derived_seed(problem.master_seed, PREDICTIVE))
    rule_sets = list(dict.fromkeys(f.rule_set for f in facts))
    futures = {}
    for i, (_, values) in enumerate(draws.iterrows()):
        seeds = replication_seeds(
            derived_seed(problem.master_seed, PREDICTIVE, 0, i), budget.replications
        )
        for rule_set in rule_sets:
            names = list(dict.fromkeys(f.measure for f in facts if f.rule_set == rule_set))
            scenario = particle_scenario(_scenario(problem, rule_set), values.to_dict())
            futures[i, rule_set] = executor.submit(measure_task, names, scenario, seeds)
    means = {key: _means(future.result()) for key, future in futures.items()}
    rng = np.random.default_rng(derived_seed(problem.master_seed, PREDICTIVE, 1, 0))
    rows = []
    for f in facts:
        simulated = np.array([means[i, f.rule_set][f.measure] for i in range(budget.draws)])
        rows.append(_check(f, simulated[~np.isnan(simulated)], rng))
    return pd.DataFrame(rows, columns=list(PREDICTIVE_COLUMNS))


def _means(values: dict[str, np.ndarray]) -> dict[str, float]:
    """Each measure's mean over the replications it is defined in (NaN if in none)."""
    return {
        name: float(np.mean(v[~np.isnan(v)])) if np.any(~np.isnan(v)) else np.nan
        for name, v in values.items()
    }


def _check(f: Fact, simulated: np.ndarray, rng: np.random.Generator) -> dict:
    """One fact's predictive interval and whether the observation lies inside."""
    tail = (1 - LEVEL) / 2
    row = {
        "fact": f.name,
        "label": str(f.label),
        "rule_set": f.rule_set,
        "measure": f.measure,
        "observed": f.observation.describe(),
        "value": np.nan if f.observation.value is None else float(f.observation.value),
        "draws": len(simulated),
    }
    if len(simulated) == 0:
        return row | {"ppi_low": np.nan, "ppi_median": np.nan, "ppi_high": np.nan, "inside": False}
    if isinstance(f.observation, Sign):
        replicated = simulated
    else:
        sd = float(np.sqrt(f.observation.variance))
        replicated = simulated + rng.normal(0.0, sd, size=len(simulated))
    low, median, high = np.quantile(replicated, [tail, 0.5, 1 - tail])
    if isinstance(f.observation, Sign):
        inside = bool(low > 0) if f.observation.positive else bool(high < 0)
    else:
        inside = bool(low <= f.observation.value <= high)
    return row | {"ppi_low": low, "ppi_median": median, "ppi_high": high, "inside": inside}


def coverage(table: pd.DataFrame, label: Label) -> tuple[int, int]:
    """How many facts of ``label`` lie inside their 90% predictive interval, of how many."""
    rows = table[table["label"] == str(label)]
    return int(rows["inside"].sum()), len(rows)
