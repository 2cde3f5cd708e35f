"""Pieces shared by the figures: the plot record, row axes, grouped bars, the better marker.

Every axis that shows an outcome with a better direction says so ("better →", "← better").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from btr_sim.analysis.outcomes import axis_label, better, label
from btr_sim.analysis.style import OKABE_ITO
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.parameters import parameter_rows

__all__ = [
    "Plot",
    "bar_height",
    "better_marker",
    "error_extent",
    "factor_label",
    "finish_difference_panels",
    "grouped_bars",
    "scenario_axis",
    "separators",
    "with_better",
]


@dataclass
class Plot:
    """A drawn figure with its file name and the caption the report prints under it."""

    name: str
    figure: Figure
    caption: str


def bar_height(n_rows: float, per: float = 0.32, extra: float = 1.3) -> float:
    """Figure height (inches) that gives each row room to read."""
    return max(2.6, extra + per * n_rows)


def scenario_axis(ax: Axes, labels: Sequence[str], groups: Sequence[int] = ()) -> np.ndarray:
    """Put the rows on the y axis, the first at the top; return their y positions.

    ``groups`` are indices of rows that start a new group; a thin line separates the groups.
    """
    y = np.arange(len(labels))[::-1].astype(float)
    ax.set_yticks(y, labels)
    ax.set_ylim(-0.6, len(labels) - 0.4)
    ax.grid(axis="y", visible=False)
    separators(ax, y, groups)
    return y


def separators(ax: Axes, y: np.ndarray, groups: Sequence[int]) -> None:
    """Thin lines above the rows that start a new group."""
    for start in groups:
        ax.axhline(y[start] + 0.5, color="#999999", lw=0.6, label="_separator")


def error_extent(table: pd.DataFrame) -> np.ndarray:
    """Lower and upper error lengths ``[mean - low, high - mean]`` (0 where no interval)."""
    lower = (table["mean"] - table["low"]).to_numpy(dtype=float)
    upper = (table["high"] - table["mean"]).to_numpy(dtype=float)
    return np.nan_to_num(np.vstack([lower, upper]), nan=0.0)


def grouped_bars(
    ax: Axes,
    summary: pd.DataFrame,
    y: np.ndarray,
    outcomes: Sequence[str],
    labels: Sequence[str],
    colours: Sequence[str],
    tr: Translator = ENGLISH,
) -> None:
    """Horizontal bars of each outcome's mean per row, with 95% CI error bars.

    ``summary`` is :func:`~btr_sim.analysis.plots.rows.row_summary` output (``key`` = row
    index). One bar series (a :class:`~matplotlib.container.BarContainer`) per outcome,
    labelled for the legend.
    """
    k = len(outcomes)
    height = 0.8 / k
    for j, (outcome, name, colour) in enumerate(zip(outcomes, labels, colours, strict=True)):
        rows = summary[summary["outcome"] == outcome].set_index("key").reindex(range(len(y)))
        offset = (k - 1) / 2 * height - j * height
        means = rows["mean"].to_numpy(dtype=float)
        ax.barh(
            y + offset,
            np.nan_to_num(means),
            height=height * 0.92,
            color=colour,
            edgecolor="#555555" if colour == OKABE_ITO["yellow"] else colour,
            linewidth=0.4,
            label=name,
            xerr=error_extent(rows),
            # Whiskers must show on a black bar too.
            error_kw={
                "ecolor": "#8c8c8c" if colour == OKABE_ITO["black"] else "#333333",
                "elinewidth": 0.9,
            },
        )
        for yy, m in zip(y + offset, means, strict=True):
            if not np.isfinite(m):
                ax.text(0, yy, " " + tr("n/a"), va="center", ha="left", fontsize=7, color="#555555")
    ax.set_xlim(left=0)


#: Units of the configuration's parameters as they read on an axis.
_PARAMETER_UNITS = {"month": N_("months"), "1/month": N_("per month"), "1/year": N_("per year")}


def factor_label(factor: str, name: str | None = None, tr: Translator = ENGLISH) -> str:
    """A design factor's axis label: its name (``name``, else the path) with the parameter's unit.

    Levers that are not parameters are labelled by their name alone.
    """
    name = name or factor
    rows = {r.path: r for r in parameter_rows()}
    row = rows.get(factor)
    if row is None:
        return name
    if row.unit != "-":
        u = tr(_PARAMETER_UNITS[row.unit]) if row.unit in _PARAMETER_UNITS else row.unit
        return tr("{label} ({unit})").format(label=name, unit=u)
    if row.allowed == "float in [0, 1]":
        return tr("{label} ({unit})").format(label=name, unit="0–1")
    return name


def better_marker(outcome: str, tr: Translator = ENGLISH) -> str:
    """Which way is better along an axis of ``outcome``: ``better →`` or ``← better``.

    The arrow points along the label: towards higher values on an x axis, and on a y axis or
    a colour bar too, whose labels read upwards (there ``→`` points up). Empty for outcomes
    with no agreed better direction (how many removals is right?).
    """
    direction = better(outcome)
    if direction is None:
        return ""
    return tr("better →") if direction > 0 else tr("← better")


def with_better(text: str, outcome: str, tr: Translator = ENGLISH) -> str:
    """An axis label with the better direction of ``outcome`` on a line of its own."""
    marker = better_marker(outcome, tr)
    return f"{text}\n{marker}" if marker else text


def finish_difference_panels(
    axes: Sequence[Axes], outcomes: Sequence[str], ncols: int, tr: Translator = ENGLISH
) -> None:
    """Finish a grid of "difference from the reference" panels, one per outcome.

    Each panel gets a dashed zero line, a few x ticks, the outcome as title and its Δ unit as
    x label with the better direction; spare panels are hidden, and only the first column
    keeps its scenario labels.
    """
    for ax, outcome in zip(axes, outcomes, strict=False):
        ax.axvline(0.0, color="#666666", lw=0.8, ls="--")
        ax.xaxis.set_major_locator(MaxNLocator(nbins=5))
        ax.set_title(label(outcome, tr))
        ax.set_xlabel(with_better(axis_label(outcome, "Δ ", tr), outcome, tr))
    for ax in axes[len(outcomes) :]:
        ax.set_visible(False)
    for ax in axes[1::ncols]:
        ax.tick_params(axis="y", labelleft=False, left=False)
