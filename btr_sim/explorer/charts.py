"""The explorer's live charts: matplotlib figures of the runs' monthly series, as PNG images.

The figures are drawn on the server (matplotlib's object API, no pyplot state shared between
sessions) and sent as images, so the page needs no charting library from a CDN. Drawing a
whole figure (axes, ticks, legend) is most of matplotlib's cost, so a :class:`LiveChart` uses
matplotlib's blitting: it draws the figure without its lines once, keeps that background, and
at each frame only restores it and draws the lines on it. The background is redrawn only when
the axes' limits change, and they change in steps: the x-axis follows the run, ending at the
next whole year (every five years after the fifth) rather than at the horizon; counts end at
the next of 4, 5, 10, 20, 50, ...; credibility is zoomed on the data in steps of 0.05.

One run is drawn in its own colour, each series of a chart in its own colour. Side by side,
each run has its colour (the fixed baseline black, the page's settings blue, as everywhere on
the page) and the series of a chart are told apart by line style; the legend, under the axes,
names both. Counts are cumulative since month 0: resignations and reinstatements are rare (a
few a year in 100 posts), and a cumulative line shows a difference in rate as a difference in
slope. Months to mark (rule changes) are drawn as labelled vertical lines.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.ticker import MaxNLocator, MultipleLocator
from PIL import Image

from btr_sim.analysis.style import style
from btr_sim.explorer.colours import (
    OKABE_ITO,
    QUIET_RETURN_COLOUR,
    REMOVAL_COLOURS,
    RETURN_COLOUR,
    run_colour,
)
from btr_sim.explorer.frames import Frame, Mark
from btr_sim.i18n import ENGLISH, N_, Translator

__all__ = [
    "ACTIVITY",
    "CHARTS",
    "CREDIBILITY",
    "REMOVALS",
    "ChartSpec",
    "LiveChart",
    "Panel",
    "Series",
    "axis_end",
    "count_limit",
    "month_tick",
    "trust_limits",
]

_SIZE = (4.6, 3.2)  # inches at 90 dpi: 414 x 288 pixels
_DPI = 90
_STYLES = ("-", "--", ":", "-.")  # the series of a chart, side by side
_MARK_COLOUR = "#666666"


@dataclass(frozen=True)
class Series:
    """One monthly series drawn as a line: its name in the model's series, label and colour."""

    name: str
    label: str
    colour: str


@dataclass(frozen=True)
class Panel:
    """One panel of a chart: its series, cumulated or as they are."""

    ylabel: str
    lines: tuple[Series, ...]
    cumulative: bool = True


@dataclass(frozen=True)
class ChartSpec:
    """A chart: its title and panels, stacked."""

    name: str
    title: str
    panels: tuple[Panel, ...]

    @property
    def series(self) -> tuple[Series, ...]:
        """Every series of the chart, panel by panel."""
        return tuple(s for panel in self.panels for s in panel.lines)


# Titles and labels are messages of the catalogue, translated where a chart is drawn.
CREDIBILITY = ChartSpec(
    "credibility",
    N_("Government credibility"),
    (
        Panel(
            N_("mean trust"),
            (
                Series(
                    "credibility", N_("local: trust in the post's government"), OKABE_ITO["blue"]
                ),
                Series(
                    "central_credibility",
                    N_("central: trust in the centre"),
                    OKABE_ITO["vermillion"],
                ),
            ),
            cumulative=False,
        ),
    ),
)
REMOVALS = ChartSpec(
    "removals",
    N_("Resignations by kind (cumulative)"),
    (
        Panel(
            N_("count"),
            (
                Series(
                    "voluntary_resignations",
                    N_("voluntary (blame-taking)"),
                    REMOVAL_COLOURS["voluntary_resignation"],
                ),
                Series(
                    "ordered_resignations", N_("ordered"), REMOVAL_COLOURS["ordered_resignation"]
                ),
                Series("dismissals", N_("dismissals"), REMOVAL_COLOURS["dismissal"]),
            ),
        ),
    ),
)
ACTIVITY = ChartSpec(
    "activity",
    N_("Incidents and reinstatements (cumulative)"),
    (
        Panel(
            N_("incidents"),
            (
                Series("incidents", N_("all incidents"), OKABE_ITO["black"]),
                Series("public_incidents", N_("public incidents"), OKABE_ITO["orange"]),
            ),
        ),
        Panel(
            N_("returns"),
            (
                Series("reinstatements", N_("reinstatements"), RETURN_COLOUR),
                Series("discoveries", N_("quiet returns found out"), QUIET_RETURN_COLOUR),
            ),
        ),
    ),
)
#: The charts of the page, in order.
CHARTS = (CREDIBILITY, REMOVALS, ACTIVITY)


def axis_end(month: int, horizon: int) -> int:
    """Where the x-axis ends at ``month``: the next whole year, every five years after five.

    Never beyond the horizon, so the last view of a run spans exactly its months.
    """
    step = 12 if month <= 60 else 60
    end = max(step, math.ceil(month / step) * step)
    return max(1, min(end, horizon))


def month_tick(end: int) -> int:
    """The spacing of the month ticks on an axis ending at ``end``: months, quarters, years."""
    steps = (1, 2, 3, 6, 12, 24, 60, 120, 240, 600, 1200, 2400)
    return next((step for step in steps if end / step <= 8), steps[-1])


def count_limit(high: float) -> float:
    """The top of a count axis holding ``high``: 4, 5, 10, 20, 50, 100, ... (room above)."""
    needed = high * 1.08
    if needed <= 4:
        return 4.0
    power = 10.0 ** math.floor(math.log10(needed))
    for factor in (1, 2, 5, 10):
        if factor * power >= needed:
            return float(factor * power)
    return 10 * power  # pragma: no cover - the loop ends at 10


def trust_limits(low: float, high: float) -> tuple[float, float]:
    """The range of the credibility axis: the data with a margin, in steps of 0.05."""
    bottom = math.floor((low - 0.01) / 0.05) * 0.05
    top = math.ceil((high + 0.01) / 0.05) * 0.05
    if top - bottom < 0.1:
        top = bottom + 0.1
    return round(max(0.0, bottom), 2), round(min(1.0, top), 2)


class LiveChart:
    """A chart whose lines follow the runs, redrawn cheaply frame after frame.

    Parameters
    ----------
    spec
        What to draw.
    runs
        The runs on screen as (label, role): their number, roles and labels fix the lines
        and the legend.
    tr
        The language of the titles, axes and legends (the runs' labels come translated).
    """

    def __init__(
        self, spec: ChartSpec, runs: Sequence[tuple[str, str]], tr: Translator = ENGLISH
    ) -> None:
        self.spec = spec
        self.runs = tuple(runs)
        self.tr = tr
        side_by_side = len(self.runs) > 1
        with style():
            self.figure = Figure(figsize=_SIZE, dpi=_DPI)
            self.canvas = FigureCanvasAgg(self.figure)
            # Fixed margins: a layout engine would cost a redraw of its own at every change.
            bottom = 0.24 if side_by_side else 0.16
            self.figure.subplots_adjust(left=0.15, right=0.97, top=0.91, bottom=bottom, hspace=0.15)
            self.axes: list[Axes] = list(
                self.figure.subplots(len(spec.panels), 1, sharex=True, squeeze=False)[:, 0]
            )
            self.lines: dict[tuple[str, str], Line2D] = {}
            styles = iter(_STYLES)  # side by side, each series of the chart has its own
            for ax, panel in zip(self.axes, spec.panels, strict=True):
                panel_styles = [next(styles) if side_by_side else "-" for _ in panel.lines]
                for label, role in self.runs:
                    for series, linestyle in zip(panel.lines, panel_styles, strict=True):
                        colour = series.colour
                        if side_by_side or len(panel.lines) == 1:
                            colour = run_colour(role)
                        (line,) = ax.plot([], [], linestyle, color=colour, animated=True)
                        line.set_label(
                            tr("{run}: {series}").format(run=label, series=tr(series.label))
                        )
                        self.lines[(role, series.name)] = line
                ax.set_ylabel(tr(panel.ylabel))
                ax.yaxis.set_major_locator(MaxNLocator(integer=panel.cumulative, nbins=5))
                if len(panel.lines) > 1:  # the series: by style side by side, else by colour
                    ax.legend(
                        handles=[
                            Line2D(
                                [],
                                [],
                                color="#555555" if side_by_side else series.colour,
                                linestyle=linestyle,
                                label=tr(series.label),
                            )
                            for series, linestyle in zip(panel.lines, panel_styles, strict=True)
                        ],
                        loc="upper left",
                        fontsize=7,
                        framealpha=0.85,
                        frameon=True,
                        edgecolor="none",
                    )
            self.axes[-1].set_xlabel(tr("month"))
            self.axes[0].set_title(tr(spec.title))
            if side_by_side:  # the runs, by colour, under the axes
                self.figure.legend(
                    handles=[
                        Line2D([], [], color=run_colour(role), linewidth=2.5, label=label)
                        for label, role in self.runs
                    ],
                    loc="lower center",
                    ncols=len(self.runs),
                    fontsize=8,
                    frameon=False,
                )
        self._limits: tuple | None = None
        self._background = None
        self._marks: list = []

    def update(self, frame: Frame) -> bytes:
        """The chart of ``frame`` as a PNG image."""
        runs = {run.role: run for run in frame.runs}
        data = {
            (role, s.name): runs[role].column(s.name, panel.cumulative)
            for panel in self.spec.panels
            for s in panel.lines
            for _, role in self.runs
        }
        limits = self._limits_for(frame, data)
        with style():
            if limits != self._limits:
                self._redraw_background(limits, frame.current.marks)
            else:
                self.canvas.restore_region(self._background)
            for key, line in self.lines.items():
                y = data[key]
                line.set_data(range(len(y)), y)
                line.axes.draw_artist(line)
        return self._png()

    def _limits_for(self, frame: Frame, data: dict[tuple[str, str], np.ndarray]) -> tuple:
        ylims = []
        for panel in self.spec.panels:
            values = [data[(role, s.name)] for s in panel.lines for _, role in self.runs]
            low = min(float(v.min()) for v in values)
            high = max(float(v.max()) for v in values)
            ylims.append((0.0, count_limit(high)) if panel.cumulative else trust_limits(low, high))
        marks = frame.current.marks
        return (axis_end(frame.month, frame.months), tuple(ylims), marks)

    def _redraw_background(self, limits: tuple, marks: Sequence[Mark]) -> None:
        end, ylims, _ = limits
        for artist in self._marks:
            artist.remove()
        self._marks = []
        for ax, ylim in zip(self.axes, ylims, strict=True):
            ax.set_xlim(0, end)
            ax.xaxis.set_major_locator(MultipleLocator(month_tick(end)))
            ax.set_ylim(*ylim)
            for mark in marks:
                if mark.month <= end:
                    self._marks.append(
                        ax.axvline(mark.month, color=_MARK_COLOUR, linestyle=":", linewidth=1)
                    )
        for mark in marks:
            if mark.month <= end:
                self._marks.append(
                    self.axes[0].annotate(
                        mark.label,
                        (mark.month, 1.0),
                        xycoords=("data", "axes fraction"),
                        xytext=(2, -2),
                        textcoords="offset points",
                        fontsize=7,
                        color=_MARK_COLOUR,
                        va="top",
                    )
                )
        self.canvas.draw()  # everything but the (animated) lines
        self._background = self.canvas.copy_from_bbox(self.figure.bbox)
        self._limits = limits

    def _png(self) -> bytes:
        width, height = self.canvas.get_width_height()
        image = Image.frombuffer("RGBA", (width, height), self.canvas.buffer_rgba(), "raw")
        out = io.BytesIO()
        # RGB (the figure is opaque) and light compression: encoding is a part of each frame.
        image.convert("RGB").save(out, format="png", compress_level=1)
        return out.getvalue()
