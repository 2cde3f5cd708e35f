"""The page's inputs (seed, side-by-side mode, every parameter) and what *Reset* does with them.

The page keeps its inputs in one mapping: ``seed`` (text), ``side_by_side`` (a flag) and each
parameter's value by dotted path (see :mod:`btr_sim.explorer.fields`). Inputs take effect on
*Reset*, which builds a new :class:`~btr_sim.explorer.session.ExplorerModel` from them; until
then :func:`pending_changes` lists what differs from the run on screen, because that run — and
a scenario saved from it — still has the old values.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from btr_sim.config import Scenario
from btr_sim.explorer.controls import CONTROLS, parse_seed
from btr_sim.explorer.fields import FIELDS, field, settings_of
from btr_sim.explorer.session import ExplorerModel

__all__ = ["explorer_model", "label_of", "pending_changes", "start_values"]

_LABELS = {c.path: c.label for c in CONTROLS}


def label_of(path: str) -> str:
    """What the page calls a parameter: the main knob's label, or its dotted path."""
    return _LABELS.get(path, path)


def start_values(base: Scenario, seed: int, side_by_side: bool = False) -> dict[str, Any]:
    """The inputs at start: the seed, side-by-side mode and ``base``'s parameter values."""
    return {"seed": str(seed), "side_by_side": side_by_side, **settings_of(base)}


def explorer_model(
    values: Mapping[str, Any], base: Scenario, baseline: Scenario | None = None
) -> ExplorerModel:
    """The runs the inputs ask for (what *Reset* starts).

    Raises
    ------
    ValueError
        For a parameter value or a combination the configuration refuses, or a world too
        large to explore (the message says which).
    """
    settings = {f.path: values[f.path] for f in FIELDS if f.path in values}
    return ExplorerModel(
        seed=values.get("seed", 0),
        side_by_side=bool(values.get("side_by_side", False)),
        base=base,
        baseline=baseline,
        settings=settings,
    )


def pending_changes(model: ExplorerModel, values: Mapping[str, Any]) -> list[str]:
    """What differs between the inputs and the run on screen (applied at the next *Reset*)."""
    changed = []
    for f in FIELDS:
        if f.path not in values:
            continue
        try:
            differs = field(f.path).parse(values[f.path]) != model.settings[f.path]
        except ValueError:
            differs = True
        if differs:
            changed.append(label_of(f.path))
    try:
        seed_changed = parse_seed(values["seed"]) != model.seed
    except ValueError:
        seed_changed = True
    if seed_changed:
        changed.append("Seed")
    if bool(values["side_by_side"]) != model.side_by_side:
        changed.append("Side by side")
    return changed
