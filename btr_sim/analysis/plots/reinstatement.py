"""Reinstatements (复出): how many removed cadres return, how soon, and how quietly."""

from __future__ import annotations

import numpy as np

from btr_sim.analysis.outcomes import label
from btr_sim.analysis.plots.common import (
    Plot,
    bar_height,
    grouped_bars,
    scenario_axis,
    separators,
    with_better,
)
from btr_sim.analysis.plots.rows import row_samples, row_set, row_summary
from btr_sim.analysis.style import OKABE_ITO, new_figure, scenario_colours, style
from btr_sim.i18n import ENGLISH, Translator
from btr_sim.results import ExperimentResults

__all__ = ["plot_reinstatement"]


def plot_reinstatement(
    results: ExperimentResults, reference: str, tr: Translator = ENGLISH
) -> Plot:
    """Three panels: reinstatement rate; distribution of months to reinstatement; share quiet.

    The distribution is of every reinstatement in the event logs when they were recorded,
    else of the runs' median months (the panel's title says which). Fewer quiet returns are
    better ("← better"); the rate and the months have no agreed better direction.
    """
    rows = row_set(results, reference, tr)
    summary = row_summary(results, rows, ["reinstatement_rate", "share_quiet"])
    events = results.reinstatement_months()
    if events is not None:
        by_scenario = {
            str(s): g["months"].to_numpy(dtype=float) for s, g in events.groupby("scenario")
        }
        source = tr("all reinstatements (event logs)")
        short = tr("every reinstatement")
    else:
        by_scenario = {
            s: results.values(s, "median_months_to_reinstatement") for s in results.scenarios
        }
        source = tr("per-run medians (no event logs)")
        short = tr("per-run medians")
    samples = [x[np.isfinite(x)] for x in row_samples(results, rows, by_scenario)]
    if rows.by_factor:  # levels of different factors: one neutral colour
        colours = [OKABE_ITO["sky blue"]] * len(rows.keys)
    else:
        by_name = scenario_colours(results.scenarios, reference)
        colours = [by_name[s] for s in rows.keys]
    with style():
        fig = new_figure(8.0, bar_height(len(rows.keys) * 0.8))
        rate, months, quiet = fig.subplots(1, 3, sharey=True)
        y = scenario_axis(rate, rows.labels, rows.groups)
        grouped_bars(
            rate,
            summary,
            y,
            ["reinstatement_rate"],
            [label("reinstatement_rate", tr)],
            [OKABE_ITO["bluish green"]],
            tr,
        )
        rate.set(title=tr("Rate"), xlabel=tr("Reinstatements per\nremoval (mean, 95% CI)"))
        has = [i for i, x in enumerate(samples) if len(x)]
        if has:
            parts = months.boxplot(
                [samples[i] for i in has],
                positions=y[has],
                orientation="horizontal",
                widths=0.55,
                patch_artist=True,
                showfliers=True,
                flierprops={"markersize": 2.5, "markeredgewidth": 0.5},
                medianprops={"color": "black", "linewidth": 1.2},
                manage_ticks=False,
            )
            for i, box in zip(has, parts["boxes"], strict=True):
                box.set_facecolor(colours[i])
                box.set_alpha(0.55)
        for i, x in enumerate(samples):
            if not len(x):
                months.text(0, y[i], " " + tr("none"), va="center", fontsize=7, color="#555555")
        months.set(
            title=tr("Months out ({which})").format(which=short),
            xlabel=tr("Months from removal\nto reinstatement"),
        )
        months.set_xlim(left=0)
        months.grid(axis="y", visible=False)
        grouped_bars(
            quiet,
            summary,
            y,
            ["share_quiet"],
            [tr("Share quiet")],
            [OKABE_ITO["reddish purple"]],
            tr,
        )
        quiet.set(
            title=tr("Quiet returns"),
            xlabel=with_better(tr("Share unannounced\n(0–1; mean, 95% CI)"), "share_quiet", tr),
        )
        quiet.set_xlim(0, 1.05)
        for ax in (months, quiet):
            ax.tick_params(axis="y", left=False)
            separators(ax, y, rows.groups)
    counts = ", ".join(str(len(x)) for x in samples)
    caption = (
        tr(
            "Reinstatements of removed cadres. Left: reinstatements per removal; right: share "
            "of reinstatements made without announcement (n/a where a scenario has none). "
            "Middle: distribution of the months from removal to reinstatement, over {source} "
            "(boxes: quartiles and median; whiskers 1.5 IQR; counts per row: {counts})."
        ).format(source=source, counts=counts)
        + rows.note
    )
    return Plot("reinstatement", fig, caption)
