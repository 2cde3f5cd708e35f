"""Standards: the severity from which a culpable cadre must take the blame, per supervisor.

Disunity of standards is the first problem the thesis names: what triggers resignation differs
from place to place and from superior to superior. Under ``disunified`` each supervisor holds its
own threshold ``theta * exp(sigma_theta z_k)``, where ``z_k ~ N(0, 1)`` is the supervisor's
*leaning* — how much stricter or laxer than the nominal standard it is inclined to be, a trait
of the supervisor drawn once at set-up whatever the rules. A change of standards rescales the
same leanings: the strict stay strict under a narrower spread, and a supervisor's leaning comes
back if disunity does.
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

    def __init__(self, cfg: Standards, leanings: np.ndarray) -> None:
        self._theta = cfg.severity_threshold

    def threshold(self, supervisor: int) -> float:
        """The common threshold."""
        return self._theta


class DisunifiedStandard:
    """Each supervisor its own threshold, log-normally spread around the nominal one."""

    name = "disunified"

    def __init__(self, cfg: Standards, leanings: np.ndarray) -> None:
        self.thresholds = cfg.severity_threshold * np.exp(cfg.dispersion * np.asarray(leanings))

    def threshold(self, supervisor: int) -> float:
        """That supervisor's own threshold."""
        return float(self.thresholds[supervisor])


STANDARDS: dict[str, type[UnifiedStandard] | type[DisunifiedStandard]] = {
    "unified": UnifiedStandard,
    "disunified": DisunifiedStandard,
}


def make_standard(cfg: Standards, leanings: np.ndarray) -> Standard:
    """Build the standards rule the configuration names, for supervisors of these ``leanings``."""
    return STANDARDS[cfg.rule](cfg, leanings)
