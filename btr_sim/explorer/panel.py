"""The explorer's sidebar: running the model, the knobs, and saving the settings.

*Reset*, *▶* (play / pause) and *Step* work as in Mesa's ``SolaraViz``; playing runs a
:class:`~btr_sim.explorer.player.Player` in a thread at the speed chosen here, drawing a frame
a few times a second rather than at every month. The main knobs are grouped by the thesis's
layers of countermeasures and show their values; every other parameter is in the advanced
panel (:mod:`btr_sim.explorer.advanced`). Inputs take effect on *Reset*: until then the
changed ones are listed, because the run on screen — and a scenario saved from it — still has
the old values. Every text is in the page's language; a choice's values are shown in words of
that language and kept as the configuration's values.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

import solara

from btr_sim.explorer import launch
from btr_sim.explorer.advanced import AdvancedPanel
from btr_sim.explorer.choice import Choice
from btr_sim.explorer.controls import CONTROLS, Control
from btr_sim.explorer.frames import Frame
from btr_sim.explorer.inputs import pending_changes
from btr_sim.explorer.player import SPEEDS, Player
from btr_sim.explorer.saving import file_name, save_scenario, scenario_yaml
from btr_sim.explorer.session import ExplorerModel
from btr_sim.explorer.views import month_of
from btr_sim.explorer.wording import join, value_name
from btr_sim.i18n import N_, Translator
from btr_sim.loading import ConfigError

__all__ = ["LAYERS", "ControlPanel", "RunCard", "SaveCard"]

#: The layers of countermeasures, in the order the panel shows them.
LAYERS = {
    "legal": N_("Legal layer: rules"),
    "supporting": N_("Supporting systems"),
    "moral": N_("Moral layer"),
}


@solara.component
def PlayLoop(
    model: solara.Reactive[ExplorerModel],
    playing: solara.Reactive[bool],
    speed: solara.Reactive[str],
    show: Callable[[ExplorerModel, Frame], None],
) -> None:
    """While ``playing``, a thread that plays the runs on screen (no widget of its own)."""
    session = model.value
    play = playing.value

    def run(stop: threading.Event) -> None:
        if not play:
            return
        player = Player(session, lambda frame: show(session, frame), lambda: SPEEDS[speed.value])
        player.play(stop)
        if not stop.is_set():  # the horizon: nothing left to play
            playing.set(False)

    solara.use_thread(run, dependencies=[play, session], intrusive_cancel=False)


@solara.component
def RunCard(
    model: solara.Reactive[ExplorerModel],
    frame: solara.Reactive[Frame],
    playing: solara.Reactive[bool],
    speed: solara.Reactive[str],
    on_reset: Callable[[], None],
    on_step: Callable[[], None],
    show: Callable[[ExplorerModel, Frame], None],
    tr: Translator,
    error: str = "",
) -> None:
    """*Reset*, play / pause and *Step*, the speed of play, and the month reached."""
    shown = frame.value
    finished = shown.month >= shown.months
    PlayLoop(model, playing, speed, show)
    with solara.Card(tr("Run"), classes=["btr-run"]):
        with solara.Row(justify="space-between"):
            solara.Button(tr("Reset"), color="primary", on_click=on_reset)
            solara.Button(
                "❚❚" if playing.value else "▶",
                color="primary",
                on_click=lambda: playing.set(not playing.value),
                disabled=finished,
                classes=["btr-play"],
            )
            solara.Button(
                tr("Step"), color="primary", on_click=on_step, disabled=playing.value or finished
            )
        Choice(
            tr("Speed (months per second)"),
            values=list(SPEEDS),
            value=speed.value,
            on_value=speed.set,
            words=lambda v: tr("max") if SPEEDS[v] is None else v,
            classes=["btr-speed"],
        )
        solara.Text(month_of(shown, tr), classes=["btr-run-month"])
        if error:
            solara.Error(error, dense=True, classes=["btr-reset-error"])


def _knob(control: Control, values: solara.Reactive[dict[str, Any]], tr: Translator) -> None:
    """One main knob, showing its value; every change goes into ``values``."""
    value = values.value[control.path]
    label = tr(control.label)

    def set_value(new: Any) -> None:
        values.value = {**values.value, control.path: control.normalise(new)}

    with solara.Div(classes=["btr-control", f"btr-control-{control.name}"]):
        if control.kind == "select":
            Choice(
                label,
                values=list(control.values),
                value=value,
                on_value=set_value,
                words=lambda v: value_name(v, tr),
            )
            return
        low, high = control.bounds(value)
        slider = solara.SliderInt if control.kind == "int" else solara.SliderFloat
        # The label above the slider, with the value: beside it, long labels squeeze the slider.
        solara.Text(
            tr("{knob}: {value}").format(knob=label, value=control.show(value)),
            classes=["btr-control-label"],
            style={"font-size": "13px", "color": "#555"},
        )
        slider(
            "",
            value=value,
            min=low,
            max=high,
            step=control.step,
            on_value=set_value,
            thumb_label=False,
        )


@solara.component
def ControlPanel(
    model: ExplorerModel, values: solara.Reactive[dict[str, Any]], tr: Translator
) -> None:
    """The seed, side-by-side mode, the knobs by layer of countermeasures, every parameter."""

    def set_value(name: str, new: Any) -> None:
        values.value = {**values.value, name: new}

    with solara.Card(tr("Rules and countermeasures"), classes=["btr-controls"]):
        pending = pending_changes(model, values.value, tr)
        if pending:
            solara.Warning(
                tr("Changed: {changes}. Press Reset to start a run with them.").format(
                    changes=join(pending, tr)
                ),
                dense=True,
                classes=["btr-pending"],
            )
        with solara.Div(classes=["btr-control", "btr-control-seed"]):
            solara.InputText(
                tr("Seed"),
                value=str(values.value["seed"]),
                on_value=lambda v: set_value("seed", v),
                continuous_update=True,
            )
        with solara.Div(classes=["btr-control", "btr-control-side_by_side"]):
            solara.Checkbox(
                label=tr("Side by side with {name} (same seed)").format(
                    name=model.baseline_config.name
                ),
                value=bool(values.value["side_by_side"]),
                on_value=lambda v: set_value("side_by_side", v),
            )
        for layer, title in LAYERS.items():
            solara.Text(tr(title), style={"font-weight": "bold", "margin-top": "8px"})
            for control in CONTROLS:
                if control.layer == layer:
                    _knob(control, values, tr)
    AdvancedPanel(values, tr)


@solara.component
def SaveCard(model: ExplorerModel, frame: solara.Reactive[Frame], tr: Translator) -> None:
    """Save the settings of the run on screen as a scenario file, or download it.

    Files go to the folder given by ``btr-sim explore --save-dir`` (see
    :class:`~btr_sim.explorer.launch.LaunchSettings`). The file's header gives the month
    on screen when it was saved, read then (this card does not redraw at every frame).
    """
    settings = launch.current()
    save_dir = settings.save_path
    name = solara.use_reactive(f"{model.base.name}_explored")
    message = solara.use_reactive(("", ""))

    def header() -> dict[str, Any]:
        return {
            "seed": model.seed,
            "month": frame.value.month,
            "base": model.base,
            "source": settings.scenario,
        }

    def save() -> None:
        try:
            path = save_scenario(save_dir, name.value, model.config, **header())
        except (ConfigError, OSError) as exc:
            message.set(("error", tr("Not saved: {error}").format(error=exc)))
            return
        command = f"btr-sim run {path.name} --seed {model.seed}"
        message.set(
            ("ok", tr("Saved {file}. Reproduce: {command}").format(file=path.name, command=command))
        )

    def text() -> str:
        return scenario_yaml(model.config, name=name.value, **header())

    with solara.Card(
        tr("Scenario file"), classes=["btr-save-card"], style={"overflow-wrap": "anywhere"}
    ):
        solara.Text(
            tr("Saves the settings of the run on screen, with its seed in the file's header."),
            style={"font-size": "12px", "color": "#666"},
        )
        solara.InputText(tr("Scenario name"), value=name, continuous_update=True)
        with solara.Row():
            solara.Button(
                tr("Save"),
                on_click=save,
                color="primary",
                icon_name="mdi-content-save",
                classes=["btr-save"],
            )
            solara.FileDownload(
                text,
                filename=file_name(name.value),
                mime_type="application/yaml",
                children=[solara.Button(tr("Download"), icon_name="mdi-download", text=True)],
            )
        kind, words = message.value
        if kind == "ok":
            solara.Success(words, dense=True, classes=["btr-save-message"])
        elif kind == "error":
            solara.Error(words, dense=True, classes=["btr-save-message"])
        solara.Text(
            tr("Folder: {path}").format(path=save_dir.resolve()),
            style={"font-size": "12px", "color": "#666"},
        )
