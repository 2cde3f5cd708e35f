"""The explorer's sidebar: running the model, the knobs, and saving the settings.

Running uses Mesa's own ``ModelController`` (the *Reset*, *▶* and *Step* buttons of
``SolaraViz``), which steps the model and, on *Reset*, rebuilds it from the values the knobs
hold. The knobs are grouped by the thesis's layers of countermeasures and show their values;
a knob moved since the run on screen started is listed until *Reset* applies it, because the
run on screen — and a scenario saved from it — still has the old value.
"""

from __future__ import annotations

from typing import Any

import solara
from mesa.visualization.solara_viz import ModelController
from mesa.visualization.utils import update_counter

from btr_sim.explorer import launch
from btr_sim.explorer.controls import CONTROLS, Control, parse_seed
from btr_sim.explorer.saving import file_name, save_scenario, scenario_yaml
from btr_sim.explorer.session import ExplorerModel
from btr_sim.loading import ConfigError

__all__ = ["LAYERS", "ControlPanel", "RunCard", "SaveCard", "pending_changes"]

#: The layers of countermeasures, in the order the panel shows them.
LAYERS = {
    "legal": "Legal layer: rules",
    "supporting": "Supporting systems",
    "moral": "Moral layer",
}


def pending_changes(model: ExplorerModel, values: dict[str, Any]) -> list[str]:
    """The knobs whose value differs from the run on screen (applied at the next *Reset*)."""
    changed = [c.label for c in CONTROLS if c.normalise(values[c.name]) != model.settings[c.name]]
    try:
        seed_changed = parse_seed(values["seed"]) != model.seed
    except ValueError:
        seed_changed = True
    if seed_changed:
        changed.append("Seed")
    if bool(values["side_by_side"]) != model.side_by_side:
        changed.append("Side by side")
    return changed


@solara.component
def RunCard(
    model: solara.Reactive[ExplorerModel],
    values: solara.Reactive[dict[str, Any]],
    play_interval: solara.Reactive[int],
    render_interval: solara.Reactive[int],
    use_threads: solara.Reactive[bool],
) -> None:
    """Mesa's play / step / reset, the pace of play, and the month reached."""
    update_counter.get()
    with solara.Card("Run", classes=["btr-run"]):
        ModelController(
            model,
            model_parameters=values,
            play_interval=play_interval,
            render_interval=render_interval,
            use_threads=use_threads,
        )
        solara.SliderInt(
            f"Play interval: {play_interval.value} ms",
            value=play_interval,
            min=20,
            max=1000,
            step=10,
            thumb_label=False,
        )
        solara.SliderInt(
            f"Months per step: {render_interval.value}",
            value=render_interval,
            min=1,
            max=24,
            thumb_label=False,
        )
        current = model.value
        solara.Text(f"Month {current.month} of {current.config.months}", classes=["btr-run-month"])


def _knob(control: Control, values: solara.Reactive[dict[str, Any]]) -> None:
    """One knob, showing its value; every change goes into ``values``."""
    value = values.value[control.name]

    def set_value(new: Any) -> None:
        values.value = {**values.value, control.name: control.normalise(new)}

    with solara.Div(classes=["btr-control", f"btr-control-{control.name}"]):
        if control.kind == "select":
            solara.Select(
                control.label, values=list(control.values), value=value, on_value=set_value
            )
            return
        low, high = control.bounds(value)
        slider = solara.SliderInt if control.kind == "int" else solara.SliderFloat
        # The label above the slider, with the value: beside it, long labels squeeze the slider.
        solara.Text(
            f"{control.label}: {control.show(value)}",
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
def ControlPanel(model: ExplorerModel, values: solara.Reactive[dict[str, Any]]) -> None:
    """The seed, side-by-side mode, and the knobs, grouped by layer of countermeasures."""

    def set_value(name: str, new: Any) -> None:
        values.value = {**values.value, name: new}

    with solara.Card("Rules and countermeasures", classes=["btr-controls"]):
        pending = pending_changes(model, values.value)
        if pending:
            solara.Warning(
                f"Changed: {', '.join(pending)}. Press Reset to start a run with them.",
                dense=True,
                classes=["btr-pending"],
            )
        with solara.Div(classes=["btr-control", "btr-control-seed"]):
            solara.InputText(
                "Seed",
                value=str(values.value["seed"]),
                on_value=lambda v: set_value("seed", v),
                continuous_update=True,
            )
        with solara.Div(classes=["btr-control", "btr-control-side_by_side"]):
            solara.Checkbox(
                label=f"Side by side with {model.baseline_config.name} (same seed)",
                value=bool(values.value["side_by_side"]),
                on_value=lambda v: set_value("side_by_side", v),
            )
        for layer, title in LAYERS.items():
            solara.Text(title, style={"font-weight": "bold", "margin-top": "8px"})
            for control in CONTROLS:
                if control.layer == layer:
                    _knob(control, values)


@solara.component
def SaveCard(model: ExplorerModel) -> None:
    """Save the settings of the run on screen as a scenario file, or download it.

    Files go to the folder given by ``btr-sim explore --save-dir`` (see
    :class:`~btr_sim.explorer.launch.LaunchSettings`).
    """
    update_counter.get()
    settings = launch.current()
    save_dir = settings.save_path
    name = solara.use_reactive(f"{model.base.name}_explored")
    message = solara.use_reactive(("", ""))
    header = {
        "seed": model.seed,
        "month": model.month,
        "base": model.base,
        "source": settings.scenario,
    }

    def save() -> None:
        try:
            path = save_scenario(save_dir, name.value, model.config, **header)
        except (ConfigError, OSError) as exc:
            message.set(("error", f"Not saved: {exc}"))
            return
        message.set(
            (
                "ok",
                f"Saved {path.name}. Reproduce: btr-sim run {path.name} --seed {model.seed}",
            )
        )

    def text() -> str:
        return scenario_yaml(model.config, name=name.value, **header)

    with solara.Card(
        "Scenario file", classes=["btr-save-card"], style={"overflow-wrap": "anywhere"}
    ):
        solara.Text(
            "Saves the settings of the run on screen, with its seed in the file's header.",
            style={"font-size": "12px", "color": "#666"},
        )
        solara.InputText("Scenario name", value=name, continuous_update=True)
        with solara.Row():
            solara.Button(
                "Save",
                on_click=save,
                color="primary",
                icon_name="mdi-content-save",
                classes=["btr-save"],
            )
            solara.FileDownload(
                text,
                filename=file_name(name.value),
                mime_type="application/yaml",
                children=[solara.Button("Download", icon_name="mdi-download", text=True)],
            )
        kind, words = message.value
        if kind == "ok":
            solara.Success(words, dense=True, classes=["btr-save-message"])
        elif kind == "error":
            solara.Error(words, dense=True, classes=["btr-save-message"])
        solara.Text(f"Folder: {save_dir.resolve()}", style={"font-size": "12px", "color": "#666"})
