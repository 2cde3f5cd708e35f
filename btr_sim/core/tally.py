"""Counters kept while a run records its events, from which the run summary is computed.

The run summary (:data:`btr_sim.core.metrics.SUMMARY`) asks the event log a few kinds of
question: how many events of some kinds, how many of them over a culpable (and serious)
incident, over an accident or misconduct, how many reinstatements were quiet, which incidents
they were over, and the months or severities they carry. Filtering the log's DataFrame for each
after the run cost 7% of a run; :class:`EventTally` answers the same questions from counters
updated as each event is recorded (:meth:`btr_sim.core.events.EventLog.record`). The log
itself stays complete: every figure can still be traced to its events, and
``tests/test_tally.py`` checks that both give the same summary.

Culpable and serious are judged against the standards of the run's own rules at month 0 (the
scenario's), as the summary from the event log judges them.
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy as np

__all__ = ["QUIET", "EventTally"]

#: The suffix of the ``rule`` of a reinstatement made without announcement.
QUIET = "/quiet"


class EventTally:
    """Per kind of event: counts, the incidents concerned, and the numbers the summary reads.

    Parameters
    ----------
    culpability_bar
        True culpability at or above which an incident is culpable (the scenario's standards).
    severity_threshold
        Severity at or above which an incident is serious.
    """

    def __init__(self, culpability_bar: float, severity_threshold: float) -> None:
        self.culpability_bar = culpability_bar
        self.severity_threshold = severity_threshold
        self.clear()

    def clear(self) -> None:
        """Forget every event counted."""
        self.counts: dict[str, int] = {}
        self.culpable: dict[str, int] = {}
        self.culpable_serious: dict[str, int] = {}
        self.by_kind: dict[tuple[str, str], int] = {}
        self.quiet: dict[str, int] = {}
        self.incidents: dict[str, set[int]] = {}
        # Lists, not sets: the summary counts rows of due incidents, as the log has them.
        self.due: dict[str, list[int]] = {}
        self.severities: dict[str, list[float]] = {}
        self.values: dict[str, list[float]] = {}

    def add(
        self,
        event: str,
        incident: int,
        severity: float,
        culpability: float,
        kind: str,
        rule: str,
        value: float,
    ) -> None:
        """Count one event (its ``event`` is an :class:`~btr_sim.core.events.EventKind` value)."""
        self.counts[event] = self.counts.get(event, 0) + 1
        # A comparison with NaN is false: events without an incident are neither.
        if culpability >= self.culpability_bar:
            self.culpable[event] = self.culpable.get(event, 0) + 1
            if severity >= self.severity_threshold:
                self.culpable_serious[event] = self.culpable_serious.get(event, 0) + 1
                self.due.setdefault(event, []).append(incident)
        if kind:
            self.by_kind[event, kind] = self.by_kind.get((event, kind), 0) + 1
        if rule.endswith(QUIET):
            self.quiet[event] = self.quiet.get(event, 0) + 1
        if incident >= 0:
            self.incidents.setdefault(event, set()).add(incident)
        self.severities.setdefault(event, []).append(severity)
        self.values.setdefault(event, []).append(value)

    # -- the questions of the summary, each over one or more kinds of event -------------------

    def n(self, events: Iterable[str]) -> int:
        """The number of events of these kinds."""
        return sum(self.counts.get(e, 0) for e in events)

    def n_culpable(self, events: Iterable[str]) -> int:
        """How many of them were over a culpable incident."""
        return sum(self.culpable.get(e, 0) for e in events)

    def n_culpable_serious(self, events: Iterable[str]) -> int:
        """How many of them were over a culpable and serious incident."""
        return sum(self.culpable_serious.get(e, 0) for e in events)

    def n_of_kind(self, kind: str, events: Iterable[str]) -> int:
        """How many of them were over an incident of ``kind`` (accident or misconduct)."""
        return sum(self.by_kind.get((e, kind), 0) for e in events)

    def n_quiet(self, events: Iterable[str]) -> int:
        """How many of them were decided by a quiet rule (reinstatements without announcement)."""
        return sum(self.quiet.get(e, 0) for e in events)

    def incident_ids(self, events: Iterable[str]) -> set[int]:
        """The incidents they were over."""
        return set().union(*(self.incidents.get(e, set()) for e in events))

    def due_incidents(self, events: Iterable[str]) -> list[int]:
        """The incident of each of them over a culpable and serious incident, one per event."""
        return [i for e in events for i in self.due.get(e, [])]

    def column(self, name: str, events: Iterable[str]) -> np.ndarray:
        """Their ``severity`` or ``value``, in the order they were recorded within each kind."""
        lists = self.severities if name == "severity" else self.values
        return np.array([x for e in events for x in lists.get(e, [])], dtype=float)
