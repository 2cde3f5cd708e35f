"""The stylized facts the model must reproduce, as data.

Each :class:`Target` names a summary metric (:data:`btr_sim.core.metrics.SUMMARY`), the range in
which its mean over replications must lie, and the source of that range (docs/sources.md). The
calibration targets describe the status quo; the reform targets describe the 2009 and 2014
rules. Ranges are deliberately as wide as the sources are vague ("roughly a third", "mostly").
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["CALIBRATION_TARGETS", "REFORM_TARGETS", "Target"]


@dataclass(frozen=True)
class Target:
    """One stylized fact about one summary metric.

    Attributes
    ----------
    name
        Short identifier, used in tables and test names.
    statement
        The fact in words.
    source
        Where the range comes from.
    metric
        The summary metric (a key of :data:`btr_sim.core.metrics.SUMMARY`).
    low, high
        The target range, both ends included.
    """

    name: str
    statement: str
    source: str
    metric: str
    low: float
    high: float

    def distance(self, value: float) -> float:
        """How far ``value`` lies outside the range, in units of the range's width (0 inside).

        A degenerate range (``low == high``) uses a width of 0.1, the scale of a share. An
        undefined value (NaN: nobody was removed or reinstated) counts as 1.
        """
        if math.isnan(value):
            return 1.0
        width = max(self.high - self.low, 0.1)
        if value < self.low:
            return (self.low - value) / width
        if value > self.high:
            return (value - self.high) / width
        return 0.0

    def margin(self, value: float) -> float:
        """How far ``value`` lies inside the range, in units of its width (negative outside).

        Breaks ties between points that meet every target: the one whose worst margin is
        largest is least likely to leave a range under other seeds. A degenerate range has
        no inside, so it does not limit the margin when met (infinite margin).
        """
        if math.isnan(value):
            return -1.0
        if self.high == self.low:
            return math.inf if self.met(value) else -self.distance(value)
        return min(value - self.low, self.high - value) / (self.high - self.low)

    def met(self, value: float) -> bool:
        """Whether ``value`` lies inside the range."""
        return not math.isnan(value) and self.low <= value <= self.high


#: The status quo's stylized facts: the calibration fits the free parameters to these.
CALIBRATION_TARGETS: tuple[Target, ...] = (
    Target(
        "resignation_share",
        "A minority of the incidents that call for accountability (culpable, serious, public) "
        "end in a resignation.",
        "Fischer, Kaiser & Rohlfing 2006 (Germany, 14 of 111, 13%); Dowding & Subrahmanyam "
        "2007 (UK, under 30% to about 40%)",
        "resignation_share_due",
        0.10,
        0.40,
    ),
    Target(
        "reinstated_share",
        "Roughly a third of removed officials are reinstated.",
        "Beijing News 2014 (29 of 85, 34%); local sample 2012 (15 of 30, 50%)",
        "reinstatement_rate",
        0.25,
        0.50,
    ),
    Target(
        "reinstated_share_accident",
        "Half or more of those removed over sudden incidents (accidents) are reinstated.",
        "Beijing News 2014 (about half); local sample 2012 (9 of 15, 60%)",
        "reinstatement_rate_accident",
        0.45,
        0.75,
    ),
    Target(
        "reinstated_share_misconduct",
        "Few of those removed for misconduct are reinstated.",
        "Beijing News 2014 (lifestyle scandals: none)",
        "reinstatement_rate_misconduct",
        0.0,
        0.10,
    ),
    Target(
        "gap_2_15_months",
        "Reinstatement gaps mostly lie within 2 to 15 months.",
        "Cases: Yang Cunhu 2 months, Meng Xuenong 5, Xie Zhenhua 13, Li Changjiang 15",
        "share_gap_2_15",
        0.50,
        1.0,
    ),
    Target(
        "none_announced",
        "No reinstatement is announced.",
        "Beijing News 2014 (none of 29 announced; all surfaced through the media)",
        "share_announced",
        0.0,
        0.0,
    ),
)

#: The reformed rules' fact, checked on each reform configuration.
REFORM_TARGETS: tuple[Target, ...] = (
    Target(
        "no_return_within_year",
        "Under the reformed rules no reinstatement comes before 12 months.",
        "2009 Provisions (no equivalent post for 1 year); 2014 Regulations (no leadership post "
        "for 1 year)",
        "early_reinstatements_per_100cy",
        0.0,
        0.0,
    ),
)
