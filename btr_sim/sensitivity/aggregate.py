"""A results folder's runs averaged over replications, one row per world and policy."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from btr_sim.results.contract import OK, POLICY, WORLD, design_column

__all__ = ["world_means"]


def world_means(runs: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """Mean of each outcome over a world's successful replications, per world and policy.

    Parameters
    ----------
    runs
        ``runs.parquet`` of an experiment with ``uncertainties:`` (its design columns of
        the world and the policy, ``status`` and the outcomes).
    outcomes
        The outcome columns to average.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``world``, ``policy``), one column per outcome, sorted by world. A mean
        over no successful run (or over undefined values only) is NaN.
    """
    world, policy = design_column(WORLD), design_column(POLICY)
    missing = [c for c in (world, policy, *outcomes) if c not in runs]
    if missing:
        raise ValueError(f"the runs have no column {missing[0]!r}")
    ok = runs[runs["status"] == OK]
    means = (
        ok.rename(columns={world: WORLD, policy: POLICY})
        .groupby([WORLD, POLICY], sort=True)[list(outcomes)]
        .mean()
    )
    # Worlds whose every run failed still belong to the sample: keep them, as NaN.
    full = pd.MultiIndex.from_product(
        [sorted(runs[world].unique()), list(dict.fromkeys(runs[policy]))],
        names=[WORLD, POLICY],
    )
    return means.reindex(full)
