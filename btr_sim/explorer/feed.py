"""The event log told in words, for the explorer's feed.

"month 37: the cadre of post 12 resigned over a grave accident". Only events a reader of the
news (or an analyst watching the accountability system) would note are told: incidents,
concealment and investigations from the nominal severity threshold up, exposure of cover-ups,
resignations, orders, dismissals, apologies, impunity, reinstatements and their discovery.
Routine rotation and appointments are left out.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pandas as pd

from btr_sim.config import Scenario
from btr_sim.core.events import EventKind

__all__ = ["FeedEntry", "describe", "latest", "severity_word"]


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


def _incident(row: pd.Series, scenario: Scenario) -> str:
    """'a grave accident' or 'serious misconduct'."""
    word = severity_word(float(row["severity"]), scenario)
    if row["kind"] == "misconduct":
        return f"{word} misconduct"
    return f"a {word} accident"


def _serious(row: pd.Series, scenario: Scenario) -> bool:
    return float(row["severity"]) >= scenario.standards.severity_threshold


def _culpable(row: pd.Series, scenario: Scenario) -> bool:
    return float(row["culpability"]) >= scenario.standards.culpability_bar


def _scapegoat_note(row: pd.Series, scenario: Scenario) -> str:
    if _culpable(row, scenario):
        return ""
    return f" although its culpability was only {float(row['culpability']):.2f} (a scapegoat)"


def _disclosure(row: pd.Series, sc: Scenario) -> str | None:
    if not _serious(row, sc):
        return None
    return f"{_incident(row, sc)} at post {row['post']} became public"


def _concealment(row: pd.Series, sc: Scenario) -> str | None:
    if not _serious(row, sc):
        return None
    return f"the cadre of post {row['post']} concealed {_incident(row, sc)}"


def _exposure(row: pd.Series, sc: Scenario) -> str:
    return f"a cover-up came out: {_incident(row, sc)} at post {row['post']}"


def _investigation(row: pd.Series, sc: Scenario) -> str | None:
    if not _serious(row, sc):
        return None
    due = "" if math.isnan(row["value"]) else f", due in month {int(row['value'])}"
    return (
        f"supervisor {row['supervisor']} opened an investigation into {_incident(row, sc)} "
        f"at post {row['post']}{due}"
    )


def _voluntary(row: pd.Series, sc: Scenario) -> str:
    scripted = " (as the case script has it)" if row["rule"] == "scripted" else ""
    return f"the cadre of post {row['post']} resigned over {_incident(row, sc)}{scripted}"


def _ordered(row: pd.Series, sc: Scenario) -> str:
    return (
        f"supervisor {row['supervisor']} ordered the cadre of post {row['post']} to resign "
        f"over {_incident(row, sc)}{_scapegoat_note(row, sc)}"
    )


def _dismissal(row: pd.Series, sc: Scenario) -> str:
    return (
        f"supervisor {row['supervisor']} dismissed the cadre of post {row['post']} "
        f"over {_incident(row, sc)}{_scapegoat_note(row, sc)}"
    )


def _apology(row: pd.Series, sc: Scenario) -> str:
    return f"the cadre of post {row['post']} apologised publicly for {_incident(row, sc)}"


def _no_action(row: pd.Series, sc: Scenario) -> str | None:
    # Only impunity is news: a culpable cadre left unpunished over a serious incident.
    if row["rule"] == "scripted" or not (_serious(row, sc) and _culpable(row, sc)):
        return None
    return (
        f"supervisor {row['supervisor']} took no action over {_incident(row, sc)} at post "
        f"{row['post']} although the cadre was culpable (impunity)"
    )


def _reinstatement(row: pd.Series, sc: Scenario) -> str:
    evaluation, _, disclosure = str(row["rule"]).partition("/")
    how = "quietly" if disclosure == "quiet" else "publicly"
    merit = " after a merit evaluation" if evaluation == "merit" else ""
    when = "" if math.isnan(row["value"]) else f" {int(row['value'])} months earlier"
    return (
        f"a cadre removed{when} over {_incident(row, sc)} was reinstated {how} "
        f"at post {row['post']}{merit}"
    )


def _discovery(row: pd.Series, sc: Scenario) -> str:
    return f"the media found out the quiet reinstatement at post {row['post']}"


def _reversal(row: pd.Series, sc: Scenario) -> str:
    return f"the reinstatement at post {row['post']} was reversed after the backlash"


_WORDING: dict[str, Callable[[pd.Series, Scenario], str | None]] = {
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

#: How the feed marks each kind of entry (a CSS class and a legend word).
TONE: dict[str, str] = {
    EventKind.VOLUNTARY_RESIGNATION: "removal",
    EventKind.ORDERED_RESIGNATION: "removal",
    EventKind.DISMISSAL: "removal",
    EventKind.REINSTATEMENT: "return",
    EventKind.DISCOVERY: "return",
    EventKind.REVERSAL: "return",
    EventKind.NO_ACTION: "impunity",
    EventKind.CONCEALMENT: "hidden",
    EventKind.EXPOSURE: "hidden",
}


class FeedEntry(str):
    """A feed line; ``event`` keeps the kind of event it tells."""

    event: str

    def __new__(cls, text: str, event: str) -> FeedEntry:
        """The line ``text`` telling an event of kind ``event``."""
        entry = super().__new__(cls, text)
        entry.event = event
        return entry


def describe(row: pd.Series, scenario: Scenario) -> FeedEntry | None:
    """One event row in words, prefixed by its month, or None if the feed leaves it out."""
    wording = _WORDING.get(row["event"])
    if wording is None:
        return None
    text = wording(row, scenario)
    if text is None:
        return None
    return FeedEntry(f"month {row['month']}: {text}", str(row["event"]))


def latest(events: pd.DataFrame, scenario: Scenario, n: int = 30) -> list[FeedEntry]:
    """The ``n`` latest feed entries of an event log, newest first."""
    entries: list[FeedEntry] = []
    told = events[events["event"].isin(list(_WORDING))]
    for _, row in told.iloc[::-1].iterrows():
        entry = describe(row, scenario)
        if entry is not None:
            entries.append(entry)
            if len(entries) == n:
                break
    return entries
