"""How outcomes are named, grouped and labelled in tables and figures, and which way is better.

Units come from the metric registry (:data:`btr_sim.core.metrics.SUMMARY`), so a new metric is
labelled without a change here; the short labels below only read better than the names. Labels
and units are messages of the catalogue (:mod:`btr_sim.i18n`): each function takes the
:class:`~btr_sim.i18n.Translator` of the language to label in.
"""

from __future__ import annotations

import math

from btr_sim.core.metrics import SUMMARY
from btr_sim.i18n import ENGLISH, N_, Translator

__all__ = [
    "ACCURACY_RATES",
    "ACCURACY_SHARES",
    "DESIGN_OUTCOMES",
    "DESIRABLE",
    "KEY_OUTCOMES",
    "RESIGNATION_KINDS",
    "axis_label",
    "better",
    "label",
    "outcome_range",
    "unit",
]

#: Outcomes shown in printed tables, reports and design figures unless all are asked for.
KEY_OUTCOMES: tuple[str, ...] = (
    "removals_per_100cy",
    "voluntary_per_100cy",
    "ordered_per_100cy",
    "dismissals_per_100cy",
    "voluntary_share",
    "precision",
    "recall",
    "scapegoats_per_100cy",
    "impunity_per_100cy",
    "reinstatement_rate",
    "share_quiet",
    "credibility_end",
    "credibility_change",
    "central_credibility_end",
    "central_credibility_change",
    "hierarchical_trust_share_last_year",
    "mean_integrity_end",
)

#: Outcomes of the design figures (heatmaps, interaction plots, forest plot).
DESIGN_OUTCOMES: tuple[str, ...] = (
    "credibility_change",
    "removals_per_100cy",
    "precision",
    "impunity_per_100cy",
)

#: Resignations by kind, and their total.
RESIGNATION_KINDS: tuple[str, ...] = (
    "voluntary_per_100cy",
    "ordered_per_100cy",
    "dismissals_per_100cy",
    "removals_per_100cy",
)

ACCURACY_SHARES: tuple[str, ...] = ("precision", "recall")

#: The direction in which an outcome is better (+1 higher, -1 lower), for reading interactions.
#: Outcomes left out have no agreed direction: neither more nor fewer removals, reinstatements
#: or apologies are good in themselves.
DESIRABLE: dict[str, int] = {
    "precision": +1,
    "recall": +1,
    "scapegoats_per_100cy": -1,
    "impunity_per_100cy": -1,
    "share_quiet": -1,
    "credibility_end": +1,
    "credibility_min": +1,
    "credibility_mean": +1,
    "credibility_change": +1,
    "credibility_last_year": +1,
    "central_credibility_end": +1,
    "central_credibility_last_year": +1,
    "central_credibility_mean": +1,
    "central_credibility_change": +1,
    "misconduct_per_100py": -1,
    "share_disclosed": +1,
    "mean_integrity_end": +1,
    "integrity_change": +1,
}
ACCURACY_RATES: tuple[str, ...] = ("scapegoats_per_100cy", "impunity_per_100cy")

_LABELS = {
    "voluntary_per_100cy": N_("Voluntary resignations"),
    "ordered_per_100cy": N_("Ordered resignations"),
    "dismissals_per_100cy": N_("Dismissals"),
    "removals_per_100cy": N_("All removals"),
    "apologies_per_100cy": N_("Public apologies"),
    "voluntary_share": N_("Voluntary share of removals"),
    "precision": N_("Precision"),
    "recall": N_("Recall"),
    "scapegoats_per_100cy": N_("Scapegoats"),
    "impunity_per_100cy": N_("Impunity"),
    "reinstatement_rate": N_("Reinstatement rate"),
    "reinstatement_rate_accident": N_("Reinstatement rate, accidents"),
    "reinstatement_rate_misconduct": N_("Reinstatement rate, misconduct"),
    "median_months_to_reinstatement": N_("Median months to reinstatement"),
    "share_quiet": N_("Share of quiet reinstatements"),
    "share_discovered": N_("Share of quiet reinstatements discovered"),
    "credibility_start": N_("Credibility at start"),
    "credibility_end": N_("Credibility at the horizon"),
    "credibility_min": N_("Lowest credibility"),
    "credibility_mean": N_("Mean credibility"),
    "credibility_change": N_("Credibility change"),
    "credibility_last_year": N_("Credibility over the last year"),
    "central_credibility_end": N_("Central credibility at the horizon"),
    "central_credibility_last_year": N_("Central credibility over the last year"),
    "central_credibility_mean": N_("Mean central credibility"),
    "central_credibility_change": N_("Central credibility change"),
    "hierarchical_trust_share_end": N_("Share trusting the centre more, at the horizon"),
    "hierarchical_trust_share_last_year": N_("Share trusting the centre more, last year"),
    "hierarchical_trust_share_mean": N_("Share trusting the centre more"),
    "trust_sd_end": N_("Dispersion of trust at the horizon"),
    "incidents_per_100py": N_("Incidents"),
    "misconduct_per_100py": N_("Misconduct incidents"),
    "mean_severity": N_("Mean severity of incidents"),
    "share_disclosed": N_("Share of incidents disclosed at once"),
    "share_public": N_("Share of incidents made public"),
    "coverups_exposed_per_100py": N_("Cover-ups exposed"),
    "mean_integrity_end": N_("Mean integrity in office at the horizon"),
    "integrity_change": N_("Change of mean integrity in office"),
    "resignation_share_due": N_("Share of due cases ending in resignation"),
    "share_gap_2_15": N_("Share of returns after 2 to 15 months"),
    "early_reinstatements_per_100cy": N_("Early reinstatements"),
    "share_announced": N_("Share of reinstatements announced"),
    # A measure of the facts (btr_sim/validation/measures.py), not a summary outcome: the
    # foreign systems' share of debated cases that end in the official's departure.
    "departure_share_debated": N_("Share of debated cases ending in departure"),
}

_UNITS = {
    "1/(100 cadre-years)": N_("per 100 cadre-years"),
    "1/(100 post-years)": N_("per 100 post-years"),
    "share": N_("share, 0–1"),
    "trust (0-1)": N_("mean trust, 0–1"),
    "integrity (0-1)": N_("integrity, 0–1"),
    "month": N_("months"),
    "severity": N_("severity, 1 = grave"),
}


def label(outcome: str, tr: Translator = ENGLISH) -> str:
    """A short human label for an outcome, in ``tr``'s language."""
    if outcome in _LABELS:
        return tr(_LABELS[outcome])
    return outcome.replace("_", " ").capitalize()


def unit(outcome: str, tr: Translator = ENGLISH) -> str:
    """The outcome's unit as it reads on an axis (empty if unknown)."""
    metric = SUMMARY.get(outcome)
    if metric is None:
        return ""
    return tr(_UNITS.get(metric.unit, metric.unit))


def axis_label(outcome: str, prefix: str = "", tr: Translator = ENGLISH) -> str:
    """``Label (unit)``, optionally prefixed (``Δ credibility change (mean trust, 0–1)``)."""
    base = label(outcome, tr)
    text = f"{prefix}{base[0].lower()}{base[1:]}" if prefix and not tr.is_chinese else prefix + base
    u = unit(outcome, tr)
    return tr("{label} ({unit})").format(label=text, unit=u) if u else text


def better(outcome: str) -> int | None:
    """+1 if a higher value of ``outcome`` is better, -1 if a lower one, None if neither."""
    return DESIRABLE.get(outcome)


#: The values each unit of the metric registry can take (a change of a 0-1 quantity: -1 to 1).
_RANGES: dict[str, tuple[float, float]] = {
    "1/(100 cadre-years)": (0.0, math.inf),
    "1/(100 post-years)": (0.0, math.inf),
    "share": (0.0, 1.0),
    "trust (0-1)": (0.0, 1.0),
    "integrity (0-1)": (0.0, 1.0),
    "month": (0.0, math.inf),
    "severity": (0.0, math.inf),
}


def outcome_range(outcome: str) -> tuple[float, float]:
    """The smallest and largest value ``outcome`` can take (``(-inf, inf)`` if unknown).

    Rates cannot fall below zero and shares or mean trust leave [0, 1] never; a change of a
    0-1 quantity lies in [-1, 1]. Figures use this to say where an additive prediction is
    impossible.
    """
    metric = SUMMARY.get(outcome)
    if metric is None or metric.unit not in _RANGES:
        return (-math.inf, math.inf)
    low, high = _RANGES[metric.unit]
    if outcome.endswith("_change"):
        return (-high, high)
    return (low, high)
