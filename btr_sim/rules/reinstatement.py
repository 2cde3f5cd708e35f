"""Reinstatement (复出): follow-up management of resigned and dismissed cadres.

Imperfect follow-up management is the thesis's third problem: removed cadres return quietly,
soon, with no evaluation and no disclosure. A :class:`ReinstatementPolicy` combines

- a cooling-off period (no reinstatement before it ends: the 2009/2014 rules say 12 months);
- an evaluation rule, chosen by name: ``none`` (patronage decides: the hazard grows with the
  cadre's connection, less so under power restriction) or ``merit`` (only cadres whose recorded
  culpability is below a bar and whose integrity is above one may return);
- disclosure, ``quiet`` or ``public``; a quiet reinstatement may be discovered later;
- a return window after the cooling-off, public calm in the former post (2014), and the order
  in which approved cadres take vacancies.

Each month an eligible removed cadre returns with hazard
``h = h_r * multiplier(connection) * (misconduct_factor if removed over misconduct)
* standing``, the standing ``exp(-w_calm P_post / mean P)`` holding a return back while the
former post is still agitated (the calm after the incident: pressure fades as trust recovers),
and its supervisor's view of the record (:mod:`btr_sim.core.agents.supervisor`). A discovered
quiet return is reversed when the backlash — the post's public pressure after the discovery —
exceeds the supervisor's tolerance (no fixed chance).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from btr_sim.config import Reinstatement

__all__ = ["EVALUATIONS", "MeritEvaluation", "PatronageEvaluation", "ReinstatementPolicy"]


class Evaluation(Protocol):
    """What an evaluation rule must answer."""

    name: str

    def eligible(self, recorded_culpability: float, integrity: float) -> bool:
        """Whether the cadre may return at all."""
        ...

    def hazard_multiplier(self, connection: float) -> float:
        """Multiplier of the base hazard."""
        ...


class PatronageEvaluation:
    """No evaluation: everyone may return, the well-connected sooner."""

    name = "none"

    def __init__(self, cfg: Reinstatement, power_restriction: float) -> None:
        self.weight = cfg.connection_weight * (1.0 - power_restriction)

    def eligible(self, recorded_culpability: float, integrity: float) -> bool:
        """Everyone."""
        return True

    def hazard_multiplier(self, connection: float) -> float:
        """``1 + w_rc connection (1 - R)``."""
        return 1.0 + self.weight * connection


class MeritEvaluation:
    """Merit bars on the recorded culpability and on integrity; connection plays no part."""

    name = "merit"

    def __init__(self, cfg: Reinstatement, power_restriction: float) -> None:
        self.culpability_bar = cfg.merit_culpability_bar
        self.integrity_bar = cfg.merit_integrity_bar

    def eligible(self, recorded_culpability: float, integrity: float) -> bool:
        """Less culpable than the bar and at least as honest as the bar."""
        return recorded_culpability < self.culpability_bar and integrity >= self.integrity_bar

    def hazard_multiplier(self, connection: float) -> float:
        """1: connection does not count."""
        return 1.0


EVALUATIONS: dict[str, type[PatronageEvaluation] | type[MeritEvaluation]] = {
    "none": PatronageEvaluation,
    "merit": MeritEvaluation,
}


class ReinstatementPolicy:
    """The follow-up rules of one scenario, all in one place.

    Supervisors and the follow-up management ask this policy; none of them restates a part of it:

    - eligibility (:meth:`eligible`): the cooling-off has passed and the evaluation admits the
      cadre;
    - the monthly hazard of return (:meth:`hazard`), and what a cadre expects of it
      (:meth:`prospect`);
    - public calm (:meth:`calm`, 2014 Regulations): the former post has quietened down;
    - the return window (:meth:`window_closed`): after it the cadre leaves public life;
    - the order of returns (:meth:`next_to_return`): first approved, first back;
    - the calm after the incident (:meth:`standing`): the former post's pressure holds the
      return back;
    - disclosure: announced (``public``) or quiet, and the chance that a quiet return is found
      out (whether it is then reversed is the backlash's: ``backlash_tolerance``).

    Parameters
    ----------
    cfg
        The ``reinstatement`` section of the scenario.
    power_restriction
        The scenario's power restriction ``R``.
    transparency
        The scenario's transparency ``T``.

    Attributes
    ----------
    public : bool
        Whether reinstatements are announced.
    discovery_probability : float
        Monthly chance that a quiet reinstatement is found out: ``d_0 + d_T T``.
    rule : str
        The rule recorded with each reinstatement: ``evaluation/disclosure``.
    """

    def __init__(self, cfg: Reinstatement, power_restriction: float, transparency: float) -> None:
        self.cfg = cfg
        self.evaluation: Evaluation = EVALUATIONS[cfg.evaluation](cfg, power_restriction)
        self.public = cfg.disclosure == "public"
        self.discovery_probability = cfg.discovery_base + cfg.discovery_transparency * transparency
        self.rule = f"{self.evaluation.name}/{cfg.disclosure}"

    def eligible(
        self, months_since_removal: int, recorded_culpability: float, integrity: float
    ) -> bool:
        """Whether a removed cadre may return at all: cooled off, and admitted by the evaluation."""
        return months_since_removal >= self.cfg.cooling_off_months and self.evaluation.eligible(
            recorded_culpability, integrity
        )

    def hazard(
        self,
        months_since_removal: int,
        connection: float,
        integrity: float,
        recorded_culpability: float,
        misconduct: bool,
    ) -> float:
        """Monthly chance of reinstatement for one removed cadre (0 unless eligible)."""
        if not self.eligible(months_since_removal, recorded_culpability, integrity):
            return 0.0
        h = self.cfg.monthly_hazard * self.evaluation.hazard_multiplier(connection)
        if misconduct:
            h *= self.cfg.misconduct_factor
        return min(h, 1.0)

    def calm(self, pressure: np.ndarray, post: int) -> bool:
        """Whether ``post`` is calm enough for its former cadre to return.

        Under ``require_public_calm`` (2014: re-appointment must not trigger new conflicts in the
        former jurisdiction) the post's public pressure must be at most ``calm_pressure_ratio``
        times the mean pressure across posts; a relative bar, because pressure's level scales
        with citizen participation. Otherwise every post is calm enough.
        """
        if not self.cfg.require_public_calm:
            return True
        return bool(pressure[post] <= self.cfg.calm_pressure_ratio * pressure.mean())

    def standing(self, pressure: np.ndarray, post: int) -> float:
        """Multiplier of the hazard from the calm in the former ``post``: ``exp(-w_calm P_p / P̄)``.

        The supervisor waits for the incident to fade from public attention: the post's
        pressure relative to the mean across posts (a relative measure, as pressure's level
        scales with participation). Exactly 1 at ``calm_weight`` 0 or without pressure anywhere.
        """
        weight = self.cfg.calm_weight
        if not weight:
            return 1.0
        mean = float(pressure.mean())
        if mean <= 0.0:
            return 1.0
        return math.exp(-weight * float(pressure[post]) / mean)

    def window_closed(self, months_since_removal: int) -> bool:
        """Whether a cadre removed this long ago has left public life for good.

        The return window opens when the cooling-off ends, so a reform's cooling-off delays
        returns without also shortening the time in which they can happen.
        """
        return months_since_removal >= self.cfg.cooling_off_months + self.cfg.return_window_months

    def next_to_return(self, approved: Sequence[object]) -> int:
        """Which of the ``approved`` (in order of approval) fills the next vacancy: the first."""
        return 0

    def prospect(
        self, connection: float, integrity: float, recorded_culpability: float, misconduct: bool
    ) -> tuple[float, float]:
        """What a cadre expects of reinstatement if removed now.

        Returns
        -------
        probability
            Chance of returning before leaving public life.
        expected_wait
            Expected months out of office if it does return.
        """
        h = self.hazard(
            self.cfg.cooling_off_months, connection, integrity, recorded_culpability, misconduct
        )
        window = self.cfg.return_window_months
        if h <= 0:
            return 0.0, float(self.cfg.cooling_off_months + window)
        probability = 1.0 - (1.0 - h) ** window
        return probability, self.cfg.cooling_off_months + min(1.0 / h, window)
