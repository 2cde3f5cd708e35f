"""Credibility over time: each scenario's mean path with a 95% band, and its paired difference.

Month 0 is the month the scenarios' rules take effect, after the shared warm-up; later changes
of rules of the scenarios' timelines are marked with a labelled vertical line.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from matplotlib.axes import Axes

from btr_sim.analysis.naming import factor_name, level_name, scenario_labels
from btr_sim.analysis.plots.common import Plot, better_marker
from btr_sim.analysis.plots.rows import row_set
from btr_sim.analysis.stats import mean_ci
from btr_sim.analysis.style import (
    OKABE_ITO,
    REFERENCE_COLOUR,
    line_effects,
    new_figure,
    scenario_colours,
    series_colours,
    style,
)
from btr_sim.analysis.timeseries import factor_series_bands, series_bands
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.results import ExperimentResults

__all__ = [
    "LEVELS",
    "credibility_levels",
    "mark_rule_changes",
    "paired_series_bands",
    "plot_credibility",
]


def mark_rule_changes(axes: list[Axes], results: ExperimentResults) -> int:
    """Draw a labelled vertical line at each change of rules of the scenarios' timelines.

    A change that several scenarios share (same month, same name) is drawn once; the label
    (the rule set's name) stands at the top of the first panel. Returns how many were drawn.
    """
    changes = sorted({c for s in results.scenarios for c in results.rule_changes(s)})
    for month, name in changes:
        for ax in axes:
            ax.axvline(month, color="#555555", lw=0.9, ls=":", label="_rule change", zorder=1)
        axes[0].annotate(
            name,
            xy=(month, 1.0),
            xycoords=("data", "axes fraction"),
            xytext=(2, -2),
            textcoords="offset points",
            rotation=90,
            va="top",
            ha="left",
            fontsize=6.5,
            color="#333333",
        )
    return len(changes)


def paired_series_bands(results: ExperimentResults, reference: str, column: str) -> pd.DataFrame:
    """Per month, each scenario's mean per-seed difference from the reference, with a t band."""
    ok = set(results.ok_runs["run_id"])
    series = results.series[results.series["run_id"].isin(ok)]
    wide = series.pivot_table(index=["seed", "month"], columns="scenario", values=column)
    if reference not in wide.columns:
        return pd.DataFrame(columns=["scenario", "month", "n", "mean", "low", "high"])
    rows = []
    for scenario in results.scenarios:
        if scenario == reference or scenario not in wide.columns:
            continue
        diff = (wide[scenario] - wide[reference]).rename("d").reset_index()
        for month, group in diff.groupby("month"):
            est = mean_ci(group["d"].to_numpy())
            rows.append(
                {
                    "scenario": scenario,
                    "month": month,
                    "n": est.n,
                    "mean": est.estimate,
                    "low": est.low,
                    "high": est.high,
                }
            )
    return pd.DataFrame(rows)


#: The levels of trust drawn, each a row of panels: the series and its title, axis label and
#: the label of its difference. ``credibility`` is the local level's, as it always was.
LEVELS: tuple[tuple[str, str, str, str], ...] = (
    (
        "credibility",
        N_("Credibility over time"),
        N_("Credibility (mean trust, 0–1)"),
        N_("Δ credibility (mean trust, 0–1)"),
    ),
    (
        "central_credibility",
        N_("Central credibility over time"),
        N_("Central credibility (mean trust in the centre, 0–1)"),
        N_("Δ central credibility (0–1)"),
    ),
)


def credibility_levels(results: ExperimentResults) -> list[tuple[str, str, str, str]]:
    """The levels of trust whose series the results hold (older results: the local only)."""
    return [level for level in LEVELS if level[0] in results.series.columns]


def plot_credibility(
    results: ExperimentResults, reference: str, tr: Translator = ENGLISH
) -> Plot | None:
    """Credibility (mean trust) per month, with 95% bands, and its paired difference.

    The difference from the reference is taken run by run, paired by replication seed.

    One row per level of trust: local credibility (the first row) and, where the results hold
    its series, central credibility (the second). Left panel: one line per scenario
    (:meth:`Axes.get_lines`, labelled by scenario) with a shaded band. Right panel: one line
    per non-reference scenario, its y label marked "better →" (higher credibility is better;
    the arrow points up along the label).
    """
    if results.series is None:
        return None
    if row_set(results, reference).by_factor:
        return _by_factor(results, tr)
    names = scenario_labels(results, reference, tr)
    colours = scenario_colours(results.scenarios, reference)
    many = len(results.scenarios) > len(OKABE_ITO) - 1
    levels = credibility_levels(results)
    with style():
        fig = new_figure(7.2, (3.4 if not many else 4.6) + 2.6 * (len(levels) - 1))
        grid = fig.subplots(len(levels), 2, squeeze=False)
        for (left, right), level in zip(grid, levels, strict=True):
            bands = _draw_level(left, right, results, reference, level, names, colours, tr)
        handles, labels = grid[0][0].get_legend_handles_labels()
        fig.legend(
            handles,
            labels,
            loc="outside lower center",
            ncols=min(len(labels), 4 if not many else 3),
            fontsize=7 if many else 8,
        )
        marked = mark_rule_changes(list(grid.ravel()), results)
    n = int(np.nanmax(bands["n"])) if len(bands) else 0
    caption = tr(
        "Credibility (mean citizen trust) per month from month 0, when the scenarios' rules "
        "take effect after a shared warm-up; lines are means over {n} replications, shaded "
        "bands pointwise 95% t intervals. Right: difference from the reference ({reference}), "
        "paired by replication seed (common random numbers); above zero is better."
    ).format(n=n, reference=names.get(reference, reference))
    if len(levels) > 1:
        caption += " " + tr(
            "Top: trust in the local government (credibility); bottom: trust in the centre "
            "(central credibility)."
        )
    if marked:
        caption += " " + tr("Dotted lines: changes of rules of the scenarios' timelines.")
    return Plot("credibility", fig, caption)


def _draw_level(
    left: Axes,
    right: Axes,
    results: ExperimentResults,
    reference: str,
    level: tuple[str, str, str, str],
    names: dict[str, str],
    colours: dict[str, object],
    tr: Translator,
) -> pd.DataFrame:
    """One level's row: its mean paths with bands (left), their paired differences (right)."""
    column, title, ylabel, dlabel = level
    bands = series_bands(results, column)
    diffs = paired_series_bands(results, reference, column)
    for scenario in results.scenarios:
        rows = bands[bands["scenario"] == scenario]
        label = names[scenario]
        lw = 2.0 if scenario == reference else 1.4
        effects = line_effects(colours[scenario])
        left.plot(
            rows["month"],
            rows["mean"],
            color=colours[scenario],
            lw=lw,
            label=label,
            path_effects=effects,
        )
        left.fill_between(
            rows["month"], rows["low"], rows["high"], color=colours[scenario], alpha=0.15, lw=0
        )
        if scenario == reference:
            continue
        d = diffs[diffs["scenario"] == scenario]
        right.plot(
            d["month"],
            d["mean"],
            color=colours[scenario],
            lw=1.4,
            label=label,
            path_effects=effects,
        )
        right.fill_between(
            d["month"], d["low"], d["high"], color=colours[scenario], alpha=0.15, lw=0
        )
    right.axhline(0.0, color="black", lw=0.8, ls="--", label="_zero")
    left.set(title=tr(title), xlabel=tr("Month"), ylabel=tr(ylabel))
    right.set(
        title=tr("Difference from {name}").format(name=names.get(reference, reference)),
        xlabel=tr("Month"),
        ylabel=tr(dlabel) + "\n" + better_marker("credibility_change", tr),
    )
    months = int(bands["month"].max()) if len(bands) else 0
    for ax in (left, right):
        ax.set_xlim(0, max(months, 1))
    return bands


#: Factors drawn at most, one panel each, when a design is shown by factor level.
MAX_FACTOR_PANELS = 3


def _by_factor(results: ExperimentResults, tr: Translator) -> Plot:
    """One panel per factor, one line per level averaged over the other factors.

    One row of panels per level of trust held in the results (local, then central).
    """
    factors = list(results.factors)[:MAX_FACTOR_PANELS]
    trust_levels = credibility_levels(results)
    with style():
        fig = new_figure(2.6 * len(factors) + 0.6, 3.6 + 2.8 * (len(trust_levels) - 1))
        grid = fig.subplots(len(trust_levels), len(factors), sharey="row", squeeze=False)
        for row, (column, _, ylabel, _) in zip(grid, trust_levels, strict=True):
            for ax, factor in zip(row, factors, strict=True):
                bands = factor_series_bands(results, factor, column)
                levels = results.factors[factor]
                colours = [REFERENCE_COLOUR, *series_colours(len(levels) - 1)]
                for level, colour in zip(levels, colours, strict=True):
                    rows = bands[bands["level"] == level]
                    ax.plot(
                        rows["month"],
                        rows["mean"],
                        color=colour,
                        lw=1.4,
                        label=tr("{name} (base)").format(name=level_name(level, tr))
                        if level == levels[0]
                        else level_name(level, tr),
                        path_effects=line_effects(colour),
                    )
                    ax.fill_between(
                        rows["month"], rows["low"], rows["high"], color=colour, alpha=0.15, lw=0
                    )
                name = factor_name(results, factor, tr)
                ax.set(title=name, xlabel=tr("Month"))
                ax.set_xlim(0, max(int(bands["month"].max()), 1))
                ax.legend(loc="upper right", fontsize=7, title=name, title_fontsize=7)
            row[0].set_ylabel(tr(ylabel))
        marked = mark_rule_changes(list(grid.ravel()), results)
        fig.suptitle(tr("Credibility over time by factor level"), fontweight="bold")
    n = results.manifest.get("replications", "?")
    caption = tr(
        "Credibility (mean citizen trust) per month at each level of each factor, averaged "
        "over the other factors within each of {n} replications; bands are pointwise 95% t "
        "intervals over replications. (The design has too many scenarios to draw one line "
        "each; the heatmaps show the joint effect.)"
    ).format(n=n)
    if len(trust_levels) > 1:
        caption += " " + tr(
            "Top: trust in the local government (credibility); bottom: trust in the centre "
            "(central credibility)."
        )
    if marked:
        caption += " " + tr("Dotted lines: changes of rules of the scenarios' timelines.")
    return Plot("credibility", fig, caption)
