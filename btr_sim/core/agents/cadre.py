"""The leading cadre: holds a post, may take the blame for an incident, may leave and return."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from btr_sim.core.incidents import Incident
    from btr_sim.core.model import BTRModel

__all__ = ["Cadre", "CadreState"]


class CadreState(StrEnum):
    """Where a cadre stands."""

    IN_OFFICE = "in_office"
    RESIGNED = "resigned"  # blame-taking resignation on own initiative
    ORDERED_OUT = "ordered_out"  # resignation ordered by the supervisor
    DISMISSED = "dismissed"
    REINSTATED = "reinstated"  # back in office after a removal
    RETIRED = "retired"  # left public life (rotation, retirement, or never reinstated)

    @property
    def holds_post(self) -> bool:
        """Whether a cadre in this state holds a post."""
        return self in (CadreState.IN_OFFICE, CadreState.REINSTATED)

    @property
    def removed(self) -> bool:
        """Whether a cadre in this state was removed and may still be reinstated."""
        return self in (CadreState.RESIGNED, CadreState.ORDERED_OUT, CadreState.DISMISSED)


class Cadre(mesa.Agent):
    """A leading cadre.

    Parameters
    ----------
    model
        The model.
    integrity, competence, ambition, connection
        Traits in [0, 1]: moral level, ability (less negligence), career attachment, and the
        patronage tie to the supervisor.
    """

    def __init__(
        self,
        model: BTRModel,
        integrity: float,
        competence: float,
        ambition: float,
        connection: float,
    ) -> None:
        super().__init__(model)
        self.integrity = integrity
        self.competence = competence
        self.ambition = ambition
        self.connection = connection
        self.state = CadreState.IN_OFFICE
        self.post = -1
        self.removed_month: int | None = None
        self.removal_incident: Incident | None = None
        self.recorded_culpability = 0.0
        self.reinstatements = 0
        self.quiet_return = False  # reinstated without announcement and not yet found out

    def resignation_probability(self, incident: Incident, pressure: float) -> float:
        """Chance that the cadre takes the blame and resigns over ``incident``.

        The cadre compares the cost of staying — the moral cost ``w_m I c s`` plus the risk
        ``p_f`` of being forced out with its stigma ``k_s`` — with what resigning costs the
        career in the world where it would not have been forced out: ``(1 - p_f) A L``. ``L``
        is the career loss of a removal: the chance of never returning, the months out if it
        does, and the status ``k_r`` lost in any case. Lax, quick reinstatement makes resigning
        cheap ("resignation as paid leave"). The choice is logistic with scale ``tau``.
        """
        m = self.model
        cfg = m.config.cadres
        moral = cfg.moral_weight * self.integrity * incident.culpability * incident.severity
        supervisor = m.supervisors[incident.supervisor]
        p_forced = supervisor.removal_probability(incident, self, pressure)
        p_back, wait = m.reinstatement.prospect(
            self.connection,
            self.integrity,
            incident.culpability,
            incident.kind == "misconduct",
        )
        career_loss = (
            (1.0 - p_back)
            + p_back * min(1.0, wait / cfg.career_horizon_months)
            + cfg.resignation_cost
        )
        advantage = moral + p_forced * cfg.stigma - (1.0 - p_forced) * self.ambition * career_loss
        return 1.0 / (1.0 + math.exp(-advantage / cfg.decision_noise))

    def takes_the_blame(self, incident: Incident, pressure: float) -> bool:
        """Decide, with one draw from the ``cadres`` stream, whether to resign over ``incident``."""
        u = self.model.streams["cadres"].random()
        return u < self.resignation_probability(incident, pressure)
