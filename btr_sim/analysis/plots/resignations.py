"""Resignations per 100 cadre-years by kind, per scenario, with 95% CIs."""

from __future__ import annotations

from btr_sim.analysis.outcomes import RESIGNATION_KINDS, label
from btr_sim.analysis.plots.common import Plot, bar_height, grouped_bars, scenario_axis
from btr_sim.analysis.plots.rows import row_set, row_summary
from btr_sim.analysis.style import OKABE_ITO, new_figure, style
from btr_sim.i18n import ENGLISH, Translator
from btr_sim.results import ExperimentResults

__all__ = ["KIND_COLOURS", "plot_resignations"]

KIND_COLOURS = (
    OKABE_ITO["blue"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["black"],
)


def plot_resignations(results: ExperimentResults, reference: str, tr: Translator = ENGLISH) -> Plot:
    """Voluntary, ordered, dismissals and all removals: one bar series per kind.

    No better direction is marked: neither more nor fewer removals are good in themselves.
    """
    kinds = [k for k in RESIGNATION_KINDS if k in results.outcomes]
    rows = row_set(results, reference, tr)
    summary = row_summary(results, rows, kinds)
    with style():
        fig = new_figure(6.4, bar_height(len(rows.keys) * len(kinds) / 2.2))
        ax = fig.subplots()
        y = scenario_axis(ax, rows.labels, rows.groups)
        grouped_bars(
            ax, summary, y, kinds, [label(k, tr) for k in kinds], KIND_COLOURS[: len(kinds)], tr
        )
        ax.set(
            title=tr("Resignations and dismissals by kind"),
            xlabel=tr("Rate per 100 cadre-years (mean, 95% CI)"),
        )
        fig.legend(loc="outside lower center", ncols=len(kinds))
    n = int(summary["n"].max())
    caption = (
        tr(
            "Removals per 100 cadre-years by kind: blame-taking resignations on the cadre's "
            "own initiative, resignations ordered by the supervisor, dismissals, and all "
            "removals. Bars are means over {n} replications, error bars 95% t intervals."
        ).format(n=n)
        + rows.note
    )
    return Plot("resignations", fig, caption)
