"""Design levels as the manifest spells them and as ``runs.parquet`` stores them.

A level written ``0.2`` in an experiment file comes back from Parquet as ``np.float64(0.2)``,
and a level of a factor whose levels mix types as the text ``"0.2"``: :func:`level_key` makes
them compare equal.
"""

from __future__ import annotations

from typing import Any

import numpy as np

__all__ = ["is_word", "level_key", "short_names"]


def level_key(value: Any) -> str:
    """A comparable key for a design level: ``0.2``, ``np.float64(0.2)`` and ``"0.2"`` agree."""
    if isinstance(value, bool | np.bool_):
        return str(bool(value)).lower()
    if isinstance(value, int | float | np.integer | np.floating):
        return f"{float(value):.12g}"
    text = str(value)
    try:
        return f"{float(text):.12g}"
    except ValueError:
        return text


def is_word(value: Any) -> bool:
    """Whether a level is a word (``unified``), not a number or a truth value."""
    if not isinstance(value, str) or value.lower() in ("true", "false"):
        return False
    try:
        float(value)
    except ValueError:
        return True
    return False


def short_names(factors: list[str]) -> dict[str, str]:
    """The last part of each dotted factor name, where that is unambiguous."""
    last = [f.rsplit(".", 1)[-1] for f in factors]
    return {f: (s if last.count(s) == 1 else f) for f, s in zip(factors, last, strict=True)}
