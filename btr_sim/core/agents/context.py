"""What the agents read of the model they live in.

Cadres, supervisors and citizens are Mesa agents: each holds its model as ``agent.model``. They
read only the scenario, the rule objects, the random streams and the citizens' arrays — declared
here, so that the agents need not import :mod:`btr_sim.core.model`, which imports them.
:class:`~btr_sim.core.model.BTRModel` is such a context.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Protocol

import numpy as np

from btr_sim.config import Scenario
from btr_sim.core.population import CitizenPopulation
from btr_sim.rules import Procedure, ReinstatementPolicy

__all__ = ["AgentContext"]


class AgentContext(Protocol):
    """The part of the model that agents read.

    Attributes
    ----------
    config : Scenario
        The scenario.
    streams : Mapping of str to numpy.random.Generator
        The run's named random substreams (:mod:`btr_sim.core.randomness`).
    procedure : Procedure
        How supervisors establish culpability.
    reinstatement : ReinstatementPolicy
        The follow-up rules: who may return, when, and in what order.
    citizens : CitizenPopulation
        The citizens' state as arrays (trust, voice, each post's public pressure).
    """

    config: Scenario
    streams: Mapping[str, np.random.Generator]
    procedure: Procedure
    reinstatement: ReinstatementPolicy
    citizens: CitizenPopulation
