"""The event log told in words, for the explorer's feed.

"month 37: the cadre of post 12 resigned over a grave accident". Only events a reader of the
news (or an analyst watching the accountability system) would note are told: incidents,
concealment and investigations from the nominal severity threshold up, exposure of cover-ups,
resignations, orders, dismissals, apologies, impunity, reinstatements and their discovery.
Routine rotation and appointments are left out.

Each sentence is one message of the catalogue with its details as placeholders (``{post}``,
``{incident}``), so a language puts them where its grammar wants them; counts take the plural
form of the language (``1 month earlier``, ``13 months earlier``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from typing import Any

import pandas as pd

from btr_sim.config import Scenario
from btr_sim.core.events import EventKind
from btr_sim.i18n import ENGLISH, N_, Translator

__all__ = ["FeedEntry", "Row", "describe", "latest", "severity_word"]

#: One event of the log: a row of :meth:`EventLog.to_frame <btr_sim.core.events.EventLog.to_frame>`
#: as a mapping of its columns (a record or a :class:`pandas.Series`).
Row = Mapping[str, Any]

#: An incident in words, by its band and kind: whole phrases, so that each language can put
#: its words in its own order.
_INCIDENTS = {
    ("grave", "accident"): N_("a grave accident"),
    ("serious", "accident"): N_("a serious accident"),
    ("minor", "accident"): N_("a minor accident"),
    ("grave", "misconduct"): N_("grave misconduct"),
    ("serious", "misconduct"): N_("serious misconduct"),
    ("minor", "misconduct"): N_("minor misconduct"),
}


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


class _Teller:
    """Tells the events of one scenario's log in one language."""

    def __init__(self, scenario: Scenario, tr: Translator) -> None:
        self.scenario = scenario
        self.tr = tr

    def incident(self, row: Row) -> str:
        """'a grave accident' or 'serious misconduct'."""
        word = severity_word(float(row["severity"]), self.scenario)
        kind = "misconduct" if row["kind"] == "misconduct" else "accident"
        return self.tr(_INCIDENTS[(word, kind)])

    def serious(self, row: Row) -> bool:
        return float(row["severity"]) >= self.scenario.standards.severity_threshold

    def culpable(self, row: Row) -> bool:
        return float(row["culpability"]) >= self.scenario.standards.culpability_bar

    def scapegoat(self, row: Row) -> str:
        if self.culpable(row):
            return ""
        return self.tr(" although its culpability was only {culpability} (a scapegoat)").format(
            culpability=f"{float(row['culpability']):.2f}"
        )

    def disclosure(self, row: Row) -> str | None:
        if not self.serious(row):
            return None
        return self.tr("{incident} at post {post} became public").format(
            incident=self.incident(row), post=row["post"]
        )

    def concealment(self, row: Row) -> str | None:
        if not self.serious(row):
            return None
        return self.tr("the cadre of post {post} concealed {incident}").format(
            incident=self.incident(row), post=row["post"]
        )

    def exposure(self, row: Row) -> str:
        return self.tr("a cover-up came out: {incident} at post {post}").format(
            incident=self.incident(row), post=row["post"]
        )

    def investigation(self, row: Row) -> str | None:
        if not self.serious(row):
            return None
        due = ""
        if not math.isnan(row["value"]):
            due = self.tr(", due in month {month}").format(month=int(row["value"]))
        return self.tr(
            "supervisor {supervisor} opened an investigation into {incident} at post {post}{due}"
        ).format(
            supervisor=row["supervisor"], incident=self.incident(row), post=row["post"], due=due
        )

    def voluntary(self, row: Row) -> str:
        scripted = self.tr(" (as the case script has it)") if row["rule"] == "scripted" else ""
        return self.tr("the cadre of post {post} resigned over {incident}{scripted}").format(
            post=row["post"], incident=self.incident(row), scripted=scripted
        )

    def ordered(self, row: Row) -> str:
        return self.tr(
            "supervisor {supervisor} ordered the cadre of post {post} to resign over "
            "{incident}{scapegoat}"
        ).format(
            supervisor=row["supervisor"],
            post=row["post"],
            incident=self.incident(row),
            scapegoat=self.scapegoat(row),
        )

    def dismissal(self, row: Row) -> str:
        return self.tr(
            "supervisor {supervisor} dismissed the cadre of post {post} over {incident}{scapegoat}"
        ).format(
            supervisor=row["supervisor"],
            post=row["post"],
            incident=self.incident(row),
            scapegoat=self.scapegoat(row),
        )

    def apology(self, row: Row) -> str:
        return self.tr("the cadre of post {post} apologised publicly for {incident}").format(
            post=row["post"], incident=self.incident(row)
        )

    def no_action(self, row: Row) -> str | None:
        # Only impunity is news: a culpable cadre left unpunished over a serious incident.
        if row["rule"] == "scripted" or not (self.serious(row) and self.culpable(row)):
            return None
        return self.tr(
            "supervisor {supervisor} took no action over {incident} at post {post} although "
            "the cadre was culpable (impunity)"
        ).format(supervisor=row["supervisor"], incident=self.incident(row), post=row["post"])

    def reinstatement(self, row: Row) -> str:
        evaluation, _, disclosure = str(row["rule"]).partition("/")
        how = self.tr("quietly") if disclosure == "quiet" else self.tr("publicly")
        merit = self.tr(" after a merit evaluation") if evaluation == "merit" else ""
        when = ""
        if not math.isnan(row["value"]):
            months = int(row["value"])
            when = self.tr.ngettext(" {n} month earlier", " {n} months earlier", months)
            when = when.format(n=months)
        return self.tr(
            "a cadre removed{when} over {incident} was reinstated {how} at post {post}{merit}"
        ).format(when=when, incident=self.incident(row), how=how, post=row["post"], merit=merit)

    def discovery(self, row: Row) -> str:
        return self.tr("the media found out the quiet reinstatement at post {post}").format(
            post=row["post"]
        )

    def reversal(self, row: Row) -> str:
        return self.tr("the reinstatement at post {post} was reversed after the backlash").format(
            post=row["post"]
        )


#: The events the feed tells, and how.
_WORDING: dict[str, Callable[[_Teller, Row], str | None]] = {
    EventKind.DISCLOSURE: _Teller.disclosure,
    EventKind.CONCEALMENT: _Teller.concealment,
    EventKind.EXPOSURE: _Teller.exposure,
    EventKind.INVESTIGATION: _Teller.investigation,
    EventKind.VOLUNTARY_RESIGNATION: _Teller.voluntary,
    EventKind.ORDERED_RESIGNATION: _Teller.ordered,
    EventKind.DISMISSAL: _Teller.dismissal,
    EventKind.APOLOGY: _Teller.apology,
    EventKind.NO_ACTION: _Teller.no_action,
    EventKind.REINSTATEMENT: _Teller.reinstatement,
    EventKind.DISCOVERY: _Teller.discovery,
    EventKind.REVERSAL: _Teller.reversal,
}


class FeedEntry(str):
    """A feed line; ``event`` keeps the kind of event it tells."""

    event: str

    def __new__(cls, text: str, event: str) -> FeedEntry:
        """The line ``text`` telling an event of kind ``event``."""
        entry = super().__new__(cls, text)
        entry.event = event
        return entry


def _describe(row: Row, teller: _Teller) -> FeedEntry | None:
    wording = _WORDING.get(row["event"])
    if wording is None:
        return None
    text = wording(teller, row)
    if text is None:
        return None
    line = teller.tr("month {month}: {text}").format(month=row["month"], text=text)
    return FeedEntry(line, str(row["event"]))


def describe(row: Row, scenario: Scenario, tr: Translator = ENGLISH) -> FeedEntry | None:
    """One event row in words, prefixed by its month, or None if the feed leaves it out.

    The words are ``tr``'s language.
    """
    return _describe(row, _Teller(scenario, tr))


def latest(
    events: pd.DataFrame, scenario: Scenario, n: int = 30, tr: Translator = ENGLISH
) -> list[FeedEntry]:
    """The ``n`` latest feed entries of an event log, newest first, in ``tr``'s language.

    Only the end of the log is read (in growing chunks until ``n`` entries are found): the
    feed is redrawn at every frame, and the log grows all run long.
    """
    teller = _Teller(scenario, tr)
    entries: list[FeedEntry] = []
    told = events[events["event"].isin(list(_WORDING))]
    end, chunk = len(told), 4 * n
    while end > 0 and len(entries) < n:
        start = max(0, end - chunk)
        for row in reversed(told.iloc[start:end].to_dict("records")):
            entry = _describe(row, teller)
            if entry is not None:
                entries.append(entry)
                if len(entries) == n:
                    break
        end, chunk = start, 2 * chunk
    return entries
