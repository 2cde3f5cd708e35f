"""Outcomes as pure, registered functions.

Two registries:

- :data:`SERIES`: monthly series, functions of the model, collected by the model's
  :class:`~btr_sim.core.series.MonthlySeries` (``model.datacollector``);
- :data:`SUMMARY`: run outcomes, functions of a :class:`RunRecord` (the event log, the series
  and the scenario), computed from the events so that every figure traces back to events:
  from the counters a run keeps as it records them (:class:`~btr_sim.core.tally.EventTally`)
  when the record has them, else by filtering the event log; both give the same figures.

Every outcome is over the measured window: months 1 to the horizon after the scenario's rules
take effect (month 0, after the warm-up); the event log holds only that window, and changes
are measured from month 0. Rates are per 100 cadre-years (posts x years: every post is held
all year, a vacancy lasting only within the month it opens).

Every function here is a named module-level function, so that a model holding them (its
series collector) can be pickled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np
import pandas as pd

from btr_sim.core.events import REMOVALS, EventKind
from btr_sim.core.tally import QUIET, EventTally

if TYPE_CHECKING:
    from btr_sim.config import Scenario
    from btr_sim.core.events import EventLog
    from btr_sim.core.followup import FollowUp
    from btr_sim.core.population import CitizenPopulation
    from btr_sim.core.posts import Posts

__all__ = ["LAST_YEAR", "SERIES", "SUMMARY", "Metric", "Observed", "RunRecord", "summarize"]


# -- monthly series ------------------------------------------------------------------------------


class Observed(Protocol):
    """What the monthly series read of a model (:class:`~btr_sim.core.model.BTRModel` is one)."""

    events: EventLog
    citizens: CitizenPopulation
    posts: Posts
    followup: FollowUp


def _events_this_month(kinds: tuple[EventKind, ...], model: Observed) -> int:
    return sum(model.events.count_this_month(kind) for kind in kinds)


def _count(*kinds: EventKind) -> Callable[[Observed], int]:
    """The number of events of these kinds this month, as a function of the model.

    A :func:`functools.partial` of a module-level function: the series collector calls it
    with the model, and it pickles (a closure would not).
    """
    return partial(_events_this_month, kinds)


def _credibility(model: Observed) -> float:
    return model.citizens.credibility()


def _central_credibility(model: Observed) -> float:
    return model.citizens.central_credibility()


def _hierarchical_trust_share(model: Observed) -> float:
    return model.citizens.hierarchical_share()


def _trust_sd(model: Observed) -> float:
    return float(model.citizens.trust.std())


def _pressure(model: Observed) -> float:
    return float(model.citizens.pressure.mean())


def _mean_integrity(model: Observed) -> float:
    return float(model.posts.integrity.mean())


def _removed_waiting(model: Observed) -> int:
    return model.followup.n_waiting


#: Monthly series: name -> function of the model (month 0 is the month the rules take effect).
SERIES: dict[str, Callable[[Observed], float]] = {
    "credibility": _credibility,
    "central_credibility": _central_credibility,
    "hierarchical_trust_share": _hierarchical_trust_share,
    "trust_sd": _trust_sd,
    "pressure": _pressure,
    "incidents": _count(EventKind.INCIDENT),
    "public_incidents": _count(EventKind.DISCLOSURE, EventKind.EXPOSURE),
    "exposures": _count(EventKind.EXPOSURE),
    "voluntary_resignations": _count(EventKind.VOLUNTARY_RESIGNATION),
    "ordered_resignations": _count(EventKind.ORDERED_RESIGNATION),
    "dismissals": _count(EventKind.DISMISSAL),
    "apologies": _count(EventKind.APOLOGY),
    "reinstatements": _count(EventKind.REINSTATEMENT),
    "discoveries": _count(EventKind.DISCOVERY),
    "mean_integrity": _mean_integrity,
    "removed_waiting": _removed_waiting,
}


# -- run summary ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RunRecord:
    """What one run leaves behind: the inputs to every summary metric.

    The questions the summary asks of the events (:meth:`n`, :meth:`n_culpable`, ...) are
    answered from ``tally``, the counters the run kept, when it is given, and otherwise by
    filtering ``events``; ``tests/test_tally.py`` checks that the answers are the same.
    """

    scenario: Scenario
    seed: int
    events: pd.DataFrame
    series: pd.DataFrame
    tally: EventTally | None = None

    @cached_property
    def counts(self) -> pd.Series:
        """Number of events of each kind."""
        return self.events["event"].value_counts()

    def n(self, *kinds: EventKind) -> int:
        """Total number of events of the given kinds."""
        if self.tally is not None:
            return self.tally.n(k.value for k in kinds)
        return int(sum(self.counts.get(k.value, 0) for k in kinds))

    def n_culpable(self, *kinds: EventKind) -> int:
        """How many events of the given kinds were over a culpable incident."""
        if self.tally is not None:
            return self.tally.n_culpable(k.value for k in kinds)
        return int(self.culpable(self.rows(*kinds)).sum())

    def n_culpable_serious(self, *kinds: EventKind) -> int:
        """How many events of the given kinds were over a culpable and serious incident."""
        if self.tally is not None:
            return self.tally.n_culpable_serious(k.value for k in kinds)
        rows = self.rows(*kinds)
        return int((self.culpable(rows) & self.serious(rows)).sum())

    def n_of_kind(self, kind: str, *kinds: EventKind) -> int:
        """How many events of the given kinds were over an incident of ``kind``."""
        if self.tally is not None:
            return self.tally.n_of_kind(kind, (k.value for k in kinds))
        return int((self.rows(*kinds)["kind"] == kind).sum())

    def n_quiet(self, *kinds: EventKind) -> int:
        """How many events of the given kinds were decided by a quiet rule."""
        if self.tally is not None:
            return self.tally.n_quiet(k.value for k in kinds)
        return int(self.rows(*kinds)["rule"].str.endswith(QUIET).sum())

    def incident_ids(self, *kinds: EventKind) -> set[int]:
        """The incidents events of the given kinds were over."""
        if self.tally is not None:
            return self.tally.incident_ids(k.value for k in kinds)
        ids = self.rows(*kinds)["incident"]
        return {int(i) for i in ids[ids >= 0]}

    def due_incidents(self, *kinds: EventKind) -> list[int]:
        """The incident of each event of the given kinds over a culpable, serious incident."""
        if self.tally is not None:
            return self.tally.due_incidents(k.value for k in kinds)
        rows = self.rows(*kinds)
        return [int(i) for i in rows["incident"][self.culpable(rows) & self.serious(rows)]]

    def column(self, name: str, kind: EventKind) -> np.ndarray:
        """The ``severity`` or ``value`` of every event of ``kind``, in the order recorded."""
        if self.tally is not None:
            return self.tally.column(name, [kind.value])
        return self.rows(kind)[name].to_numpy(dtype=float)

    def rows(self, *kinds: EventKind) -> pd.DataFrame:
        """The event rows of the given kinds."""
        return self.events[self.events["event"].isin([k.value for k in kinds])]

    @cached_property
    def cadre_years(self) -> float:
        """Posts x years simulated."""
        return self.scenario.world.n_posts * self.scenario.months / 12.0

    def per_100cy(self, count: float) -> float:
        """A count as a rate per 100 cadre-years."""
        return 100.0 * count / self.cadre_years

    @cached_property
    def removals(self) -> pd.DataFrame:
        """Rows of voluntary and ordered resignations and dismissals."""
        return self.rows(*REMOVALS)

    def culpable(self, frame: pd.DataFrame) -> pd.Series:
        """Whether each row's incident's true culpability reaches the standards' bar."""
        return frame["culpability"] >= self.scenario.standards.culpability_bar

    def serious(self, frame: pd.DataFrame) -> pd.Series:
        """Whether each row's incident reaches the nominal severity threshold."""
        return frame["severity"] >= self.scenario.standards.severity_threshold


@dataclass(frozen=True)
class Metric:
    """A registered summary outcome."""

    name: str
    unit: str
    description: str
    compute: Callable[[RunRecord], float]


#: Summary outcomes, in the order they are reported.
SUMMARY: dict[str, Metric] = {}


def summary_metric(unit: str, description: str) -> Callable[[Callable[[RunRecord], Any]], Callable]:
    """Register a function of a :class:`RunRecord` as a summary outcome under its own name."""

    def register(fn: Callable[[RunRecord], Any]) -> Callable[[RunRecord], Any]:
        SUMMARY[fn.__name__] = Metric(fn.__name__, unit, description, fn)
        return fn

    return register


def _ratio(num: float, den: float) -> float:
    return float(num) / float(den) if den else float("nan")


# Resignations --------------------------------------------------------------------------------


@summary_metric("1/(100 cadre-years)", "Blame-taking resignations on the cadre's own initiative.")
def voluntary_per_100cy(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.VOLUNTARY_RESIGNATION))


@summary_metric("1/(100 cadre-years)", "Resignations ordered by the supervisor.")
def ordered_per_100cy(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.ORDERED_RESIGNATION))


@summary_metric("1/(100 cadre-years)", "Dismissals.")
def dismissals_per_100cy(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.DISMISSAL))


@summary_metric(
    "1/(100 cadre-years)", "All removals: voluntary and ordered resignations and dismissals."
)
def removals_per_100cy(r: RunRecord) -> float:
    return r.per_100cy(r.n(*REMOVALS))


@summary_metric("1/(100 cadre-years)", "Public apologies (the cadre stays).")
def apologies_per_100cy(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.APOLOGY))


@summary_metric("share", "Share of removals that were voluntary blame-taking resignations.")
def voluntary_share(r: RunRecord) -> float:
    return _ratio(r.n(EventKind.VOLUNTARY_RESIGNATION), r.n(*REMOVALS))


# Accountability accuracy ---------------------------------------------------------------------


@summary_metric("share", "Precision: share of removals that hit a culpable cadre.")
def precision(r: RunRecord) -> float:
    return _ratio(r.n_culpable(*REMOVALS), r.n(*REMOVALS))


@summary_metric(
    "share",
    "Recall: share of culpable, serious incidents (concealed ones included) followed by a removal.",
)
def recall(r: RunRecord) -> float:
    due = r.due_incidents(EventKind.INCIDENT)
    removed = r.incident_ids(*REMOVALS)
    return _ratio(sum(i in removed for i in due), len(due))


@summary_metric(
    "1/(100 cadre-years)", "Scapegoats: cadres ordered out or dismissed though not culpable."
)
def scapegoats_per_100cy(r: RunRecord) -> float:
    forced = (EventKind.ORDERED_RESIGNATION, EventKind.DISMISSAL)
    return r.per_100cy(r.n(*forced) - r.n_culpable(*forced))


@summary_metric(
    "1/(100 cadre-years)",
    "Impunity: culpable, serious, public incidents that ended with no action or an apology.",
)
def impunity_per_100cy(r: RunRecord) -> float:
    return r.per_100cy(r.n_culpable_serious(EventKind.NO_ACTION, EventKind.APOLOGY))


# Reinstatement -------------------------------------------------------------------------------


@summary_metric("share", "Reinstatements per removal.")
def reinstatement_rate(r: RunRecord) -> float:
    return _ratio(r.n(EventKind.REINSTATEMENT), r.n(*REMOVALS))


@summary_metric("share", "Reinstatements per removal over an accident or disaster.")
def reinstatement_rate_accident(r: RunRecord) -> float:
    back = r.n_of_kind("accident", EventKind.REINSTATEMENT)
    return _ratio(back, r.n_of_kind("accident", *REMOVALS))


@summary_metric("share", "Reinstatements per removal over misconduct.")
def reinstatement_rate_misconduct(r: RunRecord) -> float:
    back = r.n_of_kind("misconduct", EventKind.REINSTATEMENT)
    return _ratio(back, r.n_of_kind("misconduct", *REMOVALS))


@summary_metric("month", "Median months from removal to reinstatement.")
def median_months_to_reinstatement(r: RunRecord) -> float:
    months = r.column("value", EventKind.REINSTATEMENT)
    return float(np.nanmedian(months)) if len(months) else float("nan")


@summary_metric("share", "Share of reinstatements made without announcement.")
def share_quiet(r: RunRecord) -> float:
    return _ratio(r.n_quiet(EventKind.REINSTATEMENT), r.n(EventKind.REINSTATEMENT))


@summary_metric("share", "Share of quiet reinstatements that the media found out.")
def share_discovered(r: RunRecord) -> float:
    return _ratio(r.n(EventKind.DISCOVERY), r.n_quiet(EventKind.REINSTATEMENT))


@summary_metric(
    "share",
    "Share of incidents that call for accountability (culpable, serious, public) that end in a "
    "voluntary or ordered resignation.",
)
def resignation_share_due(r: RunRecord) -> float:
    """Resignations per incident that calls for one.

    The denominator is every incident whose true culpability reaches the standards' bar and
    whose severity reaches the nominal threshold, and that became public (at once or by
    exposure): the cases in which a resignation is demanded. The numerator is those of them
    that ended in a blame-taking or an ordered resignation (dismissals are not resignations).
    It is not a calibration target of China's status quo: the German and British shares
    (fischer2006, dowding2007) were measured under foreign rules and are validation facts of
    the foreign rule sets only, read by ``departure_share_debated`` (docs/abroad.md, section 3).
    """
    due = r.due_incidents(EventKind.DISCLOSURE, EventKind.EXPOSURE)
    resigned = r.incident_ids(EventKind.VOLUNTARY_RESIGNATION, EventKind.ORDERED_RESIGNATION)
    return _ratio(sum(i in resigned for i in due), len(set(due)))


@summary_metric("share", "Share of reinstatements that came 2 to 15 months after the removal.")
def share_gap_2_15(r: RunRecord) -> float:
    """Share of reinstatement gaps within 2-15 months (both ends included).

    The well-known cases range from about 2 months (Yang Cunhu) to about 15 (Li Changjiang):
    docs/sources.md, yangcunhu2012 and lichangjiang2008.
    """
    months = r.column("value", EventKind.REINSTATEMENT)
    return _ratio(((months >= 2) & (months <= 15)).sum(), len(months))


@summary_metric("1/(100 cadre-years)", "Reinstatements less than 12 months after the removal.")
def early_reinstatements_per_100cy(r: RunRecord) -> float:
    """Reinstatements before the one-year bar of the 2009 Provisions and 2014 Regulations.

    A rate rather than a share so that it is defined (zero) when nobody returns.
    """
    months = r.column("value", EventKind.REINSTATEMENT)
    return r.per_100cy((months < 12).sum())


@summary_metric("share", "Share of reinstatements that were announced.")
def share_announced(r: RunRecord) -> float:
    """Announced reinstatements per reinstatement (Beijing News 2014: none of 29)."""
    back = r.n(EventKind.REINSTATEMENT)
    return _ratio(back - r.n_quiet(EventKind.REINSTATEMENT), back)


# Credibility ---------------------------------------------------------------------------------


@summary_metric("trust (0-1)", "Credibility (mean trust) at month 0, when the rules take effect.")
def credibility_start(r: RunRecord) -> float:
    return float(r.series["credibility"].iloc[0])


@summary_metric("trust (0-1)", "Credibility at the horizon.")
def credibility_end(r: RunRecord) -> float:
    return float(r.series["credibility"].iloc[-1])


#: Months at the end of the horizon over which the level reached is averaged.
LAST_YEAR = 12


@summary_metric(
    "trust (0-1)",
    "Mean monthly credibility over the last 12 months of the horizon (all of it if shorter).",
)
def credibility_last_year(r: RunRecord) -> float:
    """The level credibility has reached at the end of the run, less noisy than its last month."""
    return float(r.series["credibility"].iloc[1:].iloc[-LAST_YEAR:].mean())


@summary_metric("trust (0-1)", "Lowest monthly credibility.")
def credibility_min(r: RunRecord) -> float:
    return float(r.series["credibility"].min())


@summary_metric("trust (0-1)", "Mean monthly credibility over the run (months 1 to the horizon).")
def credibility_mean(r: RunRecord) -> float:
    return float(r.series["credibility"].iloc[1:].mean())


@summary_metric("trust (0-1)", "Credibility at the horizon minus at month 0 (rules take effect).")
def credibility_change(r: RunRecord) -> float:
    return credibility_end(r) - credibility_start(r)


# The two levels: ``credibility`` is the local level's (trust in the post's government), as it
# was when trust had one level; the centre's and the share trusting the centre more follow.


@summary_metric("trust (0-1)", "Central credibility (mean trust in the centre) at the horizon.")
def central_credibility_end(r: RunRecord) -> float:
    return float(r.series["central_credibility"].iloc[-1])


@summary_metric(
    "trust (0-1)",
    "Mean monthly central credibility over the last 12 months of the horizon (all of it if "
    "shorter).",
)
def central_credibility_last_year(r: RunRecord) -> float:
    return float(r.series["central_credibility"].iloc[1:].iloc[-LAST_YEAR:].mean())


@summary_metric(
    "trust (0-1)", "Mean monthly central credibility over the run (months 1 to the horizon)."
)
def central_credibility_mean(r: RunRecord) -> float:
    return float(r.series["central_credibility"].iloc[1:].mean())


@summary_metric(
    "trust (0-1)", "Central credibility at the horizon minus at month 0 (rules take effect)."
)
def central_credibility_change(r: RunRecord) -> float:
    return central_credibility_end(r) - float(r.series["central_credibility"].iloc[0])


@summary_metric("share", "Share of citizens trusting the centre more than the local government.")
def hierarchical_trust_share_end(r: RunRecord) -> float:
    """At the horizon (Li 2016: one third to two thirds in China's national surveys)."""
    return float(r.series["hierarchical_trust_share"].iloc[-1])


@summary_metric(
    "share",
    "Mean monthly share trusting the centre more than the local government over the last 12 "
    "months of the horizon (all of it if shorter).",
)
def hierarchical_trust_share_last_year(r: RunRecord) -> float:
    return float(r.series["hierarchical_trust_share"].iloc[1:].iloc[-LAST_YEAR:].mean())


@summary_metric(
    "share",
    "Mean monthly share trusting the centre more than the local government over the run "
    "(months 1 to the horizon).",
)
def hierarchical_trust_share_mean(r: RunRecord) -> float:
    """What a survey of the status quo samples: the share in any month of the run."""
    return float(r.series["hierarchical_trust_share"].iloc[1:].mean())


@summary_metric("trust (0-1)", "Standard deviation of citizens' trust at the horizon.")
def trust_sd_end(r: RunRecord) -> float:
    return float(r.series["trust_sd"].iloc[-1])


# Incidents -----------------------------------------------------------------------------------


@summary_metric("1/(100 post-years)", "Incidents of both kinds.")
def incidents_per_100py(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.INCIDENT))


@summary_metric("1/(100 post-years)", "Misconduct incidents (deterrence and selection).")
def misconduct_per_100py(r: RunRecord) -> float:
    return r.per_100cy(r.n_of_kind("misconduct", EventKind.INCIDENT))


@summary_metric("severity", "Mean severity of incidents.")
def mean_severity(r: RunRecord) -> float:
    sev = r.column("severity", EventKind.INCIDENT)
    return float(np.nanmean(sev)) if len(sev) else float("nan")


@summary_metric("share", "Share of incidents made public at once.")
def share_disclosed(r: RunRecord) -> float:
    return _ratio(r.n(EventKind.DISCLOSURE), r.n(EventKind.INCIDENT))


@summary_metric("share", "Share of incidents that became public, at once or by exposure.")
def share_public(r: RunRecord) -> float:
    return _ratio(r.n(EventKind.DISCLOSURE, EventKind.EXPOSURE), r.n(EventKind.INCIDENT))


@summary_metric("1/(100 post-years)", "Cover-ups exposed.")
def coverups_exposed_per_100py(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.EXPOSURE))


# The cadre body ------------------------------------------------------------------------------


@summary_metric("integrity (0-1)", "Mean integrity of cadres in office at the horizon.")
def mean_integrity_end(r: RunRecord) -> float:
    return float(r.series["mean_integrity"].iloc[-1])


@summary_metric("integrity (0-1)", "Change of the mean integrity in office from month 0.")
def integrity_change(r: RunRecord) -> float:
    return float(r.series["mean_integrity"].iloc[-1] - r.series["mean_integrity"].iloc[0])


def summarize(record: RunRecord) -> dict[str, float]:
    """Every registered summary outcome of one run, by name."""
    return {name: float(metric.compute(record)) for name, metric in SUMMARY.items()}
