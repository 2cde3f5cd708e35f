"""Effects under parameter uncertainty and seed noise, separately and combined.

An experiment run in worlds drawn from a posterior (``worlds: {posterior: ..., draws: W}``)
runs every policy in every world w on the same S seeds. The effect of a policy in world w and
seed s is paired within both, against the reference policy:

    d_ws = y(policy, w, s) - y(reference, w, s).

With m_w the mean of d_ws over the seeds of world w, and the estimate m the mean of the m_w
(the worlds are drawn in proportion to posterior weight, so they count equally):

- **seed noise**: sigma_seed^2 = the mean over worlds of the variance of d_ws over seeds (the
  run-to-run spread of one paired effect); an S-seed estimate in one world has standard error
  se_seed = sqrt(sigma_seed^2 / S). Its interval m ± z se_seed is what the effect would be known
  to if the parameters were known: the usual seed-only interval.
- **parameter uncertainty**: the world means spread by var(m_w) = sigma_param^2 + sigma_seed^2/S
  (a one-way random-effects model), so sigma_param^2 = max(0, var(m_w) - sigma_seed^2 / S): the
  spread of the noise-free effect over the posterior. Interval m ± z sigma_param.
- **combined**: sqrt(sigma_param^2 + se_seed^2), interval m ± z of it: the uncertainty of an
  S-seed effect estimate in a world drawn from the posterior. Beside it, distribution-free, the
  central quantiles of the world means m_w.

z is the normal quantile of the level (1.96 for 95%). ``share_param`` is sigma_param^2 over the
combined variance: how much of what is not known about the effect more runs would not remove.
docs/analysis.md gives the same definitions.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from btr_sim.analysis.document import Block, Heading, Paragraph, Table, format_estimate
from btr_sim.analysis.outcomes import axis_label
from btr_sim.analysis.stats import LEVEL
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.results import ExperimentResults
from btr_sim.results.contract import POLICY, WORLD, design_column

__all__ = [
    "EXPLAIN_UNCERTAINTY",
    "UNCERTAINTY_COLUMNS",
    "effect_uncertainty",
    "has_worlds",
    "reference_policy",
    "uncertainty_blocks",
]

#: Columns of :func:`effect_uncertainty`'s table.
UNCERTAINTY_COLUMNS = (
    "outcome",
    "policy",
    "reference",
    "worlds",
    "seeds",
    "estimate",
    "se_seed",
    "seed_low",
    "seed_high",
    "sd_param",
    "param_low",
    "param_high",
    "sd_combined",
    "combined_low",
    "combined_high",
    "worlds_low",
    "worlds_high",
    "share_param",
)

EXPLAIN_UNCERTAINTY = N_(
    "Each policy's effect, paired with the reference within each world and seed, averaged over "
    "the worlds drawn from the posterior. *Seed noise*: the interval an estimate from this "
    "many seeds would have if the parameters were known. *Parameters*: the spread of the "
    "effect over the posterior, seed noise removed. *Combined*: both (beside it, the central "
    "quantiles of the world means). *From parameters*: the share of the combined variance that "
    "more runs would not remove. Definitions in docs/analysis.md."
)


def has_worlds(results: ExperimentResults) -> bool:
    """Whether the experiment ran its policies in worlds (posterior draws or sampled)."""
    return WORLD in results.factors and POLICY in results.factors


def reference_policy(results: ExperimentResults, requested: str | None = None) -> str:
    """The policy effects are taken against.

    The one asked for (a policy, or a design point of it), else the experiment's reference,
    else the first policy.
    """
    policies = [str(p) for p in results.factors[POLICY]]
    for candidate in (requested, results.reference):
        if candidate in policies:
            return str(candidate)
        if candidate in results.scenarios:
            return str(results.design_levels(candidate)[POLICY])
    return policies[0]


def effect_uncertainty(
    results: ExperimentResults,
    reference: str,
    outcomes: Sequence[str],
    level: float = LEVEL,
) -> pd.DataFrame:
    """Each policy's effect on each outcome, with seed, parameter and combined intervals.

    Parameters
    ----------
    results
        An experiment run in worlds (:func:`has_worlds`).
    reference
        The reference policy.
    outcomes
        Summary outcomes.
    level
        Level of the intervals.

    Returns
    -------
    pandas.DataFrame
        One row per (outcome, policy other than the reference), :data:`UNCERTAINTY_COLUMNS`.
    """
    z = float(stats.norm.ppf(0.5 + level / 2))
    tail = (1 - level) / 2
    runs = results.ok_runs
    world, policy = design_column(WORLD), design_column(POLICY)
    rows = []
    for outcome in outcomes:
        wide = runs.pivot_table(
            index=[world, "seed"], columns=policy, values=outcome, aggfunc="mean", dropna=False
        )
        if reference not in wide.columns:
            continue
        for name in wide.columns:
            if name == reference:
                continue
            d = (wide[name] - wide[reference]).dropna()
            by_world = d.groupby(level=0)
            means = by_world.mean().to_numpy()
            sizes = by_world.size().to_numpy()
            estimate = float(means.mean()) if len(means) else np.nan
            within = by_world.var(ddof=1).to_numpy()
            seeds = float(sizes.mean()) if len(sizes) else np.nan
            var_seed = float(np.nanmean(within)) if np.any(~np.isnan(within)) else np.nan
            se_seed = float(np.sqrt(var_seed / seeds)) if seeds else np.nan
            between = float(np.var(means, ddof=1)) if len(means) > 1 else np.nan
            var_param = max(0.0, between - (se_seed**2 if np.isfinite(se_seed) else 0.0))
            sd_param = float(np.sqrt(var_param)) if np.isfinite(between) else np.nan
            sd_combined = float(np.sqrt(np.nansum([var_param, se_seed**2])))
            if not (np.isfinite(sd_param) or np.isfinite(se_seed)):
                sd_combined = np.nan
            lo, hi = np.quantile(means, [tail, 1 - tail]) if len(means) else (np.nan, np.nan)
            rows.append(
                {
                    "outcome": outcome,
                    "policy": str(name),
                    "reference": reference,
                    "worlds": len(means),
                    "seeds": seeds,
                    "estimate": estimate,
                    "se_seed": se_seed,
                    "seed_low": estimate - z * se_seed,
                    "seed_high": estimate + z * se_seed,
                    "sd_param": sd_param,
                    "param_low": estimate - z * sd_param,
                    "param_high": estimate + z * sd_param,
                    "sd_combined": sd_combined,
                    "combined_low": estimate - z * sd_combined,
                    "combined_high": estimate + z * sd_combined,
                    "worlds_low": float(lo),
                    "worlds_high": float(hi),
                    "share_param": var_param / sd_combined**2 if sd_combined else np.nan,
                }
            )
    return pd.DataFrame(rows, columns=list(UNCERTAINTY_COLUMNS))


def uncertainty_blocks(
    table: pd.DataFrame, outcomes: Sequence[str], tr: Translator = ENGLISH
) -> list[Block]:
    """A heading, the explanation and one table per outcome of :func:`effect_uncertainty`."""
    if table.empty:
        return []
    blocks: list[Block] = [
        Heading(tr("Effects under parameter uncertainty"), 2),
        Paragraph(tr(EXPLAIN_UNCERTAINTY)),
    ]
    for outcome in outcomes:
        rows = table[table["outcome"] == outcome]
        if rows.empty:
            continue
        cells = pd.DataFrame(
            {
                tr("policy"): rows["policy"],
                tr("worlds × seeds"): [f"{r.worlds} × {r.seeds:g}" for r in rows.itertuples()],
                tr("seed noise"): [
                    format_estimate(r.estimate, r.seed_low, r.seed_high) for r in rows.itertuples()
                ],
                tr("parameters"): [
                    format_estimate(r.estimate, r.param_low, r.param_high)
                    for r in rows.itertuples()
                ],
                tr("combined"): [
                    format_estimate(r.estimate, r.combined_low, r.combined_high)
                    for r in rows.itertuples()
                ],
                tr("world means"): [
                    format_estimate(r.estimate, r.worlds_low, r.worlds_high)
                    for r in rows.itertuples()
                ],
                tr("from parameters"): [
                    "n/a" if np.isnan(r.share_param) else f"{r.share_param:.0%}"
                    for r in rows.itertuples()
                ],
            }
        )
        reference = rows["reference"].iloc[0]
        heading = tr("{outcome} (against {reference})").format(
            outcome=axis_label(outcome, tr=tr), reference=reference
        )
        blocks.append(Heading(heading, 3))
        blocks.append(Table(cells))
    return blocks
