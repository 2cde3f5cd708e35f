"""Estimates with confidence intervals: means, differences, contrasts and proportions.

Every interval the package reports is computed here. Intervals of means and differences are
two-sided Student t intervals at level ``level`` (95% by default); a proportion's is Wilson's
score interval (:func:`proportion_ci`). Replications are independent runs, so a scenario's
outcome over its replications is a sample of independent draws; two scenarios run with the
same replication seeds share their random numbers (common random numbers), which makes the
*paired* difference — the mean of per-seed differences — the efficient estimate of their
difference. The unpaired (Welch) difference ignores the pairing and is kept for comparison and
for designs whose runs do not share seeds.

Missing values (NaN: an outcome undefined in a run, or a failed run) are dropped; paired
estimates drop the whole pair.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import stats

__all__ = [
    "Estimate",
    "cohen_d",
    "cohen_dz",
    "contrast_paired",
    "contrast_unpaired",
    "mean_ci",
    "paired_difference",
    "proportion_ci",
    "t_bounds",
    "t_half_width",
    "welch_difference",
]

LEVEL = 0.95


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its confidence interval.

    Attributes
    ----------
    estimate : float
        The point estimate (NaN when there is no data).
    low, high : float
        The interval's bounds (NaN when it cannot be computed, e.g. from one value).
    n : int
        The number of values (or pairs) it rests on.
    se : float
        The standard error.
    df : float
        The degrees of freedom of the t distribution used (NaN for a proportion).
    """

    estimate: float
    low: float
    high: float
    n: int
    se: float = float("nan")
    df: float = float("nan")

    @property
    def half_width(self) -> float:
        """Half the interval's width."""
        return (self.high - self.low) / 2.0

    @property
    def excludes_zero(self) -> bool:
        """Whether the interval lies wholly on one side of zero."""
        return bool(self.low > 0 or self.high < 0)


def _clean(values: Sequence[float] | np.ndarray) -> np.ndarray:
    x = np.asarray(values, dtype=float)
    return x[np.isfinite(x)]


def t_half_width(
    se: float | np.ndarray, df: float | np.ndarray, level: float = LEVEL
) -> float | np.ndarray:
    """Half-width of t intervals, ``t_{(1+level)/2, df} * se``, element by element.

    Parameters
    ----------
    se
        Standard errors.
    df
        Degrees of freedom of the t distribution.
    level
        Confidence level.

    Returns
    -------
    float or numpy.ndarray
        A float for scalar arguments, else an array: 0 where ``se`` is 0 (no spread, the
        interval is the point), NaN where ``se`` or ``df`` is undefined or ``df`` is not
        positive.
    """
    se_, df_ = np.asarray(se, dtype=float), np.asarray(df, dtype=float)
    defined = np.isfinite(se_) & np.isfinite(df_) & (df_ > 0)
    t = stats.t.ppf(0.5 + level / 2.0, np.where(defined, df_, 1.0))
    half = np.where(se_ == 0.0, 0.0, np.where(defined, t * se_, np.nan))
    return float(half) if half.ndim == 0 else half


def t_bounds(
    mean: np.ndarray | pd.Series,
    sd: np.ndarray | pd.Series,
    n: np.ndarray | pd.Series,
    level: float = LEVEL,
) -> tuple[np.ndarray | pd.Series, np.ndarray | pd.Series]:
    """Bounds of the t intervals of means known by their summary statistics, element by element.

    For means already aggregated by group (pointwise bands of monthly series): the same
    interval as :func:`mean_ci` of each group's values, standard error ``sd / sqrt(n)`` on
    ``n - 1`` degrees of freedom.

    Parameters
    ----------
    mean, sd, n
        Each group's mean, standard deviation (``ddof=1``) and number of values.
    level
        Confidence level.

    Returns
    -------
    (low, high)
        Of the type of ``mean``; NaN where a group has fewer than two values.
    """
    count = np.asarray(n, dtype=float)
    with np.errstate(invalid="ignore", divide="ignore"):
        se = np.asarray(sd, dtype=float) / np.sqrt(count)
    half = t_half_width(se, count - 1, level)
    return mean - half, mean + half


def _interval(estimate: float, se: float, df: float, n: int, level: float) -> Estimate:
    half = t_half_width(se, df, level)
    return Estimate(float(estimate), estimate - half, estimate + half, n, float(se), float(df))


def mean_ci(values: Sequence[float] | np.ndarray, level: float = LEVEL) -> Estimate:
    """The mean of independent values and its t interval.

    Parameters
    ----------
    values
        The sample; NaN values are dropped.
    level
        Confidence level.

    Returns
    -------
    Estimate
        NaN estimate for an empty sample, NaN bounds for a single value.
    """
    x = _clean(values)
    n = len(x)
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    if n == 1:
        return Estimate(float(x[0]), float("nan"), float("nan"), 1)
    se = float(x.std(ddof=1) / np.sqrt(n))
    return _interval(float(x.mean()), se, n - 1, n, level)


def paired_difference(
    treated: Mapping[int, float], reference: Mapping[int, float], level: float = LEVEL
) -> Estimate:
    """Mean of the per-seed differences ``treated - reference`` and its t interval.

    Parameters
    ----------
    treated, reference
        Outcome by replication seed. Only seeds present, and finite, in both are used.
    level
        Confidence level.
    """
    seeds = [s for s in treated if s in reference]
    diffs = np.array([treated[s] - reference[s] for s in seeds], dtype=float)
    return mean_ci(diffs, level)


def welch_difference(
    treated: Sequence[float] | np.ndarray,
    reference: Sequence[float] | np.ndarray,
    level: float = LEVEL,
) -> Estimate:
    """Difference of two independent means with Welch's t interval.

    The standard error is ``sqrt(s1²/n1 + s2²/n2)`` and the degrees of freedom are
    Welch–Satterthwaite's; ``n`` of the result is ``n1 + n2``.
    """
    a, b = _clean(treated), _clean(reference)
    if len(a) == 0 or len(b) == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), len(a) + len(b))
    diff = float(a.mean() - b.mean())
    if len(a) < 2 or len(b) < 2:
        return Estimate(diff, float("nan"), float("nan"), len(a) + len(b))
    va, vb = a.var(ddof=1) / len(a), b.var(ddof=1) / len(b)
    se = float(np.sqrt(va + vb))
    df = (va + vb) ** 2 / (va**2 / (len(a) - 1) + vb**2 / (len(b) - 1)) if se > 0 else np.inf
    return _interval(diff, se, float(df), len(a) + len(b), level)


def proportion_ci(successes: int, trials: int, level: float = LEVEL) -> Estimate:
    """A proportion and its Wilson score interval.

    Wilson's interval keeps close to its nominal coverage for few trials and for proportions
    near 0 or 1, where the Wald interval ``p ± z·se`` shrinks to a point (Brown, Cai &
    DasGupta 2001); it is computed by :meth:`scipy.stats.binomtest` ``.proportion_ci``.

    Parameters
    ----------
    successes, trials
        Counts, ``0 <= successes <= trials``.
    level
        Confidence level.

    Returns
    -------
    Estimate
        ``successes / trials`` with its interval, ``n = trials`` and the binomial standard
        error ``sqrt(p (1 - p) / n)``; NaN throughout for no trials.
    """
    k, n = int(successes), int(trials)
    if n == 0:
        return Estimate(float("nan"), float("nan"), float("nan"), 0)
    p = k / n
    ci = stats.binomtest(k, n).proportion_ci(confidence_level=level, method="wilson")
    return Estimate(p, float(ci.low), float(ci.high), n, float(np.sqrt(p * (1.0 - p) / n)))


def cohen_d(
    treated: Sequence[float] | np.ndarray, reference: Sequence[float] | np.ndarray
) -> float:
    """Cohen's d: difference of means over the pooled standard deviation (NaN if undefined)."""
    a, b = _clean(treated), _clean(reference)
    if len(a) < 2 or len(b) < 2:
        return float("nan")
    pooled = ((len(a) - 1) * a.var(ddof=1) + (len(b) - 1) * b.var(ddof=1)) / (len(a) + len(b) - 2)
    return float((a.mean() - b.mean()) / np.sqrt(pooled)) if pooled > 0 else float("nan")


def cohen_dz(differences: Sequence[float] | np.ndarray) -> float:
    """Cohen's d_z of paired data: mean difference over the standard deviation of differences."""
    d = _clean(differences)
    if len(d) < 2:
        return float("nan")
    sd = d.std(ddof=1)
    return float(d.mean() / sd) if sd > 0 else float("nan")


def contrast_paired(
    table: np.ndarray, weights: np.ndarray, level: float = LEVEL
) -> tuple[Estimate, np.ndarray]:
    """A linear contrast of cell means, estimated replication by replication.

    Parameters
    ----------
    table
        Outcomes, one row per replication seed and one column per cell (design point); rows
        with a NaN in a cell of non-zero weight are dropped.
    weights
        One weight per cell.
    level
        Confidence level.

    Returns
    -------
    (Estimate, numpy.ndarray)
        The mean of the per-replication contrasts with its t interval, and those contrasts.
    """
    used = weights != 0
    rows = np.all(np.isfinite(table[:, used]), axis=1)
    values = table[rows][:, used] @ weights[used]
    return mean_ci(values, level), values


def contrast_unpaired(
    cells: Sequence[np.ndarray], weights: np.ndarray, level: float = LEVEL
) -> Estimate:
    """A linear contrast of independent cell means, with Welch–Satterthwaite degrees of freedom.

    Parameters
    ----------
    cells
        The sample of each cell (NaN dropped).
    weights
        One weight per cell.
    level
        Confidence level.
    """
    estimate, var_terms, df_terms, n = 0.0, [], [], 0
    for sample, w in zip(cells, weights, strict=True):
        if w == 0:
            continue
        x = _clean(sample)
        if len(x) < 2:
            return Estimate(float("nan"), float("nan"), float("nan"), n + len(x))
        n += len(x)
        estimate += w * x.mean()
        term = w**2 * x.var(ddof=1) / len(x)
        var_terms.append(term)
        df_terms.append(term**2 / (len(x) - 1))
    var = float(np.sum(var_terms))
    df = var**2 / float(np.sum(df_terms)) if var > 0 else np.inf
    return _interval(estimate, float(np.sqrt(var)), float(df), n, level)
