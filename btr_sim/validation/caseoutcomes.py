"""What the model made of a case over N seeds, beside what happened.

A replay's outcome (:class:`CaseOutcome`) is read from the case's own events: the response
(the first decision over the incident: a blame-taking resignation, an ordered resignation, a
dismissal, an apology, nothing, or ``holder_gone`` when the official had left before), whether
the official returned, after how many months, quietly or announced, and whether a discovered
return was reversed. :func:`outcome_table` puts the shares over the seeds beside the case
file's ``history:`` — one row per outcome — so that the model can be seen to be wrong.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd

from btr_sim.core.events import EventKind
from btr_sim.validation.casefile import HISTORY_RESPONSES, History
from btr_sim.validation.cases import CaseReplay

__all__ = [
    "RESPONSES",
    "TABLE_COLUMNS",
    "CaseOutcome",
    "case_outcome",
    "months_to_return",
    "outcome_table",
    "response_shares",
]

#: What the model can answer a case with: the historical responses and ``holder_gone``.
RESPONSES: tuple[str, ...] = (*HISTORY_RESPONSES, EventKind.HOLDER_GONE.value)

#: Columns of the outcome table.
TABLE_COLUMNS = ("outcome", "model", "history")


@dataclass(frozen=True)
class CaseOutcome:
    """The outcome of one replay.

    Attributes
    ----------
    response : str
        One of :data:`RESPONSES`, or ``pending`` if nothing was decided within the horizon.
    returned : bool
        Whether the official was reinstated.
    months_to_return : int or None
        Months from removal to reinstatement.
    how_returned : str or None
        ``quiet`` or ``announced``.
    reversed : bool
        Whether a discovered return was reversed.
    """

    response: str
    returned: bool
    months_to_return: int | None
    how_returned: str | None
    reversed: bool


def case_outcome(replay: CaseReplay) -> CaseOutcome:
    """Read one replay's outcome from its events."""
    events = replay.events
    decided = events[events["event"].isin(RESPONSES)]
    response = str(decided["event"].iloc[0]) if len(decided) else "pending"
    back = events[events["event"] == EventKind.REINSTATEMENT.value]
    returned = bool(len(back))
    how = None
    if returned:
        # The reinstatement's rule is ``evaluation/disclosure``.
        how = "quiet" if str(back["rule"].iloc[0]).endswith("/quiet") else "announced"
    return CaseOutcome(
        response=response,
        returned=returned,
        months_to_return=replay.months_to_reinstatement,
        how_returned=how,
        reversed=bool((events["event"] == EventKind.REVERSAL.value).any()),
    )


def response_shares(outcomes: Sequence[CaseOutcome]) -> dict[str, float]:
    """Share of the replays answered by each response (those that occurred, in order)."""
    n = len(outcomes)
    kinds = [*RESPONSES, "pending"]
    counts = {k: sum(o.response == k for o in outcomes) for k in kinds}
    return {k: c / n for k, c in counts.items() if c}


def months_to_return(outcomes: Sequence[CaseOutcome]) -> np.ndarray:
    """The gaps of the replays in which the official returned."""
    return np.array(
        [o.months_to_return for o in outcomes if o.months_to_return is not None], dtype=float
    )


def _share(k: int, n: int) -> str:
    return f"{k / n:.0%} ({k}/{n})" if n else "—"


def outcome_table(outcomes: Sequence[CaseOutcome], history: History) -> pd.DataFrame:
    """One row per outcome: the model's share (or median, IQR) over the replays, and history.

    Rows: each response that occurred in the model or in history; ``removed``; ``returned``
    (of all replays; of the removals); ``months to return`` (median, and IQR); ``returned
    quietly`` (of the returns); ``reversed``.
    """
    n = len(outcomes)
    rows: list[tuple[str, str, str]] = []
    shares = response_shares(outcomes)
    for kind in [*RESPONSES, "pending"]:
        if kind in shares or kind == history.response:
            k = sum(o.response == kind for o in outcomes)
            rows.append(
                (f"response: {kind}", _share(k, n), "yes" if kind == history.response else "")
            )
    removed = [
        o
        for o in outcomes
        if o.response in ("voluntary_resignation", "ordered_resignation", "dismissal")
    ]
    rows.append(("removed", _share(len(removed), n), "yes" if history.removed else "no"))
    back = [o for o in outcomes if o.returned]
    returned = {True: "yes", False: "no", None: "unknown"}[history.returned]
    rows.append(("returned", _share(len(back), n), returned))
    rows.append(("returned, of the removed", _share(len(back), len(removed)), returned))
    gaps = months_to_return(outcomes)
    told = str(history.months_to_return) if history.months_to_return is not None else "—"
    if len(gaps):
        q1, med, q3 = np.percentile(gaps, [25, 50, 75])
        rows.append(("months to return, median", f"{med:g}", told))
        rows.append(("months to return, IQR", f"{q1:g}–{q3:g}", "—"))
    else:
        rows.append(("months to return, median", "—", told))
    quiet = sum(o.how_returned == "quiet" for o in back)
    rows.append(
        ("returned quietly, of the returns", _share(quiet, len(back)), history.how_returned or "—")
    )
    rows.append(("reversed after discovery", _share(sum(o.reversed for o in outcomes), n), "—"))
    return pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
