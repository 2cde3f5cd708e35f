"""How the page names what the configuration holds: parameters, their values and units.

Every label of the page is a message of the project's catalogue (:mod:`btr_sim.i18n`), read
through the page's :class:`~btr_sim.i18n.Translator`. The configuration's own words come
from the catalogue too: a parameter is named by its key in English (the name a scenario file
uses) and by its term in Chinese (context ``parameter``), a value of a fixed set by its word
(context ``value``), a unit by its symbol (context ``unit``).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from btr_sim.i18n import ENGLISH, NP_, Translator

__all__ = ["UNITS", "join", "parameter_name", "unit_name", "value_name"]

#: The units of the parameter table that have a word (``-``, dimensionless, has none).
UNITS = (NP_("unit", "month"), NP_("unit", "1/month"), NP_("unit", "1/year"))


def parameter_name(path: str, tr: Translator = ENGLISH) -> str:
    """A parameter as the page names it: its key in English, its Chinese term in Chinese."""
    return tr.pgettext("parameter", path)


def value_name(value: Any, tr: Translator = ENGLISH) -> str:
    """A parameter's value as the page shows it: a word of a fixed set in ``tr``, yes or no."""
    if isinstance(value, bool):
        return tr("yes") if value else tr("no")
    if isinstance(value, str):
        return tr.pgettext("value", value)
    return str(value)


def unit_name(unit: str, tr: Translator = ENGLISH) -> str:
    """A parameter's unit in ``tr`` (``-`` and units without a word as they are)."""
    return tr.pgettext("unit", unit) if unit in UNITS else unit


def join(items: Iterable[str], tr: Translator = ENGLISH) -> str:
    """Items listed in a sentence: ``a, b, c`` (Chinese: with the Chinese comma)."""
    return tr(", ").join(items)
