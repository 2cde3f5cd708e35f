"""STAND-IN reader of the experiment files under experiments/, until issue 3's loader lands.

It reads only the subset of issue 3's experiment-file format (experiments/README.md on that
branch) that the four thesis experiments use — one base scenario file under ``scenarios:``, a
``design`` of kind ``list`` / ``factorial`` (``levers:``) / ``grid`` (``parameters:``),
``reference``, ``replications``, ``months``, ``master_seed``, ``record`` — and names design
points as that runner does, so that the tests can check every design point of those files
against the model's configuration and the analysis can be run on them. Replace with
``btr_sim.run_experiment`` and ``btr-sim check`` when issue 3 is merged.

Run as a script (from ``tests/``) to write a results folder for an experiment file::

    ../.venv/bin/python -m support.experiment_file ../experiments/countermeasures.yaml \
        --out ../results/countermeasures [--replications N]
"""

from __future__ import annotations

import argparse
import itertools
from pathlib import Path
from typing import Any

import yaml

from btr_sim.config import Scenario
from btr_sim.loading import apply_overrides, load_scenario

from .results_dir import DesignPoint, point_name, write_results


def read_experiment(path: Path) -> dict[str, Any]:
    """The experiment file as a mapping (YAML, safe loader)."""
    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def design_points(path: Path) -> tuple[dict[str, Any], list[DesignPoint], dict[str, list]]:
    """Expand an experiment file into its design points.

    Returns the file's mapping, the design points (validated scenarios) and the factors with
    their levels (as the manifest records them).
    """
    path = Path(path)
    spec = read_experiment(path)
    overrides = {"months": spec["months"]} if "months" in spec else {}
    scenarios = spec.get("scenarios") or []
    design = spec.get("design") or {"kind": "list"}
    kind = design["kind"]
    if kind != "list" and len(scenarios) != 1:
        raise ValueError(f"{path}: this stand-in reads designs over exactly one base scenario")
    base = load_scenario(path.parent / scenarios[0], overrides) if scenarios else Scenario()
    factors = design.get("levers") or design.get("parameters") or {}
    points: list[DesignPoint] = []
    if kind == "factorial":
        names = list(factors)
        for levels in itertools.product(*(list(factors[n]) for n in names)):
            chosen = dict(zip(names, levels, strict=True))
            changes: dict[str, Any] = {}
            for name, level in chosen.items():
                changes.update(factors[name][level] or {})
            label = point_name(chosen)
            scenario = apply_overrides(base, {**changes, "name": label}, source=str(path))
            points.append(DesignPoint(label, scenario, chosen))
        levels_of = {n: list(factors[n]) for n in names}
    elif kind == "grid":
        names = list(factors)
        for values in itertools.product(*(factors[n] for n in names)):
            chosen = dict(zip(names, values, strict=True))
            label = point_name(chosen)
            scenario = apply_overrides(base, {**chosen, "name": label}, source=str(path))
            points.append(DesignPoint(label, scenario, chosen))
        levels_of = {n: list(v) for n, v in factors.items()}
    elif kind == "list":
        for entry in scenarios:
            scenario = load_scenario(path.parent / entry, overrides)
            points.append(DesignPoint(scenario.name, scenario))
        levels_of = {}
    else:
        raise ValueError(f"{path}: design kind {kind!r} is not read by this stand-in")
    return spec, points, levels_of


def write_experiment_results(path: Path, out: Path, replications: int | None = None) -> Path:
    """Run an experiment file with the stand-in writer (serially) into ``out``."""
    spec, points, factors = design_points(path)
    reference = spec.get("reference") or points[0].name  # first levels first: the default
    return write_results(
        out,
        spec["name"],
        points,
        kind=spec.get("design", {}).get("kind", "list"),
        factors=factors,
        replications=replications or spec["replications"],
        master_seed=spec["master_seed"],
        reference=reference,
        description=" ".join(str(spec.get("description", "")).split()),
        record=tuple(spec.get("record") or ("summary", "series")),
    )


if __name__ == "__main__":  # pragma: no cover - a helper for producing demonstration results
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("experiment", type=Path)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--replications", type=int, default=None)
    args = parser.parse_args()
    print(write_experiment_results(args.experiment, args.out, args.replications))
