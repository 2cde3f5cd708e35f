"""The citizen: a Mesa agent that is a view on one entry of the citizen arrays.

Citizens' state lives in :class:`~btr_sim.core.population.CitizenPopulation`. By default it is
updated for everyone at once each month (``citizens.implementation: vectorized``), and a
:class:`Citizen` gives per-citizen access in the ordinary Mesa way
(``model.agents_by_type[Citizen]``) without a per-agent loop in the monthly step. The
vectorized update never needs these objects, so the model creates them only when someone first
asks for its agents (:class:`CitizenReserve`), with the unique ids they would have had if
created at set-up.

With ``citizens.implementation: agents`` every citizen instead updates itself in
:meth:`Citizen.step`: the reference statement of the citizen rules, one citizen at a time,
which gives the same results as the vectorized update for the same seed.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

import mesa

if TYPE_CHECKING:
    from collections.abc import Iterator

    from btr_sim.core.agents.context import AgentContext

__all__ = ["Citizen", "CitizenReserve"]


class Citizen(mesa.Agent):
    """One citizen, reading and writing its entry of the population arrays.

    Parameters
    ----------
    model
        The model.
    index
        The citizen's index in the population arrays.
    """

    def __init__(self, model: AgentContext, index: int) -> None:
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
    def central_trust(self) -> float:
        """Trust in the centre (supervisors and above), in [0, 1]."""
        return float(self.model.citizens.central_trust[self.index])

    @central_trust.setter
    def central_trust(self, value: float) -> None:
        if not 0.0 <= value <= 1.0:
            raise ValueError(f"central trust must be in [0, 1], got {value}")
        self.model.citizens.central_trust[self.index] = value

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

    @voicing.setter
    def voicing(self, value: bool) -> None:
        self.model.citizens.voicing[self.index] = value

    def step(self) -> None:
        """One month of the citizen rules (ODD 7.7) for this citizen: the reference path.

        For each level of trust — the local government, then the centre — hear that level's
        news (the post's own, and the items from elsewhere that the population's draw of the
        month gave this citizen), lose and regain trust, regress toward the level's baseline
        and move toward the post's mean trust in that level of last month
        (:meth:`~btr_sim.core.trust.TrustLevel.step_one`, the rule written out for one
        citizen). Then voice a complaint if local trust has fallen low enough. The model draws
        who hears what from elsewhere before the citizens step (``CitizenPopulation.listen``)
        and tallies the posts' mean trust and pressure once every citizen has stepped.
        """
        citizens = self.model.citizens
        post = self.post
        self.trust = citizens.local.step_one(self.index, post)
        self.central_trust = citizens.central.step_one(self.index, post)
        self.voicing = self.trust < citizens.complains_below[self.index]

    @classmethod
    def populate(cls, model: AgentContext, n: int) -> None:
        """Create citizens ``0 .. n-1`` as Mesa agents of ``model``, in index order.

        Each is created the ordinary Mesa way, and ``Agent.__init__`` registers it: unique ids
        in creation order, in ``model.agents`` and ``model.agents_by_type[Citizen]``, with the
        "agent added" signal for anyone observing. That is Mesa's cost of about two
        microseconds a citizen, paid only if someone asks for the model's agents
        (:class:`CitizenReserve`, ``docs/performance.md``): the vectorized monthly update works
        on the arrays and never touches these agents.
        """
        with _collector_paused():
            for index in range(n):
                cls(model, index)


class CitizenReserve:
    """The unique ids of citizens a model will create when someone first asks for its agents.

    Creating 10,000 Mesa agents is about 4% of a default run, and a million take seconds and
    hundreds of MiB, while the vectorized update never touches them. At set-up the model
    reserves their ids, in the place in the sequence of ids they would have taken
    (:meth:`reserve`); :meth:`create` makes them, in index order, with those ids, and puts
    them in the model's agent sets where Mesa would have put them had they been created then.
    A model's agents, ids and order are therefore the same as with citizens created at
    set-up, and so are its results (``tests/test_population.py``).

    Parameters
    ----------
    first_id
        The unique id of citizen 0.
    n
        The number of citizens.
    """

    def __init__(self, first_id: int, n: int) -> None:
        self.first_id = first_id
        self.n = n

    @classmethod
    def reserve(cls, model: mesa.Model, n: int) -> CitizenReserve:
        """Set aside the next ``n`` unique ids of ``model`` for citizens ``0 .. n-1``."""
        reserve = cls(model.agent_id_counter, n)
        model.agent_id_counter += n
        return reserve

    def create(self, model: mesa.Model) -> None:
        """Create the citizens (:meth:`Citizen.populate`) with their reserved ids.

        Mesa's own agent sets (``model.agents``, ``model.agents_by_type``) are then put in
        the order of unique ids, the order of creation had the citizens been created at set-up.
        """
        counter = model.agent_id_counter
        model.agent_id_counter = self.first_id
        try:
            Citizen.populate(model, self.n)
        finally:
            model.agent_id_counter = counter
        # Mesa keeps agents in insertion order; ids grow with insertion, so id order is the
        # order of creation at set-up. Nearly sorted already: Timsort takes linear time.
        # Mesa's own registry, reordered in place (it has no public way to do so).
        everyone = model._all_agents
        everyone._update(sorted(everyone, key=_unique_id))
        by_type = model._agents_by_type
        ordered = sorted(by_type.items(), key=lambda kv: min(map(_unique_id, kv[1]), default=0))
        by_type.clear()
        by_type.update(ordered)


def _unique_id(agent: mesa.Agent) -> int:
    return agent.unique_id


@contextmanager
def _collector_paused() -> Iterator[None]:
    # Creating a million long-lived objects triggers repeated full garbage collections that
    # find nothing to free; pausing the collector saves about a fifth of the creation time.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
