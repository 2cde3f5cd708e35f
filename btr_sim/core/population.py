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

Trust has two levels (:mod:`btr_sim.core.trust`): the rules above are those of the **local**
level, trust in the post's government, whose mean is the run's ``credibility`` and which alone
decides voice; the **central** level, trust in the supervisors and above, follows the same
rules with its own baseline and regression rate and its own news (the centre's reading of the
accountability record, :mod:`btr_sim.core.central`). Who hears the centre's news from
elsewhere is drawn from a stream of its own (``central``), and so is initial central trust:
the local level's draws are those of a model with one level.
"""

from __future__ import annotations

import numpy as np

from btr_sim.config import Scenario
from btr_sim.core.audience import Audience, Hearing
from btr_sim.core.news import Bulletin
from btr_sim.core.trust import TrustLevel, TrustRule

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
    central_rng
        The ``central`` stream: initial trust in the centre, and who hears the centre's news
        from elsewhere (a fresh generator of seed 0 when not given).

    Attributes
    ----------
    local, central : TrustLevel
        Trust in the post's government and in the centre.
    trust : numpy.ndarray
        The citizens' trust in the local government, by citizen (``local.trust``).
    central_trust : numpy.ndarray
        The citizens' trust in the centre, by citizen (``central.trust``).
    attention, propensity : numpy.ndarray
        The citizens' fixed traits, by citizen (read-only).
    complains_below : numpy.ndarray
        The local trust below which each citizen voices a complaint, ``1 - v / propensity``.
    voicing : numpy.ndarray of bool
        Whether each citizen voiced a complaint this month.
    post_mean : numpy.ndarray
        Mean local trust by post, as of the last :meth:`tally`.
    pressure : numpy.ndarray
        Public pressure by post: participation times the share voicing, times
        ``1 + w_rep * (repeated incidents under the holder)``.
    public_incidents : numpy.ndarray or None
        Public incidents under each post's current holder (the posts' array, shared; None
        until the model links it): what the citizens remember of the holder.
    bulletin : Bulletin or None
        The month's (local) news while the citizens hear it (read by :meth:`Citizen.step`).
    heard : Hearing
        Who heard how many local items from elsewhere, bad and good, in the last month.
    """

    def __init__(
        self,
        scenario: Scenario,
        rng: np.random.Generator,
        central_rng: np.random.Generator | None = None,
    ) -> None:
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
        trust = rng.beta(*cfg.initial_trust.ab(), size=n)
        self.attention = rng.beta(*cfg.attention.ab(), size=n)
        self.propensity = rng.beta(*cfg.propensity.ab(), size=n)
        self.attention.flags.writeable = False  # the audience's tables are built from it
        self.propensity.flags.writeable = False
        with np.errstate(divide="ignore", invalid="ignore"):  # propensity 0: never complains
            self.complains_below = 1.0 - cfg.voice_threshold / self.propensity
        self.complains_below.flags.writeable = False
        self.audience = Audience(self.attention)
        self.central_rng = central_rng if central_rng is not None else np.random.default_rng(0)
        central = cfg.central
        self.local = TrustLevel(
            trust,
            TrustRule(
                cfg.baseline_trust,
                cfg.regression_rate,
                cfg.social_influence,
                cfg.loss_weight,
                cfg.gain_weight,
            ),
            self.shape,
            self.audience,
        )
        self.central = TrustLevel(
            self.central_rng.beta(*central.initial_trust.ab(), size=n),
            TrustRule(
                central.baseline_trust,
                central.regression_rate,
                cfg.social_influence,
                cfg.loss_weight,
                cfg.gain_weight,
            ),
            self.shape,
            self.audience,
        )
        self.voicing = np.less(self.trust, self.complains_below)
        self.tally()

    def __len__(self) -> int:
        return self.trust.size

    # The local level under the names it had when trust had one level.

    @property
    def trust(self) -> np.ndarray:
        """Trust in the local government, by citizen."""
        return self.local.trust

    @property
    def central_trust(self) -> np.ndarray:
        """Trust in the centre, by citizen."""
        return self.central.trust

    @property
    def post_mean(self) -> np.ndarray:
        """Mean local trust by post, as of the last :meth:`tally`."""
        return self.local.post_mean

    @property
    def bulletin(self) -> Bulletin | None:
        """The month's local news while the citizens hear it."""
        return self.local.bulletin

    @bulletin.setter
    def bulletin(self, value: Bulletin | None) -> None:
        self.local.bulletin = value
        if value is None:
            self.central.bulletin = None

    @property
    def heard(self) -> Hearing:
        """Who heard how many local items from elsewhere in the last month."""
        return self.local.heard

    @heard.setter
    def heard(self, value: Hearing) -> None:
        self.local.heard = value

    def adopt(self, scenario: Scenario) -> None:
        """Follow the citizen participation of ``scenario``'s rules, from now on.

        The complaint channel's effectiveness scales voice into pressure at once: the pressure
        that cadres and supervisors feel this month is that of the new channel.
        """
        if scenario.citizen_participation != self.participation:
            self.participation = scenario.citizen_participation
            self.tally()

    def tally(self) -> None:
        """Mean trust (both levels) and public pressure of every post."""
        self.local.tally()
        self.central.tally()
        voicing = np.count_nonzero(self.voicing.reshape(self.shape), axis=1)
        self.pressure = self.participation * (voicing / self.per_post)
        if self.repeat_weight and self.public_incidents is not None:
            repeats = np.maximum(self.public_incidents - 1.0, 0.0)
            self.pressure *= 1.0 + self.repeat_weight * repeats

    def listen(self, bulletin: Bulletin, rng: np.random.Generator) -> None:
        """Take in the month's news, and draw who hears which items from elsewhere.

        The draw is the part of the citizen rule made for the whole population at once (see
        :mod:`btr_sim.core.audience`); both implementations of the rule read it from
        :attr:`heard` (local news) and ``central.heard`` (the centre's news).

        Parameters
        ----------
        bulletin
            The month's news from the :class:`~btr_sim.core.news.NewsDesk`; its ``central``
            part (none: no news of the centre) is drawn from the ``central`` stream.
        rng
            The ``citizens`` stream.
        """
        self.local.listen(bulletin, rng)
        self.central.listen(bulletin.central or Bulletin.none(self.n_posts), self.central_rng)

    def hear(self, bulletin: Bulletin, rng: np.random.Generator) -> None:
        """Apply one month's news, regression, social influence and voice to every citizen.

        Parameters
        ----------
        bulletin
            The month's news from the :class:`~btr_sim.core.news.NewsDesk`.
        rng
            The ``citizens`` stream (who hears which local items from elsewhere).
        """
        self.listen(bulletin, rng)
        self.local.update()
        self.central.update()
        np.less(self.trust, self.complains_below, out=self.voicing)
        self.local.done()
        self.central.done()
        self.tally()

    def credibility(self) -> float:
        """Government credibility: mean trust of all citizens in the local government."""
        return self.local.mean()

    def central_credibility(self) -> float:
        """Credibility of the centre: mean trust of all citizens in the centre."""
        return self.central.mean()

    def hierarchical_share(self) -> float:
        """Share of citizens who trust the centre more than their local government."""
        return float(np.count_nonzero(self.central.trust > self.local.trust)) / len(self)
