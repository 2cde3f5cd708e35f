"""Incidents: records of accidents and misconduct, and the monthly process that makes them.

Incidents are records, not agents. Each month every post draws the same number of random
numbers from the ``incidents`` stream whatever has happened before, so two scenarios run with
the same seed face the same accidents for as long as their histories allow (common random
numbers): an accident depends on the post only, misconduct also on the sitting cadre.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

import numpy as np

from btr_sim.config import Scenario, ScriptedIncident

__all__ = ["Incident", "IncidentKind", "IncidentProcess", "MonthlyDraws"]


class IncidentKind(StrEnum):
    """The two kinds of incident of MODEL.md."""

    ACCIDENT = "accident"  # accident or disaster: exogenous, culpability from negligence
    MISCONDUCT = "misconduct"  # the cadre's own wrongdoing: culpability high


@dataclass(slots=True)
class Incident:
    """One incident and what became of it."""

    id: int
    month: int
    post: int
    supervisor: int
    cadre: int
    kind: IncidentKind
    severity: float
    culpability: float
    reach: float = 1.0
    label: str = ""
    response: str = "rules"  # scripted cases may fix the cadre's response
    concealed: bool = False
    public_month: int | None = None  # month it became known (at once or by exposure)
    forced_exposure_month: int | None = None  # scripted: month a cover-up comes out
    outcome: str = ""  # the event that closed it (a removal, a sanction, no action)
    decided_month: int | None = None
    holder: Any = field(default=None, repr=False)  # the Cadre agent responsible

    @property
    def misconduct(self) -> bool:
        """Whether the incident is the cadre's own misconduct (not an accident)."""
        return self.kind == IncidentKind.MISCONDUCT

    @property
    def was_concealed(self) -> bool:
        """Whether the cadre hid the incident at first (aggravating once exposed)."""
        return self.concealed


@dataclass(frozen=True, slots=True)
class MonthlyDraws:
    """The fixed-size draws of one month, one entry per post (common random numbers)."""

    accident: np.ndarray  # uniform: accident if below the accident rate
    misconduct: np.ndarray  # uniform: misconduct if below the cadre's misconduct rate
    severity: np.ndarray  # (2, posts) lognormal severities: accident, misconduct
    culpability: np.ndarray  # (2, posts) uniforms turned into culpability
    conceal_attempt: np.ndarray  # (2, posts) uniforms: does the cadre try to hide it
    conceal_success: np.ndarray  # (2, posts) uniforms: does the concealment hold


def accident_culpability(u: np.ndarray | float, competence: np.ndarray | float) -> np.ndarray:
    """Culpability for an accident: ``u ** (0.25 + 3 competence)``.

    Mean culpability is 1 / (1.25 + 3 competence): 0.8 for an incompetent cadre, 0.36 at
    competence 0.5 and 0.24 for a fully competent one; negligence falls with competence.
    """
    return np.power(u, 0.25 + 3.0 * np.asarray(competence))


def misconduct_culpability(u: np.ndarray | float) -> np.ndarray:
    """Culpability for misconduct: ``1 - 0.4 u**2`` (mean 0.87): it is the cadre's own doing."""
    return 1.0 - 0.4 * np.square(u)


class IncidentProcess:
    """Makes each month's incidents from the configuration and the ``incidents`` stream.

    Parameters
    ----------
    scenario
        The scenario (rates, severity, scripted incidents).
    rng
        The ``incidents`` substream.
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        self.rng = rng
        self.n_posts = scenario.world.n_posts
        self.adopt(scenario)

    def adopt(self, scenario: Scenario) -> None:
        """Follow ``scenario``: its power restriction (rules) and its scripted incidents."""
        self.cfg = scenario.incidents
        self.power_restriction = scenario.power_restriction
        self._log_median = float(np.log(self.cfg.severity_median))
        self.scripted_by_month: dict[int, list[ScriptedIncident]] = {}
        for scripted in self.cfg.scripted:
            self.scripted_by_month.setdefault(scripted.month, []).append(scripted)

    def draw(self) -> MonthlyDraws:
        """Draw this month's random numbers for every post, whether or not anything happens."""
        n = self.n_posts
        u = self.rng.random((8, n))
        z = self.rng.standard_normal((2, n))
        severity = np.exp(self._log_median + self.cfg.severity_sigma * z)
        return MonthlyDraws(u[0], u[1], severity, u[2:4], u[4:6], u[6:8])

    def misconduct_rate(self, integrity: np.ndarray) -> np.ndarray:
        """Monthly misconduct chance: ``r_m (1 - integrity) (1 - k_pr R)``."""
        restraint = 1.0 - self.cfg.misconduct_restraint * self.power_restriction
        return self.cfg.misconduct_rate * (1.0 - integrity) * restraint

    def occurrences(
        self, draws: MonthlyDraws, integrity: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """Posts with an accident and posts with misconduct this month."""
        accidents = np.flatnonzero(draws.accident < self.cfg.accident_rate)
        misconduct = np.flatnonzero(draws.misconduct < self.misconduct_rate(integrity))
        return accidents, misconduct

    def concealed(
        self,
        severity: float,
        integrity: float,
        u_attempt: float,
        u_success: float,
        transparency: float,
    ) -> bool:
        """Whether a cadre hides an incident.

        It tries with chance ``k_c (1 - integrity)`` and succeeds with chance
        ``(1 - T) exp(-severity / s_vis)``: grave incidents are hard to hide.
        """
        tries = u_attempt < self.cfg.concealment_propensity * (1.0 - integrity)
        holds = u_success < (1.0 - transparency) * np.exp(-severity / self.cfg.visibility_scale)
        return bool(tries and holds)

    def exposure_probability(self, transparency: float) -> float:
        """Monthly chance that a concealed incident comes out: ``e_0 + e_T T``."""
        return self.cfg.exposure_base + self.cfg.exposure_transparency * transparency

    def scripted(self, month: int) -> list[ScriptedIncident]:
        """The scripted incidents of a month."""
        return self.scripted_by_month.get(month, [])
