"""The corrective effect: one identical scripted scandal, the official resigns or stays.

Two arms share every seed (common random numbers) and differ only in the scandal's
``response`` (``resign`` or ``stay``). Dewan & Dowding (2005) and González-Bustamante (2025)
find that a resignation restores popularity and that the gain fades: so credibility (mean trust
of all citizens) must be higher in the resign arm the month the official goes, and the gap must
shrink over the following months. The same two arms give the gap in central credibility (mean
trust in the centre), whose size González-Bustamante (2025) puts at about 9 points of approval
of the executive that removes the minister.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from btr_sim.api import run_scenario
from btr_sim.config import Scenario
from btr_sim.loading import apply_overrides

__all__ = ["SCANDAL", "CorrectiveRuns", "corrective_scenario", "run_corrective"]

#: The scripted scandal: grave, culpable misconduct in post 0, public at once, national reach.
SCANDAL: dict = {
    "month": 24,
    "post": 0,
    "severity": 3.0,
    "kind": "misconduct",
    "culpability": 0.9,
    "reach": 5.0,
    "label": "corrective_scandal",
}

#: Months after the response over which the fading of the gap is measured.
FOLLOW_UP_MONTHS = 24


@dataclass(frozen=True)
class CorrectiveRuns:
    """Credibility trajectories of both arms.

    Attributes
    ----------
    credibility : pandas.DataFrame
        Columns ``seed``, ``month``, ``resign``, ``stay`` and ``gap`` (resign minus stay).
    response_month
        The month in which the official resigns or stays (the month after the scandal).
    central : pandas.DataFrame or None
        The same for central credibility (trust in the centre).
    """

    credibility: pd.DataFrame
    response_month: int
    central: pd.DataFrame | None = None

    def gap_at(self, month: int, level: str = "local") -> pd.Series:
        """The gap of every replication at ``month``, indexed by seed.

        ``level`` is ``local`` (credibility) or ``central`` (central credibility).
        """
        frame = self.central if level == "central" else self.credibility
        rows = frame[frame["month"] == month]
        return rows.set_index("seed")["gap"]

    @property
    def central_early_gap(self) -> pd.Series:
        """The central credibility gap the month the official resigns or stays."""
        return self.gap_at(self.response_month, "central")

    @property
    def central_late_gap(self) -> pd.Series:
        """The central credibility gap :data:`FOLLOW_UP_MONTHS` later."""
        return self.gap_at(self.response_month + FOLLOW_UP_MONTHS, "central")

    @property
    def early_gap(self) -> pd.Series:
        """The gap the month the official resigns or stays."""
        return self.gap_at(self.response_month)

    @property
    def late_gap(self) -> pd.Series:
        """The gap :data:`FOLLOW_UP_MONTHS` later."""
        return self.gap_at(self.response_month + FOLLOW_UP_MONTHS)


def corrective_scenario(base: Scenario, response: str) -> Scenario:
    """``base`` with the scripted scandal answered by ``response`` (``resign`` or ``stay``)."""
    months = SCANDAL["month"] + 1 + FOLLOW_UP_MONTHS + 12
    return apply_overrides(
        base,
        {
            "name": f"corrective_{response}",
            "months": months,
            "incidents": {"scripted": [{**SCANDAL, "response": response}]},
        },
    )


def run_corrective(base: Scenario, seeds: Sequence[int]) -> CorrectiveRuns:
    """Run both arms for every seed and collect their trajectories of both levels of trust."""
    frames: dict[str, list[pd.DataFrame]] = {"credibility": [], "central_credibility": []}
    for seed in seeds:
        series = {
            response: run_scenario(corrective_scenario(base, response), seed).series
            for response in ("resign", "stay")
        }
        for column, collected in frames.items():
            frame = pd.DataFrame({arm: s[column] for arm, s in series.items()})
            frame["gap"] = frame["resign"] - frame["stay"]
            frame["seed"] = seed
            collected.append(frame.reset_index())
    columns = ["seed", "month", "resign", "stay", "gap"]
    data = {k: pd.concat(v, ignore_index=True)[columns] for k, v in frames.items()}
    return CorrectiveRuns(
        data["credibility"], SCANDAL["month"] + 1, central=data["central_credibility"]
    )
