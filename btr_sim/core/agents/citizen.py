"""The citizen: a Mesa agent that is a view on one entry of the citizen arrays.

Citizens' state lives in :class:`~btr_sim.core.population.CitizenPopulation`. By default it is
updated for everyone at once each month (``citizens.implementation: vectorized``), and a
:class:`Citizen` gives per-citizen access in the ordinary Mesa way
(``model.agents_by_type[Citizen]``) without a per-agent loop in the monthly step.

With ``citizens.implementation: agents`` every citizen instead updates itself in
:meth:`Citizen.step`: the reference statement of the citizen rules, one citizen at a time,
which gives the same results as the vectorized update for the same seed.
"""

from __future__ import annotations

import gc
from contextlib import contextmanager
from typing import TYPE_CHECKING

import mesa
import numpy as np

from btr_sim.core.news import BAD, GOOD

if TYPE_CHECKING:
    from collections.abc import Iterator

    from btr_sim.core.agents.context import AgentContext

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

        Hear the news (the post's own, and ``k ~ Poisson(attention R)`` items from
        elsewhere), lose and regain trust, regress toward the baseline, move toward the
        post's mean trust of last month, and voice a complaint if distrust is high enough.
        The model tallies the posts' mean trust and pressure once every citizen has stepped.
        """
        model = self.model
        rules = model.config.citizens
        news = model.citizens.bulletin
        post = self.post
        bad = news.local[BAD, post]
        good = news.local[GOOD, post]
        if news.travels:
            # Items heard from elsewhere: first how many bad ones, then how many good ones.
            rng = model.streams["citizens"]
            bad = bad + rng.poisson(self.attention * news.reach[BAD]) * news.magnitude[BAD]
            good = good + rng.poisson(self.attention * news.reach[GOOD]) * news.magnitude[GOOD]
        trust = self.trust
        # numpy's expm1, not math.expm1: numpy may use a SIMD expm1 that rounds differently
        # from the C library's, and the vectorized path must be matched to the last bit.
        trust = (
            trust
            - rules.loss_weight * trust * -float(np.expm1(-bad))
            + rules.gain_weight * (1.0 - trust) * -float(np.expm1(-good))
        )
        trust += rules.regression_rate * (rules.baseline_trust - trust)
        trust += rules.social_influence * (model.citizens.post_mean[post] - trust)
        self.trust = min(max(trust, 0.0), 1.0)  # the bound guards only against rounding
        self.voicing = (1.0 - self.trust) * self.participation > rules.voice_threshold

    @classmethod
    def populate(cls, model: AgentContext, n: int) -> None:
        """Create citizens ``0 .. n-1`` as Mesa agents of ``model``, in index order.

        Each is created the ordinary Mesa way, and ``Agent.__init__`` registers it: unique ids
        in creation order, in ``model.agents`` and ``model.agents_by_type[Citizen]``, with the
        "agent added" signal for anyone observing. That is Mesa's cost of about two
        microseconds a citizen, paid once at set-up (``docs/performance.md``): the vectorized
        monthly update works on the arrays and never touches these agents.
        """
        with _collector_paused():
            for index in range(n):
                cls(model, index)


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
