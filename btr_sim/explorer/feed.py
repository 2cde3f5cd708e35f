"""The event log told in words, for the explorer's feed.

"month 37: the cadre of post 12 resigned over a grave accident". Only events a reader of the
news (or an analyst watching the accountability system) would note are told: incidents,
concealment and investigations from the nominal severity threshold up, exposure of cover-ups,
resignations, orders, dismissals, apologies, impunity, reinstatements and their discovery.
Routine rotation and appointments are left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from btr_sim.config import Scenario
from btr_sim.core.events import EventKind
from btr_sim.explorer.wording import count

__all__ = ["FeedEntry", "Row", "describe", "latest", "severity_word"]

#: One event of the log: a row of :meth:`EventLog.to_frame <btr_sim.core.events.EventLog.to_frame>`
#: as a mapping of its columns (a record or a :class:`pandas.Series`).
Row = Mapping[str, Any]


def severity_word(severity: float, scenario: Scenario) -> str:
    """``grave``, ``serious`` or ``minor``: the incident's band under the scenario's standards.

    Grave from ``incidents.grave_severity``; serious from the nominal resignation threshold
    ``standards.severity_threshold`` (under disunified standards each supervisor has its own).
    """
    if severity >= scenario.incidents.grave_severity:
        return "grave"
    if severity >= scenario.standards.severity_threshold:
        return "serious"
    return "minor"


def _incident(row: Row, scenario: Scenario) -> str:
    """'a grave accident' or 'serious misconduct'."""
    word = severity_word(float(row["severity"]), scenario)
    if row["kind"] == "misconduct":
        return f"{word} misconduct"
    return f"a {word} accident"


def _serious(row: Row, scenario: Scenario) -> bool:
    return float(row["severity"]) >= scenario.standards.severity_threshold


def _culpable(row: Row, scenario: Scenario) -> bool:
    return float(row["culpability"]) >= scenario.standards.culpability_bar


def _scapegoat_note(row: Row, scenario: Scenario) -> str:
    if _culpable(row, scenario):
        return ""
    return f" although its culpability was only {float(row['culpability']):.2f} (a scapegoat)"


def _disclosure(row: Row, sc: Scenario) -> str | None:
    if not _serious(row, sc):
        return None
    return f"{_incident(row, sc)} at post {row['post']} became public"


def _concealment(row: Row, sc: Scenario) -> str | None:
    if not _serious(row, sc):
        return None
    return f"the cadre of post {row['post']} concealed {_incident(row, sc)}"


def _exposure(row: Row, sc: Scenario) -> str:
    return f"a cover-up came out: {_incident(row, sc)} at post {row['post']}"


def _investigation(row: Row, sc: Scenario) -> str | None:
    if not _serious(row, sc):
        return None
    due = "" if math.isnan(row["value"]) else f", due in month {int(row['value'])}"
    return (
        f"supervisor {row['supervisor']} opened an investigation into {_incident(row, sc)} "
        f"at post {row['post']}{due}"
    )


def _voluntary(row: Row, sc: Scenario) -> str:
    scripted = " (as the case script has it)" if row["rule"] == "scripted" else ""
    return f"the cadre of post {row['post']} resigned over {_incident(row, sc)}{scripted}"


def _ordered(row: Row, sc: Scenario) -> str:
    return (
        f"supervisor {row['supervisor']} ordered the cadre of post {row['post']} to resign "
        f"over {_incident(row, sc)}{_scapegoat_note(row, sc)}"
    )


def _dismissal(row: Row, sc: Scenario) -> str:
    return (
        f"supervisor {row['supervisor']} dismissed the cadre of post {row['post']} "
        f"over {_incident(row, sc)}{_scapegoat_note(row, sc)}"
    )


def _apology(row: Row, sc: Scenario) -> str:
    return f"the cadre of post {row['post']} apologised publicly for {_incident(row, sc)}"


def _no_action(row: Row, sc: Scenario) -> str | None:
    # Only impunity is news: a culpable cadre left unpunished over a serious incident.
    if row["rule"] == "scripted" or not (_serious(row, sc) and _culpable(row, sc)):
        return None
    return (
        f"supervisor {row['supervisor']} took no action over {_incident(row, sc)} at post "
        f"{row['post']} although the cadre was culpable (impunity)"
    )


def _reinstatement(row: Row, sc: Scenario) -> str:
    evaluation, _, disclosure = str(row["rule"]).partition("/")
    how = "quietly" if disclosure == "quiet" else "publicly"
    merit = " after a merit evaluation" if evaluation == "merit" else ""
    months = "" if math.isnan(row["value"]) else count(int(row["value"]), "month", "months")
    when = f" {months} earlier" if months else ""
    return (
        f"a cadre removed{when} over {_incident(row, sc)} was reinstated {how} "
        f"at post {row['post']}{merit}"
    )


def _discovery(row: Row, sc: Scenario) -> str:
    return f"the media found out the quiet reinstatement at post {row['post']}"


def _reversal(row: Row, sc: Scenario) -> str:
    return f"the reinstatement at post {row['post']} was reversed after the backlash"


_WORDING: dict[str, Callable[[Row, Scenario], str | None]] = {
    EventKind.DISCLOSURE: _disclosure,
    EventKind.CONCEALMENT: _concealment,
    EventKind.EXPOSURE: _exposure,
    EventKind.INVESTIGATION: _investigation,
    EventKind.VOLUNTARY_RESIGNATION: _voluntary,
    EventKind.ORDERED_RESIGNATION: _ordered,
    EventKind.DISMISSAL: _dismissal,
    EventKind.APOLOGY: _apology,
    EventKind.NO_ACTION: _no_action,
    EventKind.REINSTATEMENT: _reinstatement,
    EventKind.DISCOVERY: _discovery,
    EventKind.REVERSAL: _reversal,
}


class FeedEntry(str):
    """A feed line; ``event`` keeps the kind of event it tells."""

    event: str

    def __new__(cls, text: str, event: str) -> FeedEntry:
        """The line ``text`` telling an event of kind ``event``."""
        entry = super().__new__(cls, text)
        entry.event = event
        return entry


def describe(row: Row, scenario: Scenario) -> FeedEntry | None:
    """One event row in words, prefixed by its month, or None if the feed leaves it out."""
    wording = _WORDING.get(row["event"])
    if wording is None:
        return None
    text = wording(row, scenario)
    if text is None:
        return None
    return FeedEntry(f"month {row['month']}: {text}", str(row["event"]))


def latest(events: pd.DataFrame, scenario: Scenario, n: int = 30) -> list[FeedEntry]:
    """The ``n`` latest feed entries of an event log, newest first.

    Only the end of the log is read (in growing chunks until ``n`` entries are found): the
    feed is redrawn at every frame, and the log grows all run long.
    """
    entries: list[FeedEntry] = []
    told = events[events["event"].isin(list(_WORDING))]
    end, chunk = len(told), 4 * n
    while end > 0 and len(entries) < n:
        start = max(0, end - chunk)
        for row in reversed(told.iloc[start:end].to_dict("records")):
            entry = describe(row, scenario)
            if entry is not None:
                entries.append(entry)
                if len(entries) == n:
                    break
        end, chunk = start, 2 * chunk
    return entries
