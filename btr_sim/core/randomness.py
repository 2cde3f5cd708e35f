"""Seeded, named random substreams: one seed per run, one generator per process.

All randomness of a run flows from one integer seed. :func:`substreams` spawns an independent
generator for each named process from ``numpy.random.SeedSequence(seed)``, so that a change in
how often one process draws (a different rule, a different history) does not shift the numbers
another process sees. In particular the ``incidents`` stream draws the same amount every month,
so scenarios run with the same seed face the same accidents: common random numbers, on which
paired comparisons of scenarios rest.

Replication seeds of an experiment come from one master seed with :func:`replication_seeds`.
"""

from __future__ import annotations

import numpy as np

__all__ = ["STREAMS", "replication_seeds", "substreams"]

#: The named substreams, in spawn order. New names go at the end so that the existing
#: streams keep their numbers.
STREAMS: tuple[str, ...] = (
    "setup",  # initial cadres, supervisors' thresholds, citizens' traits
    "incidents",  # occurrence, severity, culpability and concealment draws (fixed size per month)
    "exposure",  # later exposure of concealed incidents
    "turnover",  # ordinary rotation and retirement (fixed size per month)
    "appointments",  # traits of newly appointed cadres
    "cadres",  # cadres' blame-taking choices
    "supervisors",  # supervisors' findings of culpability
    "reinstatement",  # reinstatement, discovery and reversal
    "news",  # whether citizens see the reasons behind a decision
    "citizens",  # which non-local news each citizen hears
    "scripted",  # culpability of scripted incidents that leave it open
    "central",  # initial trust in the centre; which news of the centre each citizen hears
)


def substreams(seed: int) -> dict[str, np.random.Generator]:
    """Spawn one generator per name in :data:`STREAMS` from ``seed``."""
    children = np.random.SeedSequence(seed).spawn(len(STREAMS))
    return {
        name: np.random.default_rng(child) for name, child in zip(STREAMS, children, strict=True)
    }


def replication_seeds(master_seed: int, n: int) -> list[int]:
    """``n`` replication seeds from one master seed (the same list for every scenario).

    Each seed is a 63-bit integer taken from a spawned ``SeedSequence``, so it can be stored
    on a result row and passed back to ``btr-sim run --seed`` to reproduce that run.
    """
    children = np.random.SeedSequence(master_seed).spawn(n)
    return [int(child.generate_state(2, dtype=np.uint64)[0] >> np.uint64(1)) for child in children]
