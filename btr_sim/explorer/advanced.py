"""The advanced panel: every parameter of the configuration, generated from its schema.

One section per section of the configuration, closed at first (a closed section draws
nothing). Each parameter is entered as its type asks — a choice, a yes/no, a number — with
its description, unit, ODD symbol, allowed values and default beside it, all from
:mod:`btr_sim.explorer.fields`; a value outside the allowed ones is flagged at once and
refused by *Reset*. The main knobs set some of the same parameters; both write the same
value, so they always agree.

In English a parameter is named by its key within its section, and described by the parameter
table. In another language it is named by its term in the catalogue, with its key beside it
(the name a scenario file uses) and its description where the catalogue translates it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import solara

from btr_sim.explorer.choice import Choice
from btr_sim.explorer.fields import FIELDS, Field, section_title
from btr_sim.explorer.wording import parameter_name, unit_name, value_name
from btr_sim.i18n import Translator

__all__ = [
    "SECTIONS",
    "AdvancedPanel",
    "ParameterInput",
    "ParameterSection",
    "css_name",
    "hint",
    "input_label",
]


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


def input_label(field: Field, tr: Translator) -> str:
    """A parameter's label: its name in its section (English) or its term, with its symbol."""
    name = field.name if tr.lang == "en" else parameter_name(field.path, tr)
    if not field.symbol:
        return name
    return tr("{name} ({symbol})").format(name=name, symbol=field.symbol)


def hint(field: Field, tr: Translator) -> str:
    """What is said under a parameter's input: what it means, its allowed values and default."""
    parts = [tr("Allowed {allowed}").format(allowed=field.allowed(tr))]
    if field.unit != "-":
        parts.append(tr("unit {unit}").format(unit=unit_name(field.unit, tr)))
    default = value_name(field.default, tr)
    parts.append(tr("default {default}").format(default=default))
    facts = tr("; ").join(parts)
    if tr.lang != "en":  # the key a scenario file uses, beside the term of the label
        facts = tr("key {path}").format(path=field.path) + tr("; ") + facts
    # A description the catalogue lacks is left out rather than shown in English.
    known = field.description and tr.has(field.description)
    description = tr(field.description) if known else ""
    return tr("{description} {facts}.").format(description=description, facts=facts).strip()


@solara.component
def ParameterInput(field: Field, values: solara.Reactive[dict[str, Any]], tr: Translator) -> None:
    """One parameter's input, with its documentation and, if its value is refused, why."""
    value = values.value[field.path]
    label = input_label(field, tr)

    def set_value(new: Any) -> None:
        values.value = {**values.value, field.path: new}

    try:
        field.parse(value, tr)
        problem = ""
    except ValueError as exc:
        problem = str(exc)
    with solara.Div(classes=["btr-param", css_name(field.path)], style={"margin-bottom": "6px"}):
        if field.kind == "select":
            Choice(
                label,
                values=list(field.values),
                value=value,
                on_value=set_value,
                words=lambda v: value_name(v, tr),
            )
        elif field.kind == "bool":
            solara.Checkbox(label=label, value=bool(value), on_value=set_value)
        elif field.kind == "int":
            solara.InputInt(label, value=value, on_value=set_value, dense=True)
        else:
            solara.InputFloat(label, value=value, on_value=set_value, dense=True)
        solara.Text(hint(field, tr), style={"font-size": "11px", "color": "#666"})
        if problem:
            solara.Error(problem, dense=True, classes=["btr-param-error"])


@solara.component
def ParameterSection(
    section: str,
    fields: Sequence[Field],
    values: solara.Reactive[dict[str, Any]],
    tr: Translator,
) -> None:
    """A section of the configuration, opened on demand."""
    is_open, set_open = solara.use_state(False)
    title = tr("{section} ({n})").format(section=section_title(section, tr), n=len(fields))
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
                ParameterInput(field, values, tr)


@solara.component
def AdvancedPanel(values: solara.Reactive[dict[str, Any]], tr: Translator) -> None:
    """Every parameter of the configuration, by section."""
    with solara.Card(tr("All parameters"), classes=["btr-advanced"]):
        solara.Text(
            tr(
                "The {n} parameters of the configuration, with their allowed values; they take "
                "effect on Reset, and Save writes those that differ from the defaults."
            ).format(n=len(FIELDS)),
            style={"font-size": "12px", "color": "#666"},
        )
        for section, fields in SECTIONS:
            ParameterSection(section, fields, values, tr)
