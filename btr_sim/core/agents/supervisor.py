"""The supervisor: the superior body that holds its posts' cadres to account and reinstates them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from btr_sim.rules import Sanction, grade_sanction

if TYPE_CHECKING:
    from btr_sim.core.agents.cadre import Cadre
    from btr_sim.core.agents.context import AgentContext
    from btr_sim.core.incidents import Incident

__all__ = ["Supervisor"]


class Supervisor(mesa.Agent):
    """A superior Party/government body over ``posts_per_supervisor`` posts.

    Parameters
    ----------
    model
        The model.
    index
        The supervisor's index (0-based), used in the event log.
    threshold
        Its severity threshold ``theta_k`` under the standards rule.
    """

    def __init__(self, model: AgentContext, index: int, threshold: float) -> None:
        super().__init__(model)
        self.index = index
        self.threshold = threshold
        self.cases: list[tuple[int, Incident]] = []  # (month due, incident) under investigation

    def _effective_severity(self, incident: Incident) -> float:
        # The 2009 provisions punish concealment more heavily.
        aggravation = self.model.config.procedure.concealment_aggravation
        return incident.severity * (aggravation if incident.was_concealed else 1.0)

    def removal_probability(self, incident: Incident, connection: float, pressure: float) -> float:
        """Chance that this supervisor would remove a cadre of ``connection`` over ``incident``.

        What the cadre expects when weighing a blame-taking resignation: the chance that the
        procedure's finding reaches the culpability bar, if the severity reaches the threshold.
        """
        if self._effective_severity(incident) < self.threshold:
            return 0.0
        return self.model.procedure.finding_probability(
            incident.culpability,
            pressure,
            connection,
            self.model.config.standards.culpability_bar,
        )

    def open_case(self, incident: Incident, month: int) -> int:
        """Open a case; return the month it will be decided."""
        due = month + self.model.procedure.delay
        self.cases.append((due, incident))
        return due

    def due_cases(self, month: int) -> list[Incident]:
        """Take the cases whose decision is due by ``month``, oldest first."""
        due = [inc for when, inc in self.cases if when <= month]
        self.cases = [(when, inc) for when, inc in self.cases if when > month]
        return due

    def decide(
        self, incident: Incident, connection: float, pressure: float
    ) -> tuple[Sanction, float]:
        """Find the culpability of the cadre (of ``connection``) and grade the sanction.

        Returns
        -------
        sanction
            The graded sanction.
        assessed
            The culpability the procedure found.
        """
        m = self.model
        assessed = m.procedure.assess(
            incident.culpability, pressure, connection, m.streams["supervisors"]
        )
        sanction = grade_sanction(
            assessed,
            self._effective_severity(incident),
            incident.misconduct,
            self.threshold,
            m.config.standards,
        )
        return sanction, assessed

    def approves_return(self, cadre: Cadre, month: int) -> bool:
        """Decide, with one draw from the ``reinstatement`` stream, whether ``cadre`` returns.

        The reinstatement policy gives the hazard (zero unless the cadre is eligible) and says
        whether the cadre's former post is calm enough; the supervisor draws only if both allow
        a return.
        """
        policy = self.model.reinstatement
        incident = cadre.removal_incident
        hazard = policy.hazard(
            month - cadre.removed_month,
            cadre.connection,
            cadre.integrity,
            cadre.recorded_culpability,
            incident.misconduct,
        )
        if hazard <= 0.0 or not policy.calm(self.model.citizens.pressure, incident.post):
            return False
        return bool(self.model.streams["reinstatement"].random() < hazard)
