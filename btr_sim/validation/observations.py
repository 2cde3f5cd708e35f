"""What the sources observed, each with its uncertainty.

A fact's observation is one of:

- :class:`Count`: k of n (29 of 85 reinstated), a binomial proportion;
- :class:`Range`: where the sources give only words ("about half", "none"), the range the words
  allow, with the most likely value in it;
- :class:`Estimate`: a value with its standard error (a survey share, or data simulated from the
  model at known parameters, as the recovery test does);
- :class:`Sign`: a direction with no size ("a resignation raises credibility");
- :class:`Exact`: the value a rule guarantees (by-construction facts).

Each says where a model's mean must lie to agree with it (:meth:`~Count.interval`, 95%), and,
when it can enter a likelihood, its value and variance under a normal observation model
(:attr:`~Count.value`, :attr:`~Count.variance`): the calibration's kernel
(:mod:`btr_sim.validation.abc`) and the posterior predictive checks
(:mod:`btr_sim.validation.predictive`) use these two numbers, nothing else.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from scipy import stats

__all__ = ["LEVEL", "Count", "Estimate", "Exact", "Observation", "Range", "Sign"]

#: Level of an observation's interval.
LEVEL = 0.95

# The normal quantile of LEVEL: a range in words is read as a 95% interval.
_Z = float(stats.norm.ppf(0.5 + LEVEL / 2))


@dataclass(frozen=True)
class Count:
    """``k`` of ``n``: a binomial proportion.

    Its value and variance are the mean and variance of the Jeffreys posterior
    Beta(k + 1/2, n - k + 1/2), which stays positive at 0 of n and n of n; its interval is the
    Jeffreys 95% interval.
    """

    k: int
    n: int

    def __post_init__(self) -> None:
        if not 0 <= self.k <= self.n or self.n < 1:
            raise ValueError(f"a count needs 0 <= k <= n and n >= 1, not {self.k} of {self.n}")

    @property
    def _beta(self) -> stats.rv_continuous:
        return stats.beta(self.k + 0.5, self.n - self.k + 0.5)

    @property
    def value(self) -> float:
        """The observed share, as the Jeffreys posterior mean."""
        return float(self._beta.mean())

    @property
    def variance(self) -> float:
        """The variance of the Jeffreys posterior."""
        return float(self._beta.var())

    def interval(self) -> tuple[float, float]:
        """The Jeffreys 95% interval of the share."""
        low, high = self._beta.interval(LEVEL)
        return float(low), float(high)

    def describe(self) -> str:
        """``29 of 85 (34%)``."""
        return f"{self.k} of {self.n} ({self.k / self.n:.0%})"


@dataclass(frozen=True)
class Range:
    """Words that allow ``low`` to ``high``, most likely ``best`` (default: the middle).

    Read as a 95% interval of a normal observation centred on ``best``: its standard deviation
    is the wider side of the range over 1.96, so that "none" (0 to 0.1, best 0) is not pulled
    towards 0.05.
    """

    low: float
    high: float
    words: str
    best: float | None = None

    def __post_init__(self) -> None:
        if not self.low < self.high:
            raise ValueError(f"a range needs low < high, not [{self.low}, {self.high}]")
        if self.best is not None and not self.low <= self.best <= self.high:
            raise ValueError(f"best {self.best} lies outside [{self.low}, {self.high}]")

    @property
    def value(self) -> float:
        """The most likely value."""
        return (self.low + self.high) / 2 if self.best is None else self.best

    @property
    def variance(self) -> float:
        """The variance of the normal whose 95% interval spans the range's wider side."""
        half = max(self.value - self.low, self.high - self.value)
        return (half / _Z) ** 2

    def interval(self) -> tuple[float, float]:
        """The range itself."""
        return self.low, self.high

    def describe(self) -> str:
        """``"about half" (0.4 to 0.6)``."""
        return f'"{self.words}" ({self.low:g} to {self.high:g})'


@dataclass(frozen=True)
class Estimate:
    """A value with its standard error."""

    estimate: float
    se: float

    def __post_init__(self) -> None:
        if not self.se > 0:
            raise ValueError(f"a standard error must be positive, not {self.se}")

    @property
    def value(self) -> float:
        """The estimate."""
        return self.estimate

    @property
    def variance(self) -> float:
        """The squared standard error."""
        return self.se**2

    def interval(self) -> tuple[float, float]:
        """The normal 95% interval."""
        return self.estimate - _Z * self.se, self.estimate + _Z * self.se

    def describe(self) -> str:
        """``0.34 ± 0.05 (se)``."""
        return f"{self.estimate:.3g} ± {self.se:.2g} (se)"


@dataclass(frozen=True)
class Sign:
    """A direction with no size: positive (or negative). Cannot enter a likelihood."""

    positive: bool = True

    value = None
    variance = None

    def interval(self) -> tuple[float, float]:
        """Above zero (or below): a whole confidence interval must lie in it."""
        return (1e-12, math.inf) if self.positive else (-math.inf, -1e-12)

    def describe(self) -> str:
        """``> 0``."""
        return "> 0" if self.positive else "< 0"


@dataclass(frozen=True)
class Exact:
    """The value a rule guarantees. Not a measurement: never fitted, never scored."""

    exact: float

    variance = None

    @property
    def value(self) -> float:
        """The guaranteed value."""
        return self.exact

    def interval(self) -> tuple[float, float]:
        """The value itself."""
        return self.exact, self.exact

    def describe(self) -> str:
        """``= 0 (by rule)``."""
        return f"= {self.exact:g} (by rule)"


#: Any observation.
Observation = Count | Range | Estimate | Sign | Exact
