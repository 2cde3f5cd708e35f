"""Comparison tables as text cells, and the blocks that ``compare`` prints and saves."""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from btr_sim.analysis.comparison import comparison_table
from btr_sim.analysis.document import (
    Block,
    Heading,
    Paragraph,
    Table,
    format_estimate,
    format_number,
    format_value,
)
from btr_sim.analysis.factorial import factorial_effects
from btr_sim.analysis.naming import effect_label, scenario_labels
from btr_sim.analysis.outcomes import KEY_OUTCOMES, axis_label
from btr_sim.analysis.timing import effect_timing
from btr_sim.analysis.uncertainty import (
    effect_uncertainty,
    has_worlds,
    reference_policy,
    uncertainty_blocks,
)
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.results import ExperimentResults, ResultsError

__all__ = [
    "Comparison",
    "compare",
    "comparison_blocks",
    "effects_table",
    "outcome_table",
    "overview_table",
    "select_outcomes",
    "timing_table",
]


@dataclass(frozen=True)
class Comparison:
    """Everything ``btr-sim compare`` computes.

    Attributes
    ----------
    results : ExperimentResults
    reference : str
    table : pandas.DataFrame
        :func:`~btr_sim.analysis.comparison.comparison_table` of every outcome.
    effects : pandas.DataFrame
        :func:`~btr_sim.analysis.factorial.factorial_effects` of every outcome (empty for
        designs that are not crossed).
    uncertainty : pandas.DataFrame
        For experiments run in worlds (a posterior's draws), each policy's effect with its
        intervals over seed noise, parameter uncertainty and both
        (:func:`~btr_sim.analysis.uncertainty.effect_uncertainty`); else empty.
    timing : pandas.DataFrame
        :func:`~btr_sim.analysis.timing.effect_timing` of credibility (empty without series).
    """

    results: ExperimentResults
    reference: str
    table: pd.DataFrame
    effects: pd.DataFrame
    uncertainty: pd.DataFrame
    timing: pd.DataFrame


def compare(results: ExperimentResults, reference: str) -> Comparison:
    """Compute the comparison, for crossed designs the effects, and how fast they build up."""
    outcomes = results.outcomes
    uncertainty = (
        effect_uncertainty(results, reference_policy(results, reference), outcomes)
        if has_worlds(results)
        else pd.DataFrame()
    )
    return Comparison(
        results,
        reference,
        comparison_table(results, reference, outcomes),
        factorial_effects(results, outcomes),
        uncertainty,
        effect_timing(results, reference),
    )


def select_outcomes(
    results: ExperimentResults, requested: Sequence[str] | None, everything: bool
) -> list[str]:
    """The outcomes to show: those asked for, all, or the key ones present.

    Raises
    ------
    ResultsError
        For an outcome the results do not hold (with the closest name).
    """
    if requested:
        problems = []
        for name in requested:
            if name not in results.outcomes:
                guess = difflib.get_close_matches(name, results.outcomes, n=1)
                hint = f"; did you mean {guess[0]!r}?" if guess else ""
                problems.append(f"--outcome: no outcome {name!r}{hint}")
        if problems:
            raise ResultsError(str(results.path), problems, headline="no such outcome")
        return list(requested)
    if everything:
        return list(results.outcomes)
    return [o for o in KEY_OUTCOMES if o in results.outcomes]


def outcome_table(comparison: Comparison, outcome: str, tr: Translator = ENGLISH) -> pd.DataFrame:
    """One outcome: each scenario's mean and CI, its differences from the reference, d_z, d.

    Scenarios are named as in the figures (:func:`~btr_sim.analysis.naming.scenario_label`).
    """
    rows = comparison.table[comparison.table["outcome"] == outcome]
    names = scenario_labels(comparison.results, comparison.reference, tr)
    out = []
    for r in rows.itertuples():
        is_ref = r.scenario == comparison.reference
        out.append(
            {
                tr("scenario"): names.get(r.scenario, r.scenario),
                "n": r.n,
                tr("mean [95% CI]"): format_estimate(r.mean, r.low, r.high),
                tr("Δ paired [95% CI]"): "—"
                if is_ref
                else format_estimate(r.paired, r.paired_low, r.paired_high),
                tr("Δ unpaired [95% CI]"): "—"
                if is_ref
                else format_estimate(r.unpaired, r.unpaired_low, r.unpaired_high),
                "d_z": "—" if is_ref else format_number(r.d_z, 2),
                "d": "—" if is_ref else format_number(r.cohen_d, 2),
            }
        )
    return pd.DataFrame(out)


def overview_table(
    comparison: Comparison, outcomes: Sequence[str], tr: Translator = ENGLISH
) -> pd.DataFrame:
    """Scenarios down, outcomes across: mean [95% CI]."""
    table = comparison.table
    names = scenario_labels(comparison.results, comparison.reference, tr)
    scenarios = comparison.results.scenarios
    frame = pd.DataFrame({tr("scenario"): [names[s] for s in scenarios]})
    for outcome in outcomes:
        rows = table[table["outcome"] == outcome].set_index("scenario")
        frame[axis_label(outcome, tr=tr)] = [
            format_estimate(*rows.loc[s, ["mean", "low", "high"]]) for s in scenarios
        ]
    return frame


def effects_table(comparison: Comparison, outcome: str, tr: Translator = ENGLISH) -> pd.DataFrame:
    """Main effects, interactions and synergy of one outcome with their reading.

    The sum of separate effects is the interaction's additive prediction, a sum of
    differences: it may exceed what the outcome can move (three levers that each cut a rate
    by 0.7 sum to -2.1 even where the rate is 1.2), and then the combination cannot reach it.
    """
    rows = comparison.effects[comparison.effects["outcome"] == outcome]
    results = comparison.results
    return pd.DataFrame(
        {
            tr("effect"): [effect_label(results, e, tr) for e in rows["effect"]],
            "n": rows["n_pairs"],
            tr("paired [95% CI]"): [
                format_estimate(r.estimate, r.low, r.high) for r in rows.itertuples()
            ],
            tr("unpaired [95% CI]"): [
                format_estimate(r.unpaired, r.unpaired_low, r.unpaired_high)
                for r in rows.itertuples()
            ],
            tr("sum of separate effects"): [
                "" if r.kind == "main" else format_value(r.separate_sum) for r in rows.itertuples()
            ],
            tr("standardized"): [format_number(v, 2) for v in rows["standardized"]],
            tr("reading"): [tr(v) for v in rows["reading"]],
        }
    )


def timing_table(comparison: Comparison, tr: Translator = ENGLISH) -> pd.DataFrame:
    """How fast each scenario's credibility effect builds up: final size and half time."""
    rows = comparison.timing
    return pd.DataFrame(
        {
            tr("scenario"): rows["scenario"],
            "n": rows["n_pairs"],
            tr("final effect [95% CI]"): [
                format_estimate(r.final, r.final_low, r.final_high) for r in rows.itertuples()
            ],
            tr("months to half"): [format_number(v, 0) for v in rows["half_month"]],
            tr("note"): rows["note"],
        }
    )


EXPLAIN_TIMING = N_(
    "How fast each scenario's effect on credibility builds up after its rules take effect "
    "(month 0). The effect is the paired difference from the reference, seed by seed; its final "
    "size is its mean over the last 12 months of the horizon, with a 95% t interval; *months to "
    "half* is the first month in which the mean effect reaches half of that final size, in its "
    "direction (none when the final effect's interval includes zero). An effect that first goes "
    "the other way is noted with the last month it clearly did."
)

EXPLAIN_DIFFERENCES = N_(
    "Means over replications with 95% t intervals. Δ is the difference from the reference: "
    "*paired* by replication seed (replication k of every scenario ran on the same seed — "
    "common random numbers — so the difference is taken run by run), and *unpaired* (Welch), "
    "as if the runs were independent. d_z: mean paired difference over the SD of the paired "
    "differences; d: Cohen's d (difference of means over the pooled SD)."
)

EXPLAIN_EFFECTS = N_(
    "Effects of the crossed design, averaged over the other factors and estimated paired by "
    "replication seed (unpaired beside it). A main effect is the change from the factor's base "
    "level; an interaction A × B is the effect of switching both minus the sum of switching "
    "each alone (difference of differences; a three-way interaction is how much a two-way one "
    "changes with the third factor); *synergy* is all factors on minus the sum of each alone. "
    "Reading, where the interaction's 95% CI excludes zero: for outcomes with a desirable "
    "direction (credibility, precision and recall up; scapegoats, impunity, misconduct down) "
    "*complementary* when the combination is better than the sum of the parts, *substitutes* "
    "when it is less; for outcomes without one (how many removals is right?) *amplifying* or "
    "*dampening* when the separate effects share a sign. *Additive* when the CI includes zero. "
    "Standardized: estimate over the pooled within-scenario SD. The sum of separate effects "
    "is the additive prediction of the combination's effect; where it exceeds what the "
    "outcome can move (a rate cannot fall below zero), the levers cannot add up and the "
    "interaction shows a floor or a ceiling."
)


def comparison_blocks(comparison: Comparison, outcomes: Sequence[str]) -> list[Block]:
    """Heading, explanation and one table per outcome; then the effects, for crossed designs."""
    results = comparison.results
    ok, failed = len(results.ok_runs), len(results.failed_runs)
    blocks: list[Block] = [
        Heading(f"Comparison: {results.name}", 1),
        Paragraph(
            f"{results.design_kind.capitalize()} design, {len(results.scenarios)} scenarios, "
            f"{results.manifest.get('replications', '?')} replications; {ok} runs finished, "
            f"{failed} failed. Reference: `{comparison.reference}`."
        ),
    ]
    if failed:
        blocks.append(
            Paragraph(
                f"Failed runs are left out: {', '.join(results.failed_runs['run_id'].head(10))}"
                + (" ..." if failed > 10 else "")
            )
        )
    if results.missing_scenarios:
        blocks.append(
            Paragraph(
                "Unfinished experiment: no run yet for "
                + ", ".join(results.missing_scenarios[:10])
                + (" ..." if len(results.missing_scenarios) > 10 else "")
            )
        )
    blocks += uncertainty_blocks(comparison.uncertainty, outcomes)
    blocks.append(Paragraph(EXPLAIN_DIFFERENCES))
    for outcome in outcomes:
        blocks.append(Heading(axis_label(outcome), 3))
        blocks.append(Table(outcome_table(comparison, outcome)))
    if not comparison.timing.empty:
        blocks.append(Heading("How fast the credibility effects build up", 2))
        blocks.append(Paragraph(EXPLAIN_TIMING))
        blocks.append(Table(timing_table(comparison)))
    if not comparison.effects.empty:
        blocks.append(Heading("Main effects and interactions", 2))
        blocks.append(Paragraph(EXPLAIN_EFFECTS))
        for outcome in outcomes:
            blocks.append(Heading(axis_label(outcome), 3))
            blocks.append(Table(effects_table(comparison, outcome)))
    return blocks
