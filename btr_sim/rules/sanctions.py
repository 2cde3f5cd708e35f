"""The graded sanctions of the 2009 Interim Provisions on Implementing Accountability.

Public apology → (suspension) → blame-taking resignation → ordered resignation → removal. The
blame-taking resignation is the cadre's own choice (see :mod:`btr_sim.core.agents.cadre`); what the
supervisor imposes is graded here from the culpability it finds and the incident's severity.
"""

from __future__ import annotations

from enum import StrEnum

from btr_sim.config import Standards

__all__ = ["Sanction", "grade_sanction"]


class Sanction(StrEnum):
    """What the supervisor imposes, in rising severity.

    Each value is the name under which the event log records the decision
    (:class:`btr_sim.core.events.EventKind`), so that the sanction names its own event.
    """

    NO_ACTION = "no_action"
    APOLOGY = "apology"
    ORDERED_RESIGNATION = "ordered_resignation"
    DISMISSAL = "dismissal"

    @property
    def removes(self) -> bool:
        """Whether the sanction removes the cadre from the post."""
        return self in (Sanction.ORDERED_RESIGNATION, Sanction.DISMISSAL)


def grade_sanction(
    assessed_culpability: float,
    severity: float,
    misconduct: bool,
    threshold: float,
    cfg: Standards,
) -> Sanction:
    """Grade the sanction for one incident.

    No sanction unless the cadre is found to bear principal responsibility
    (``assessed_culpability >= c_bar``). Then by severity ``s`` against the supervisor's
    threshold ``theta_k``: below ``a_apol theta_k`` none; below ``theta_k`` a public apology;
    from ``theta_k`` an ordered resignation, or dismissal for misconduct or from
    ``m_dis theta_k``.

    Parameters
    ----------
    assessed_culpability
        The culpability the procedure found (not the true one).
    severity
        The incident's severity, aggravated if it was concealed.
    misconduct
        Whether the incident is the cadre's own misconduct.
    threshold
        The supervisor's severity threshold ``theta_k``.
    cfg
        The standards configuration (culpability bar, apology and dismissal levels).
    """
    if assessed_culpability < cfg.culpability_bar or severity < cfg.apology_fraction * threshold:
        return Sanction.NO_ACTION
    if severity < threshold:
        return Sanction.APOLOGY
    if misconduct or severity >= cfg.dismissal_multiple * threshold:
        return Sanction.DISMISSAL
    return Sanction.ORDERED_RESIGNATION
