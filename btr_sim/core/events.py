"""The event log: one row per incident, disclosure, decision, removal and reinstatement.

Every outcome of a run is computed from this log (see :mod:`btr_sim.core.metrics`), so a researcher
can go from a summary figure down to the decisions behind it.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum

import numpy as np
import pandas as pd

from btr_sim.core.incidents import Incident
from btr_sim.core.tally import EventTally

__all__ = ["EVENT_COLUMNS", "EventKind", "EventLog"]


class EventKind(StrEnum):
    """What happened."""

    INCIDENT = "incident"  # an incident occurred (public or not)
    DISCLOSURE = "disclosure"  # it became public at once
    CONCEALMENT = "concealment"  # the cadre concealed it successfully
    EXPOSURE = "exposure"  # a concealed incident came out later
    INVESTIGATION = "investigation"  # a formal investigation was opened
    VOLUNTARY_RESIGNATION = "voluntary_resignation"  # blame-taking resignation (引咎辞职)
    ORDERED_RESIGNATION = "ordered_resignation"  # resignation ordered by the supervisor (责令辞职)
    DISMISSAL = "dismissal"  # removal from the post (免职)
    APOLOGY = "apology"  # public apology ordered, the cadre stays
    NO_ACTION = "no_action"  # the supervisor decided that no sanction was due
    HOLDER_GONE = "holder_gone"  # the responsible cadre had left the post before the decision
    RETIREMENT = "retirement"  # ordinary rotation or retirement
    APPOINTMENT = "appointment"  # a new cadre fills a vacancy
    REINSTATEMENT = "reinstatement"  # a removed cadre is re-appointed (复出)
    DISCOVERY = "discovery"  # a quiet reinstatement is found out by the media
    REVERSAL = "reversal"  # a discovered reinstatement is reversed after the backlash
    RULES = "rules"  # a rule set takes effect (month 0: the scenario's; later: its timeline's)


REMOVALS = (
    EventKind.VOLUNTARY_RESIGNATION,
    EventKind.ORDERED_RESIGNATION,
    EventKind.DISMISSAL,
)

EVENT_COLUMNS = (
    "month",
    "event",
    "incident",
    "post",
    "supervisor",
    "cadre",
    "severity",
    "culpability",
    "kind",
    "rule",
    "value",
)

#: The columns of text; the others are numbers.
_TEXT = frozenset({"event", "kind", "rule"})


class EventLog:
    """Append-only log of events, turned into a tidy DataFrame on demand.

    Rows are kept as tuples while the model runs (appending is the hot path); the
    DataFrame is built once, when asked for.

    Columns
    -------
    month : month of the event (0 = the month the scenario's rules take effect; the log starts
        then, with a ``rules`` event)
    event : an :class:`EventKind` value
    incident : id of the incident the event refers to, or -1
    post, supervisor, cadre : where and whom it concerns (-1 where not applicable)
    severity, culpability : of the incident (true values; NaN where not applicable)
    kind : ``accident`` or ``misconduct`` (empty where not applicable)
    rule : the rule that decided it (for example ``procedure=informal``); for a ``rules``
        event, the name of the rule set that takes effect
    value : one number whose meaning depends on the event (assessed culpability for a
        decision; months since removal for a reinstatement; NaN otherwise)

    Attributes
    ----------
    tally : EventTally or None
        Counters of the events recorded, from which the run summary is computed; the model
        sets it when the run starts (month 0), None before.
    """

    def __init__(self) -> None:
        self._rows: list[tuple] = []
        self.month_counts: dict[EventKind, int] = {}
        self.tally: EventTally | None = None
        self._readers: list[Callable[[EventKind, Incident, int, str], None]] = []

    def subscribe(self, reader: Callable[[EventKind, Incident, int, str], None]) -> None:
        """Have ``reader(event, incident, post, rule)`` called on every event about an incident.

        Readers see each event as it is recorded (the centre's news reads the record this way,
        :mod:`btr_sim.core.central`); :meth:`clear` keeps them.
        """
        self._readers.append(reader)

    def record(
        self,
        month: int,
        event: EventKind,
        *,
        incident: int = -1,
        post: int = -1,
        supervisor: int = -1,
        cadre: int = -1,
        severity: float = np.nan,
        culpability: float = np.nan,
        kind: str = "",
        rule: str = "",
        value: float = np.nan,
    ) -> None:
        """Append one event."""
        self._rows.append(
            (
                month,
                event.value,
                incident,
                post,
                supervisor,
                cadre,
                severity,
                culpability,
                kind,
                rule,
                value,
            )
        )
        self.month_counts[event] = self.month_counts.get(event, 0) + 1
        if self.tally is not None:
            self.tally.add(event.value, incident, severity, culpability, kind, rule, value)

    def record_incident(
        self,
        month: int,
        event: EventKind,
        incident: Incident,
        *,
        post: int | None = None,
        supervisor: int | None = None,
        rule: str = "",
        value: float = np.nan,
    ) -> None:
        """Append one event about ``incident``: its id, cadre, severity, culpability and kind.

        ``post`` and ``supervisor`` are the incident's unless given: a reinstatement over an
        incident happens at another post. Every subscribed reader then reads the event.
        """
        post = incident.post if post is None else post
        self.record(
            month,
            event,
            incident=incident.id,
            post=post,
            supervisor=incident.supervisor if supervisor is None else supervisor,
            cadre=incident.cadre,
            severity=incident.severity,
            culpability=incident.culpability,
            kind=incident.kind,
            rule=rule,
            value=value,
        )
        for reader in self._readers:
            reader(event, incident, post, rule)

    def clear(self) -> None:
        """Forget every event so far (the warm-up's: the run's log starts at month 0)."""
        self._rows = []
        self.month_counts = {}
        if self.tally is not None:
            self.tally.clear()

    def start_month(self) -> None:
        """Reset the per-month counters that the monthly series read."""
        self.month_counts = {}

    def count_this_month(self, event: EventKind) -> int:
        """How many events of a kind were recorded since :meth:`start_month`."""
        return self.month_counts.get(event, 0)

    def __len__(self) -> int:
        return len(self._rows)

    def to_frame(self) -> pd.DataFrame:
        """The log as a DataFrame with the columns documented on the class."""
        if self._rows:
            # Column by column: the same frame as ``from_records`` (same dtypes, checked in
            # tests/test_tally.py) in less than half the time, which every run pays.
            columns = {
                name: np.array(values, dtype=object if name in _TEXT else None)
                for name, values in zip(EVENT_COLUMNS, zip(*self._rows, strict=True), strict=True)
            }
            if not any(
                columns[name].dtype == object for name in EVENT_COLUMNS if name not in _TEXT
            ):
                return pd.DataFrame(columns)
        frame = pd.DataFrame.from_records(self._rows, columns=list(EVENT_COLUMNS))
        if frame.empty:
            frame = frame.astype(
                {
                    "month": "int64",
                    "incident": "int64",
                    "post": "int64",
                    "supervisor": "int64",
                    "cadre": "int64",
                    "severity": "float64",
                    "culpability": "float64",
                    "value": "float64",
                    "event": "object",
                    "kind": "object",
                    "rule": "object",
                }
            )
        return frame
