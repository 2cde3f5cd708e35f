"""Accountability accuracy: precision and recall, scapegoats and impunity, with 95% CIs."""

from __future__ import annotations

from btr_sim.analysis.outcomes import ACCURACY_RATES, ACCURACY_SHARES, label
from btr_sim.analysis.plots.common import (
    Plot,
    bar_height,
    grouped_bars,
    scenario_axis,
    separators,
)
from btr_sim.analysis.plots.rows import row_set, row_summary
from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.i18n import ENGLISH, Translator
from btr_sim.results import ExperimentResults

__all__ = ["plot_accuracy"]


def plot_accuracy(results: ExperimentResults, reference: str, tr: Translator = ENGLISH) -> Plot:
    """Two panels: precision and recall (shares), scapegoats and impunity (rates).

    Both are read "better →" in the first panel (higher precision and recall) and
    "← better" in the second (fewer errors); each panel's x label says so.
    """
    rows = row_set(results, reference, tr)
    summary = row_summary(results, rows, [*ACCURACY_SHARES, *ACCURACY_RATES])
    with style():
        fig = new_figure(7.2, bar_height(len(rows.keys) * 0.9))
        shares, rates = fig.subplots(1, 2, sharey=True)
        y = scenario_axis(shares, rows.labels, rows.groups)
        grouped_bars(
            shares,
            summary,
            y,
            ACCURACY_SHARES,
            [label(o, tr) for o in ACCURACY_SHARES],
            [OKABE_ITO["blue"], OKABE_ITO["sky blue"]],
            tr,
        )
        shares.set(
            title=tr("Who is held to account"),
            xlabel=tr("Share (0–1; mean, 95% CI)") + "\n" + tr("better →"),
            xlim=(0, 1.05),
        )
        grouped_bars(
            rates,
            summary,
            y,
            ACCURACY_RATES,
            [label(o, tr) for o in ACCURACY_RATES],
            [OKABE_ITO["vermillion"], OKABE_ITO["orange"]],
            tr,
        )
        rates.set(
            title=tr("Errors"),
            xlabel=tr("Cases per 100 cadre-years (mean, 95% CI)") + "\n" + tr("← better"),
        )
        rates.tick_params(axis="y", left=False)
        separators(rates, y, rows.groups)
        for ax in (shares, rates):
            ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.08), ncols=2)
    caption = (
        tr(
            "Accountability accuracy. Precision: share of removals that hit a culpable cadre; "
            "recall: share of culpable, serious incidents followed by a removal. Scapegoats: "
            "non-culpable cadres ordered out or dismissed; impunity: culpable, serious, public "
            "incidents that ended with no action or only an apology. Means with 95% t "
            "intervals; n/a where no run defines the share."
        )
        + rows.note
    )
    return Plot("accuracy", fig, caption)
