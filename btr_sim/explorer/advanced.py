"""The advanced panel: every parameter of the configuration, generated from its schema.

One section per section of the configuration, closed at first (a closed section draws
nothing). Each parameter is entered as its type asks — a choice, a yes/no, a number — with
its description, unit, ODD symbol, allowed values and default beside it, all from
:mod:`btr_sim.explorer.fields`; a value outside the allowed ones is flagged at once and
refused by *Reset*. The main knobs set some of the same parameters; both write the same
value, so they always agree.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import solara

from btr_sim.explorer.fields import FIELDS, Field, section_title

__all__ = ["SECTIONS", "AdvancedPanel", "ParameterInput", "ParameterSection", "css_name"]


def _by_section(fields: Sequence[Field]) -> list[tuple[str, tuple[Field, ...]]]:
    """The fields grouped by section, sections in the order they first appear."""
    sections: dict[str, list[Field]] = {}
    for f in fields:
        sections.setdefault(f.section, []).append(f)
    return [(section, tuple(members)) for section, members in sections.items()]


#: The sections of the panel and their parameters, in the order of the parameter table.
SECTIONS = _by_section(FIELDS)


def css_name(path: str) -> str:
    """The CSS class of a parameter's input: ``btr-param-procedure-pressure_weight``."""
    return "btr-param-" + path.replace(".", "-")


def _hint(field: Field) -> str:
    unit = "" if field.unit == "-" else f"; unit {field.unit}"
    return f"{field.description} Allowed {field.allowed()}{unit}; default {field.default}."


@solara.component
def ParameterInput(field: Field, values: solara.Reactive[dict[str, Any]]) -> None:
    """One parameter's input, with its documentation and, if its value is refused, why."""
    value = values.value[field.path]
    label = f"{field.name} ({field.symbol})" if field.symbol else field.name

    def set_value(new: Any) -> None:
        values.value = {**values.value, field.path: new}

    try:
        field.parse(value)
        problem = ""
    except ValueError as exc:
        problem = str(exc)
    with solara.Div(classes=["btr-param", css_name(field.path)], style={"margin-bottom": "6px"}):
        if field.kind == "select":
            solara.Select(label, values=list(field.values), value=value, on_value=set_value)
        elif field.kind == "bool":
            solara.Checkbox(label=label, value=bool(value), on_value=set_value)
        elif field.kind == "int":
            solara.InputInt(label, value=value, on_value=set_value, dense=True)
        else:
            solara.InputFloat(label, value=value, on_value=set_value, dense=True)
        solara.Text(_hint(field), style={"font-size": "11px", "color": "#666"})
        if problem:
            solara.Error(problem, dense=True, classes=["btr-param-error"])


@solara.component
def ParameterSection(
    section: str, fields: Sequence[Field], values: solara.Reactive[dict[str, Any]]
) -> None:
    """A section of the configuration, opened on demand."""
    is_open, set_open = solara.use_state(False)
    title = f"{section_title(section)} ({len(fields)})"
    with solara.Div(classes=["btr-param-section", f"btr-param-section-{section or 'scenario'}"]):
        solara.Button(
            title,
            icon_name="mdi-chevron-up" if is_open else "mdi-chevron-down",
            text=True,
            on_click=lambda: set_open(not is_open),
            style={"text-transform": "none"},
        )
        if is_open:
            for field in fields:
                ParameterInput(field, values)


@solara.component
def AdvancedPanel(values: solara.Reactive[dict[str, Any]]) -> None:
    """Every parameter of the configuration, by section."""
    with solara.Card("All parameters", classes=["btr-advanced"]):
        solara.Text(
            f"The {len(FIELDS)} parameters of the configuration, with their allowed values; "
            "they take effect on Reset, and Save writes those that differ from the defaults.",
            style={"font-size": "12px", "color": "#666"},
        )
        for section, fields in SECTIONS:
            ParameterSection(section, fields, values)
