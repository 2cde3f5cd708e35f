"""The leading cadre: holds a post, may take the blame for an incident, may leave and return."""

from __future__ import annotations

import math
from enum import StrEnum
from typing import TYPE_CHECKING, Protocol

import mesa

from btr_sim.core.events import EventKind
from btr_sim.core.record import CadreRecord

if TYPE_CHECKING:
    from btr_sim.core.agents.context import AgentContext
    from btr_sim.core.incidents import Incident
    from btr_sim.rules import ReinstatementPolicy

__all__ = ["Cadre", "CadreState", "Superior"]


class CadreState(StrEnum):
    """Where a cadre stands.

    A removed state is declared with the event that removes a cadre into it, so that the event
    of a removal and the state it leaves are one declaration, not two tables.
    """

    IN_OFFICE = "in_office"
    RESIGNED = "resigned", EventKind.VOLUNTARY_RESIGNATION  # blame-taking, own initiative
    ORDERED_OUT = "ordered_out", EventKind.ORDERED_RESIGNATION  # ordered by the supervisor
    DISMISSED = "dismissed", EventKind.DISMISSAL
    REINSTATED = "reinstated"  # back in office after a removal
    RETIRED = "retired"  # left public life (rotation, retirement, or never reinstated)

    removal: EventKind | None

    def __new__(cls, value: str, removal: EventKind | None = None) -> CadreState:
        """A state named ``value``, entered by the ``removal`` event if it is a removed state."""
        state = str.__new__(cls, value)
        state._value_ = value
        state.removal = removal
        return state

    @classmethod
    def removed_by(cls, event: EventKind) -> CadreState:
        """The state a removal ``event`` leaves its cadre in."""
        return next(state for state in cls if state.removal is event)

    @property
    def holds_post(self) -> bool:
        """Whether a cadre in this state holds a post."""
        return self in (CadreState.IN_OFFICE, CadreState.REINSTATED)

    @property
    def removed(self) -> bool:
        """Whether a cadre in this state was removed and may still be reinstated."""
        return self.removal is not None


class Superior(Protocol):
    """What a cadre knows of its supervisor when it weighs taking the blame."""

    def removal_probability(
        self, incident: Incident, connection: float, pressure: float, record: float = 0.0
    ) -> float:
        """Chance that the supervisor would remove a cadre of ``connection`` over ``incident``."""
        ...

    def record_push(self, record: CadreRecord) -> float:
        """How far the cadre's ``record`` pushes the supervisor's finding toward culpable."""
        ...


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
        model: AgentContext,
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
        # The reinstatement rules in force when the cadre was removed: its case is handled
        # under them to the end, whatever rules come later (no retroactive rules).
        self.followed_under: ReinstatementPolicy | None = None
        self.reinstatements = 0
        self.quiet_return = False  # reinstated without announcement and not yet found out
        self.record = CadreRecord()

    def resignation_probability(
        self, incident: Incident, pressure: float, supervisor: Superior
    ) -> float:
        """Chance that the cadre takes the blame and resigns over ``incident``.

        The cadre compares the cost of staying — the moral cost ``w_m I c s`` plus the risk
        ``p_f`` of being forced out with its stigma ``k_s`` — with what resigning costs the
        career in the world where it would not have been forced out: ``(1 - p_f) A L``. ``L``
        is the career loss of a removal: the chance of never returning, the months out if it
        does, and the status ``k_r`` lost in any case. Lax, quick reinstatement makes resigning
        cheap ("resignation as paid leave"). The choice is logistic with scale ``tau``.

        The record weighs twice: the cadre knows that its supervisor's finding is pushed by the
        culpable findings on record, and it expects to be forced out sooner after earlier calls
        to account (:meth:`~btr_sim.core.record.CadreRecord.forced_out_chance`).
        """
        m = self.model
        cfg = m.config.cadres
        moral = cfg.moral_weight * self.integrity * incident.culpability * incident.severity
        p_forced = supervisor.removal_probability(
            incident, self.connection, pressure, supervisor.record_push(self.record)
        )
        p_forced = self.record.forced_out_chance(p_forced, cfg.record_weight)
        p_back, wait = m.reinstatement.prospect(
            self.connection,
            self.integrity,
            incident.culpability,
            incident.misconduct,
        )
        career_loss = (
            (1.0 - p_back)
            + p_back * min(1.0, wait / cfg.career_horizon_months)
            + cfg.resignation_cost
        )
        advantage = moral + p_forced * cfg.stigma - (1.0 - p_forced) * self.ambition * career_loss
        return 1.0 / (1.0 + math.exp(-advantage / cfg.decision_noise))

    def takes_the_blame(self, incident: Incident, pressure: float, supervisor: Superior) -> bool:
        """Decide, with one draw from the ``cadres`` stream, whether to resign over ``incident``.

        ``pressure`` is the post's public pressure; ``supervisor`` the one that would decide the
        case, whose chance of removing the cadre it weighs.
        """
        u = self.model.streams["cadres"].random()
        return u < self.resignation_probability(incident, pressure, supervisor)
