"""Incidents becoming known, and the accountability that follows them.

The sequence for one incident (ODD section 7):

1. it occurs at a post (:meth:`Accountability.open_incident`); the cadre may conceal it, else
   it is public;
2. a concealed incident may be exposed in a later month (:meth:`Accountability.expose_hidden`);
3. the month after it becomes public the cadre may take the blame and resign; if not, the
   supervisor opens a case, decided at once (informal) or after an investigation (formal)
   (:meth:`Accountability.hold_to_account`); a removed cadre goes into follow-up
   (:mod:`btr_sim.core.followup`);
4. each outcome is news for the citizens: the incident itself, a cover-up, a corrective
   removal, or — where transparency lets them see the reasons — impunity or a scapegoat.

When the rules change (:meth:`Accountability.adopt`), every step from then on is under the new
rules, except a formal investigation already open: it is decided under the procedure that
opened it, and the sanction graded by the standards in force on the day of the decision.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from btr_sim.config import Scenario, ScriptedIncident
from btr_sim.core.agents import Cadre, CadreState, Supervisor
from btr_sim.core.events import EventKind, EventLog
from btr_sim.core.followup import FollowUp
from btr_sim.core.incidents import (
    Incident,
    IncidentKind,
    IncidentProcess,
    MonthlyDraws,
    accident_culpability,
    misconduct_culpability,
)
from btr_sim.core.news import BAD, GOOD, NewsDesk
from btr_sim.core.population import CitizenPopulation
from btr_sim.core.posts import Posts
from btr_sim.rules import Procedure, Sanction, Standard

__all__ = ["Accountability"]


class Accountability:
    """The incidents of a run and the accountability that follows each of them.

    Parameters
    ----------
    scenario
        The scenario (news magnitudes, standards, transparency, the exposure window).
    posts
        The posts: who is responsible where, and where removals leave vacancies.
    supervisors
        The supervisors, by index.
    procedure, standard
        The rules in force by which supervisors decide (named in the event log).
    incident_process
        The incident process (concealment and exposure chances).
    citizens
        The citizens, whose public pressure cadres and supervisors feel.
    news
        The news desk.
    events
        The event log.
    followup
        Follow-up management, which takes in removed cadres.
    streams
        The run's random substreams (``exposure``, ``news`` and ``scripted`` are drawn here).

    Attributes
    ----------
    incidents : list of Incident
        Every incident so far, by id.
    awaiting_response : list of Incident
        Incidents that became public this month: next month their cadres and supervisors
        respond.
    hidden : list of Incident
        Concealed incidents that may still be exposed.
    """

    def __init__(
        self,
        scenario: Scenario,
        *,
        posts: Posts,
        supervisors: Sequence[Supervisor],
        procedure: Procedure,
        standard: Standard,
        incident_process: IncidentProcess,
        citizens: CitizenPopulation,
        news: NewsDesk,
        events: EventLog,
        followup: FollowUp,
        streams: Mapping[str, np.random.Generator],
    ) -> None:
        self.posts = posts
        self.supervisors = supervisors
        self.incident_process = incident_process
        self.citizens = citizens
        self.news = news
        self.events = events
        self.followup = followup
        self.streams = streams
        self.adopt(scenario, procedure, standard)
        self.incidents: list[Incident] = []
        self.awaiting_response: list[Incident] = []
        self.hidden: list[Incident] = []

    def adopt(self, scenario: Scenario, procedure: Procedure, standard: Standard) -> None:
        """Follow ``scenario`` and the rules ``procedure`` and ``standard`` from now on."""
        self.scenario = scenario
        self.procedure = procedure
        self.standard = standard

    # -- incidents becoming known ----------------------------------------------------------------

    def open_incident(
        self, month: int, post: int, kind: str, draws: MonthlyDraws, row: int
    ) -> None:
        """Open the random incident of ``kind`` at ``post`` from the month's draws (row 0 or 1)."""
        holder = self.posts.holders[post]
        if kind == IncidentKind.ACCIDENT:
            culpability = accident_culpability(draws.culpability[row, post], holder.competence)
        else:
            culpability = misconduct_culpability(draws.culpability[row, post])
        severity = draws.severity[row, post]
        inc = self._new_incident(month, post, kind, severity, culpability)
        hidden = self.incident_process.concealed(
            inc.severity,
            holder.integrity,
            draws.conceal_attempt[row, post],
            draws.conceal_success[row, post],
            self.scenario.transparency,
        )
        self._disclose_or_hide(month, inc, hidden)

    def open_scripted_incident(self, month: int, scripted: ScriptedIncident) -> None:
        """Open an incident placed by hand in the scenario (a typical case)."""
        holder = self.posts.holders[scripted.post]
        culpability = scripted.culpability
        if culpability is None:
            u = self.streams["scripted"].random()
            culpability = (
                accident_culpability(u, holder.competence)
                if scripted.kind == IncidentKind.ACCIDENT
                else misconduct_culpability(u)
            )
        forced = (
            month + scripted.exposed_after_months
            if scripted.exposed_after_months is not None
            else None
        )
        inc = self._new_incident(
            month,
            scripted.post,
            scripted.kind,
            scripted.severity,
            culpability,
            reach=scripted.reach,
            label=scripted.label,
            response=scripted.response,
            forced_exposure_month=forced,
        )
        self._disclose_or_hide(month, inc, scripted.concealed)

    def expose_hidden(self, month: int) -> None:
        """Expose concealed incidents: scripted ones when due, others with ``e_0 + e_T T``."""
        if not self.hidden:
            return
        p = self.incident_process.exposure_probability(self.scenario.transparency)
        window = self.scenario.incidents.exposure_window_months
        rng = self.streams["exposure"]
        still_hidden = []
        for inc in self.hidden:
            if inc.forced_exposure_month is not None:
                exposed = month >= inc.forced_exposure_month
            else:
                exposed = rng.random() < p
            if exposed:
                self._make_public(month, inc, exposed=True)
            elif month - inc.month < window or inc.forced_exposure_month is not None:
                still_hidden.append(inc)
        self.hidden = still_hidden

    def _new_incident(
        self,
        month: int,
        post: int,
        kind: str,
        severity: float,
        culpability: float,
        **extra: object,
    ) -> Incident:
        holder = self.posts.holders[post]
        inc = Incident(
            id=len(self.incidents),
            month=month,
            post=post,
            supervisor=int(self.posts.supervisor[post]),
            cadre=holder.unique_id,
            kind=IncidentKind(kind),
            severity=float(severity),
            culpability=float(culpability),
            holder=holder,
            **extra,
        )
        self.incidents.append(inc)
        holder.record.incidents += 1
        self.events.record_incident(month, EventKind.INCIDENT, inc)
        return inc

    def _disclose_or_hide(self, month: int, inc: Incident, hidden: bool) -> None:
        if hidden:
            inc.concealed = True
            self.hidden.append(inc)
            self.events.record_incident(month, EventKind.CONCEALMENT, inc)
        else:
            self._make_public(month, inc, exposed=False)

    def _make_public(self, month: int, inc: Incident, exposed: bool) -> None:
        inc.public_month = month
        self.posts.note_public_incident(inc.post, inc.holder)
        news = self.scenario.news
        magnitude = news.incident + (news.coverup_penalty if exposed else 0.0)
        self.news.report(inc.post, BAD, magnitude * inc.severity, inc.severity, inc.reach)
        self.events.record_incident(
            month,
            EventKind.EXPOSURE if exposed else EventKind.DISCLOSURE,
            inc,
            rule=f"transparency={self.scenario.transparency:g}",
        )
        self.awaiting_response.append(inc)

    # -- responses: the cadre's choice, the supervisor's case ------------------------------------

    def hold_to_account(self, month: int) -> None:
        """Decide investigations that are due, then respond to incidents that became public."""
        for supervisor in self.supervisors:
            for inc, procedure in supervisor.due_cases(month):
                self._decide(month, inc, procedure)
        awaiting, self.awaiting_response = self.awaiting_response, []
        for inc in awaiting:
            self._respond(month, inc)

    def _holder_gone(self, month: int, inc: Incident) -> bool:
        cadre = inc.holder
        if cadre.state.holds_post and cadre.post == inc.post:
            return False
        inc.outcome = EventKind.HOLDER_GONE
        self.events.record_incident(month, EventKind.HOLDER_GONE, inc, rule=f"holder={cadre.state}")
        return True

    def _respond(self, month: int, inc: Incident) -> None:
        """The cadre's choice, then (if it stays) the supervisor's case."""
        if self._holder_gone(month, inc):
            return
        cadre = inc.holder
        supervisor = self.supervisors[inc.supervisor]
        pressure = float(self.citizens.pressure[inc.post])
        # The call to account is weighed with the earlier ones, then joins the record.
        resigns = inc.response == "resign" or (
            inc.response == "rules" and cadre.takes_the_blame(inc, pressure, supervisor)
        )
        cadre.record.calls += 1
        if resigns:
            rule = "scripted" if inc.response == "resign" else "cadre=blame_taking"
            self.remove(month, cadre, EventKind.VOLUNTARY_RESIGNATION, inc, rule, inc.culpability)
            return
        if inc.response == "stay":
            inc.outcome = EventKind.NO_ACTION
            self.events.record_incident(month, EventKind.NO_ACTION, inc, rule="scripted")
            return
        if self.procedure.delay == 0:
            self._decide(month, inc, self.procedure)
            return
        due = supervisor.open_case(inc, month, self.procedure)
        self.events.record_incident(
            month, EventKind.INVESTIGATION, inc, rule=f"procedure={self.procedure.name}", value=due
        )

    def _decide(self, month: int, inc: Incident, procedure: Procedure) -> None:
        """The supervisor finds culpability under ``procedure``, grades the sanction, applies it."""
        if self._holder_gone(month, inc):
            return
        cadre = inc.holder
        supervisor = self.supervisors[inc.supervisor]
        pressure = float(self.citizens.pressure[inc.post])
        sanction, assessed = supervisor.decide(
            inc, cadre.connection, pressure, procedure, supervisor.record_push(cadre.record)
        )
        inc.decided_month = month
        self._enter_record(cadre, sanction is not Sanction.NO_ACTION, assessed)
        event = EventKind(sanction)  # each sanction is named as the event that records it
        rule = f"procedure={procedure.name};standards={self.standard.name}"
        if sanction.removes:
            self.remove(month, cadre, event, inc, rule, assessed)
            return
        inc.outcome = event
        self.events.record_incident(month, event, inc, rule=rule, value=assessed)
        news = self.scenario.news
        if sanction is Sanction.APOLOGY:
            self.news.report(inc.post, GOOD, news.apology * inc.severity, inc.severity, inc.reach)
        if self._culpable_and_serious(inc) and self._reasons_seen():
            magnitude = news.impunity * inc.severity * inc.culpability
            self.news.report(inc.post, BAD, magnitude, inc.severity, inc.reach)

    def remove(
        self,
        month: int,
        cadre: Cadre,
        removal: EventKind,
        inc: Incident,
        rule: str,
        recorded_culpability: float,
    ) -> None:
        """Remove ``cadre`` from office over ``inc`` by ``removal`` (a resignation or dismissal).

        Citizens see the removal as correction — unless the cadre was not culpable and
        transparency lets them see that it was a scapegoat.
        """
        self.posts.vacate(cadre, CadreState.removed_by(removal))
        if (
            removal is EventKind.VOLUNTARY_RESIGNATION
        ):  # the supervisor's decisions enter in _decide
            self._enter_record(cadre, True, recorded_culpability)
        cadre.record.removals += 1
        cadre.removed_month = month
        cadre.removal_incident = inc
        cadre.recorded_culpability = recorded_culpability
        self.followup.admit(cadre)
        inc.outcome = removal
        inc.decided_month = month
        self.events.record_incident(month, removal, inc, rule=rule, value=recorded_culpability)
        news = self.scenario.news
        culpable = inc.culpability >= self.scenario.standards.culpability_bar
        forced = removal is not EventKind.VOLUNTARY_RESIGNATION
        if forced and not culpable and self._reasons_seen():
            magnitude = news.scapegoat * inc.severity
            self.news.report(inc.post, BAD, magnitude, inc.severity, inc.reach)
        else:
            magnitude = news.corrective * inc.severity
            self.news.report(inc.post, GOOD, magnitude, inc.severity, inc.reach)

    def _enter_record(self, cadre: Cadre, sanctioned: bool, recorded_culpability: float) -> None:
        """A decision over one of ``cadre``'s incidents joins its record."""
        record = cadre.record
        record.sanctions += sanctioned
        record.culpable += recorded_culpability >= self.scenario.standards.culpability_bar

    def _culpable_and_serious(self, inc: Incident) -> bool:
        standards = self.scenario.standards
        return (
            inc.culpability >= standards.culpability_bar
            and inc.severity >= standards.severity_threshold
        )

    def _reasons_seen(self) -> bool:
        """Whether citizens learn the reasons for a decision (one draw, chance = transparency)."""
        return bool(self.streams["news"].random() < self.scenario.transparency)
