"""What the rows of a per-scenario figure are: scenarios, or factor levels of a large design.

A figure with one row per scenario reads well up to a dozen scenarios. A crossed design with
more (a 6 x 6 grid has 36) is shown one row per *factor level*, each averaged over the other
factors replication by replication — the design's main-effect view — while the heatmaps and
interaction plots show the joint picture.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from btr_sim.analysis.comparison import scenario_summary
from btr_sim.analysis.factorial import marginal_means
from btr_sim.analysis.naming import factor_name, level_name, scenario_labels
from btr_sim.i18n import ENGLISH, Translator
from btr_sim.results import ExperimentResults, level_key

__all__ = [
    "MAX_SCENARIO_ROWS",
    "RowSet",
    "level_row_label",
    "row_samples",
    "row_set",
    "row_summary",
]

#: Largest number of scenarios drawn one row each.
MAX_SCENARIO_ROWS = 12


@dataclass(frozen=True)
class RowSet:
    """The rows of a figure, top to bottom.

    Attributes
    ----------
    keys : list
        Scenario names, or ``(factor, level)`` pairs.
    labels : list of str
        Display labels, the reference (or each factor's base level) marked.
    by_factor : bool
        Whether rows are factor levels averaged over the other factors.
    groups : list of int
        For factor rows: the index of the first row of each factor after the first (where a
        separator is drawn).
    note : str
        How to read the rows, for captions (empty for scenario rows).
    """

    keys: list
    labels: list[str]
    by_factor: bool
    groups: list[int]
    note: str = ""


def level_row_label(
    results: ExperimentResults, factor: str, level: object, tr: Translator = ENGLISH
) -> str:
    """``cooling_off_months = 12``: a factor at one of its levels."""
    return tr("{factor} = {level}").format(
        factor=factor_name(results, factor, tr), level=level_name(level, tr)
    )


def row_set(results: ExperimentResults, reference: str, tr: Translator = ENGLISH) -> RowSet:
    """Scenario rows, or factor-level rows for crossed designs of many scenarios."""
    if len(results.scenarios) <= MAX_SCENARIO_ROWS or not results.is_crossed:
        labels = list(scenario_labels(results, reference, tr).values())
        return RowSet(list(results.scenarios), labels, False, [])
    keys, labels, groups = [], [], []
    for factor, levels in results.factors.items():
        if keys:
            groups.append(len(keys))
        for i, level in enumerate(levels):
            keys.append((factor, level))
            text = level_row_label(results, factor, level, tr)
            labels.append(tr("{name} (base)").format(name=text) if i == 0 else text)
    note = " " + tr(
        "Rows are factor levels, each averaged over the other factors replication by "
        "replication (the design has too many scenarios to show one by one; the heatmaps "
        "and interaction plots show them jointly)."
    )
    return RowSet(keys, labels, True, groups, note)


def row_summary(results: ExperimentResults, rows: RowSet, outcomes: Sequence[str]) -> pd.DataFrame:
    """Mean and 95% CI of each outcome for each row.

    Columns ``outcome``, ``key`` (the row's index in ``rows``), ``n``, ``mean``, ``low``,
    ``high``.
    """
    if not rows.by_factor:
        table = scenario_summary(results, outcomes)
        index = {s: i for i, s in enumerate(rows.keys)}
        table["key"] = table["scenario"].map(index)
        return table[["outcome", "key", "n", "mean", "low", "high"]]
    parts = []
    for outcome in outcomes:
        for factor in results.factors:
            means = marginal_means(results, outcome, [factor])
            for _, row in means.iterrows():
                key = rows.keys.index((factor, _level(results, factor, row[factor])))
                parts.append(
                    {
                        "outcome": outcome,
                        "key": key,
                        "n": row["n"],
                        "mean": row["mean"],
                        "low": row["low"],
                        "high": row["high"],
                    }
                )
    return pd.DataFrame(parts)


def row_samples(
    results: ExperimentResults, rows: RowSet, samples: dict[str, np.ndarray]
) -> list[np.ndarray]:
    """Per-scenario samples (for example months to reinstatement) gathered by row."""
    if not rows.by_factor:
        return [samples.get(s, np.array([])) for s in rows.keys]
    out = []
    for factor, level in rows.keys:
        at = [
            s
            for s in results.scenarios
            if level_key(results.design_levels(s)[factor]) == level_key(level)
        ]
        parts = [samples[s] for s in at if s in samples]
        out.append(np.concatenate(parts) if parts else np.array([]))
    return out


def _level(results: ExperimentResults, factor: str, value: object) -> object:
    keys = {level_key(v): v for v in results.factors[factor]}
    return keys.get(level_key(value), value)
