"""Citizens as a population of numpy arrays, updated in a few vectorized passes per month.

The citizen rules (MODEL.md, ODD section 7.7) for citizen ``i`` of post ``p`` in a month:

1. News heard. Bad news ``b_i = L_bad[p] + k_bad_i * M_bad`` and good news
   ``g_i = L_good[p] + k_good_i * M_good``, where ``L`` is the post's own news, ``k_i`` the
   number of items heard from elsewhere, ``k_i ~ Poisson(attention_i * R)`` (``R`` the
   country's reach, drawn for all citizens at once by :class:`~btr_sim.core.audience.Audience`)
   and ``M`` the mean magnitude of those items.
2. Trust responds, losses weighing more than gains:
   ``T <- T - lambda_- T (1 - exp(-b_i)) + lambda_+ (1 - T) (1 - exp(-g_i))``.
3. Regression toward the baseline: ``T <- T + rho (T_0 - T)``.
4. Social influence toward the post's mean trust of last month: ``T <- T + sigma (m_p - T)``.
5. Voice: the citizen complains when ``(1 - T) * propensity > v``, that is when trust is below
   ``1 - v / propensity``; the post's public pressure is ``P * (share voicing)``, ``P`` the
   effectiveness of citizen participation, raised by ``1 + w_rep * r`` where ``r`` counts the
   public incidents under the post's holder beyond the first (citizens press harder at each
   further failure of the same cadre; ``citizens.repeat_weight``).

Steps 2-4 are each affine in trust, so the month is one affine map ``T <- keep * T + pull``
with ``keep = (1 - sigma)(1 - rho)(1 - l - w)`` and
``pull = (1 - sigma)(1 - rho) w + (1 - sigma) rho T_0 + sigma m_p``, where
``l = lambda_- (1 - exp(-b))`` and ``w = lambda_+ (1 - exp(-g))``. A citizen who heard nothing
from elsewhere (most of them, most months) has its post's ``keep`` and ``pull``: the update is
two passes over the trust array with per-post factors, and the few who heard something get
their own factors. Each step keeps trust inside [0, 1] for parameters inside their documented
ranges.

:meth:`CitizenPopulation.hear` is the fast statement of these rules;
:meth:`btr_sim.core.agents.Citizen.step` is the readable one, chosen with
``citizens.implementation: agents``. The two give identical results for the same seed (tests
check the event logs and series): which citizens hear which items from elsewhere is drawn once
a month for the whole population (:meth:`CitizenPopulation.listen`, the population-level part
of the rule), and each citizen's trust goes through the same floating-point operations.
"""

from __future__ import annotations

import numpy as np

from btr_sim.config import Scenario
from btr_sim.core.audience import Audience, Hearing
from btr_sim.core.news import BAD, GOOD, Bulletin

__all__ = ["CitizenPopulation"]


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
    trust : numpy.ndarray
        The citizens' trust in government, by citizen (updated in place).
    attention, propensity : numpy.ndarray
        The citizens' fixed traits, by citizen (read-only).
    complains_below : numpy.ndarray
        The trust below which each citizen voices a complaint, ``1 - v / propensity``.
    voicing : numpy.ndarray of bool
        Whether each citizen voiced a complaint this month.
    post_mean : numpy.ndarray
        Mean trust by post, as of the last :meth:`tally`.
    pressure : numpy.ndarray
        Public pressure by post: participation times the share voicing, times
        ``1 + w_rep * (repeated incidents under the holder)``.
    public_incidents : numpy.ndarray or None
        Public incidents under each post's current holder (the posts' array, shared; None
        until the model links it): what the citizens remember of the holder.
    bulletin : Bulletin or None
        The month's news while the citizens hear it (read by :meth:`Citizen.step`).
    heard : Hearing
        Who heard how many items from elsewhere, bad and good, in the last month.
    """

    def __init__(self, scenario: Scenario, rng: np.random.Generator) -> None:
        cfg = scenario.citizens
        self.cfg = cfg
        self.participation = scenario.citizen_participation
        self.repeat_weight = cfg.repeat_weight
        self.public_incidents: np.ndarray | None = None
        self.n_posts = scenario.world.n_posts
        self.per_post = scenario.world.citizens_per_post
        self.shape = (self.n_posts, self.per_post)
        n = self.n_posts * self.per_post
        self.post = np.repeat(np.arange(self.n_posts, dtype=np.intp), self.per_post)
        self.trust = rng.beta(*cfg.initial_trust.ab(), size=n)
        self.attention = rng.beta(*cfg.attention.ab(), size=n)
        self.propensity = rng.beta(*cfg.propensity.ab(), size=n)
        self.attention.flags.writeable = False  # the audience's tables are built from it
        self.propensity.flags.writeable = False
        with np.errstate(divide="ignore", invalid="ignore"):  # propensity 0: never complains
            self.complains_below = 1.0 - cfg.voice_threshold / self.propensity
        self.complains_below.flags.writeable = False
        self.audience = Audience(self.attention)
        self.bulletin: Bulletin | None = None
        self.heard = Hearing.nobody()
        self.voicing = np.less(self.trust, self.complains_below)
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

    def tally(self) -> None:
        """Mean trust and public pressure of every post, from the citizens' trust and voice."""
        self.post_mean = self.trust.reshape(self.shape).sum(axis=1) / self.per_post
        voicing = np.count_nonzero(self.voicing.reshape(self.shape), axis=1)
        self.pressure = self.participation * (voicing / self.per_post)
        if self.repeat_weight and self.public_incidents is not None:
            repeats = np.maximum(self.public_incidents - 1.0, 0.0)
            self.pressure *= 1.0 + self.repeat_weight * repeats

    def listen(self, bulletin: Bulletin, rng: np.random.Generator) -> None:
        """Take in the month's news, and draw who hears which items from elsewhere.

        The draw is the part of the citizen rule made for the whole population at once (see
        :mod:`btr_sim.core.audience`); both implementations of the rule read it from
        :attr:`heard`.

        Parameters
        ----------
        bulletin
            The month's news from the :class:`~btr_sim.core.news.NewsDesk`.
        rng
            The ``citizens`` stream.
        """
        self.bulletin = bulletin
        self.heard = (
            self.audience.hear(bulletin.reach, rng) if bulletin.travels else Hearing.nobody()
        )

    def hear(self, bulletin: Bulletin, rng: np.random.Generator) -> None:
        """Apply one month's news, regression, social influence and voice to every citizen.

        Parameters
        ----------
        bulletin
            The month's news from the :class:`~btr_sim.core.news.NewsDesk`.
        rng
            The ``citizens`` stream (who hears which items from elsewhere).
        """
        self.listen(bulletin, rng)
        if self.heard.everyone:
            self._update_each()
        else:
            self._update_by_post()
        np.less(self.trust, self.complains_below, out=self.voicing)
        self.bulletin = None
        self.tally()

    def _update_by_post(self) -> None:
        """Trust of a month in which few hear news from elsewhere: per-post maps, and theirs."""
        news, heard = self.bulletin, self.heard
        toward = self._toward()
        if len(heard):  # their new trust, from their trust before the update below
            post = heard.citizens // self.per_post
            keep, pull = self._month_map(
                self._news_heard(BAD, heard.counts[BAD], post),
                self._news_heard(GOOD, heard.counts[GOOD], post),
                toward[post],
            )
            own = keep * self.trust[heard.citizens]
            own += pull
            np.clip(own, 0.0, 1.0, out=own)
        keep, pull = self._month_map(news.local[BAD].copy(), news.local[GOOD].copy(), toward)
        trust = self.trust.reshape(self.shape)
        trust *= keep[:, None]
        trust += pull[:, None]
        if not self._stays_in_unit_interval(keep, pull):
            np.clip(trust, 0.0, 1.0, out=trust)  # guards only against rounding
        if len(heard):
            self.trust[heard.citizens] = own

    def _update_each(self) -> None:
        """Trust of a month in which most hear news from elsewhere: every citizen's own map."""
        counts = self.heard.counts.reshape(2, *self.shape)
        keep, pull = self._month_map(
            self._news_heard(BAD, counts[BAD]),
            self._news_heard(GOOD, counts[GOOD]),
            self._toward()[:, None],
        )
        trust = self.trust.reshape(self.shape)
        trust *= keep
        trust += pull
        np.clip(trust, 0.0, 1.0, out=trust)  # guards only against rounding

    def _news_heard(
        self, sign: int, counts: np.ndarray, post: np.ndarray | None = None
    ) -> np.ndarray:
        """``L[p] + k M`` of one sign: the post's own news and ``k`` items from elsewhere.

        For the citizens of ``post`` (one count each), or for everyone (``counts`` shaped as
        the population), in a new array.
        """
        news = self.bulletin
        heard = np.multiply(counts, news.magnitude[sign])
        heard += news.local[sign][post] if post is not None else news.local[sign][:, None]
        return heard

    def _toward(self) -> np.ndarray:
        """By post: the pull toward the baseline and toward last month's post mean."""
        cfg = self.cfg
        base = (1.0 - cfg.social_influence) * (cfg.regression_rate * cfg.baseline_trust)
        return base + cfg.social_influence * self.post_mean

    def _month_map(
        self, bad: np.ndarray, good: np.ndarray, toward: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``keep`` and ``pull`` of the month's affine map ``T <- keep * T + pull``.

        By post or by citizen, from the bad and good news heard and the pull ``toward`` the
        baseline and the post mean (:meth:`_toward`); computed in the arrays ``bad`` and
        ``good``, which become ``keep`` and ``pull``. The operations are those written out in
        ``Citizen.step``, in the same order: ``lost = lambda_- * -expm1(-b)``,
        ``won = lambda_+ * -expm1(-g)``, ``keep = stay * ((1 - lost) - won)``,
        ``pull = stay * won + toward`` with ``stay = (1 - sigma)(1 - rho)`` (negating a
        factor instead of the product changes no bit: rounding is symmetric about zero).
        """
        cfg = self.cfg
        stay = (1.0 - cfg.social_influence) * (1.0 - cfg.regression_rate)
        lost = np.expm1(np.negative(bad, out=bad), out=bad)
        lost *= -cfg.loss_weight  # share of trust that bad news takes
        won = np.expm1(np.negative(good, out=good), out=good)
        won *= -cfg.gain_weight  # share of distrust that good news wins back
        keep = np.subtract(1.0, lost, out=lost)
        keep -= won
        keep *= stay
        pull = np.multiply(won, stay, out=won)
        pull += toward
        return keep, pull

    @staticmethod
    def _stays_in_unit_interval(keep: np.ndarray, pull: np.ndarray) -> bool:
        # keep * T + pull for T in [0, 1] lies between its values at T = 0 and T = 1 even as
        # rounded (rounding never reverses an order), so if both ends are inside [0, 1] no
        # citizen's trust can leave it and the clip would change nothing.
        top = keep + pull
        return bool(
            pull.min() >= 0.0 and pull.max() <= 1.0 and top.min() >= 0.0 and top.max() <= 1.0
        )

    def credibility(self) -> float:
        """Government credibility: mean trust of all citizens."""
        return float(self.trust.mean())
