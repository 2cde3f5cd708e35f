"""Scenario against scenario: means with CIs, and differences from a reference scenario.

Every scenario's outcome is summarised by its mean and 95% t interval over replications. Its
difference from the reference is estimated twice: *paired* — the mean of per-seed differences,
replication k of each scenario having run on the same seed (common random numbers) — and
*unpaired* (Welch), as if the runs were independent. With common random numbers the paired
interval is the honest and the narrower one; the unpaired one shows what the pairing bought.
Effect sizes: d_z (mean paired difference over the SD of paired differences) and Cohen's d
(difference of means over the pooled SD).
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

import pandas as pd

from btr_sim.analysis.naming import scenario_label
from btr_sim.analysis.stats import (
    cohen_d,
    cohen_dz,
    mean_ci,
    paired_difference,
    welch_difference,
)
from btr_sim.results import ExperimentResults, ResultsError

__all__ = ["choose_reference", "comparison_table", "differences", "scenario_summary"]


def choose_reference(results: ExperimentResults, requested: str | None = None) -> str:
    """The scenario that differences are taken from.

    In order: the one asked for; the manifest's ``reference``; for a crossed design, the point
    with every factor at its first level; else the first scenario.

    Raises
    ------
    ResultsError
        If ``requested`` is not a scenario of the results (with the closest name).
    """
    if requested is not None:
        if requested in results.scenarios:
            return requested
        guess = difflib.get_close_matches(requested, results.scenarios, n=1)
        hint = f"; did you mean {guess[0]!r}?" if guess else ""
        shown = ", ".join(results.scenarios[:12]) + (" ..." if len(results.scenarios) > 12 else "")
        raise ResultsError(
            str(results.path),
            [f"--reference: no scenario {requested!r}{hint} (scenarios: {shown})"],
            headline="no such scenario in these results",
        )
    if results.reference in results.scenarios:
        return results.reference
    if results.factors and results.design_kind != "lhs":
        base = results.scenario_at({f: v[0] for f, v in results.factors.items()})
        if base is not None:
            return base
    return results.scenarios[0]


def scenario_summary(results: ExperimentResults, outcomes: Sequence[str]) -> pd.DataFrame:
    """Mean and 95% CI of each outcome for each scenario.

    Returns
    -------
    pandas.DataFrame
        One row per (outcome, scenario): ``outcome``, ``scenario``, ``label``, ``n``, ``mean``,
        ``low``, ``high``, ``sd``.
    """
    rows = []
    for outcome in outcomes:
        for scenario in results.scenarios:
            values = results.values(scenario, outcome)
            est = mean_ci(values)
            finite = values[pd.notna(values)]
            rows.append(
                {
                    "outcome": outcome,
                    "scenario": scenario,
                    "label": scenario_label(results, scenario),
                    "n": est.n,
                    "mean": est.estimate,
                    "low": est.low,
                    "high": est.high,
                    "sd": float(finite.std(ddof=1)) if len(finite) > 1 else float("nan"),
                }
            )
    return pd.DataFrame(rows)


def differences(
    results: ExperimentResults, reference: str, outcomes: Sequence[str]
) -> pd.DataFrame:
    """Each scenario's difference from the reference, paired and unpaired, with effect sizes.

    Returns
    -------
    pandas.DataFrame
        One row per (outcome, scenario other than the reference): ``n_pairs``, ``paired``,
        ``paired_low``, ``paired_high``, ``d_z``, ``unpaired``, ``unpaired_low``,
        ``unpaired_high``, ``cohen_d``.
    """
    rows = []
    for outcome in outcomes:
        ref_by_seed = results.by_seed(reference, outcome)
        ref_values = results.values(reference, outcome)
        for scenario in results.scenarios:
            if scenario == reference:
                continue
            by_seed = results.by_seed(scenario, outcome)
            paired = paired_difference(by_seed, ref_by_seed)
            diffs = [by_seed[s] - ref_by_seed[s] for s in by_seed if s in ref_by_seed]
            values = results.values(scenario, outcome)
            unpaired = welch_difference(values, ref_values)
            rows.append(
                {
                    "outcome": outcome,
                    "scenario": scenario,
                    "reference": reference,
                    "n_pairs": paired.n,
                    "paired": paired.estimate,
                    "paired_low": paired.low,
                    "paired_high": paired.high,
                    "d_z": cohen_dz(diffs),
                    "unpaired": unpaired.estimate,
                    "unpaired_low": unpaired.low,
                    "unpaired_high": unpaired.high,
                    "cohen_d": cohen_d(values, ref_values),
                }
            )
    return pd.DataFrame(rows)


def comparison_table(
    results: ExperimentResults, reference: str, outcomes: Sequence[str]
) -> pd.DataFrame:
    """Scenario summaries joined with their differences from the reference (long format).

    The reference's own rows carry NaN differences.
    """
    summary = scenario_summary(results, outcomes)
    diffs = differences(results, reference, outcomes)
    if diffs.empty:
        return summary.assign(reference=reference)
    table = summary.merge(diffs, on=["outcome", "scenario"], how="left")
    table["reference"] = reference
    return table
