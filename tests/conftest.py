"""Shared fixtures: small worlds that run in a fraction of a second."""

from __future__ import annotations

from typing import Any

import pytest

from btr_sim.config import Scenario
from btr_sim.loading import apply_overrides

SMALL = {
    "months": 60,
    "world.n_supervisors": 4,
    "world.posts_per_supervisor": 5,
    "world.citizens_per_post": 20,
}


def small(**overrides: Any) -> Scenario:
    """A small scenario (20 posts, 400 citizens, 60 months) with dotted-key overrides.

    Use ``__`` for dots in keyword arguments: ``small(procedure__rule="formal")``.
    """
    merged = {**SMALL, **{k.replace("__", "."): v for k, v in overrides.items()}}
    return apply_overrides(Scenario(), merged)


@pytest.fixture
def small_scenario() -> Scenario:
    return small()
