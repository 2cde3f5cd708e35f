"""The optimised vectorized update equals the rules written out plainly, to the last bit.

``CitizenPopulation.hear`` composes the month's steps into one affine map per post, updates
trust in place with per-post factors broadcast over the citizens, and gives the few citizens
who heard news from elsewhere their own factors (or every citizen its own, in months when most
hear something). Here the same month is computed the plain way (the rules on gathered
per-citizen arrays) from the same draw of who heard what, and both must agree exactly, with and
without news from elsewhere, for few and for many posts. The affine form itself is checked
against the ODD's step-by-step rules.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small
from hypothesis import given
from hypothesis import strategies as st

from btr_sim.core.audience import Hearing
from btr_sim.core.news import BAD, GOOD, Bulletin
from btr_sim.core.population import CitizenPopulation
from btr_sim.core.trust import TrustLevel

#: Reach of bad and good news per month kind: none, few hearers (sorted tally), many hearers
#: (counted tally), and bad news drawn per citizen (more than one item per citizen).
REACH = {
    "none": (0.0, 0.0),
    "few": (0.05, 0.01),
    "many": (1.0, 0.2),
    "per citizen": (6.0, 1.0),
}


def counts_of(heard: Hearing, n: int) -> np.ndarray:
    if heard.everyone:
        return heard.counts
    out = np.zeros((2, n), dtype=np.intp)
    out[:, heard.citizens] = heard.counts
    return out


def plain_month(pop, trust, post_mean, bulletin: Bulletin, heard: Hearing):
    """One month of the citizen rules, written as plainly as possible (ODD 7.7)."""
    cfg = pop.cfg
    post = pop.post
    k = counts_of(heard, len(pop))
    bad = bulletin.local[BAD][post] + k[BAD] * bulletin.magnitude[BAD]
    good = bulletin.local[GOOD][post] + k[GOOD] * bulletin.magnitude[GOOD]
    lost = cfg.loss_weight * -np.expm1(-bad)
    won = cfg.gain_weight * -np.expm1(-good)
    stay = (1.0 - cfg.social_influence) * (1.0 - cfg.regression_rate)
    toward = (1.0 - cfg.social_influence) * (
        cfg.regression_rate * cfg.baseline_trust
    ) + cfg.social_influence * post_mean[post]
    keep = stay * ((1.0 - lost) - won)
    pull = stay * won + toward
    trust = np.clip(keep * trust + pull, 0.0, 1.0)
    means = trust.reshape(pop.shape).sum(axis=1) / pop.per_post
    voicing = trust < 1.0 - cfg.voice_threshold / pop.propensity
    share = np.count_nonzero(voicing.reshape(pop.shape), axis=1) / pop.per_post
    return trust, means, voicing, pop.participation * share


def random_bulletin(rng: np.random.Generator, n_posts: int, reach) -> Bulletin:
    local = np.where(rng.random((2, n_posts)) < 0.1, rng.lognormal(0.0, 1.0, (2, n_posts)), 0.0)
    return Bulletin(local, np.array(reach, dtype=float), rng.random(2) * 2)


def form(heard: Hearing) -> str:
    if heard.everyone:
        return "everyone"
    return "some" if len(heard) else "nobody"


@pytest.mark.parametrize(
    ("supervisors", "posts_each", "per_post"),
    [(4, 5, 20), (2, 3, 700), (50, 25, 3), (100, 20, 1)],  # few posts, and many
)
def test_vectorized_month_equals_the_plain_rules(supervisors, posts_each, per_post):
    scenario = small(
        world__n_supervisors=supervisors,
        world__posts_per_supervisor=posts_each,
        world__citizens_per_post=per_post,
        citizen_participation=0.6,
    )
    pop = CitizenPopulation(scenario, np.random.default_rng(3))
    draws = np.random.default_rng(4)
    seen = set()
    for month in range(12):
        reach = list(REACH.values())[month % len(REACH)]
        bulletin = random_bulletin(draws, pop.n_posts, reach)
        before = pop.trust.copy(), pop.post_mean.copy()
        pop.hear(bulletin, draws)
        expected = plain_month(pop, *before, bulletin, pop.heard)
        seen.add(form(pop.heard))
        np.testing.assert_array_equal(pop.trust, expected[0])
        np.testing.assert_array_equal(pop.post_mean, expected[1])
        np.testing.assert_array_equal(pop.voicing, expected[2])
        np.testing.assert_array_equal(pop.pressure, expected[3])
    assert seen == {"nobody", "some", "everyone"}  # every way of updating was exercised
    assert pop.trust.min() >= 0.0 and pop.trust.max() <= 1.0


def test_the_affine_month_is_the_step_by_step_rule():
    # The ODD states the month as news, regression, then social influence; the code composes
    # them into T <- keep T + pull. Equal up to rounding, and voice is the same rule.
    scenario = small(world__citizens_per_post=500)
    pop = CitizenPopulation(scenario, np.random.default_rng(8))
    rng = np.random.default_rng(9)
    bulletin = random_bulletin(rng, pop.n_posts, REACH["many"])
    cfg = pop.cfg
    trust, post_mean = pop.trust.copy(), pop.post_mean.copy()
    pop.hear(bulletin, rng)
    k = counts_of(pop.heard, len(pop))
    b = bulletin.local[BAD][pop.post] + k[BAD] * bulletin.magnitude[BAD]
    g = bulletin.local[GOOD][pop.post] + k[GOOD] * bulletin.magnitude[GOOD]
    t = trust - cfg.loss_weight * trust * (1 - np.exp(-b))
    t = t + cfg.gain_weight * (1 - trust) * (1 - np.exp(-g))
    t = t + cfg.regression_rate * (cfg.baseline_trust - t)
    t = t + cfg.social_influence * (post_mean[pop.post] - t)
    np.testing.assert_allclose(pop.trust, t, rtol=0, atol=1e-14)
    assert not np.array_equal(pop.trust, t)  # the control: the rounding does differ
    voices = (1 - pop.trust) * pop.propensity > cfg.voice_threshold
    margin = np.abs((1 - pop.trust) * pop.propensity - cfg.voice_threshold) > 1e-12
    np.testing.assert_array_equal(pop.voicing[margin], voices[margin])
    assert pop.voicing.any() and not pop.voicing.all()


unit = st.floats(0.0, 1.0)


@given(keep=st.floats(-1.0, 1.0), pull=unit, trust=st.lists(unit, min_size=1, max_size=20))
def test_trust_cannot_leave_the_unit_interval_when_the_ends_of_the_map_are_inside(
    keep, pull, trust
):
    # Why the update may skip the clip: keep * T + pull, rounded, lies between its values at
    # T = 0 and T = 1 (rounding preserves order), so if both are in [0, 1] every T stays.
    keep, pull = np.array([keep]), np.array([pull])
    t = np.array([0.0, 1.0, *trust])
    if TrustLevel._stays_in_unit_interval(keep, pull):
        new = keep[0] * t + pull[0]
        assert new.min() >= 0.0 and new.max() <= 1.0


def test_attention_and_propensity_are_fixed_traits():
    pop = CitizenPopulation(small(), np.random.default_rng(0))
    for trait in (pop.attention, pop.propensity, pop.complains_below):
        with pytest.raises(ValueError, match="read-only"):
            trait[0] = 0.5
