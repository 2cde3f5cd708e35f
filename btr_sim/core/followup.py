"""Follow-up management: reinstatement of removed cadres and discovery of quiet returns.

Each month (ODD section 7.6): the supervisors decide on the quiet reinstatements found out the
month before — reversed where the backlash (the post's public pressure once its citizens heard
of the discovery) exceeds their tolerance, a reversal being news; quiet reinstatements may be
found out by the media, with a backlash; removed cadres whose return window has passed leave public
life; the others may be approved for return by the supervisor of their former post. Approved
cadres take the next vacancies (:meth:`FollowUp.reinstate`, called by the month's appointments).
Every rule of it — eligibility, hazard, public calm, window, order, disclosure — is the
:class:`~btr_sim.rules.ReinstatementPolicy`'s; this module keeps the cadres concerned and the
record of what happens to them.

When the rules change, a removed cadre's case stays under the policy in force when the cadre was
removed (eligibility, hazard, public calm, window and disclosure of its return): a cooling-off
introduced at month m applies to removals from month m on. What the media find out and the
order in which approved cadres take vacancies follow the policy in force.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from btr_sim.config import News
from btr_sim.core.agents import Cadre, CadreState, Supervisor
from btr_sim.core.events import EventKind, EventLog
from btr_sim.core.news import BAD, GOOD, NewsDesk
from btr_sim.core.posts import Posts
from btr_sim.rules import ReinstatementPolicy

__all__ = ["FollowUp"]


class FollowUp:
    """The removed cadres of a run, and what becomes of them.

    Parameters
    ----------
    policy
        The reinstatement rules in force.
    posts
        The posts, where returning cadres are seated.
    supervisors
        The supervisors, by index: a cadre's return is approved by its former supervisor.
    news
        The news desk, for reinstatements and discoveries that citizens hear of.
    magnitudes
        The ``news`` section of the scenario: how bad that news is.
    events
        The event log.
    rng
        The ``reinstatement`` stream (discoveries).

    Attributes
    ----------
    removed : list of Cadre
        Removed cadres still in public life, not yet approved for return, in order of removal.
    approved : list of Cadre
        Cadres approved for return and waiting for a vacancy.
    under_backlash : list of Cadre
        Cadres whose quiet return was found out this month: next month, once the citizens
        have heard of it, their supervisors decide whether to reverse it.
    """

    def __init__(
        self,
        policy: ReinstatementPolicy,
        posts: Posts,
        supervisors: Sequence[Supervisor],
        news: NewsDesk,
        magnitudes: News,
        events: EventLog,
        rng: np.random.Generator,
    ) -> None:
        self.policy = policy
        self.posts = posts
        self.supervisors = supervisors
        self.news = news
        self.magnitudes = magnitudes
        self.events = events
        self.rng = rng
        self.removed: list[Cadre] = []
        self.approved: list[Cadre] = []
        self.under_backlash: list[Cadre] = []

    @property
    def n_waiting(self) -> int:
        """Removed cadres not back in office, approved or not."""
        return len(self.removed) + len(self.approved)

    def admit(self, cadre: Cadre) -> None:
        """Take a cadre just removed from office into follow-up, under the policy in force."""
        cadre.followed_under = self.policy
        self.removed.append(cadre)

    def review(self, month: int) -> None:
        """Reversals after last month's discoveries, new discoveries, exits and approvals."""
        self._answer_backlash(month)
        self._discover_quiet_returns(month)
        waiting = []
        for cadre in self.removed:
            if cadre.followed_under.window_closed(month - cadre.removed_month):
                cadre.state = CadreState.RETIRED
                continue
            former = self.supervisors[cadre.removal_incident.supervisor]
            if former.approves_return(cadre, month):
                self.approved.append(cadre)
            else:
                waiting.append(cadre)
        self.removed = waiting

    def _discover_quiet_returns(self, month: int) -> None:
        for cadre in list(self.posts.quiet_returns):
            if self.rng.random() >= self.policy.discovery_probability:
                continue
            self.posts.end_quiet_return(cadre)
            self._record(month, EventKind.DISCOVERY, cadre, cadre.post, rule="media")
            self._report(cadre, cadre.post, self.magnitudes.backlash)
            self.under_backlash.append(cadre)

    def _answer_backlash(self, month: int) -> None:
        """Reverse the discovered returns whose backlash exceeds the supervisor's tolerance.

        A reversal is news: the cadre is removed again, which the post's citizens see as a
        correction (``news.corrective``, as grave as the incident it was removed over).
        """
        pending, self.under_backlash = self.under_backlash, []
        for cadre in pending:
            if not cadre.state.holds_post:  # left the post meanwhile
                continue
            post = cadre.post
            if not self.supervisors[int(self.posts.supervisor[post])].reverses_return(cadre):
                continue
            self._record(month, EventKind.REVERSAL, cadre, post, rule="backlash")
            self.posts.vacate(cadre, CadreState.RETIRED)
            cadre.record.removals += 1
            inc = cadre.removal_incident
            magnitude = self.magnitudes.corrective * inc.severity
            self.news.report(post, GOOD, magnitude, inc.severity, inc.reach)

    def reinstate(self, post: int, month: int) -> None:
        """Re-appoint to the vacant ``post`` the approved cadre whom the policy puts next."""
        cadre = self.approved.pop(self.policy.next_to_return(self.approved))
        cadre.state = CadreState.REINSTATED
        cadre.reinstatements += 1
        cadre.record.returns += 1
        self.posts.seat(cadre, post)
        policy = cadre.followed_under
        self._record(
            month,
            EventKind.REINSTATEMENT,
            cadre,
            post,
            rule=policy.rule,
            value=month - cadre.removed_month,
        )
        if policy.public:
            merit = policy.evaluation.name == "merit"
            factor = self.magnitudes.merit_factor if merit else 1.0
            self._report(cadre, post, self.magnitudes.reinstatement * factor)
        else:
            self.posts.return_quietly(cadre)

    def _record(
        self,
        month: int,
        event: EventKind,
        cadre: Cadre,
        post: int,
        rule: str,
        value: float = np.nan,
    ) -> None:
        # Events of the follow-up refer to the incident the cadre was removed over, at the
        # post where the cadre now is.
        supervisor = int(self.posts.supervisor[post])
        self.events.record_incident(
            month,
            event,
            cadre.removal_incident,
            post=post,
            supervisor=supervisor,
            rule=rule,
            value=value,
        )

    def _report(self, cadre: Cadre, post: int, magnitude: float) -> None:
        # Bad news, as grave as the incident the cadre was removed over.
        inc = cadre.removal_incident
        self.news.report(post, BAD, magnitude * inc.severity, inc.severity, inc.reach)
