"""The explorer's page: an app bar, a sidebar to run and set the model, and the views.

Laid out as Mesa's ``SolaraViz`` lays out a page, but composed here for what the generic page
does not do: knobs grouped by layer that show their values, every parameter of the
configuration, a warning while inputs differ from the run on screen, runs drawn from
consistent snapshots, and play that draws a few frames a second rather than every month.

The page's state is the run on screen (an :class:`~btr_sim.explorer.session.ExplorerModel`),
the :class:`~btr_sim.explorer.frames.Frame` on screen, the inputs, and whether it plays. Views
subscribe to the frame only, so a new frame redraws the views and leaves the sidebar alone.
A frame is shown only if it is of the run on screen: a player still finishing its last batch
after *Reset* cannot put the old run back.

Each browser session gets its own model, built from the
:class:`~btr_sim.explorer.launch.LaunchSettings` that ``btr-sim explore`` left in the
environment, and the page speaks the language they name (``--lang``). Solara serves this
module (``SOLARA_APP=btr_sim.explorer.app``) and renders
:func:`Page`; see :mod:`btr_sim.explorer.server`.
"""

from __future__ import annotations

import threading
from typing import Any

import reacton.core
import solara
import solara.lab

from btr_sim.explorer import launch
from btr_sim.explorer.frames import Frame
from btr_sim.explorer.inputs import explorer_model, start_values
from btr_sim.explorer.launch import LaunchSettings
from btr_sim.explorer.panel import ControlPanel, RunCard, SaveCard
from btr_sim.explorer.player import DEFAULT_SPEED
from btr_sim.explorer.session import ExplorerModel
from btr_sim.explorer.views import CSS, Views

__all__ = ["Page", "first_values"]


def first_values(settings: LaunchSettings) -> dict[str, Any]:
    """The inputs at start: the launch's seed, side by side if asked, the scenario's values."""
    return start_values(settings.base(), settings.seed, side_by_side=bool(settings.compare))


@solara.component
def Page() -> None:
    """The explorer page of one browser session."""
    settings = launch.current()
    tr = solara.use_memo(settings.translator, [])
    base, baseline = solara.use_memo(lambda: (settings.base(), settings.baseline()), [])
    start = solara.use_memo(lambda: first_values(settings), [])
    values = solara.use_reactive(start)
    model = solara.use_reactive(
        solara.use_memo(lambda: explorer_model(start, base, baseline, tr), [])
    )
    frame = solara.use_reactive(solara.use_memo(lambda: model.value.snapshot(), []))
    playing = solara.use_reactive(False)
    speed = solara.use_reactive(DEFAULT_SPEED)
    error = solara.use_reactive("")
    showing = solara.use_memo(threading.Lock, [])
    # Changes made together are drawn in one render pass, not one per subscriber.
    together = reacton.core.get_render_context()
    current = model.value

    def show(session: ExplorerModel, shown: Frame) -> None:
        # Checked and set under one lock with Reset: a frame of a replaced run is dropped.
        with showing, together:
            if model.value is session:
                frame.set(shown)

    def reset() -> None:
        try:
            fresh = explorer_model(values.value, base, baseline, tr)
        except ValueError as exc:
            error.set(tr("Not reset: {error}").format(error=exc))
            return
        with showing, together:
            playing.set(False)
            error.set("")
            model.set(fresh)
            frame.set(fresh.snapshot())

    def step() -> None:
        session = model.value
        session.advance(1)
        show(session, session.snapshot())

    solara.Style(CSS)
    title = tr("btr_sim explorer: {name}").format(name=base.name)
    solara.Title(title)
    with solara.AppBar():
        solara.AppBarTitle(title)
        solara.lab.ThemeToggle()
    with solara.Sidebar(), solara.Column():
        RunCard(model, frame, playing, speed, reset, step, show, tr, error.value)
        ControlPanel(current, values, tr)
        SaveCard(current, frame, tr)
    with solara.Column(style={"padding": "8px"}):
        Views(current, frame, tr)
