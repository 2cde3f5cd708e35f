"""How outcomes are named, grouped and labelled in tables and figures.

Units come from the metric registry (:data:`btr_sim.core.metrics.SUMMARY`), so a new metric is
labelled without a change here; the short labels below only read better than the names.
"""

from __future__ import annotations

from btr_sim.core.metrics import SUMMARY

__all__ = [
    "ACCURACY_RATES",
    "ACCURACY_SHARES",
    "DESIGN_OUTCOMES",
    "DESIRABLE",
    "KEY_OUTCOMES",
    "RESIGNATION_KINDS",
    "axis_label",
    "label",
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
    "misconduct_per_100py": -1,
    "share_disclosed": +1,
    "mean_integrity_end": +1,
    "integrity_change": +1,
}
ACCURACY_RATES: tuple[str, ...] = ("scapegoats_per_100cy", "impunity_per_100cy")

_LABELS = {
    "voluntary_per_100cy": "Voluntary resignations",
    "ordered_per_100cy": "Ordered resignations",
    "dismissals_per_100cy": "Dismissals",
    "removals_per_100cy": "All removals",
    "apologies_per_100cy": "Public apologies",
    "voluntary_share": "Voluntary share of removals",
    "precision": "Precision",
    "recall": "Recall",
    "scapegoats_per_100cy": "Scapegoats",
    "impunity_per_100cy": "Impunity",
    "reinstatement_rate": "Reinstatement rate",
    "reinstatement_rate_accident": "Reinstatement rate, accidents",
    "reinstatement_rate_misconduct": "Reinstatement rate, misconduct",
    "median_months_to_reinstatement": "Median months to reinstatement",
    "share_quiet": "Share of quiet reinstatements",
    "share_discovered": "Share of quiet reinstatements discovered",
    "credibility_start": "Credibility at start",
    "credibility_end": "Credibility at the horizon",
    "credibility_min": "Lowest credibility",
    "credibility_mean": "Mean credibility",
    "credibility_change": "Credibility change",
    "trust_sd_end": "Dispersion of trust at the horizon",
    "incidents_per_100py": "Incidents",
    "misconduct_per_100py": "Misconduct incidents",
    "mean_severity": "Mean severity of incidents",
    "share_disclosed": "Share of incidents disclosed at once",
    "share_public": "Share of incidents made public",
    "coverups_exposed_per_100py": "Cover-ups exposed",
    "mean_integrity_end": "Mean integrity in office at the horizon",
    "integrity_change": "Change of mean integrity in office",
}

_UNITS = {
    "1/(100 cadre-years)": "per 100 cadre-years",
    "1/(100 post-years)": "per 100 post-years",
    "share": "share, 0–1",
    "trust (0-1)": "mean trust, 0–1",
    "integrity (0-1)": "integrity, 0–1",
    "month": "months",
    "severity": "severity, 1 = grave",
}


def label(outcome: str) -> str:
    """A short human label for an outcome."""
    return _LABELS.get(outcome, outcome.replace("_", " ").capitalize())


def unit(outcome: str) -> str:
    """The outcome's unit as it reads on an axis (empty if unknown)."""
    metric = SUMMARY.get(outcome)
    if metric is None:
        return ""
    return _UNITS.get(metric.unit, metric.unit)


def axis_label(outcome: str, prefix: str = "") -> str:
    """``Label (unit)``, optionally prefixed (``Δ credibility change (mean trust, 0–1)``)."""
    base = label(outcome)
    text = f"{prefix}{base[0].lower()}{base[1:]}" if prefix else base
    u = unit(outcome)
    return f"{text} ({u})" if u else text
