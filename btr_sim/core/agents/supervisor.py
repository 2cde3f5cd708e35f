"""The supervisor: the superior body that holds its posts' cadres to account and reinstates them."""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

from btr_sim.rules import Sanction, grade_sanction

if TYPE_CHECKING:
    from btr_sim.core.agents.cadre import Cadre
    from btr_sim.core.agents.context import AgentContext
    from btr_sim.core.incidents import Incident
    from btr_sim.core.record import CadreRecord
    from btr_sim.rules import Procedure

__all__ = ["Supervisor"]


class Supervisor(mesa.Agent):
    """A superior Party/government body over ``posts_per_supervisor`` posts.

    Parameters
    ----------
    model
        The model.
    index
        The supervisor's index (0-based), used in the event log.
    leaning
        ``z_k``: how much stricter (above 0) or laxer than the nominal standard it is inclined
        to be (:mod:`btr_sim.rules.standards`).
    threshold
        Its severity threshold ``theta_k`` under the standards rule in force.
    """

    def __init__(self, model: AgentContext, index: int, leaning: float, threshold: float) -> None:
        super().__init__(model)
        self.index = index
        self.leaning = leaning
        self.threshold = threshold
        # (month due, incident, the procedure that opened the case) under investigation
        self.cases: list[tuple[int, Incident, Procedure]] = []

    def _effective_severity(self, incident: Incident) -> float:
        # The 2009 provisions punish concealment more heavily.
        aggravation = self.model.config.procedure.concealment_aggravation
        return incident.severity * (aggravation if incident.was_concealed else 1.0)

    def record_push(self, record: CadreRecord) -> float:
        """How far the cadre's ``record`` pushes this supervisor's finding toward culpable."""
        return record.culpability_shift(self.model.config.supervisors.record_weight)

    def removal_probability(
        self, incident: Incident, connection: float, pressure: float, record: float = 0.0
    ) -> float:
        """Chance that this supervisor would remove a cadre of ``connection`` over ``incident``.

        What the cadre expects when weighing a blame-taking resignation: the chance that the
        procedure's finding (pushed by ``record``, :meth:`record_push`) reaches the culpability
        bar, if the severity reaches the threshold.
        """
        if self._effective_severity(incident) < self.threshold:
            return 0.0
        return self.model.procedure.finding_probability(
            incident.culpability,
            pressure,
            connection,
            self.model.config.standards.culpability_bar,
            record,
        )

    def open_case(self, incident: Incident, month: int, procedure: Procedure) -> int:
        """Open a case under ``procedure``; return the month it will be decided.

        The case is decided under the procedure that opened it, even if the rules change
        meanwhile: an investigation under way is not abandoned, nor cut short.
        """
        due = month + procedure.delay
        self.cases.append((due, incident, procedure))
        return due

    def due_cases(self, month: int) -> list[tuple[Incident, Procedure]]:
        """Take the cases whose decision is due by ``month``, oldest first, with their procedure."""
        due = [(inc, procedure) for when, inc, procedure in self.cases if when <= month]
        self.cases = [case for case in self.cases if case[0] > month]
        return due

    def decide(
        self,
        incident: Incident,
        connection: float,
        pressure: float,
        procedure: Procedure,
        record: float = 0.0,
    ) -> tuple[Sanction, float]:
        """Find the culpability of the cadre (of ``connection``) and grade the sanction.

        The finding is ``procedure``'s (the one that opened the case), pushed by the cadre's
        ``record`` (:meth:`record_push`); the sanction is graded by the standards in force when
        the decision is taken.

        Returns
        -------
        sanction
            The graded sanction.
        assessed
            The culpability the procedure found.
        """
        m = self.model
        assessed = procedure.assess(
            incident.culpability, pressure, connection, m.streams["supervisors"], record
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

        The reinstatement policy the cadre was removed under gives the hazard (zero unless the
        cadre is eligible) and says whether the cadre's former post is calm enough; the
        supervisor holds the return back while the former post is still agitated (the calm
        after the incident: :meth:`~btr_sim.rules.ReinstatementPolicy.standing`) and after
        earlier removals on the cadre's record; it draws only if a return is possible.
        """
        policy = cadre.followed_under
        incident = cadre.removal_incident
        hazard = policy.hazard(
            month - cadre.removed_month,
            cadre.connection,
            cadre.integrity,
            cadre.recorded_culpability,
            incident.misconduct,
        )
        pressure = self.model.citizens.pressure
        if hazard <= 0.0 or not policy.calm(pressure, incident.post):
            return False
        hazard *= policy.standing(pressure, incident.post)
        hazard *= cadre.record.return_factor(self.model.config.supervisors.record_weight)
        return bool(self.model.streams["reinstatement"].random() < hazard)

    def reverses_return(self, cadre: Cadre) -> bool:
        """Whether the backlash against ``cadre``'s discovered quiet return makes it reverse it.

        The public pressure in the post, the month after the discovery (the citizens have
        heard of it), against the supervisor's tolerance ``reinstatement.backlash_tolerance``
        of the rules in force. No draw: the backlash decides.
        """
        pressure = float(self.model.citizens.pressure[cadre.post])
        return pressure > self.model.config.reinstatement.backlash_tolerance
