"""Follow-up management: reinstatement of removed cadres and discovery of quiet returns.

Each month (ODD section 7): quiet reinstatements may be found out by the media (chance
``discovery_base + discovery_transparency * T``), with a backlash and, sometimes, a reversal;
removed cadres whose return window (``return_window_months`` after the cooling-off) has passed
leave public life; the others may be
approved for return by the supervisor of their former post, under the reinstatement policy.
Approved cadres take the next vacancies (see :meth:`btr_sim.core.model.BTRModel.fill_vacancies`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from btr_sim.core.agents import CadreState
from btr_sim.core.events import EventKind
from btr_sim.core.news import BAD

if TYPE_CHECKING:
    from btr_sim.core.agents import Cadre
    from btr_sim.core.model import BTRModel

__all__ = ["reinstate", "review_reinstatements"]


def _record(
    model: BTRModel,
    event: EventKind,
    cadre: Cadre,
    post: int,
    rule: str = "",
    value: float = float("nan"),
) -> None:
    inc = cadre.removal_incident
    model.events.record(
        model.month,
        event,
        incident=inc.id,
        post=post,
        supervisor=int(model.post_supervisor[post]),
        cadre=cadre.unique_id,
        severity=inc.severity,
        culpability=inc.culpability,
        kind=inc.kind,
        rule=rule,
        value=value,
    )


def review_reinstatements(model: BTRModel) -> None:
    """Discovery of quiet returns, exits from public life, and approvals of reinstatement."""
    _discover_quiet_returns(model)
    policy = model.config.reinstatement
    # The window opens when the cooling-off ends, so a reform's cooling-off delays returns
    # without also shortening the time in which they can happen.
    exit_after = policy.cooling_off_months + policy.return_window_months
    waiting = []
    for cadre in model.removed_pool:
        if model.month - cadre.removed_month >= exit_after:
            cadre.state = CadreState.RETIRED
            continue
        former = model.supervisors[cadre.removal_incident.supervisor]
        if former.approves_return(cadre, model.month):
            model.return_queue.append(cadre)
        else:
            waiting.append(cadre)
    model.removed_pool = waiting


def _discover_quiet_returns(model: BTRModel) -> None:
    policy = model.reinstatement
    rng = model.streams["reinstatement"]
    news = model.config.news
    for cadre in list(model.quiet_returns):
        if rng.random() >= policy.discovery_probability:
            continue
        inc = cadre.removal_incident
        cadre.quiet_return = False
        model.quiet_returns.remove(cadre)
        _record(model, EventKind.DISCOVERY, cadre, cadre.post, rule="media")
        model.news.report(cadre.post, BAD, news.backlash * inc.severity, inc.severity, inc.reach)
        if rng.random() < policy.cfg.backlash_removal_probability:
            _record(model, EventKind.REVERSAL, cadre, cadre.post, rule="backlash")
            model.vacate(cadre, CadreState.RETIRED)


def reinstate(model: BTRModel, cadre: Cadre, post: int) -> None:
    """Re-appoint a removed cadre to a vacant post, announced or quietly."""
    policy = model.reinstatement
    months_out = model.month - cadre.removed_month
    cadre.state = CadreState.REINSTATED
    cadre.reinstatements += 1
    model.seat(cadre, post)
    disclosure = "public" if policy.public else "quiet"
    _record(
        model,
        EventKind.REINSTATEMENT,
        cadre,
        post,
        rule=f"{policy.evaluation.name}/{disclosure}",
        value=months_out,
    )
    inc = cadre.removal_incident
    if policy.public:
        news = model.config.news
        factor = news.merit_factor if policy.evaluation.name == "merit" else 1.0
        magnitude = news.reinstatement * factor * inc.severity
        model.news.report(post, BAD, magnitude, inc.severity, inc.reach)
    else:
        cadre.quiet_return = True
        model.quiet_returns.append(cadre)
