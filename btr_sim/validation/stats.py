"""A mean over replications and its 95% confidence interval."""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy import stats

__all__ = ["mean_ci"]


def mean_ci(values: Iterable[float], level: float = 0.95) -> tuple[float, float, float]:
    """Mean and Student-t confidence interval of replication values, ignoring NaNs.

    Parameters
    ----------
    values
        One value per replication.
    level
        Confidence level.

    Returns
    -------
    mean, low, high
        NaN throughout if no value is defined; the interval collapses to the mean for a
        single value or zero spread.
    """
    x = np.asarray([v for v in values if not math.isnan(v)], dtype=float)
    if x.size == 0:
        return math.nan, math.nan, math.nan
    mean = float(x.mean())
    if x.size == 1:
        return mean, mean, mean
    sem = float(x.std(ddof=1)) / math.sqrt(x.size)
    half = float(stats.t.ppf(0.5 + level / 2, x.size - 1)) * sem
    return mean, mean - half, mean + half
