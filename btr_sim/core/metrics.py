"""Outcomes as pure, registered functions.

Two registries:

- :data:`SERIES`: monthly series, functions of the model, handed to Mesa's ``DataCollector``;
- :data:`SUMMARY`: run outcomes, functions of a :class:`RunRecord` (the event log, the series
  and the scenario), computed from the event log so that every figure traces back to events.

Every outcome is over the measured window: months 1 to the horizon after the scenario's rules
take effect (month 0, after the warm-up); the event log holds only that window, and changes
are measured from month 0. Rates are per 100 cadre-years (posts x years: every post is held
all year, a vacancy lasting only within the month it opens).

Every function here is a named module-level function, so that a model holding them (its
DataCollector) can be pickled.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property, partial
from typing import TYPE_CHECKING, Any, Protocol

import pandas as pd

from btr_sim.core.events import REMOVALS, EventKind

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

    A :func:`functools.partial` of a module-level function: Mesa's DataCollector calls it with
    the model, and it pickles (a closure would not).
    """
    return partial(_events_this_month, kinds)


def _credibility(model: Observed) -> float:
    return model.citizens.credibility()


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
    """What one run leaves behind: the inputs to every summary metric."""

    scenario: Scenario
    seed: int
    events: pd.DataFrame
    series: pd.DataFrame

    @cached_property
    def counts(self) -> pd.Series:
        """Number of events of each kind."""
        return self.events["event"].value_counts()

    def n(self, *kinds: EventKind) -> int:
        """Total number of events of the given kinds."""
        return int(sum(self.counts.get(k.value, 0) for k in kinds))

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
    return r.per_100cy(len(r.removals))


@summary_metric("1/(100 cadre-years)", "Public apologies (the cadre stays).")
def apologies_per_100cy(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.APOLOGY))


@summary_metric("share", "Share of removals that were voluntary blame-taking resignations.")
def voluntary_share(r: RunRecord) -> float:
    return _ratio(r.n(EventKind.VOLUNTARY_RESIGNATION), len(r.removals))


# Accountability accuracy ---------------------------------------------------------------------


@summary_metric("share", "Precision: share of removals that hit a culpable cadre.")
def precision(r: RunRecord) -> float:
    return _ratio(r.culpable(r.removals).sum(), len(r.removals))


@summary_metric(
    "share",
    "Recall: share of culpable, serious incidents (concealed ones included) followed by a removal.",
)
def recall(r: RunRecord) -> float:
    incidents = r.rows(EventKind.INCIDENT)
    due = incidents[r.culpable(incidents) & r.serious(incidents)]
    return _ratio(due["incident"].isin(r.removals["incident"]).sum(), len(due))


@summary_metric(
    "1/(100 cadre-years)", "Scapegoats: cadres ordered out or dismissed though not culpable."
)
def scapegoats_per_100cy(r: RunRecord) -> float:
    forced = r.rows(EventKind.ORDERED_RESIGNATION, EventKind.DISMISSAL)
    return r.per_100cy((~r.culpable(forced)).sum())


@summary_metric(
    "1/(100 cadre-years)",
    "Impunity: culpable, serious, public incidents that ended with no action or an apology.",
)
def impunity_per_100cy(r: RunRecord) -> float:
    spared = r.rows(EventKind.NO_ACTION, EventKind.APOLOGY)
    return r.per_100cy((r.culpable(spared) & r.serious(spared)).sum())


# Reinstatement -------------------------------------------------------------------------------


@summary_metric("share", "Reinstatements per removal.")
def reinstatement_rate(r: RunRecord) -> float:
    return _ratio(r.n(EventKind.REINSTATEMENT), len(r.removals))


@summary_metric("share", "Reinstatements per removal over an accident or disaster.")
def reinstatement_rate_accident(r: RunRecord) -> float:
    back = r.rows(EventKind.REINSTATEMENT)
    return _ratio((back["kind"] == "accident").sum(), (r.removals["kind"] == "accident").sum())


@summary_metric("share", "Reinstatements per removal over misconduct.")
def reinstatement_rate_misconduct(r: RunRecord) -> float:
    back = r.rows(EventKind.REINSTATEMENT)
    return _ratio((back["kind"] == "misconduct").sum(), (r.removals["kind"] == "misconduct").sum())


@summary_metric("month", "Median months from removal to reinstatement.")
def median_months_to_reinstatement(r: RunRecord) -> float:
    months = r.rows(EventKind.REINSTATEMENT)["value"]
    return float(months.median()) if len(months) else float("nan")


@summary_metric("share", "Share of reinstatements made without announcement.")
def share_quiet(r: RunRecord) -> float:
    back = r.rows(EventKind.REINSTATEMENT)
    return _ratio(back["rule"].str.endswith("/quiet").sum(), len(back))


@summary_metric("share", "Share of quiet reinstatements that the media found out.")
def share_discovered(r: RunRecord) -> float:
    back = r.rows(EventKind.REINSTATEMENT)
    return _ratio(r.n(EventKind.DISCOVERY), back["rule"].str.endswith("/quiet").sum())


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
    public = r.rows(EventKind.DISCLOSURE, EventKind.EXPOSURE)
    due = public[r.culpable(public) & r.serious(public)]
    resigned = r.rows(EventKind.VOLUNTARY_RESIGNATION, EventKind.ORDERED_RESIGNATION)
    return _ratio(due["incident"].isin(resigned["incident"]).sum(), due["incident"].nunique())


@summary_metric("share", "Share of reinstatements that came 2 to 15 months after the removal.")
def share_gap_2_15(r: RunRecord) -> float:
    """Share of reinstatement gaps within 2-15 months (both ends included).

    The well-known cases range from about 2 months (Yang Cunhu) to about 15 (Li Changjiang):
    docs/sources.md, yangcunhu2012 and lichangjiang2008.
    """
    months = r.rows(EventKind.REINSTATEMENT)["value"]
    return _ratio(months.between(2, 15).sum(), len(months))


@summary_metric("1/(100 cadre-years)", "Reinstatements less than 12 months after the removal.")
def early_reinstatements_per_100cy(r: RunRecord) -> float:
    """Reinstatements before the one-year bar of the 2009 Provisions and 2014 Regulations.

    A rate rather than a share so that it is defined (zero) when nobody returns.
    """
    months = r.rows(EventKind.REINSTATEMENT)["value"]
    return r.per_100cy((months < 12).sum())


@summary_metric("share", "Share of reinstatements that were announced.")
def share_announced(r: RunRecord) -> float:
    """Announced reinstatements per reinstatement (Beijing News 2014: none of 29)."""
    back = r.rows(EventKind.REINSTATEMENT)
    return _ratio((~back["rule"].str.endswith("/quiet")).sum(), len(back))


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


@summary_metric("trust (0-1)", "Standard deviation of citizens' trust at the horizon.")
def trust_sd_end(r: RunRecord) -> float:
    return float(r.series["trust_sd"].iloc[-1])


# Incidents -----------------------------------------------------------------------------------


@summary_metric("1/(100 post-years)", "Incidents of both kinds.")
def incidents_per_100py(r: RunRecord) -> float:
    return r.per_100cy(r.n(EventKind.INCIDENT))


@summary_metric("1/(100 post-years)", "Misconduct incidents (deterrence and selection).")
def misconduct_per_100py(r: RunRecord) -> float:
    incidents = r.rows(EventKind.INCIDENT)
    return r.per_100cy((incidents["kind"] == "misconduct").sum())


@summary_metric("severity", "Mean severity of incidents.")
def mean_severity(r: RunRecord) -> float:
    sev = r.rows(EventKind.INCIDENT)["severity"]
    return float(sev.mean()) if len(sev) else float("nan")


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
