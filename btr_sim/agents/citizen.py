"""The citizen: a Mesa agent that is a view on one entry of the citizen arrays.

Citizens' state lives in :class:`~btr_sim.population.CitizenPopulation`, updated for everyone at
once each month. A :class:`Citizen` gives per-citizen access in the ordinary Mesa way
(``model.agents_by_type[Citizen]``) without a per-agent loop in the monthly step.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from btr_sim.model import BTRModel

__all__ = ["Citizen"]


class Citizen(mesa.Agent):
    """One citizen, reading and writing its entry of the population arrays.

    Parameters
    ----------
    model
        The model.
    index
        The citizen's index in the population arrays.
    """

    def __init__(self, model: BTRModel, index: int) -> None:
        super().__init__(model)
        self.index = index

    @property
    def post(self) -> int:
        """The post (jurisdiction) the citizen lives in."""
        return int(self.model.citizens.post[self.index])

    @property
    def trust(self) -> float:
        """Trust in government, in [0, 1]."""
        return float(self.model.citizens.trust[self.index])

    @trust.setter
    def trust(self, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"trust must be in [0, 1], got {value}")
        self.model.citizens.trust[self.index] = value

    @property
    def attention(self) -> float:
        """Chance weight of hearing news from other posts."""
        return float(self.model.citizens.attention[self.index])

    @property
    def participation(self) -> float:
        """Propensity to voice complaints."""
        return float(self.model.citizens.propensity[self.index])

    @property
    def voicing(self) -> bool:
        """Whether the citizen voiced a complaint last month."""
        return bool(self.model.citizens.voicing[self.index])
