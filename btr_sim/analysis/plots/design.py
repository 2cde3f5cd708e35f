"""Figures of a crossed design: heatmaps over two parameters, interaction plots, synergy.

Every axis or colour bar that shows an outcome with a better direction says which way is
better. The synergy figure compares each combination of levers with what the levers would
give if their effects added up, on the outcome's own scale: where that sum would leave the
outcome's range (a rate below zero, a share above one), the levers cannot add up, and the
figure draws the prediction at the bound and says so rather than plot an impossible value.
"""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib.axes import Axes
from matplotlib.ticker import MaxNLocator

from btr_sim.analysis.comparison import differences, scenario_summary
from btr_sim.analysis.document import format_value
from btr_sim.analysis.factorial import marginal_means
from btr_sim.analysis.naming import factor_name, level_name, scenario_label
from btr_sim.analysis.outcomes import DESIGN_OUTCOMES, axis_label, label, outcome_range, unit
from btr_sim.analysis.plots.common import (
    Plot,
    bar_height,
    factor_label,
    scenario_axis,
    with_better,
)
from btr_sim.analysis.plots.rows import level_row_label
from btr_sim.analysis.style import OKABE_ITO, new_figure, series_colours, style
from btr_sim.i18n import ENGLISH, Translator
from btr_sim.results import ExperimentResults, level_key

__all__ = ["plot_heatmaps", "plot_interactions", "plot_synergy"]

#: Factor pairs drawn at most (a design of many factors would give unreadable figures).
MAX_PAIRS = 6


def _pairs(results: ExperimentResults) -> list[tuple[str, str]]:
    factors = [f for f, v in results.factors.items() if len(v) >= 2]
    return list(itertools.combinations(factors, 2))[:MAX_PAIRS]


def _outcomes(results: ExperimentResults) -> list[str]:
    return [o for o in DESIGN_OUTCOMES if o in results.outcomes]


def plot_heatmaps(
    results: ExperimentResults, reference: str, tr: Translator = ENGLISH
) -> list[Plot]:
    """For a grid design: one figure per pair of parameters, a heatmap panel per key outcome.

    Cells are the mean outcome at the pair's levels (averaged over any other factors), printed
    in the cell; the reference design point is outlined; the colour bar says which way is
    better.
    """
    if results.design_kind != "grid" or not results.is_crossed:
        return []
    plots = []
    ref_levels = results.design_levels(reference)
    for fx, fy in _pairs(results):
        xs, ys = results.factors[fx], results.factors[fy]
        outcomes = _outcomes(results)
        with style():
            fig = new_figure(7.2, 2.8 * int(np.ceil(len(outcomes) / 2)) + 0.4)
            axes = fig.subplots(int(np.ceil(len(outcomes) / 2)), 2, squeeze=False).ravel()
            for ax, outcome in zip(axes, outcomes, strict=False):
                means = marginal_means(results, outcome, [fx, fy])
                grid = np.full((len(ys), len(xs)), np.nan)
                for _index, row in means.iterrows():
                    i = [level_key(v) for v in ys].index(level_key(row[fy]))
                    j = [level_key(v) for v in xs].index(level_key(row[fx]))
                    grid[i, j] = row["mean"]
                image = ax.imshow(grid, origin="lower", cmap="cividis", aspect="auto")
                ax.set_xticks(range(len(xs)), [level_name(v, tr) for v in xs])
                ax.set_yticks(range(len(ys)), [level_name(v, tr) for v in ys])
                ax.grid(False)
                for spine in ax.spines.values():
                    spine.set_visible(False)
                ax.set(
                    title=label(outcome, tr),
                    xlabel=factor_label(fx, factor_name(results, fx, tr), tr),
                    ylabel=factor_label(fy, factor_name(results, fy, tr), tr),
                )
                _annotate(ax, grid, image)
                bar = fig.colorbar(image, ax=ax, shrink=0.9)
                bar.set_label(with_better(unit(outcome, tr) or label(outcome, tr), outcome, tr))
                j = [level_key(v) for v in xs].index(level_key(ref_levels[fx]))
                i = [level_key(v) for v in ys].index(level_key(ref_levels[fy]))
                ax.add_patch(_box(j, i, edgecolor=OKABE_ITO["vermillion"], label=tr("reference")))
            for ax in axes[len(outcomes) :]:
                ax.set_visible(False)
        n = results.manifest.get("replications", "?")
        others = len(results.factors) > 2
        caption = tr(
            "Mean outcomes over the grid of {x} and {y} ({n} replications per cell{others}); "
            "the outlined cell is the reference ({reference}); each colour bar's arrow points "
            "to the better end (none where neither end is better)."
        ).format(
            x=factor_name(results, fx, tr),
            y=factor_name(results, fy, tr),
            n=n,
            others=tr(", averaged over the other factors") if others else "",
            reference=scenario_label(results, reference, tr),
        )
        plots.append(Plot(f"heatmap_{_slug(fx)}_x_{_slug(fy)}", fig, caption))
    return plots


def _annotate(ax, grid: np.ndarray, image) -> None:
    finite = grid[np.isfinite(grid)]
    if not len(finite):
        return
    mid = (finite.min() + finite.max()) / 2
    for (i, j), value in np.ndenumerate(grid):
        if np.isfinite(value):
            ax.text(
                j,
                i,
                f"{value:.3g}",
                ha="center",
                va="center",
                fontsize=7,
                color="black" if value > mid else "white",
            )


def _box(x: int, y: int, **kwargs):
    from matplotlib.patches import Rectangle

    return Rectangle((x - 0.46, y - 0.46), 0.92, 0.92, fill=False, linewidth=2.0, **kwargs)


def _slug(name: str) -> str:
    return name.replace(".", "_")


def plot_interactions(
    results: ExperimentResults, reference: str, tr: Translator = ENGLISH
) -> Plot | None:
    """Interaction plots: each pair of factors (columns) by key outcome (rows).

    Each panel shows the mean outcome at each level of the first factor (x), one line per
    level of the second.

    Parallel lines mean the two factors act additively; lines that diverge or cross show an
    interaction. Means are averaged over the other factors, with 95% CIs over replications.
    """
    if results.design_kind not in ("factorial", "grid") or not results.is_crossed:
        return None
    pairs = _pairs(results)
    if not pairs:
        return None
    outcomes = _outcomes(results)
    single = len(pairs) == 1
    with style():
        if single:  # one pair: the outcomes side by side, two to a row
            rows_n = int(np.ceil(len(outcomes) / 2))
            fig = new_figure(6.4, 2.4 * rows_n + 0.9)
            grid = fig.subplots(rows_n, 2, squeeze=False).ravel()
            panels = [(grid[i], o, pairs[0]) for i, o in enumerate(outcomes)]
            for ax in grid[len(outcomes) :]:
                ax.set_visible(False)
        else:  # outcomes down, pairs across
            fig = new_figure(2.6 * len(pairs) + 0.8, 2.2 * len(outcomes) + 1.0)
            grid = fig.subplots(len(outcomes), len(pairs), squeeze=False)
            panels = [
                (grid[r, c], o, pair)
                for (r, o), (c, pair) in itertools.product(enumerate(outcomes), enumerate(pairs))
            ]
        for i, (ax, outcome, (fx, fl)) in enumerate(panels):
            means = marginal_means(results, outcome, [fx, fl])
            xs = results.factors[fx]
            colours = series_colours(len(results.factors[fl]))
            for k, (level, colour) in enumerate(zip(results.factors[fl], colours, strict=True)):
                rows = means[means[fl].map(level_key) == level_key(level)]
                x = np.arange(len(xs)) + (k - (len(colours) - 1) / 2) * 0.04
                err = np.vstack([rows["mean"] - rows["low"], rows["high"] - rows["mean"]])
                ax.errorbar(
                    x,
                    rows["mean"],
                    yerr=np.nan_to_num(err),
                    color=colour,
                    marker="o",
                    markersize=4,
                    label=level_row_label(results, fl, level, tr),
                )
            ax.set_xticks(range(len(xs)), [level_name(v, tr) for v in xs])
            ax.set_xlim(-0.4, len(xs) - 0.6)
            # In the grid of pairs, a row shares its outcome and a column its x factor.
            row, column = divmod(i, len(pairs))
            if single or row == len(outcomes) - 1:
                ax.set_xlabel(factor_label(fx, factor_name(results, fx, tr), tr))
            if single or column == 0:
                ax.set_ylabel(with_better(axis_label(outcome, tr=tr), outcome, tr))
            if not single and row == 0:
                ax.set_title(
                    f"{factor_name(results, fx, tr)} × {factor_name(results, fl, tr)}", fontsize=9
                )
                ax.legend(
                    loc="lower center",
                    bbox_to_anchor=(0.5, 1.12),
                    ncols=min(len(results.factors[fl]), 2),
                    fontsize=7,
                )
        if single:
            handles, names = panels[0][0].get_legend_handles_labels()
            fig.legend(handles, names, loc="outside lower center", ncols=min(len(names), 4))
            fx, fl = pairs[0]
            fig.suptitle(
                tr("Interaction of {a} and {b} (mean, 95% CI)").format(
                    a=factor_name(results, fx, tr), b=factor_name(results, fl, tr)
                ),
                fontweight="bold",
            )
        else:
            fig.suptitle(tr("Interactions (mean, 95% CI)"), fontweight="bold")
    caption = tr(
        "Interaction plots: mean outcome at each combination of two factors' levels, averaged "
        "over the other factors, with 95% t intervals over replications. Parallel lines: the "
        "factors add up; lines that diverge, converge or cross: the effect of one factor "
        "depends on the other (an interaction; the effects table gives its size, CI and "
        "reading). Arrows on the y labels point to the better side."
    )
    return Plot("interactions", fig, caption)


def plot_synergy(
    results: ExperimentResults, reference: str, tr: Translator = ENGLISH
) -> Plot | None:
    """For on/off factorial designs: each combination of levers against their additive sum.

    One panel per key outcome, on the outcome's own scale. For every design point with two or
    more levers on: the reference's mean plus the point's paired effect, with its 95% CI (filled
    dot) — the combination as observed; and the reference's mean plus the sum of the effects of
    its levers switched on alone (open diamond) — what the combination would give if the levers
    added up. The gap between them is the combination's interaction.

    A sum of separate effects can leave the outcome's range: three levers that each cut
    impunity by 0.7 cases per 100 cadre-years cannot cut a rate of 1.2 by 2.1. Such a
    prediction is drawn at the bound as an open triangle, with its impossible value printed
    beside it ("additive: -0.90"): the levers cannot add up there (a floor or ceiling), and
    the gap says no more than that.
    """
    on = _levers_on(results, reference)
    if on is None:
        return None
    single = {levers[0]: s for s, levers in on.items() if len(levers) == 1}
    combos = [s for s in results.scenarios if len(on[s]) >= 2]
    outcomes = _outcomes(results)
    diffs = differences(results, reference, outcomes).set_index(["outcome", "scenario"])
    base = scenario_summary(results, outcomes).set_index(["outcome", "scenario"])["mean"]
    labels = [scenario_label(results, s, tr) for s in combos]
    clipped_any = False
    with style():
        fig = new_figure(7.2, 2 * bar_height(len(combos), per=0.35, extra=1.2))
        axes = fig.subplots(int(np.ceil(len(outcomes) / 2)), 2, squeeze=False).ravel()
        for ax, outcome in zip(axes, outcomes, strict=False):
            ref = float(base.loc[(outcome, reference)])
            paired = diffs.loc[outcome].loc[combos, ["paired", "paired_low", "paired_high"]]
            additive = [
                ref + sum(diffs.loc[(outcome, single[f]), "paired"] for f in on[s]) for s in combos
            ]
            y = scenario_axis(ax, labels)
            clipped_any |= _synergy_panel(
                ax, y, ref + paired.to_numpy().T, additive, outcome_range(outcome), tr
            )
            ax.axvline(ref, color="#666666", lw=0.8, ls="--", label=tr("reference"))
            ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
            ax.set_title(label(outcome, tr))
            ax.set_xlabel(with_better(axis_label(outcome, tr=tr), outcome, tr))
        for ax in axes[len(outcomes) :]:
            ax.set_visible(False)
        for ax in axes[1::2]:
            ax.tick_params(axis="y", labelleft=False, left=False)
        handles, names = axes[0].get_legend_handles_labels()
        for ax in axes[1 : len(outcomes)]:  # the triangle may appear in any panel
            for handle, name in zip(*ax.get_legend_handles_labels(), strict=True):
                if name not in names:
                    handles.append(handle)
                    names.append(name)
        fig.legend(handles, names, loc="outside lower center", ncols=min(len(names), 4))
        fig.suptitle(
            tr("Combined levers vs. the sum of each alone (vs. {name})").format(
                name=scenario_label(results, reference, tr)
            ),
            fontweight="bold",
        )
    caption = tr(
        "Complementarity of the levers, on each outcome's own scale. For each combination of "
        "levers: the reference's mean ({reference}, dashed line) plus the combination's effect, "
        "paired by seed with a 95% interval (dot); and the reference's mean plus the sum of the "
        "effects of its levers switched on alone (open diamond), the value the combination "
        "would take if the levers added up. Where the dot sits on the diamond the levers add "
        "up; a dot on the better side of its diamond (see the arrow under each panel) means "
        "the levers are complementary, on the worse side that they are substitutes. The "
        "interaction and synergy rows of the effects table give these gaps with CIs."
    ).format(reference=scenario_label(results, reference, tr))
    if clipped_any:
        caption += " " + tr(
            "An open triangle marks a sum of separate effects that would leave the outcome's "
            "range (a rate below zero, a share outside 0–1): it is drawn at the bound, its "
            "impossible value printed beside it. There the levers cannot add up — each alone "
            "already takes much of what there is to take — and a dot short of the prediction "
            "shows a floor or a ceiling, not that the levers work against each other."
        )
    return Plot("synergy", fig, caption)


def _levers_on(results: ExperimentResults, reference: str) -> dict[str, list[str]] | None:
    """Each scenario's levers switched on, for an on/off factorial whose reference is all off.

    None for any other design (a level that is not on or off, or a reference with a lever on).
    """
    if results.design_kind != "factorial" or not results.is_crossed:
        return None
    if any(len(v) != 2 for v in results.factors.values()) or len(results.factors) < 2:
        return None
    base = {f: level_key(v[0]) for f, v in results.factors.items()}
    if {f: level_key(v) for f, v in results.design_levels(reference).items()} != base:
        return None
    return {
        s: [f for f, v in results.design_levels(s).items() if level_key(v) != base[f]]
        for s in results.scenarios
    }


def _synergy_panel(
    ax: Axes,
    y: np.ndarray,
    observed: np.ndarray,
    additive: list[float],
    bounds: tuple[float, float],
    tr: Translator,
) -> bool:
    """Observed levels (rows: estimate, low, high) as dots, additive predictions as diamonds.

    A prediction outside ``bounds`` is drawn at the bound as a triangle pointing outwards,
    its value printed beside it. Returns whether any was.
    """
    estimate, low, high = observed
    ax.errorbar(
        estimate,
        y,
        xerr=np.nan_to_num(np.vstack([estimate - low, high - estimate])),
        fmt="o",
        color=OKABE_ITO["black"],
        markersize=4.5,
        capsize=0,
        label=tr("observed (paired, 95% CI)"),
    )
    lower, upper = bounds
    predicted = np.array(additive, dtype=float)
    inside = (predicted >= lower) & (predicted <= upper)
    ax.plot(
        predicted[inside],
        y[inside],
        "D",
        markerfacecolor="none",
        markeredgecolor=OKABE_ITO["vermillion"],
        markersize=6,
        linestyle="none",
        label=tr("sum of the levers alone"),
    )
    clipped = ~inside & np.isfinite(predicted)
    for value, row in zip(predicted[clipped], y[clipped], strict=True):
        below = value < lower
        at = lower if below else upper
        ax.plot(
            [at],
            [row],
            "<" if below else ">",
            markerfacecolor="none",
            markeredgecolor=OKABE_ITO["vermillion"],
            markersize=7,
            linestyle="none",
            label=tr("sum of the levers alone: outside the range, drawn at the bound"),
        )
        ax.annotate(
            tr("additive: {value}").format(value=format_value(value)),
            (at, row),
            xytext=(6 if below else -6, 5),
            textcoords="offset points",
            ha="left" if below else "right",
            fontsize=6.5,
            color=OKABE_ITO["vermillion"],
        )
    return bool(clipped.any())
