"""Every parameter of the configuration as an input of the explorer, generated from its schema.

The list of parameters, their descriptions, units and ODD symbols come from the parameter
table (:func:`btr_sim.parameters.parameter_rows`, what ``btr-sim params`` prints); their
types, bounds and allowed values from the configuration's JSON Schema (pydantic's, the one
``btr_sim.schema`` publishes for editors). Nothing is listed by hand, so a parameter added to
:mod:`btr_sim.config` appears in the explorer's advanced panel without a change here.

The page keeps the values of its inputs in one mapping, dotted path -> value;
:func:`scenario_with` turns that mapping into a validated scenario, as a scenario file of
those overrides would be.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any, Literal

from btr_sim.config import Scenario
from btr_sim.explorer.wording import join, value_name
from btr_sim.i18n import ENGLISH, N_, Translator
from btr_sim.loading import apply_overrides
from btr_sim.parameters import parameter_rows

__all__ = [
    "FIELDS",
    "LEFT_OUT",
    "Field",
    "field",
    "field_value",
    "scenario_with",
    "section_title",
    "settings_of",
]

#: Parameters the page does not offer: the name and description are given when saving, and
#: case scripts (lists of incidents), the warm-up's rules and timelines (whole rule sets) belong
#: in a scenario file.
LEFT_OUT = frozenset({"name", "description", "incidents.scripted", "before", "timeline"})

Kind = Literal["float", "int", "select", "bool"]


@dataclass(frozen=True)
class Field:
    """One leaf parameter of the configuration, as the page offers it.

    Attributes
    ----------
    path : str
        Its dotted path (``procedure.pressure_weight``).
    kind : {"float", "int", "select", "bool"}
        How it is entered.
    description : str
        What it means (the parameter table's wording).
    unit : str
        Its unit (``-`` when dimensionless).
    symbol : str
        Its ODD symbol ("" where the ODD has none).
    default : Any
        The documented default.
    values : tuple
        The allowed values of a ``select``.
    low, high : float or None
        The bounds of a number (None: unbounded on that side).
    low_open, high_open : bool
        Whether a bound is excluded (``gt`` / ``lt``).
    """

    path: str
    kind: Kind
    description: str
    unit: str = "-"
    symbol: str = ""
    default: Any = None
    values: tuple[Any, ...] = ()
    low: float | None = None
    high: float | None = None
    low_open: bool = False
    high_open: bool = False

    @property
    def section(self) -> str:
        """The configuration section it belongs to ("" for the top level)."""
        return self.path.partition(".")[0] if "." in self.path else ""

    @property
    def name(self) -> str:
        """Its path within its section (``integrity.mean`` for ``cadres.integrity.mean``)."""
        return self.path.partition(".")[2] if "." in self.path else self.path

    def allowed(self, tr: Translator = ENGLISH) -> str:
        """The allowed values in words: ``one of 'formal', 'informal'``, ``[0, 10]``, ``(0, 1)``.

        In another language than English, a choice's values are its words in that language.
        """
        if self.kind == "select":
            if tr.lang == "en":
                listed = ", ".join(repr(v) for v in self.values)
            else:
                listed = join((value_name(v, tr) for v in self.values), tr)
            return tr("one of {values}").format(values=listed)
        if self.kind == "bool":
            return tr("yes or no")
        left = "(" if self.low_open else "["
        right = ")" if self.high_open else "]"
        low = "-inf" if self.low is None else f"{self.low:g}"
        high = "inf" if self.high is None else f"{self.high:g}"
        return f"{left}{low}, {high}{right}"

    def parse(self, value: Any, tr: Translator = ENGLISH) -> Any:
        """The value as the configuration takes it (text from an input is accepted).

        Raises
        ------
        ValueError
            With the field's path and its allowed values (in ``tr``'s language), if the value
            is not one of them.
        """
        try:
            parsed = self._convert(value)
        except (TypeError, ValueError):
            raise ValueError(self._refusal(value, tr)) from None
        if not self._inside(parsed):
            raise ValueError(self._refusal(value, tr))
        return parsed

    def _refusal(self, value: Any, tr: Translator) -> str:
        return tr("{path}: {value} is not allowed ({allowed})").format(
            path=self.path, value=repr(value), allowed=self.allowed(tr)
        )

    def _convert(self, value: Any) -> Any:
        if self.kind == "bool":
            if isinstance(value, str):
                if value.strip().lower() in ("true", "yes", "1"):
                    return True
                if value.strip().lower() in ("false", "no", "0"):
                    return False
                raise ValueError(value)
            return bool(value)
        if self.kind == "select":
            if value not in self.values:
                raise ValueError(value)
            return value
        number = float(str(value).strip().replace(",", ".")) if isinstance(value, str) else value
        number = float(number)
        if not math.isfinite(number):
            raise ValueError(value)
        if self.kind == "int":
            if number != round(number):
                raise ValueError(value)
            return round(number)
        return number

    def _inside(self, value: Any) -> bool:
        if self.kind in ("bool", "select"):
            return True
        above_low = (
            self.low is None or value > self.low or (value == self.low and not self.low_open)
        )
        below_high = (
            self.high is None or value < self.high or (value == self.high and not self.high_open)
        )
        return above_low and below_high


def _resolve(schema: Mapping[str, Any], node: Mapping[str, Any]) -> Mapping[str, Any]:
    """``node`` with a ``$ref`` to the schema's definitions followed."""
    ref = node.get("$ref")
    if ref is None:
        return node
    return schema["$defs"][ref.rpartition("/")[2]]


def _schema_at(schema: Mapping[str, Any], path: str) -> Mapping[str, Any]:
    """The JSON Schema of the leaf at ``path``."""
    node: Mapping[str, Any] = schema
    for part in path.split("."):
        node = _resolve(schema, node)["properties"][part]
    return node


def _field(path: str, description: str, unit: str, symbol: str, default: Any, schema: Any) -> Field:
    node = _schema_at(schema, path)
    if "anyOf" in node:  # an optional value: offered as its non-null form
        node = next(n for n in node["anyOf"] if n.get("type") != "null")
    kind: Kind
    values: tuple[Any, ...] = ()
    if "enum" in node:
        kind, values = "select", tuple(node["enum"])
    elif node.get("type") == "boolean":
        kind = "bool"
    elif node.get("type") == "integer":
        kind = "int"
    elif node.get("type") == "number":
        kind = "float"
    else:
        raise TypeError(f"{path}: the explorer cannot offer a {node.get('type')!r} parameter")
    low = node.get("minimum", node.get("exclusiveMinimum"))
    high = node.get("maximum", node.get("exclusiveMaximum"))
    return Field(
        path=path,
        kind=kind,
        description=description,
        unit=unit,
        symbol=symbol,
        default=default,
        values=values,
        low=low,
        high=high,
        low_open="exclusiveMinimum" in node,
        high_open="exclusiveMaximum" in node,
    )


@cache
def _fields() -> tuple[Field, ...]:
    schema = Scenario.model_json_schema()
    return tuple(
        _field(row.path, row.description, row.unit, row.symbol, row.default, schema)
        for row in parameter_rows()
        if row.path not in LEFT_OUT
    )


#: Every parameter the page offers, in the order of the parameter table.
FIELDS: tuple[Field, ...] = _fields()
_BY_PATH = {f.path: f for f in FIELDS}

_SECTION_TITLES = {
    "": N_("Scenario and supporting systems"),
    "world": N_("World"),
    "cadres": N_("Cadres"),
    "supervisors": N_("Supervisors"),
    "ethics": N_("Ethics (moral layer)"),
    "incidents": N_("Incidents"),
    "standards": N_("Standards (legal layer)"),
    "procedure": N_("Procedure (legal layer)"),
    "reinstatement": N_("Reinstatement (legal layer)"),
    "citizens": N_("Citizens"),
    "news": N_("News"),
}


def section_title(section: str, tr: Translator = ENGLISH) -> str:
    """The heading of a section of the advanced panel, in ``tr``'s language.

    A section added to the configuration without a heading here is named by its key.
    """
    if section in _SECTION_TITLES:
        return tr(_SECTION_TITLES[section])
    return section.replace("_", " ").capitalize()


def field(path: str) -> Field:
    """The field at ``path``.

    Raises
    ------
    KeyError
        If the page offers no parameter at that path.
    """
    try:
        return _BY_PATH[path]
    except KeyError:
        raise KeyError(f"not a parameter the explorer offers: {path}") from None


def field_value(scenario: Scenario, path: str) -> Any:
    """The value ``scenario`` gives the parameter at ``path``."""
    value: Any = scenario
    for part in path.split("."):
        value = getattr(value, part)
    return value


def settings_of(scenario: Scenario) -> dict[str, Any]:
    """Every offered parameter's value in ``scenario``, by path."""
    return {f.path: field_value(scenario, f.path) for f in FIELDS}


def scenario_with(base: Scenario, values: Mapping[str, Any], tr: Translator = ENGLISH) -> Scenario:
    """``base`` with the values of the page's inputs applied, validated as a scenario file.

    Parameters
    ----------
    base
        The scenario the explorer was opened with.
    values
        Dotted path -> value (text from an input is accepted); paths not given keep
        ``base``'s value, as do values equal to it.
    tr
        The language of the message of a refused value.

    Raises
    ------
    KeyError
        For a path the page does not offer.
    ValueError
        For a value outside a parameter's allowed values (the message names the path).
    btr_sim.loading.ConfigError
        For a combination the configuration refuses (for example
        ``incidents.exposure_base + incidents.exposure_transparency > 1``).
    """
    overrides = {}
    for path, value in values.items():
        parsed = field(path).parse(value, tr)
        if parsed != field_value(base, path):
            overrides[path] = parsed
    if not overrides:
        return base
    return apply_overrides(base, overrides, source="explorer settings")
