"""Reinstatement (复出): follow-up management of resigned and dismissed cadres.

Imperfect follow-up management is the thesis's third problem: removed cadres return quietly,
soon, with no evaluation and no disclosure. A :class:`ReinstatementPolicy` combines

- a cooling-off period (no reinstatement before it ends: the 2009/2014 rules say 12 months);
- an evaluation rule, chosen by name: ``none`` (patronage decides: the hazard grows with the
  cadre's connection, less so under power restriction) or ``merit`` (only cadres whose recorded
  culpability is below a bar and whose integrity is above one may return);
- disclosure, ``quiet`` or ``public``; a quiet reinstatement may be discovered later.

Each month an eligible removed cadre returns with hazard
``h = h_r * multiplier(connection) * (misconduct_factor if removed over misconduct)``.
"""

from __future__ import annotations

from typing import Protocol

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
    """The follow-up rules of one scenario.

    Parameters
    ----------
    cfg
        The ``reinstatement`` section of the scenario.
    power_restriction
        The scenario's power restriction ``R``.
    transparency
        The scenario's transparency ``T``.
    """

    def __init__(self, cfg: Reinstatement, power_restriction: float, transparency: float) -> None:
        self.cfg = cfg
        self.evaluation: Evaluation = EVALUATIONS[cfg.evaluation](cfg, power_restriction)
        self.public = cfg.disclosure == "public"
        self.discovery_probability = cfg.discovery_base + cfg.discovery_transparency * transparency
        self.rule = f"reinstatement={cfg.evaluation}/{cfg.disclosure}/{cfg.cooling_off_months}m"

    def hazard(
        self,
        months_since_removal: int,
        connection: float,
        integrity: float,
        recorded_culpability: float,
        misconduct: bool,
    ) -> float:
        """Monthly chance of reinstatement for one removed cadre (0 while cooling off)."""
        if months_since_removal < self.cfg.cooling_off_months:
            return 0.0
        if not self.evaluation.eligible(recorded_culpability, integrity):
            return 0.0
        h = self.cfg.monthly_hazard * self.evaluation.hazard_multiplier(connection)
        if misconduct:
            h *= self.cfg.misconduct_factor
        return min(h, 1.0)

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
