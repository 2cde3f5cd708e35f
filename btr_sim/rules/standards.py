"""Standards: the severity from which a culpable cadre must take the blame, per supervisor.

Disunity of standards is the first problem the thesis names: what triggers resignation differs
from place to place and from superior to superior. Under ``disunified`` each supervisor holds its
own threshold, drawn once at set-up as ``theta * exp(N(0, sigma_theta))``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from btr_sim.config import Standards

__all__ = ["STANDARDS", "DisunifiedStandard", "Standard", "UnifiedStandard", "make_standard"]


class Standard(Protocol):
    """What a standards rule must answer."""

    name: str

    def threshold(self, supervisor: int) -> float:
        """Severity threshold that supervisor ``supervisor`` applies."""
        ...


class UnifiedStandard:
    """One threshold everywhere."""

    name = "unified"

    def __init__(self, cfg: Standards, n_supervisors: int, rng: np.random.Generator) -> None:
        self._theta = cfg.severity_threshold

    def threshold(self, supervisor: int) -> float:
        """The common threshold."""
        return self._theta


class DisunifiedStandard:
    """Each supervisor its own threshold, log-normally spread around the nominal one."""

    name = "disunified"

    def __init__(self, cfg: Standards, n_supervisors: int, rng: np.random.Generator) -> None:
        # Drawn even when the dispersion is 0, so that the set-up stream stays aligned
        # across scenarios that differ only in the dispersion.
        z = rng.standard_normal(n_supervisors)
        self.thresholds = cfg.severity_threshold * np.exp(cfg.dispersion * z)

    def threshold(self, supervisor: int) -> float:
        """That supervisor's own threshold."""
        return float(self.thresholds[supervisor])


STANDARDS: dict[str, type[UnifiedStandard] | type[DisunifiedStandard]] = {
    "unified": UnifiedStandard,
    "disunified": DisunifiedStandard,
}


def make_standard(cfg: Standards, n_supervisors: int, rng: np.random.Generator) -> Standard:
    """Build the standards rule the configuration names."""
    return STANDARDS[cfg.rule](cfg, n_supervisors, rng)
