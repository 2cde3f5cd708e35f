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
from btr_sim.explorer.wording import parameter_name
from btr_sim.i18n import ENGLISH, Translator

__all__ = ["explorer_model", "label_of", "pending_changes", "start_values"]

_LABELS = {c.path: c.label for c in CONTROLS}


def label_of(path: str, tr: Translator = ENGLISH) -> str:
    """What the page calls a parameter: the main knob's label, else the parameter's name.

    A parameter's name is its dotted path in English and its term in Chinese.
    """
    if path in _LABELS:
        return tr(_LABELS[path])
    return parameter_name(path, tr)


def start_values(base: Scenario, seed: int, side_by_side: bool = False) -> dict[str, Any]:
    """The inputs at start: the seed, side-by-side mode and ``base``'s parameter values."""
    return {"seed": str(seed), "side_by_side": side_by_side, **settings_of(base)}


def explorer_model(
    values: Mapping[str, Any],
    base: Scenario,
    baseline: Scenario | None = None,
    tr: Translator = ENGLISH,
) -> ExplorerModel:
    """The runs the inputs ask for (what *Reset* starts), labelled in ``tr``'s language.

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
        tr=tr,
    )


def pending_changes(
    model: ExplorerModel, values: Mapping[str, Any], tr: Translator = ENGLISH
) -> list[str]:
    """What differs between the inputs and the run on screen (applied at the next *Reset*).

    Named in ``tr``'s language.
    """
    changed = []
    for f in FIELDS:
        if f.path not in values:
            continue
        try:
            differs = field(f.path).parse(values[f.path]) != model.settings[f.path]
        except ValueError:
            differs = True
        if differs:
            changed.append(label_of(f.path, tr))
    try:
        seed_changed = parse_seed(values["seed"]) != model.seed
    except ValueError:
        seed_changed = True
    if seed_changed:
        changed.append(tr("Seed"))
    if bool(values["side_by_side"]) != model.side_by_side:
        changed.append(tr("Side by side"))
    return changed
