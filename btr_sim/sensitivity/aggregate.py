"""A results folder's runs averaged over replications, one row per world and policy."""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

__all__ = ["world_means"]


def world_means(runs: pd.DataFrame, outcomes: Sequence[str]) -> pd.DataFrame:
    """Mean of each outcome over a world's successful replications, per world and policy.

    Parameters
    ----------
    runs
        ``runs.parquet`` of an experiment with ``uncertainties:`` (columns ``design.world``,
        ``design.policy``, ``status`` and the outcomes).
    outcomes
        The outcome columns to average.

    Returns
    -------
    pandas.DataFrame
        Indexed by (``world``, ``policy``), one column per outcome, sorted by world. A mean
        over no successful run (or over undefined values only) is NaN.
    """
    missing = [c for c in ("design.world", "design.policy", *outcomes) if c not in runs]
    if missing:
        raise ValueError(f"the runs have no column {missing[0]!r}")
    ok = runs[runs["status"] == "ok"]
    means = (
        ok.rename(columns={"design.world": "world", "design.policy": "policy"})
        .groupby(["world", "policy"], sort=True)[list(outcomes)]
        .mean()
    )
    # Worlds whose every run failed still belong to the sample: keep them, as NaN.
    full = pd.MultiIndex.from_product(
        [sorted(runs["design.world"].unique()), list(dict.fromkeys(runs["design.policy"]))],
        names=["world", "policy"],
    )
    return means.reindex(full)
