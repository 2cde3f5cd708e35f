"""Figures of a crossed design: heatmaps over two parameters, interaction plots, synergy."""

from __future__ import annotations

import itertools

import numpy as np
from matplotlib.axes import Axes

from btr_sim.analysis.comparison import differences
from btr_sim.analysis.factorial import marginal_means
from btr_sim.analysis.outcomes import DESIGN_OUTCOMES, axis_label, label, unit
from btr_sim.analysis.plots.common import (
    Plot,
    bar_height,
    factor_label,
    finish_difference_panels,
    scenario_axis,
)
from btr_sim.analysis.style import OKABE_ITO, new_figure, series_colours, style
from btr_sim.results import ExperimentResults, level_key

__all__ = ["plot_heatmaps", "plot_interactions", "plot_synergy"]

#: Factor pairs drawn at most (a design of many factors would give unreadable figures).
MAX_PAIRS = 6


def _pairs(results: ExperimentResults) -> list[tuple[str, str]]:
    factors = [f for f, v in results.factors.items() if len(v) >= 2]
    return list(itertools.combinations(factors, 2))[:MAX_PAIRS]


def _outcomes(results: ExperimentResults) -> list[str]:
    return [o for o in DESIGN_OUTCOMES if o in results.outcomes]


def plot_heatmaps(results: ExperimentResults, reference: str) -> list[Plot]:
    """For a grid design: one figure per pair of parameters, a heatmap panel per key outcome.

    Cells are the mean outcome at the pair's levels (averaged over any other factors), printed
    in the cell; the reference design point is outlined.
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
                for _, row in means.iterrows():
                    i = [level_key(v) for v in ys].index(level_key(row[fy]))
                    j = [level_key(v) for v in xs].index(level_key(row[fx]))
                    grid[i, j] = row["mean"]
                image = ax.imshow(grid, origin="lower", cmap="cividis", aspect="auto")
                ax.set_xticks(range(len(xs)), [str(v) for v in xs])
                ax.set_yticks(range(len(ys)), [str(v) for v in ys])
                ax.grid(False)
                for spine in ax.spines.values():
                    spine.set_visible(False)
                short = results.short_names
                ax.set(
                    title=label(outcome),
                    xlabel=factor_label(fx, short[fx]),
                    ylabel=factor_label(fy, short[fy]),
                )
                _annotate(ax, grid, image)
                bar = fig.colorbar(image, ax=ax, shrink=0.9)
                bar.set_label(unit(outcome) or label(outcome))
                j = [level_key(v) for v in xs].index(level_key(ref_levels[fx]))
                i = [level_key(v) for v in ys].index(level_key(ref_levels[fy]))
                ax.add_patch(_box(j, i, edgecolor=OKABE_ITO["vermillion"], label="reference"))
            for ax in axes[len(outcomes) :]:
                ax.set_visible(False)
        n = results.manifest.get("replications", "the")
        caption = (
            f"Mean outcomes over the grid of {fx} and {fy} ({n} replications per cell"
            + (", averaged over the other factors" if len(results.factors) > 2 else "")
            + f"); the outlined cell is the reference ({reference})."
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


def plot_interactions(results: ExperimentResults, reference: str) -> Plot | None:
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
        short = results.short_names
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
                    label=f"{short[fl]} = {level}",
                )
            ax.set_xticks(range(len(xs)), [str(v) for v in xs])
            ax.set_xlim(-0.4, len(xs) - 0.6)
            # In the grid of pairs, a row shares its outcome and a column its x factor.
            row, column = divmod(i, len(pairs))
            if single or row == len(outcomes) - 1:
                ax.set_xlabel(factor_label(fx, short[fx]))
            if single or column == 0:
                ax.set_ylabel(axis_label(outcome))
            if not single and row == 0:
                ax.set_title(f"{short[fx]} × {short[fl]}", fontsize=9)
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
                f"Interaction of {short[fx]} and {short[fl]} (mean, 95% CI)", fontweight="bold"
            )
        else:
            fig.suptitle("Interactions (mean, 95% CI)", fontweight="bold")
    caption = (
        "Interaction plots: mean outcome at each combination of two factors' levels, averaged "
        "over the other factors, with 95% t intervals over replications. Parallel lines: the "
        "factors add up; lines that diverge, converge or cross: the effect of one factor "
        "depends on the other (an interaction; the effects table gives its size, CI and "
        "reading)."
    )
    return Plot("interactions", fig, caption)


def plot_synergy(results: ExperimentResults, reference: str) -> Plot | None:
    """For on/off factorial designs: each combination's effect against its levers' sum alone.

    For every design point with two or more levers on, the paired effect against the reference
    (all off) with its 95% CI (filled dot) and the additive prediction — the sum of the
    effects of each of its levers on alone (open diamond). The gap between them is the
    combination's interaction: zero when the levers add up.
    """
    on = _levers_on(results, reference)
    if on is None:
        return None
    single = {levers[0]: s for s, levers in on.items() if len(levers) == 1}
    combos = [s for s in results.scenarios if len(on[s]) >= 2]
    outcomes = _outcomes(results)
    diffs = differences(results, reference, outcomes).set_index(["outcome", "scenario"])
    labels = [results.label(s) for s in combos]
    with style():
        fig = new_figure(7.2, 2 * bar_height(len(combos), per=0.35, extra=1.0))
        axes = fig.subplots(int(np.ceil(len(outcomes) / 2)), 2, squeeze=False).ravel()
        for ax, outcome in zip(axes, outcomes, strict=False):
            paired = diffs.loc[outcome].loc[combos, ["paired", "paired_low", "paired_high"]]
            additive = [
                sum(diffs.loc[(outcome, single[f]), "paired"] for f in on[s]) for s in combos
            ]
            _synergy_panel(ax, scenario_axis(ax, labels), paired.to_numpy().T, additive)
        finish_difference_panels(axes, outcomes, ncols=2)
        handles, names = axes[0].get_legend_handles_labels()
        fig.legend(handles, names, loc="outside lower center", ncols=2)
        fig.suptitle(
            f"Combined levers vs. the sum of each alone (vs. {results.label(reference)})",
            fontweight="bold",
        )
    caption = (
        "Complementarity of the levers: for each combination of levers, its effect against the "
        f"reference ({reference}), paired by seed with a 95% interval (dot), and the sum of the "
        "effects of its levers switched on alone (open diamond). Where the dot sits on the "
        "diamond the levers add up; a dot on the better side of its diamond (higher "
        "credibility and precision, lower impunity) means the levers are complementary, on "
        "the worse side that they are substitutes. The interaction and synergy rows of the "
        "effects table give these gaps with CIs."
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


def _synergy_panel(ax: Axes, y: np.ndarray, paired: np.ndarray, additive: list[float]) -> None:
    """Observed paired effects (rows: estimate, low, high) as dots, additive sums as diamonds."""
    observed, low, high = paired
    ax.errorbar(
        observed,
        y,
        xerr=np.nan_to_num(np.vstack([observed - low, high - observed])),
        fmt="o",
        color=OKABE_ITO["black"],
        markersize=4.5,
        capsize=0,
        label="observed (paired, 95% CI)",
    )
    ax.plot(
        np.array(additive),
        y,
        "D",
        markerfacecolor="none",
        markeredgecolor=OKABE_ITO["vermillion"],
        markersize=6,
        linestyle="none",
        label="sum of the levers alone",
    )
