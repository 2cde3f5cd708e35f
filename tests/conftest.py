"""Shared fixtures: small worlds that run in a fraction of a second."""

from __future__ import annotations

from typing import Any

import pytest

from btr_sim.config import Scenario
from btr_sim.loading import apply_overrides

SMALL = {
    "months": 60,
    # A short warm-up: the tests that need the documented one (tests/test_warmup.py) ask for it.
    "warmup_months": 24,
    "world.n_supervisors": 4,
    "world.posts_per_supervisor": 5,
    "world.citizens_per_post": 20,
}


def small(**overrides: Any) -> Scenario:
    """A small scenario (20 posts, 400 citizens, 60 months, 24 months of warm-up), with overrides.

    Use ``__`` for dots in keyword arguments: ``small(procedure__rule="formal")``.
    """
    merged = {**SMALL, **{k.replace("__", "."): v for k, v in overrides.items()}}
    return apply_overrides(Scenario(), merged)


@pytest.fixture
def small_scenario() -> Scenario:
    return small()


#: A scenario small enough for a run to take a hundredth of a second (12 months, 6 posts, 12
#: months of warm-up).
TINY_SCENARIO: dict[str, Any] = {
    "months": 12,
    "warmup_months": 12,
    "world": {"n_supervisors": 2, "posts_per_supervisor": 3, "citizens_per_post": 5},
}


def tiny_experiment(**fields: Any) -> dict[str, Any]:
    """An experiment on the tiny scenario: a 2-level lever, 3 replications; fields override."""
    experiment: dict[str, Any] = {
        "name": "tiny",
        "scenarios": [{"name": "base", **TINY_SCENARIO}],
        "design": {
            "kind": "factorial",
            "levers": {"supporting": {"off": {}, "on": {"transparency": 0.8}}},
        },
        "replications": 3,
        "master_seed": 42,
        "record": ["summary", "series", "events"],
    }
    experiment.update(fields)
    return experiment


@pytest.fixture
def write_experiment(tmp_path):
    """Write an experiment mapping as YAML in tmp_path; return its path."""
    import yaml

    def write(data: dict[str, Any], name: str = "experiment.yaml") -> Any:
        path = tmp_path / name
        path.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
        return path

    return write
