"""Robustness of countermeasures: in how many uncertain worlds each one beats the status quo.

Every world is run under the reference policy (the status quo) and under each countermeasure
with the same seeds; the outcomes are averaged over the world's replications, and a
countermeasure *succeeds* on a criterion in a world when its mean is strictly better than the
reference's mean in that same world (higher or lower, as the criterion says). A world where
either mean is undefined is left out of that criterion's count. The share of worlds where it
succeeds comes with a 95% Wilson interval (the worlds are a random sample of the uncertainty
space).
"""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from btr_sim.analysis.stats import proportion_ci
from btr_sim.experiments.spec import Criterion

__all__ = ["robustness_summary", "world_effects"]


def world_effects(
    means: pd.DataFrame, reference: str, criteria: Mapping[str, Criterion]
) -> pd.DataFrame:
    """Each countermeasure's effect on each criterion, world by world.

    Parameters
    ----------
    means
        Outcome means indexed by (``world``, ``policy``)
        (:func:`~btr_sim.sensitivity.aggregate.world_means`).
    reference
        The policy compared against (the status quo).
    criteria
        Criterion name -> outcome and better direction.

    Returns
    -------
    pandas.DataFrame
        One row per (world, countermeasure, criterion): ``world``, ``countermeasure``,
        ``criterion``, ``outcome``, ``reference`` and ``value`` (the two means), ``effect``
        (value - reference), ``success`` (True, False, or NA where undefined).
    """
    policies = list(dict.fromkeys(means.index.get_level_values("policy")))
    if reference not in policies:
        raise ValueError(f"the reference {reference!r} is not among the policies {policies}")
    base = means.xs(reference, level="policy")
    rows = []
    for policy in policies:
        if policy == reference:
            continue
        arm = means.xs(policy, level="policy")
        for name, criterion in criteria.items():
            ref = base[criterion.outcome]
            val = arm[criterion.outcome].reindex(ref.index)
            effect = val - ref
            sign = 1.0 if criterion.better == "higher" else -1.0
            success = (sign * effect > 0).astype("boolean")
            success[effect.isna()] = pd.NA
            rows.append(
                pd.DataFrame(
                    {
                        "world": ref.index,
                        "countermeasure": policy,
                        "criterion": name,
                        "outcome": criterion.outcome,
                        "reference": ref.to_numpy(),
                        "value": val.to_numpy(),
                        "effect": effect.to_numpy(),
                        "success": success.to_numpy(),
                    }
                )
            )
    return pd.concat(rows, ignore_index=True)


def robustness_summary(effects: pd.DataFrame) -> pd.DataFrame:
    """Per countermeasure and criterion, the share of worlds in which it succeeds.

    Parameters
    ----------
    effects
        :func:`world_effects`.

    Returns
    -------
    pandas.DataFrame
        ``countermeasure``, ``criterion``, ``outcome``, ``worlds`` (with a defined effect),
        ``successes``, ``share`` (successes / worlds), ``share_low`` and ``share_high`` (its
        95% Wilson interval), ``mean_effect`` and ``median_effect``, in the order the
        countermeasures and criteria appear.
    """
    rows = []
    for (policy, name), group in effects.groupby(
        ["countermeasure", "criterion"], sort=False, observed=True
    ):
        defined = group["success"].dropna()
        successes = int(defined.astype(bool).sum())
        share = proportion_ci(successes, len(defined))
        rows.append(
            {
                "countermeasure": policy,
                "criterion": name,
                "outcome": group["outcome"].iloc[0],
                "worlds": share.n,
                "successes": successes,
                "share": share.estimate,
                "share_low": share.low,
                "share_high": share.high,
                "mean_effect": float(group["effect"].mean()),
                "median_effect": float(group["effect"].median()),
            }
        )
    return pd.DataFrame(rows)
