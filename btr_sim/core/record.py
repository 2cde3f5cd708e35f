"""A cadre's record: what happened under it in office, and what was done about it.

Supervisors, the cadre itself and the citizens remember (ODD section 7.4-7.7): the finding of a
supervisor is pushed toward culpable by culpable findings on record, the cadre expects to be
forced out sooner after earlier calls to account, and the citizens of a post press harder at
each further incident under the same holder (:attr:`btr_sim.core.posts.Posts.public_incidents`).
Each form here is exactly neutral at weight 0: the decisions are then those of a memoryless
model, under the same draws.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["CadreRecord"]


@dataclass(slots=True)
class CadreRecord:
    """Counts kept for one cadre over its whole career (across posts and returns).

    Attributes
    ----------
    incidents : int
        Incidents that occurred while it held a post (public or concealed).
    calls : int
        Times it was called to account: public incidents it had to answer in office.
    culpable : int
        Decisions over its incidents that recorded it as culpable (recorded culpability at or
        above the standards' bar): its resignations and the supervisors' findings.
    sanctions : int
        Sanctions imposed on it: apologies and removals.
    removals : int
        Removals from office: resignations, orders to resign, dismissals, reversed returns.
    returns : int
        Reinstatements.
    """

    incidents: int = 0
    calls: int = 0
    culpable: int = 0
    sanctions: int = 0
    removals: int = 0
    returns: int = 0

    def culpability_shift(self, weight: float) -> float:
        """The supervisor's push toward culpable: ``weight k / (1 + k)``, ``k`` = culpable findings.

        Bounded by ``weight``: a long record weighs, but never decides on its own. Exactly 0.0
        for a clean record or at weight 0.
        """
        k = self.culpable
        return weight * k / (1.0 + k) if k and weight else 0.0

    def forced_out_chance(self, p_forced: float, weight: float) -> float:
        """The cadre's expected chance of being forced out, given its earlier calls to account.

        ``1 - (1 - p) exp(-weight n)``, ``n`` = earlier calls: each one multiplies the chance
        of keeping the post by ``exp(-weight)``. ``p`` itself (exactly) with no earlier calls
        or at weight 0.
        """
        n = self.calls
        if not n or not weight:
            return p_forced
        return 1.0 - (1.0 - p_forced) * math.exp(-weight * n)

    def return_factor(self, weight: float) -> float:
        """Return hazard multiplier ``exp(-weight (removals - 1))``: 1 at a first removal."""
        earlier = self.removals - 1
        return math.exp(-weight * earlier) if earlier > 0 and weight else 1.0
