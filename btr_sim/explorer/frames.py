"""What the page shows, captured from the runs at a month boundary: a :class:`Frame`.

The page never reads a running model. The runs are stepped by one thread (the player) while
the page is drawn by others (the player after a batch of months, the browser's messages when
a knob or toggle changes); a chart that read the model's series while a step was appending to
them saw columns of different lengths (issue 15: "Length of values (169) does not match length
of index (168)"). So :meth:`~btr_sim.explorer.session.ExplorerModel.snapshot` copies what the
views need under the lock that stepping holds, and the views draw only from that copy: every
series of a frame has ``month + 1`` values, and its events, posts and series all describe the
same month.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

import numpy as np
import pandas as pd

from btr_sim.config import Scenario
from btr_sim.core.model import BTRModel
from btr_sim.explorer.posts import PostCell, post_cells
from btr_sim.i18n import ENGLISH, Translator

__all__ = ["Frame", "Mark", "RunFrame", "capture_run"]


@dataclass(frozen=True)
class Mark:
    """A month the charts mark with a vertical line, and what happened then.

    Rule changes of a run's timeline are marked this way (:func:`capture_run` collects them
    from the model's :attr:`~btr_sim.core.model.BTRModel.rule_changes`).
    """

    month: int
    label: str


@dataclass(frozen=True, eq=False)  # compared by identity: a frame is one moment
class RunFrame:
    """One run as of one month.

    Attributes
    ----------
    label : str
        What the page calls the run.
    role : str
        ``current`` (the page's settings) or ``baseline`` (side by side, fixed).
    scenario : Scenario
        The run's scenario.
    month : int
        The month reached (0 before the first step).
    series : Mapping[str, numpy.ndarray]
        The monthly series, each with ``month + 1`` values (month 0 is the initial state);
        read-only.
    events : pandas.DataFrame
        The event log up to ``month``.
    cells : tuple of PostCell
        The posts as of ``month``.
    marks : tuple of Mark
        Months to mark on the charts.
    """

    label: str
    role: str
    scenario: Scenario
    month: int
    series: Mapping[str, np.ndarray]
    events: pd.DataFrame
    cells: tuple[PostCell, ...]
    marks: tuple[Mark, ...] = ()

    def __post_init__(self) -> None:
        lengths = {name: len(values) for name, values in self.series.items()}
        if any(n != self.month + 1 for n in lengths.values()):
            raise ValueError(f"series of month {self.month} are not aligned: {lengths}")

    def column(self, name: str, cumulative: bool = False) -> np.ndarray:
        """One series, cumulated since month 0 if asked."""
        values = self.series[name]
        return np.cumsum(values) if cumulative else values

    def total(self, name: str) -> int:
        """The sum of a count series so far."""
        return int(self.series[name].sum())


@dataclass(frozen=True, eq=False)
class Frame:
    """Everything the page shows, as of one month.

    Attributes
    ----------
    number : int
        Increases with every snapshot of a run: frames can be told apart and ordered.
    seed : int
        The runs' seed.
    months : int
        The horizon of the run on the page's settings.
    runs : tuple of RunFrame
        The baseline first (in side-by-side mode), then the run on the page's settings.
    """

    number: int
    seed: int
    months: int
    runs: tuple[RunFrame, ...] = field(default=())

    @property
    def month(self) -> int:
        """The month the runs have reached."""
        return self.runs[-1].month

    @property
    def current(self) -> RunFrame:
        """The run on the page's settings."""
        return self.runs[-1]


def _frozen(values: list[float]) -> np.ndarray:
    array = np.array(values, dtype=float)
    array.flags.writeable = False
    return array


def capture_run(model: BTRModel, label: str, role: str, tr: Translator = ENGLISH) -> RunFrame:
    """Copy what the page shows of ``model``; the caller holds the model's stepping lock.

    The posts' tooltips are written in ``tr``'s language.
    """
    series = MappingProxyType(
        {name: _frozen(values) for name, values in model.datacollector.model_vars.items()}
    )
    events = model.events.to_frame()
    return RunFrame(
        label=label,
        role=role,
        scenario=model.config,
        month=model.month,
        series=series,
        events=events,
        cells=tuple(post_cells(model, events, tr)),
        marks=tuple(Mark(month, name) for month, name in model.rule_changes),
    )
