"""The current settings as a scenario file that ``btr-sim check`` and ``btr-sim run`` accept.

The file holds, like the files in ``configs/``, only what differs from the documented defaults,
so it reads as the list of choices made in the explorer; a comment at its top gives the seed
and the command that reproduces the run the explorer showed.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from btr_sim.config import Scenario
from btr_sim.explorer.fields import FIELDS, field_value
from btr_sim.loading import scenario_from_mapping

__all__ = ["changed_settings", "file_name", "save_scenario", "scenario_overrides", "scenario_yaml"]


def _differences(value: Any, default: Any) -> Any:
    """The part of ``value`` that differs from ``default`` (nested mappings), or None."""
    if isinstance(value, dict) and isinstance(default, dict):
        out = {}
        for key, item in value.items():
            diff = _differences(item, default.get(key))
            if diff is not None:
                out[key] = diff
        return out or None
    return None if value == default else value


def scenario_overrides(scenario: Scenario) -> dict[str, Any]:
    """The scenario as a nested mapping of what differs from the defaults, in field order."""
    values = scenario.model_dump(mode="json")
    defaults = Scenario().model_dump(mode="json")
    return _differences(values, defaults) or {}


def changed_settings(scenario: Scenario, base: Scenario) -> list[tuple[str, Any]]:
    """The parameters whose value in ``scenario`` differs from ``base``: (dotted path, value)."""
    return [
        (f.path, field_value(scenario, f.path))
        for f in FIELDS
        if field_value(scenario, f.path) != field_value(base, f.path)
    ]


def file_name(name: str) -> str:
    """A safe file name for a scenario called ``name`` (letters, digits, ``_``, ``-``)."""
    stem = re.sub(r"[^A-Za-z0-9_-]+", "_", name.strip()).strip("_") or "explored"
    return f"{stem}.yaml"


def scenario_yaml(
    scenario: Scenario,
    *,
    name: str,
    seed: int,
    month: int,
    base: Scenario | None = None,
    source: str = "",
    file: str | None = None,
) -> str:
    """The scenario file's text.

    Parameters
    ----------
    scenario
        The scenario of the run on screen.
    name
        The name to give it.
    seed
        The run's seed, written in the header comment (it is not part of a scenario).
    month
        The month the explorer had reached, for the header.
    base
        The scenario the explorer was opened with; the description lists the changes to it.
    source
        Where ``base`` came from (a file), for the header.
    file
        The file's name, for the command in the header (``name.yaml`` when omitted).
    """
    changes = changed_settings(scenario, base) if base is not None else []
    if changes:
        listed = ", ".join(f"{path}={value}" for path, value in changes)
        description = f"Explored from {base.name}: {listed}."
    elif base is not None:
        description = f"Explored from {base.name}, unchanged."
    else:
        description = scenario.description
    named = scenario.model_copy(update={"name": name, "description": description})
    body = scenario_overrides(named)
    body = {"name": name, **{k: v for k, v in body.items() if k != "name"}}
    origin = f" from {source}" if source else ""
    header = (
        f"# Saved by `btr-sim explore`{origin} at month {month}, seed {seed}.\n"
        f"# Reproduce the run shown: btr-sim run {file or file_name(name)} --seed {seed}\n"
    )
    return header + yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)


def save_scenario(directory: Path, name: str, scenario: Scenario, **header: Any) -> Path:
    """Write the scenario file into ``directory`` without overwriting an existing one.

    Parameters
    ----------
    directory
        Where to write it (created if missing).
    name
        The scenario's name; the file is ``name.yaml``, or ``name_2.yaml`` and so on if
        that exists.
    scenario
        The scenario of the run on screen.
    **header
        ``seed``, ``month``, ``base`` and ``source``, as for :func:`scenario_yaml`.

    Returns
    -------
    Path
        The file written. Its text was validated first, as ``btr-sim check`` would.

    Raises
    ------
    btr_sim.loading.ConfigError
        If the text is not a valid scenario.
    """
    directory.mkdir(parents=True, exist_ok=True)
    stem = Path(file_name(name)).stem
    path = directory / f"{stem}.yaml"
    k = 2
    while path.exists():
        path = directory / f"{stem}_{k}.yaml"
        k += 1
    text = scenario_yaml(scenario, name=name, file=path.name, **header)
    scenario_from_mapping(yaml.safe_load(text), source=str(path))
    path.write_text(text, encoding="utf-8")
    return path
