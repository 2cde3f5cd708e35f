"""A choice among values, each shown by its own words (Solara's ``Select`` shows the values).

The page's choices hold the configuration's values (``formal``, ``quiet``) and its speeds
(``max``), and show them in the page's language (``正式程序``, ``悄然``, ``最快``); the value
chosen is the value itself, whatever the words.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import reacton.ipyvuetify as rv
import solara

__all__ = ["Choice"]


@solara.component
def Choice(
    label: str,
    values: Sequence[Any],
    value: Any,
    on_value: Callable[[Any], None],
    words: Callable[[Any], str] = str,
    classes: Sequence[str] = (),
) -> None:
    """A drop-down list of ``values``, each shown as ``words(value)``."""
    items = [{"text": words(v), "value": v} for v in values]
    rv.Select(
        v_model=value,
        on_v_model=on_value,
        items=items,
        label=label,
        class_=" ".join(classes),
    )
