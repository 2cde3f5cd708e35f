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

:meth:`CitizenPopulation.hear` is the fast statement of these rules;
:meth:`btr_sim.core.agents.Citizen.step` is the readable one, chosen with
``citizens.implementation: agents``. The two give identical results for the same seed (tests
check the event logs and series): the Poisson draws are made in citizen order, ``[bad, good]``
for each citizen, and every element goes through the same floating-point operations in the
same order.
"""

from __future__ import annotations

import numpy as np

from btr_sim.config import Scenario
from btr_sim.core.news import BAD, GOOD, Bulletin

__all__ = ["CitizenPopulation"]

#: From this many posts on, sums by post add one column of citizens at a time (fast when
#: posts are many); below it, ``np.bincount`` (fast when posts are few). Both add each post's
#: citizens in index order, so the sums are the same to the last bit.
_COLUMN_SUMS_FROM = 1000


class CitizenPopulation:
    """The citizens' state, one array entry per citizen, ordered by post.

    Every post has the same number of citizens, so that an array over citizens is also a
    ``(posts, citizens per post)`` matrix: per-post values broadcast over its rows instead
    of being gathered citizen by citizen.

    Parameters
    ----------
    scenario
        The scenario (citizens' traits and rules, participation, world size).
    rng
        The ``setup`` stream, for the citizens' traits.

    Attributes
    ----------
    trust, attention, propensity : numpy.ndarray
        The citizens' trust in government and traits, by citizen.
    voicing : numpy.ndarray of bool
        Whether each citizen voiced a complaint this month.
    post_mean : numpy.ndarray
        Mean trust by post, as of the last :meth:`tally`.
    pressure : numpy.ndarray
        Public pressure by post: participation times the share voicing.
    bulletin : Bulletin or None
        The month's news while the citizens hear it (read by :meth:`Citizen.step`).
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        cfg = scenario.citizens
        self.cfg = cfg
        self.participation = scenario.citizen_participation
        self.n_posts = scenario.world.n_posts
        self.per_post = scenario.world.citizens_per_post
        self.shape = (self.n_posts, self.per_post)
        n = self.n_posts * self.per_post
        self.post = np.repeat(np.arange(self.n_posts, dtype=np.intp), self.per_post)
        self.trust = rng.beta(*cfg.initial_trust.ab(), size=n)
        self.attention = rng.beta(*cfg.attention.ab(), size=n)
        self.propensity = rng.beta(*cfg.propensity.ab(), size=n)
        self.bulletin: Bulletin | None = None
        self._scratch = np.empty(self.shape)  # working space of hear(), never handed out
        self._rates = np.empty((n, 2))  # Poisson rates of the news heard from elsewhere
        self._news = np.empty((2, n))  # bad and good news each citizen hears
        self.voicing = self._voice(self.trust)
        self.tally()

    def __len__(self) -> int:
        return self.trust.size

    def adopt(self, scenario: Scenario) -> None:
        """Follow the citizen participation of ``scenario``'s rules, from now on.

        The complaint channel's effectiveness scales voice into pressure at once: the pressure
        that cadres and supervisors feel this month is that of the new channel.
        """
        if scenario.citizen_participation != self.participation:
            self.participation = scenario.citizen_participation
            self.tally()

    def _sum_by_post(self, values: np.ndarray) -> np.ndarray:
        if self.n_posts < _COLUMN_SUMS_FROM:
            return np.bincount(self.post, weights=values, minlength=self.n_posts)
        rows = values.reshape(self.shape)
        total = np.zeros(self.n_posts)
        for column in rows.T:
            total += column
        return total

    def _voice(self, trust: np.ndarray) -> np.ndarray:
        distrust = np.subtract(1.0, trust, out=self._scratch.reshape(-1))
        distrust *= self.propensity
        return distrust > self.cfg.voice_threshold

    def _news_factor(self, bulletin: Bulletin, sign: int, heard: np.ndarray | None) -> np.ndarray:
        """``expm1(-x)`` of the news of one sign each citizen hears, ``x = L[p] + k M``.

        By post (broadcasting over its citizens) when no news travels; otherwise by citizen,
        in a buffer of this population that the next month overwrites.
        """
        local = bulletin.local[sign]
        if heard is None:
            return np.expm1(-local)[:, None]
        x = np.multiply(heard[:, sign], bulletin.magnitude[sign], out=self._news[sign])
        x = x.reshape(self.shape)
        x += local[:, None]
        return np.expm1(np.negative(x, out=x), out=x)

    def tally(self) -> None:
        """Mean trust and public pressure of every post, from the citizens' trust and voice."""
        self.post_mean = self._sum_by_post(self.trust) / self.per_post
        voicing = np.count_nonzero(self.voicing.reshape(self.shape), axis=1)
        self.pressure = self.participation * (voicing / self.per_post)

    def hear(self, bulletin: Bulletin, rng: np.random.Generator) -> None:
        """Apply one month's news, regression, social influence and voice to every citizen.

        Parameters
        ----------
        bulletin
            The month's news from the :class:`~btr_sim.core.news.NewsDesk`.
        rng
            The ``citizens`` stream (which non-local news each citizen hears).
        """
        cfg = self.cfg
        old = self.trust.reshape(self.shape)
        heard = None
        if bulletin.travels:
            # One (citizen, sign) Poisson draw per citizen in citizen order, so that a
            # per-citizen loop drawing [bad, good] for each citizen gives the same numbers.
            rates = self._rates
            for sign in (BAD, GOOD):  # by column: a (citizens, 2) broadcast loops 2 at a time
                np.multiply(self.attention, bulletin.reach[sign], out=rates[:, sign])
            heard = rng.poisson(rates)
        loss = self._news_factor(bulletin, BAD, heard)
        gain = self._news_factor(bulletin, GOOD, heard)
        # T - lambda_- T (1 - e^-b) + lambda_+ (1 - T)(1 - e^-g), computed in place. The
        # signs are folded into expm1(-x) = -(1 - e^-x); negation never rounds, so each
        # element is the same double as written out in Citizen.step.
        new = np.multiply(cfg.loss_weight, old)
        new *= loss
        new += old
        work = np.subtract(1.0, old, out=self._scratch)
        work *= cfg.gain_weight
        work *= gain
        new -= work
        np.subtract(cfg.baseline_trust, new, out=work)
        work *= cfg.regression_rate
        new += work
        np.subtract(self.post_mean[:, None], new, out=work)  # last month's post means
        work *= cfg.social_influence
        new += work
        np.clip(new, 0.0, 1.0, out=new)  # guards only against rounding
        self.trust = new.reshape(-1)
        self.voicing = self._voice(self.trust)
        self.tally()

    def credibility(self) -> float:
        """Government credibility: mean trust of all citizens."""
        return float(self.trust.mean())
