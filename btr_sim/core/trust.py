"""One level of citizens' trust: in the local government (the post) or in the centre.

Each citizen trusts two levels of government (Li 2016: the centre more than the local
government). Both levels follow the same rule (ODD 7.7), each with its own news, baseline and
regression rate, and the citizen's loss and gain weights and social influence in common: for
citizen ``i`` of post ``p`` in a month,

1. news heard: bad ``b_i = L_bad[p] + k_bad_i M_bad`` and good ``g_i = L_good[p] + k_good_i M_good``
   (the post's own news of that level and ``k_i`` items of it heard from elsewhere);
2. ``T <- T - lambda_- T (1 - exp(-b_i)) + lambda_+ (1 - T) (1 - exp(-g_i))``;
3. regression toward the level's baseline: ``T <- T + rho (T_0 - T)``;
4. social influence toward the post's mean trust in that level of last month:
   ``T <- T + sigma (m_p - T)``.

Steps 2-4 compose into one affine map ``T <- keep * T + pull`` (see
:mod:`btr_sim.core.population`); :class:`TrustLevel` holds one level's trust array and applies
that map for everyone at once, :meth:`TrustLevel.step_one` for one citizen (the reference path).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from btr_sim.core.audience import Audience, Hearing
from btr_sim.core.news import BAD, GOOD, Bulletin

__all__ = ["TrustLevel", "TrustRule"]


@dataclass(frozen=True, slots=True)
class TrustRule:
    """The parameters of one level's monthly update.

    Attributes
    ----------
    baseline
        ``T_0``: the level trust regresses to without news.
    regression
        ``rho``: the monthly share of the gap to the baseline closed.
    social
        ``sigma``: the monthly share of the gap to the post's mean closed.
    loss, gain
        ``lambda_-`` and ``lambda_+``: the largest shares of trust (distrust) that bad (good)
        news takes (wins back) in a month.
    """

    baseline: float
    regression: float
    social: float
    loss: float
    gain: float


class TrustLevel:
    """The citizens' trust in one level of government, one array entry per citizen.

    Parameters
    ----------
    trust
        Initial trust by citizen, ordered by post.
    rule
        The level's update rule.
    shape
        ``(posts, citizens per post)``.
    audience
        The citizens as the media reach them (who hears news from elsewhere).

    Attributes
    ----------
    trust : numpy.ndarray
        Trust by citizen (updated in place).
    post_mean : numpy.ndarray
        Mean trust by post, as of the last :meth:`tally`.
    bulletin : Bulletin or None
        The month's news of this level while the citizens hear it.
    heard : Hearing
        Who heard how many items of this level from elsewhere in the last month.
    """

    def __init__(
        self, trust: np.ndarray, rule: TrustRule, shape: tuple[int, int], audience: Audience
    ) -> None:
        self.trust = trust
        self.rule = rule
        self.shape = shape
        self.per_post = shape[1]
        self.audience = audience
        self.bulletin: Bulletin | None = None
        self.heard = Hearing.nobody()
        self.tally()

    def tally(self) -> None:
        """Mean trust of every post."""
        self.post_mean = self.trust.reshape(self.shape).sum(axis=1) / self.per_post

    def listen(self, bulletin: Bulletin, rng: np.random.Generator) -> None:
        """Take in the month's news of this level and draw who hears which items from elsewhere."""
        self.bulletin = bulletin
        self.heard = (
            self.audience.hear(bulletin.reach, rng) if bulletin.travels else Hearing.nobody()
        )

    def update(self) -> None:
        """Apply the month's news, regression and social influence to every citizen."""
        if self.heard.everyone:
            self._update_each()
        else:
            self._update_by_post()

    def done(self) -> None:
        """End the month: forget its news and tally the post means."""
        self.bulletin = None
        self.tally()

    # -- one citizen: the reference statement ----------------------------------------------------

    def step_one(self, index: int, post: int) -> float:
        """One month of the rule for citizen ``index`` of ``post``: its new trust (not stored).

        The readable statement of :meth:`update`, through the same floating-point operations.
        """
        rule, news = self.rule, self.bulletin
        k_bad, k_good = self.heard.of(index)  # items heard from elsewhere
        bad = news.local[BAD, post] + k_bad * news.magnitude[BAD]
        good = news.local[GOOD, post] + k_good * news.magnitude[GOOD]
        # numpy's expm1, not math.expm1: numpy may use a SIMD expm1 that rounds differently
        # from the C library's, and the vectorized path must be matched to the last bit.
        lost = rule.loss * -float(np.expm1(-bad))  # share of trust bad news takes
        won = rule.gain * -float(np.expm1(-good))  # share of distrust good news wins
        # News, regression toward the baseline and the pull toward the post's mean trust are
        # each affine in trust, T <- a T + c; composed, the month is T <- keep T + pull.
        stay = (1.0 - rule.social) * (1.0 - rule.regression)
        toward = (1.0 - rule.social) * (
            rule.regression * rule.baseline
        ) + rule.social * self.post_mean[post]
        keep = stay * ((1.0 - lost) - won)
        pull = stay * won + toward
        return min(max(keep * float(self.trust[index]) + pull, 0.0), 1.0)  # against rounding

    # -- everyone at once ---------------------------------------------------------------------

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
        rule = self.rule
        base = (1.0 - rule.social) * (rule.regression * rule.baseline)
        return base + rule.social * self.post_mean

    def _month_map(
        self, bad: np.ndarray, good: np.ndarray, toward: np.ndarray
    ) -> tuple[np.ndarray, np.ndarray]:
        """``keep`` and ``pull`` of the month's affine map ``T <- keep * T + pull``.

        By post or by citizen, from the bad and good news heard and the pull ``toward`` the
        baseline and the post mean (:meth:`_toward`); computed in the arrays ``bad`` and
        ``good``, which become ``keep`` and ``pull``. The operations are those written out in
        :meth:`step_one`, in the same order: ``lost = lambda_- * -expm1(-b)``,
        ``won = lambda_+ * -expm1(-g)``, ``keep = stay * ((1 - lost) - won)``,
        ``pull = stay * won + toward`` with ``stay = (1 - sigma)(1 - rho)`` (negating a
        factor instead of the product changes no bit: rounding is symmetric about zero).
        """
        rule = self.rule
        stay = (1.0 - rule.social) * (1.0 - rule.regression)
        lost = np.expm1(np.negative(bad, out=bad), out=bad)
        lost *= -rule.loss  # share of trust that bad news takes
        won = np.expm1(np.negative(good, out=good), out=good)
        won *= -rule.gain  # share of distrust that good news wins back
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

    def mean(self) -> float:
        """Mean trust of all citizens in this level."""
        return float(self.trust.mean())
