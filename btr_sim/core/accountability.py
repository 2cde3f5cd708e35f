"""Incidents becoming known, and the accountability that follows them.

The sequence for one incident (ODD section 7):

1. it occurs at a post (:func:`open_incident`); the cadre may conceal it, else it is public;
2. a concealed incident may be exposed in a later month (:func:`expose_hidden`);
3. the month after it becomes public the cadre may take the blame and resign; if not, the
   supervisor opens a case, decided at once (informal) or after an investigation (formal)
   (:func:`hold_to_account`);
4. each outcome is news for the citizens: the incident itself, a cover-up, a corrective
   removal, or — where transparency lets them see the reasons — impunity or a scapegoat.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from btr_sim.core.agents import CadreState
from btr_sim.config import ScriptedIncident
from btr_sim.core.events import EventKind
from btr_sim.core.incidents import (
    Incident,
    IncidentKind,
    MonthlyDraws,
    accident_culpability,
    misconduct_culpability,
)
from btr_sim.core.news import BAD, GOOD
from btr_sim.rules import Sanction

if TYPE_CHECKING:
    from btr_sim.core.agents import Cadre
    from btr_sim.core.model import BTRModel

__all__ = [
    "expose_hidden",
    "hold_to_account",
    "open_incident",
    "open_scripted_incident",
    "remove",
]

_REMOVAL_EVENT = {
    CadreState.RESIGNED: EventKind.VOLUNTARY_RESIGNATION,
    CadreState.ORDERED_OUT: EventKind.ORDERED_RESIGNATION,
    CadreState.DISMISSED: EventKind.DISMISSAL,
}
_SANCTION_STATE = {
    Sanction.ORDERED_RESIGNATION: CadreState.ORDERED_OUT,
    Sanction.DISMISSAL: CadreState.DISMISSED,
}


def _record(
    model: BTRModel, event: EventKind, inc: Incident, rule: str = "", value: float = np.nan
) -> None:
    model.events.record(
        model.month,
        event,
        incident=inc.id,
        post=inc.post,
        supervisor=inc.supervisor,
        cadre=inc.cadre,
        severity=inc.severity,
        culpability=inc.culpability,
        kind=inc.kind,
        rule=rule,
        value=value,
    )


def _new_incident(
    model: BTRModel, post: int, kind: str, severity: float, culpability: float, **extra: object
) -> Incident:
    holder = model.holders[post]
    inc = Incident(
        id=len(model.incidents),
        month=model.month,
        post=post,
        supervisor=int(model.post_supervisor[post]),
        cadre=holder.unique_id,
        kind=IncidentKind(kind),
        severity=float(severity),
        culpability=float(culpability),
        holder=holder,
        **extra,
    )
    model.incidents.append(inc)
    _record(model, EventKind.INCIDENT, inc)
    return inc


def _make_public(model: BTRModel, inc: Incident, exposed: bool) -> None:
    inc.public_month = model.month
    news = model.config.news
    magnitude = news.incident + (news.coverup_penalty if exposed else 0.0)
    model.news.report(inc.post, BAD, magnitude * inc.severity, inc.severity, inc.reach)
    _record(
        model,
        EventKind.EXPOSURE if exposed else EventKind.DISCLOSURE,
        inc,
        rule=f"transparency={model.config.transparency:g}",
    )
    model.awaiting_response.append(inc)


def open_incident(model: BTRModel, post: int, kind: str, draws: MonthlyDraws, row: int) -> None:
    """Open the random incident of ``kind`` at ``post`` from the month's draws (row 0 or 1)."""
    holder = model.holders[post]
    if kind == IncidentKind.ACCIDENT:
        culpability = accident_culpability(draws.culpability[row, post], holder.competence)
    else:
        culpability = misconduct_culpability(draws.culpability[row, post])
    severity = draws.severity[row, post]
    inc = _new_incident(model, post, kind, severity, culpability)
    hidden = model.incident_process.concealed(
        inc.severity,
        holder.integrity,
        draws.conceal_attempt[row, post],
        draws.conceal_success[row, post],
        model.config.transparency,
    )
    _disclose_or_hide(model, inc, hidden)


def open_scripted_incident(model: BTRModel, scripted: ScriptedIncident) -> None:
    """Open an incident placed by hand in the scenario (a typical case)."""
    holder = model.holders[scripted.post]
    culpability = scripted.culpability
    if culpability is None:
        u = model.streams["scripted"].random()
        culpability = (
            accident_culpability(u, holder.competence)
            if scripted.kind == IncidentKind.ACCIDENT
            else misconduct_culpability(u)
        )
    forced = (
        model.month + scripted.exposed_after_months
        if scripted.exposed_after_months is not None
        else None
    )
    inc = _new_incident(
        model,
        scripted.post,
        scripted.kind,
        scripted.severity,
        culpability,
        reach=scripted.reach,
        label=scripted.label,
        response=scripted.response,
        forced_exposure_month=forced,
    )
    _disclose_or_hide(model, inc, scripted.concealed)


def _disclose_or_hide(model: BTRModel, inc: Incident, hidden: bool) -> None:
    if hidden:
        inc.concealed = True
        model.hidden.append(inc)
        _record(model, EventKind.CONCEALMENT, inc)
    else:
        _make_public(model, inc, exposed=False)


def expose_hidden(model: BTRModel) -> None:
    """Expose concealed incidents: scripted ones when due, others with ``e_0 + e_T T``."""
    if not model.hidden:
        return
    p = model.incident_process.exposure_probability(model.config.transparency)
    window = model.config.incidents.exposure_window_months
    rng = model.streams["exposure"]
    still_hidden = []
    for inc in model.hidden:
        if inc.forced_exposure_month is not None:
            exposed = model.month >= inc.forced_exposure_month
        else:
            exposed = rng.random() < p
        if exposed:
            _make_public(model, inc, exposed=True)
        elif model.month - inc.month < window or inc.forced_exposure_month is not None:
            still_hidden.append(inc)
    model.hidden = still_hidden


def hold_to_account(model: BTRModel) -> None:
    """Decide investigations that are due, then respond to incidents that became public."""
    for supervisor in model.supervisors:
        for inc in supervisor.due_cases(model.month):
            _decide(model, inc)
    awaiting, model.awaiting_response = model.awaiting_response, []
    for inc in awaiting:
        _respond(model, inc)


def _holder_gone(model: BTRModel, inc: Incident) -> bool:
    cadre = inc.holder
    if cadre.state.holds_post and cadre.post == inc.post:
        return False
    inc.outcome = EventKind.HOLDER_GONE
    _record(model, EventKind.HOLDER_GONE, inc, rule=f"holder={cadre.state}")
    return True


def _respond(model: BTRModel, inc: Incident) -> None:
    """The cadre's choice, then (if it stays) the supervisor's case."""
    if _holder_gone(model, inc):
        return
    cadre = inc.holder
    pressure = float(model.citizens.pressure[inc.post])
    if inc.response == "resign" or (
        inc.response == "rules" and cadre.takes_the_blame(inc, pressure)
    ):
        rule = "scripted" if inc.response == "resign" else "cadre=blame_taking"
        remove(model, cadre, CadreState.RESIGNED, inc, rule, inc.culpability)
        return
    if inc.response == "stay":
        inc.outcome = EventKind.NO_ACTION
        _record(model, EventKind.NO_ACTION, inc, rule="scripted")
        return
    if model.procedure.delay == 0:
        _decide(model, inc)
        return
    due = model.supervisors[inc.supervisor].open_case(inc, model.month)
    _record(
        model, EventKind.INVESTIGATION, inc, rule=f"procedure={model.procedure.name}", value=due
    )


def _decide(model: BTRModel, inc: Incident) -> None:
    """The supervisor finds culpability, grades the sanction and applies it."""
    if _holder_gone(model, inc):
        return
    cadre = inc.holder
    supervisor = model.supervisors[inc.supervisor]
    pressure = float(model.citizens.pressure[inc.post])
    sanction, assessed = supervisor.decide(inc, cadre, pressure)
    inc.decided_month = model.month
    rule = f"procedure={model.procedure.name};standards={model.standard.name}"
    if sanction.removes:
        remove(model, cadre, _SANCTION_STATE[sanction], inc, rule, assessed)
        return
    event = EventKind.APOLOGY if sanction is Sanction.APOLOGY else EventKind.NO_ACTION
    inc.outcome = event
    _record(model, event, inc, rule=rule, value=assessed)
    news = model.config.news
    if sanction is Sanction.APOLOGY:
        model.news.report(inc.post, GOOD, news.apology * inc.severity, inc.severity, inc.reach)
    if _culpable_and_serious(model, inc) and _reasons_seen(model):
        magnitude = news.impunity * inc.severity * inc.culpability
        model.news.report(inc.post, BAD, magnitude, inc.severity, inc.reach)


def _culpable_and_serious(model: BTRModel, inc: Incident) -> bool:
    standards = model.config.standards
    return (
        inc.culpability >= standards.culpability_bar
        and inc.severity >= standards.severity_threshold
    )


def _reasons_seen(model: BTRModel) -> bool:
    """Whether citizens learn the reasons for a decision (one draw, chance = transparency)."""
    return bool(model.streams["news"].random() < model.config.transparency)


def remove(
    model: BTRModel,
    cadre: Cadre,
    state: CadreState,
    inc: Incident,
    rule: str,
    recorded_culpability: float,
) -> None:
    """Remove ``cadre`` from office over ``inc``: resignation (voluntary or ordered) or dismissal.

    Citizens see the removal as correction — unless the cadre was not culpable and
    transparency lets them see that it was a scapegoat.
    """
    model.vacate(cadre, state)
    cadre.removed_month = model.month
    cadre.removal_incident = inc
    cadre.recorded_culpability = recorded_culpability
    model.removed_pool.append(cadre)
    event = _REMOVAL_EVENT[state]
    inc.outcome = event
    inc.decided_month = model.month
    _record(model, event, inc, rule=rule, value=recorded_culpability)
    news = model.config.news
    culpable = inc.culpability >= model.config.standards.culpability_bar
    if state is not CadreState.RESIGNED and not culpable and _reasons_seen(model):
        model.news.report(inc.post, BAD, news.scapegoat * inc.severity, inc.severity, inc.reach)
    else:
        model.news.report(inc.post, GOOD, news.corrective * inc.severity, inc.severity, inc.reach)
