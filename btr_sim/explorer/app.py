"""The explorer's page, built as Mesa's ``SolaraViz`` builds one.

An app bar, a sidebar with Mesa's ``ModelController`` and the model's parameters, and the
views, redrawn at every step. It composes those parts itself, rather than calling
``SolaraViz``, for three things the generic page does not do: knobs grouped by layer that show
their values, a warning while knobs differ from the run on screen, and a fixed layout of
status, charts, posts and feed. Each browser session gets its own model, built from the
:class:`~btr_sim.explorer.launch.LaunchSettings` that ``btr-sim explore`` left in the
environment. Solara serves this module (``SOLARA_APP=btr_sim.explorer.app``) and renders
:func:`Page`; see :mod:`btr_sim.explorer.server`.
"""

from __future__ import annotations

from typing import Any

import solara
import solara.lab

from btr_sim.explorer import launch
from btr_sim.explorer.controls import start_values
from btr_sim.explorer.launch import LaunchSettings
from btr_sim.explorer.panel import ControlPanel, RunCard, SaveCard
from btr_sim.explorer.session import ExplorerModel
from btr_sim.explorer.views import (
    CSS,
    ActivityChart,
    CredibilityChart,
    EventFeed,
    PostsView,
    RemovalsChart,
    StatusCard,
)

__all__ = ["Page", "first_values"]


def first_values(settings: LaunchSettings) -> dict[str, Any]:
    """The knobs' values and fixed parameters at start, as *Reset* passes them on."""
    return start_values(
        settings.base(),
        settings.seed,
        baseline=settings.baseline(),
        side_by_side=bool(settings.compare),
    )


@solara.component
def Page() -> None:
    """The explorer page of one browser session."""
    settings = launch.current()
    start = solara.use_memo(lambda: first_values(settings), [])
    values = solara.use_reactive(start)
    model = solara.use_reactive(solara.use_memo(lambda: ExplorerModel(**start), []))
    play_interval = solara.use_reactive(150)
    render_interval = solara.use_reactive(1)
    use_threads = solara.use_reactive(False)
    current = model.value

    solara.Style(CSS)
    solara.Title(f"btr_sim explorer: {start['base'].name}")
    with solara.AppBar():
        solara.AppBarTitle(f"btr_sim explorer: {start['base'].name}")
        solara.lab.ThemeToggle()
    with solara.Sidebar(), solara.Column():
        RunCard(model, values, play_interval, render_interval, use_threads)
        ControlPanel(current, values)
        SaveCard(current)
    with solara.Column(style={"padding": "8px"}):
        StatusCard(current)
        if len(current.runs) > 1:
            baseline, mine = current.runs
            solara.Text(
                f"Side by side, seed {current.seed}: dashed lines {baseline.label}, "
                f"solid lines {mine.label}.",
                classes=["btr-side-by-side"],
                style={"font-size": "13px"},
            )
        with solara.Div(classes=["btr-charts"]):
            CredibilityChart(current)
            RemovalsChart(current)
            ActivityChart(current)
        with solara.Div(classes=["btr-lower"]):
            PostsView(current)
            EventFeed(current)
