"""The centre's news: how citizens read the accountability record for their trust in the centre.

Local trust hears the news of the post's government (:mod:`btr_sim.core.accountability`,
:mod:`btr_sim.core.followup`). Trust in the centre — the supervisors and above — hears what the
record of an incident says about the centre (ODD 7.7, ``citizens.central``): the event log is
read as it is written, and each event about an incident files one item of the centre's news at
its post, of magnitude ``response x severity`` and with the incident's media reach:

=====================================  ======  =========================================
event                                   sign    response
=====================================  ======  =========================================
disclosure (incident public at once)    bad     ``c_inc``
exposure (cover-up found out)           bad     ``c_inc + c_cov``
ordered resignation, dismissal          good    ``c_rem`` (the superior corrects)
voluntary (blame-taking) resignation    good    ``c_res``
reinstatement, announced                bad     ``c_rei`` (x merit factor after merit)
reinstatement, quiet                    —       unseen until discovered
discovery of a quiet return             bad     ``c_bl``
reversal of a discovered return         good    ``c_rev``
=====================================  ======  =========================================

The signs are fixed by the mechanism (Li 2016: exposing a local cadre's misdeeds and the
superior's correction is where the two levels part); the sizes are free parameters.
"""

from __future__ import annotations

from btr_sim.config import Scenario
from btr_sim.core.events import EventKind
from btr_sim.core.incidents import Incident
from btr_sim.core.news import BAD, GOOD, NewsDesk

__all__ = ["CentralReading"]


class CentralReading:
    """Files the centre's news from the events of the log (a listener of the event log).

    Parameters
    ----------
    scenario
        The scenario: ``citizens.central`` (responses) and ``news.merit_factor``.
    news
        The local news desk; the centre's desk is created as its ``central``, so that both
        months go out together.
    """

    def __init__(self, scenario: Scenario, news: NewsDesk) -> None:
        central = scenario.citizens.central
        self.desk = NewsDesk(news.n_posts, news.media_reach)
        news.central = self.desk
        self.merit_factor = scenario.news.merit_factor
        self.responses: dict[EventKind, tuple[int, float]] = {
            EventKind.DISCLOSURE: (BAD, central.incident),
            EventKind.EXPOSURE: (BAD, central.incident + central.coverup),
            EventKind.ORDERED_RESIGNATION: (GOOD, central.removal),
            EventKind.DISMISSAL: (GOOD, central.removal),
            EventKind.VOLUNTARY_RESIGNATION: (GOOD, central.resignation),
            EventKind.REINSTATEMENT: (BAD, central.reinstatement),
            EventKind.DISCOVERY: (BAD, central.backlash),
            EventKind.REVERSAL: (GOOD, central.reversal),
        }

    def __call__(self, event: EventKind, incident: Incident, post: int, rule: str) -> None:
        """Read one event about ``incident`` at ``post`` (recorded under ``rule``)."""
        response = self.responses.get(event)
        if response is None:
            return
        sign, size = response
        if event is EventKind.REINSTATEMENT:
            evaluation, _, disclosure = rule.partition("/")
            if disclosure == "quiet":
                return  # nobody knows of it yet: its discovery is the news
            if evaluation == "merit":
                size *= self.merit_factor
        self.desk.report(post, sign, size * incident.severity, incident.severity, incident.reach)
