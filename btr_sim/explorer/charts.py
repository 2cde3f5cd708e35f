"""The explorer's live charts, as matplotlib figures of the runs' monthly series.

The figures are drawn on the server (matplotlib's object API, no pyplot state shared between
sessions) and sent as images, so the page needs no charting library from a CDN. A
:class:`LiveChart` builds its figure once per model and only moves its lines at each step:
building axes is most of matplotlib's cost, and the charts are redrawn every month.

In side-by-side mode each chart shows both runs: the baseline dashed, the current settings
solid. Counts are cumulative since month 0: resignations and reinstatements are rare (a few a
year in 100 posts), and a cumulative line shows a difference in rate as a difference in slope.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator

from btr_sim.explorer.session import Run

__all__ = [
    "ACTIVITY",
    "CHARTS",
    "CREDIBILITY",
    "REMOVALS",
    "REMOVAL_KINDS",
    "ChartSpec",
    "LiveChart",
    "Panel",
    "draw",
    "series",
]

#: Resignations by kind: series name -> (label, colour).
REMOVAL_KINDS: dict[str, tuple[str, str]] = {
    "voluntary_resignations": ("voluntary (blame-taking)", "#1f77b4"),
    "ordered_resignations": ("ordered", "#ff7f0e"),
    "dismissals": ("dismissals", "#d62728"),
}
_STYLE = {"current": "-", "baseline": "--"}
_SIZE = (4.6, 2.9)  # inches at 90 dpi: 414 x 261 pixels
_DPI = 90


@dataclass(frozen=True)
class Panel:
    """One panel of a chart: series (name -> label, colour), cumulated or as they are."""

    ylabel: str
    lines: dict[str, tuple[str, str]]
    cumulative: bool = True


@dataclass(frozen=True)
class ChartSpec:
    """A chart: its title and panels, stacked."""

    name: str
    title: str
    panels: tuple[Panel, ...]


CREDIBILITY = ChartSpec(
    "credibility",
    "Government credibility",
    (
        Panel(
            "credibility (mean trust)",
            {"credibility": ("mean trust of citizens", "#2c7fb8")},
            cumulative=False,
        ),
    ),
)
REMOVALS = ChartSpec(
    "removals", "Resignations by kind", (Panel("cumulative count", REMOVAL_KINDS),)
)
ACTIVITY = ChartSpec(
    "activity",
    "Incidents and reinstatements",
    (
        Panel(
            "incidents",
            {"incidents": ("all incidents", "#444444"), "public_incidents": ("public", "#e6550d")},
        ),
        Panel(
            "reinstated",
            {
                "reinstatements": ("reinstatements", "#756bb1"),
                "discoveries": ("quiet ones found out", "#31a354"),
            },
        ),
    ),
)
#: The charts of the page, in order.
CHARTS = (CREDIBILITY, REMOVALS, ACTIVITY)


def series(run: Run) -> pd.DataFrame:
    """The run's monthly series, indexed by month (0 = the initial state)."""
    frame = run.model.datacollector.get_model_vars_dataframe()
    frame.index.name = "month"
    return frame


class LiveChart:
    """A chart whose lines follow the runs.

    Parameters
    ----------
    spec
        What to draw.
    runs
        The runs on screen (their number, roles and labels fix the figure's lines).
    """

    def __init__(self, spec: ChartSpec, runs: Sequence[Run]) -> None:
        self.spec = spec
        horizon = max(runs[-1].model.config.months, 12)
        # Fixed margins: a layout engine or a tight bounding box would double the drawing time.
        self.figure = Figure(figsize=_SIZE, dpi=_DPI)
        self.figure.subplots_adjust(left=0.15, right=0.97, top=0.9, bottom=0.16, hspace=0.12)
        rows = len(spec.panels)
        self.axes: list[Axes] = list(
            self.figure.subplots(rows, 1, sharex=True, squeeze=False)[:, 0]
        )
        self.lines: dict[tuple[int, str, str], Line2D] = {}
        for i, (ax, panel) in enumerate(zip(self.axes, spec.panels, strict=True)):
            for run in runs:
                for name, (_, colour) in panel.lines.items():
                    (line,) = ax.plot([], [], _STYLE[run.role], color=colour)
                    self.lines[(i, run.role, name)] = line
            ax.set_xlim(0, horizon)
            ax.set_ylabel(panel.ylabel)
            ax.xaxis.set_major_locator(MaxNLocator(integer=True))
            ax.grid(alpha=0.3)
            _legend(ax, panel, runs)
        self.axes[-1].set_xlabel("month")
        self.axes[0].set_title(spec.title, fontsize=10)

    def update(self, runs: Sequence[Run]) -> Figure:
        """Move the lines to the runs' series so far; return the figure."""
        frames = {run.role: series(run) for run in runs}
        for i, (ax, panel) in enumerate(zip(self.axes, self.spec.panels, strict=True)):
            values = []
            for role, frame in frames.items():
                for name in panel.lines:
                    y = frame[name].cumsum() if panel.cumulative else frame[name]
                    self.lines[(i, role, name)].set_data(frame.index, y)
                    values.append(y)
            low = min(float(v.min()) for v in values)
            high = max(float(v.max()) for v in values)
            if panel.cumulative:
                ax.set_ylim(0, max(4.0, high * 1.1))
                ax.yaxis.set_major_locator(MaxNLocator(integer=True, nbins=5))
            else:
                # Zoomed on the data (trust moves by hundredths), never below 0.1 of height.
                middle, half = (low + high) / 2, max((high - low) / 2 + 0.02, 0.05)
                ax.set_ylim(max(0.0, middle - half), min(1.0, middle + half))
        return self.figure


def _legend(ax: Axes, panel: Panel, runs: Sequence[Run]) -> None:
    """A legend of the panel's series; a one-series panel names the runs instead.

    In side-by-side mode the page says once which line style is which run, so the legends of
    the multi-series panels stay small.
    """
    if len(panel.lines) == 1:
        ((_, colour),) = panel.lines.values()
        handles = [
            Line2D([], [], color=colour, linestyle=_STYLE[run.role], label=run.label)
            for run in runs
        ]
    else:
        handles = [Line2D([], [], color=c, label=label) for label, c in panel.lines.values()]
    where = "upper left" if panel.cumulative else "lower left"  # away from the lines' start
    ax.legend(handles=handles, loc=where, fontsize=7, framealpha=0.8)


def draw(spec: ChartSpec, runs: Sequence[Run]) -> Figure:
    """The chart of ``spec`` for ``runs``, drawn afresh."""
    return LiveChart(spec, runs).update(runs)
