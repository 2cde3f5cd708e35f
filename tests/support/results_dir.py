"""A small, real results folder for the analysis tests, written per docs/results-format.md.

STAND-IN: this writes the results store the way the experiment runner (issue 3,
``btr_sim.run_experiment``) is specified to, so that analysis can be tested before the runner
is merged. Every run is a real simulation (``btr_sim.run_scenario``) on a tiny world, seeded
with ``btr_sim.randomness.replication_seeds``; only the experiment-file parsing, the executor
and the incremental store are left out. Once the runner lands, replace the body of
:func:`write_results` with a call to it.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import platform
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from btr_sim import run_scenario
from btr_sim.config import Scenario
from btr_sim.events import EVENT_COLUMNS
from btr_sim.loading import apply_overrides
from btr_sim.metrics import SERIES, SUMMARY
from btr_sim.randomness import replication_seeds

#: A tiny world with frequent incidents: 20 posts, 400 citizens, 5 years; ~0.03 s a run.
TINY: dict[str, Any] = {
    "months": 60,
    "world.n_supervisors": 4,
    "world.posts_per_supervisor": 5,
    "world.citizens_per_post": 20,
    "incidents.accident_rate": 0.04,
    "incidents.misconduct_rate": 0.06,
}

#: The thesis's three countermeasure layers as on/off levers (experiments/countermeasures.yaml).
LAYERS: dict[str, dict[str, Any]] = {
    "moral": {"ethics.integrity_shift": 0.15, "ethics.integrity_growth_per_year": 0.05},
    "legal": {
        "standards.rule": "unified",
        "procedure.rule": "formal",
        "reinstatement.cooling_off_months": 12,
        "reinstatement.evaluation": "merit",
        "reinstatement.disclosure": "public",
        "reinstatement.require_public_calm": True,
    },
    "supporting": {"transparency": 0.8, "citizen_participation": 0.7, "power_restriction": 0.7},
}


@dataclass(frozen=True)
class DesignPoint:
    """One scenario of an experiment and its factor levels."""

    name: str
    scenario: Scenario
    levels: dict[str, Any] = field(default_factory=dict)


def write_results(
    out: Path,
    experiment: str,
    points: Sequence[DesignPoint],
    *,
    kind: str = "list",
    factors: Mapping[str, list[Any]] | None = None,
    replications: int = 3,
    master_seed: int = 0,
    reference: str | dict[str, Any] | None = None,
    description: str = "",
    record: Sequence[str] = ("summary", "series"),
    fail: Sequence[tuple[str, int]] = (),
) -> Path:
    """Run every design point ``replications`` times and write the results store into ``out``.

    ``fail`` lists (scenario, replication) pairs recorded as failed runs, as the runner records
    a run that raised.
    """
    out.mkdir(parents=True, exist_ok=True)
    started = datetime.now(UTC).isoformat()
    seeds = replication_seeds(master_seed, replications)
    factors = dict(factors or {})
    rows, series, events = [], [], []
    for point in points:
        for rep, seed in enumerate(seeds):
            ident = {
                "run_id": f"{point.name}#{rep}",
                "scenario": point.name,
                "replication": rep,
                "seed": seed,
            }
            design = {f"design.{k}": v for k, v in point.levels.items()}
            if (point.name, rep) in fail:
                outcomes = dict.fromkeys(SUMMARY, float("nan"))
                rows.append(
                    {**ident, "status": "failed", "error": "RuntimeError: injected", **design}
                    | outcomes
                )
                continue
            result = run_scenario(point.scenario, seed)
            rows.append({**ident, "status": "ok", "error": "", **design} | result.summary)
            if "series" in record:
                series.append(result.series.reset_index().assign(**ident))
            if "events" in record:
                events.append(result.events.assign(**ident))
    pd.DataFrame(rows).to_parquet(out / "runs.parquet", index=False)
    if "series" in record:
        table = pd.concat(series, ignore_index=True)
        table[["run_id", "scenario", "replication", "seed", "month", *SERIES]].to_parquet(
            out / "series.parquet", index=False
        )
    if "events" in record:
        table = pd.concat(events, ignore_index=True)
        table[["run_id", "scenario", "replication", "seed", *EVENT_COLUMNS]].to_parquet(
            out / "events.parquet", index=False
        )
    scenarios = {p.name: p.scenario.model_dump(mode="json") for p in points}
    spec = {
        "name": experiment,
        "description": description,
        "design": {"kind": kind, "factors": factors},
        "scenarios": scenarios,
        "replications": replications,
        "months": points[0].scenario.months,
        "master_seed": master_seed,
        "record": list(record),
        "reference": reference,
    }
    n_failed = sum(1 for r in rows if r["status"] == "failed")
    manifest = {
        "experiment": experiment,
        "description": description,
        "hash": hashlib.sha256(json.dumps(spec, sort_keys=True).encode()).hexdigest(),
        "spec": spec,
        "design": {"kind": kind, "factors": factors},
        "reference": reference,
        "scenarios": scenarios,
        "replications": replications,
        "master_seed": master_seed,
        "months": points[0].scenario.months,
        "seeds": seeds,
        "record": list(record),
        "versions": {
            "btr_sim": metadata.version("btr-sim"),
            "mesa": metadata.version("mesa"),
            "numpy": np.__version__,
            "pandas": pd.__version__,
            "python": sys.version.split()[0],
        },
        "git_revision": "test-fixture",
        "platform": platform.platform(),
        "started": started,
        "finished": datetime.now(UTC).isoformat(),
        "runs_total": len(rows),
        "runs_done": len(rows) - n_failed,
        "runs_failed": n_failed,
    }
    (out / "manifest.json").write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    return out


def point_name(levels: Mapping[str, Any]) -> str:
    """A design point's name as the runner writes it: ``moral=on,legal=off`` (floats by repr)."""

    def text(value: Any) -> str:
        if isinstance(value, bool):
            return "true" if value else "false"
        return repr(value) if isinstance(value, float) else str(value)

    return ",".join(f"{n}={text(v)}" for n, v in levels.items())


#: The name of the all-off design point of :func:`tiny_factorial` (the status quo).
BASELINE = "moral=off,legal=off,supporting=off"


def factorial_points(
    base: Mapping[str, Any], levers: Mapping[str, Mapping[str, Any]]
) -> tuple[list[DesignPoint], dict[str, list[str]]]:
    """The 2^k design points of on/off levers over a base (all off first, last lever fastest)."""
    names = list(levers)
    points = []
    for switches in itertools.product((False, True), repeat=len(names)):
        overrides = dict(base)
        for lever, on in zip(names, switches, strict=True):
            if on:
                overrides.update(levers[lever])
        levels = {n: ("on" if on else "off") for n, on in zip(names, switches, strict=True)}
        name = point_name(levels)
        scenario = apply_overrides(Scenario(), {**overrides, "name": name})
        points.append(DesignPoint(name, scenario, levels))
    return points, {n: ["off", "on"] for n in names}


def grid_points(
    base: Mapping[str, Any], parameters: Mapping[str, list[Any]]
) -> tuple[list[DesignPoint], dict[str, list[Any]]]:
    """The crossed design points of a grid over parameters (dotted paths)."""
    names = list(parameters)
    points = []
    for values in itertools.product(*(parameters[n] for n in names)):
        levels = dict(zip(names, values, strict=True))
        name = point_name(levels)
        scenario = apply_overrides(Scenario(), {**base, **levels, "name": name})
        points.append(DesignPoint(name, scenario, levels))
    return points, {n: list(v) for n, v in parameters.items()}


# -- the folders the tests use ---------------------------------------------------------------


def tiny_factorial(out: Path, replications: int = 5, record_events: bool = True) -> Path:
    """The countermeasures 2x2x2 factorial on the tiny world (40 runs, about 1.5 s)."""
    points, factors = factorial_points(TINY, LAYERS)
    record = ("summary", "series", "events") if record_events else ("summary", "series")
    return write_results(
        out,
        "tiny_countermeasures",
        points,
        kind="factorial",
        factors=factors,
        replications=replications,
        master_seed=11,
        reference=BASELINE,
        description="Do the moral, legal and supporting layers complement each other?",
        record=record,
    )


def tiny_grid(out: Path, replications: int = 3) -> Path:
    """A 3 x 2 grid over transparency and citizen participation on the tiny world (18 runs)."""
    points, factors = grid_points(
        TINY, {"transparency": [0.2, 0.5, 0.8], "citizen_participation": [0.2, 0.7]}
    )
    return write_results(
        out,
        "tiny_grid",
        points,
        kind="grid",
        factors=factors,
        replications=replications,
        master_seed=5,
        reference=points[0].name,
        description="How do transparency and citizen participation shape credibility?",
    )


def tiny_list(out: Path, replications: int = 4, fail: Sequence[tuple[str, int]] = ()) -> Path:
    """Status quo vs. full reform on the tiny world, as a list design (no reference named)."""
    full = {k: v for layer in LAYERS.values() for k, v in layer.items()}
    points = [
        DesignPoint("status_quo", apply_overrides(Scenario(), {**TINY, "name": "status_quo"})),
        DesignPoint(
            "full_reform", apply_overrides(Scenario(), {**TINY, **full, "name": "full_reform"})
        ),
    ]
    return write_results(
        out, "tiny_list", points, replications=replications, master_seed=3, fail=fail
    )


def tiny_big_grid(out: Path, replications: int = 2) -> Path:
    """A 4 x 4 grid (16 scenarios, more than a figure draws one by one) on the tiny world."""
    points, factors = grid_points(
        TINY,
        {"transparency": [0.0, 0.3, 0.6, 0.9], "power_restriction": [0.0, 0.3, 0.6, 0.9]},
    )
    return write_results(
        out,
        "tiny_big_grid",
        points,
        kind="grid",
        factors=factors,
        replications=replications,
        master_seed=8,
        reference={"transparency": 0.0, "power_restriction": 0.0},
        description="A grid too large to draw scenario by scenario.",
    )
