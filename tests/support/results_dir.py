"""Small, real results folders for the analysis tests, written by the experiment runner.

Each helper writes a tiny experiment file beside its results folder (base scenario
``configs/status_quo.yaml`` or ``configs/full_reform.yaml`` on a tiny world) and runs it with
:func:`btr_sim.run_experiment` on the serial executor, so the analysis is tested on exactly
the folders ``btr-sim run`` writes (docs/results-format.md).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
import yaml

import btr_sim
from btr_sim.experiments import plan_experiment, worker

CONFIGS = Path(__file__).resolve().parents[2] / "configs"

#: A tiny world with frequent incidents: 20 posts, 400 citizens, 5 years after 2 years of
#: warm-up; ~0.03 s a run.
TINY: dict[str, Any] = {
    "months": 60,
    "warmup_months": 24,
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

#: The all-off design point of :func:`tiny_factorial` (the status quo), as the runner names it.
BASELINE = "moral=off,legal=off,supporting=off"


def tiny_scenario(config: str = "status_quo") -> dict[str, Any]:
    """An inline base scenario: ``configs/<config>.yaml`` on the tiny world."""
    return {"name": config, "extends": str(CONFIGS / f"{config}.yaml"), **TINY}


def run_tiny(out: Path, experiment: dict[str, Any], fail: Sequence[tuple[str, int]] = ()) -> Path:
    """Write ``experiment`` as a YAML file beside ``out`` and run it into ``out``.

    The file goes next to the folder, not into it: the runner refuses a folder holding files
    that are not results. ``fail`` lists (design point, replication) pairs whose run raises,
    injected as tests/test_experiment_run.py does (the serial executor runs in this process).
    """
    path = out.with_name(f"{out.name}.yaml")
    path.write_text(yaml.safe_dump(experiment, sort_keys=False), encoding="utf-8")
    with _failing(path, fail):
        btr_sim.run_experiment(path, out=out, executor="serial", progress=False)
    return out


@contextmanager
def _failing(path: Path, fail: Sequence[tuple[str, int]]) -> Iterator[None]:
    if not fail:
        yield
        return
    seeds = plan_experiment(path).seeds
    bad = {(point, seeds[rep]) for point, rep in fail}
    real = worker.run_one

    def sometimes(scenario, seed, warmed=None):
        if (scenario.name, seed) in bad:
            raise RuntimeError("injected failure")
        return real(scenario, seed, warmed)

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(worker, "run_one", sometimes)
        yield


# -- the folders the tests use ---------------------------------------------------------------


def tiny_factorial(out: Path, replications: int = 5, record_events: bool = True) -> Path:
    """The countermeasures 2x2x2 factorial on the tiny world (40 runs, about 1.5 s).

    No reference is named: the runner's default, every lever at its first level, is
    :data:`BASELINE`.
    """
    record = ["summary", "series", "events"] if record_events else ["summary", "series"]
    experiment = {
        "name": "tiny_countermeasures",
        "description": "Do the moral, legal and supporting layers complement each other?",
        "scenarios": [tiny_scenario()],
        "design": {
            "kind": "factorial",
            "levers": {name: {"off": {}, "on": on} for name, on in LAYERS.items()},
        },
        "replications": replications,
        "master_seed": 11,
        "record": record,
    }
    return run_tiny(out, experiment)


def tiny_grid(out: Path, replications: int = 3) -> Path:
    """A 3 x 2 grid over transparency and citizen participation on the tiny world (18 runs)."""
    experiment = {
        "name": "tiny_grid",
        "description": "How do transparency and citizen participation shape credibility?",
        "scenarios": [tiny_scenario()],
        "design": {
            "kind": "grid",
            "parameters": {"transparency": [0.2, 0.5, 0.8], "citizen_participation": [0.2, 0.7]},
        },
        "reference": "transparency=0.2,citizen_participation=0.2",
        "replications": replications,
        "master_seed": 5,
    }
    return run_tiny(out, experiment)


def tiny_list(out: Path, replications: int = 4, fail: Sequence[tuple[str, int]] = ()) -> Path:
    """Status quo vs. full reform on the tiny world, as a list design (no reference named).

    ``fail`` lists (scenario, replication) pairs whose run fails (see :func:`run_tiny`).
    """
    experiment = {
        "name": "tiny_list",
        "scenarios": [tiny_scenario("status_quo"), tiny_scenario("full_reform")],
        "replications": replications,
        "master_seed": 3,
    }
    return run_tiny(out, experiment, fail)


def tiny_no_returns(out: Path, replications: int = 2) -> Path:
    """The status quo vs. the same world where nobody is ever reinstated, with event logs.

    Misconduct is rarer than in :data:`TINY`, so that removals are mostly over accidents, from
    which cadres return, and returns are quicker than the defaults' (which the calm after the
    incident holds back), so that the tiny status quo sees some. The second arm warms up under
    its own rules (``before: own``), so that no cadre removed during the warm-up returns in the
    run either.
    """
    world = {
        **tiny_scenario("status_quo"),
        "incidents.misconduct_rate": 0.01,
        "reinstatement.monthly_hazard": 0.2,
    }
    experiment = {
        "name": "tiny_no_returns",
        "scenarios": [
            world,
            {**world, "name": "no_returns", "before": "own", "reinstatement.monthly_hazard": 0.0},
        ],
        "replications": replications,
        "master_seed": 4,
        "record": ["summary", "series", "events"],
    }
    return run_tiny(out, experiment)


def tiny_big_grid(out: Path, replications: int = 2) -> Path:
    """A 4 x 4 grid (16 scenarios, more than a figure draws one by one) on the tiny world."""
    experiment = {
        "name": "tiny_big_grid",
        "description": "A grid too large to draw scenario by scenario.",
        "scenarios": [tiny_scenario()],
        "design": {
            "kind": "grid",
            "parameters": {
                "transparency": [0.0, 0.3, 0.6, 0.9],
                "power_restriction": [0.0, 0.3, 0.6, 0.9],
            },
        },
        "reference": "transparency=0.0,power_restriction=0.0",
        "replications": replications,
        "master_seed": 8,
    }
    return run_tiny(out, experiment)
