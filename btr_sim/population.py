"""Citizens as a population of numpy arrays, updated in one vectorized pass per month.

The citizen rules (MODEL.md, ODD section 7) for citizen ``i`` of post ``p`` in a month:

1. News heard. Bad news ``b_i = L_bad[p] + k_bad_i * M_bad`` and good news
   ``g_i = L_good[p] + k_good_i * M_good``, where ``L`` is the post's own news and
   ``k_i ~ Poisson(attention_i * R)`` the number of items heard from elsewhere (``R`` the
   country's reach, ``M`` the mean magnitude of those items).
2. Trust responds, losses weighing more than gains:
   ``T <- T - lambda_- T (1 - exp(-b_i)) + lambda_+ (1 - T) (1 - exp(-g_i))``.
3. Regression toward the baseline: ``T <- T + rho (T_0 - T)``.
4. Social influence toward the post's mean trust of last month: ``T <- T + sigma (m_p - T)``.
5. Voice: the citizen complains when ``(1 - T) * propensity > v``; the post's public pressure
   is ``P * (share voicing)``, ``P`` the effectiveness of citizen participation.

Each step keeps trust inside [0, 1] for parameters inside their documented ranges.
"""

from __future__ import annotations

import numpy as np

from btr_sim.config import Scenario
from btr_sim.news import BAD, GOOD, Bulletin

__all__ = ["CitizenPopulation"]


class CitizenPopulation:
    """The citizens' state, one array entry per citizen, ordered by post.

    Parameters
    ----------
    scenario
        The scenario (citizens' traits and rules, participation, world size).
    rng
        The ``setup`` stream, for the citizens' traits.
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        cfg = scenario.citizens
        self.cfg = cfg
        self.participation = scenario.citizen_participation
        self.n_posts = scenario.world.n_posts
        per_post = scenario.world.citizens_per_post
        n = self.n_posts * per_post
        self.post = np.repeat(np.arange(self.n_posts, dtype=np.int32), per_post)
        self._counts = np.full(self.n_posts, per_post, dtype=np.float64)
        self.trust = rng.beta(*cfg.initial_trust.ab(), size=n)
        self.attention = rng.beta(*cfg.attention.ab(), size=n)
        self.propensity = rng.beta(*cfg.propensity.ab(), size=n)
        self.post_mean = self._by_post(self.trust)
        self.voicing = np.zeros(n, dtype=bool)
        self.pressure = np.zeros(self.n_posts)
        self._voice()

    def __len__(self) -> int:
        return self.trust.size

    def _by_post(self, values: np.ndarray) -> np.ndarray:
        return np.bincount(self.post, weights=values, minlength=self.n_posts) / self._counts

    def _voice(self) -> None:
        self.voicing = (1.0 - self.trust) * self.propensity > self.cfg.voice_threshold
        self.pressure = self.participation * self._by_post(self.voicing.astype(np.float64))

    def hear(self, bulletin: Bulletin, rng: np.random.Generator) -> None:
        """Apply one month's news, regression, social influence and voice to every citizen.

        Parameters
        ----------
        bulletin
            The month's news from the :class:`~btr_sim.news.NewsDesk`.
        rng
            The ``citizens`` stream (which non-local news each citizen hears).
        """
        cfg = self.cfg
        trust = self.trust
        bad = bulletin.local[BAD][self.post]
        good = bulletin.local[GOOD][self.post]
        if bulletin.reach.any():
            # One (citizen, sign) Poisson draw per citizen in citizen order, so that a
            # per-citizen loop drawing [bad, good] for each citizen gives the same numbers.
            heard = rng.poisson(self.attention[:, None] * bulletin.reach[None, :])
            bad = bad + heard[:, BAD] * bulletin.magnitude[BAD]
            good = good + heard[:, GOOD] * bulletin.magnitude[GOOD]
        trust = (
            trust
            - cfg.loss_weight * trust * -np.expm1(-bad)
            + cfg.gain_weight * (1.0 - trust) * -np.expm1(-good)
        )
        trust += cfg.regression_rate * (cfg.baseline_trust - trust)
        trust += cfg.social_influence * (self.post_mean[self.post] - trust)
        np.clip(trust, 0.0, 1.0, out=trust)  # guards only against rounding
        self.trust = trust
        self.post_mean = self._by_post(trust)
        self._voice()

    def credibility(self) -> float:
        """Government credibility: mean trust of all citizens."""
        return float(self.trust.mean())
