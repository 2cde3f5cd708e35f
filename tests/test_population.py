"""The optimised vectorized update equals the rules written out plainly, to the last bit.

``CitizenPopulation.hear`` computes in place, broadcasts per-post values instead of gathering
them, and sums by post column by column when posts are many. Here the same month is computed
the plain way (the formulas of the ODD, on gathered arrays, summed with ``np.bincount``) and
both must agree exactly, with and without news from elsewhere, for few and for many posts.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small

from btr_sim.core.news import BAD, GOOD, Bulletin
from btr_sim.core.population import _COLUMN_SUMS_FROM, CitizenPopulation


def plain_month(pop: CitizenPopulation, bulletin: Bulletin, rng: np.random.Generator):
    """One month of the citizen rules, written as plainly as possible (ODD 7.7)."""
    cfg = pop.cfg
    post = pop.post
    trust = pop.trust
    bad = bulletin.local[BAD][post]
    good = bulletin.local[GOOD][post]
    if bulletin.reach.any():
        heard = rng.poisson(pop.attention[:, None] * bulletin.reach[None, :])
        bad = bad + heard[:, BAD] * bulletin.magnitude[BAD]
        good = good + heard[:, GOOD] * bulletin.magnitude[GOOD]
    trust = (
        trust
        - cfg.loss_weight * trust * -np.expm1(-bad)
        + cfg.gain_weight * (1.0 - trust) * -np.expm1(-good)
    )
    trust = trust + cfg.regression_rate * (cfg.baseline_trust - trust)
    trust = trust + cfg.social_influence * (pop.post_mean[post] - trust)
    trust = np.clip(trust, 0.0, 1.0)
    counts = np.bincount(post, minlength=pop.n_posts).astype(float)
    post_mean = np.bincount(post, weights=trust, minlength=pop.n_posts) / counts
    voicing = (1.0 - trust) * pop.propensity > cfg.voice_threshold
    share = np.bincount(post, weights=voicing.astype(float), minlength=pop.n_posts) / counts
    return trust, post_mean, voicing, pop.participation * share


def random_bulletin(rng: np.random.Generator, n_posts: int, travels: bool) -> Bulletin:
    local = np.where(rng.random((2, n_posts)) < 0.1, rng.lognormal(0.0, 1.0, (2, n_posts)), 0.0)
    reach = rng.random(2) * 20 if travels else np.zeros(2)
    return Bulletin(local, reach, rng.random(2) * 2)


@pytest.mark.parametrize(
    ("supervisors", "posts_each", "per_post"),
    [(4, 5, 20), (2, 3, 700), (50, 25, 3), (100, 20, 1)],  # few posts, and >= 1000 posts
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
    for month in range(8):
        bulletin = random_bulletin(draws, pop.n_posts, travels=month % 3 != 0)
        state = draws.bit_generator.state
        expected = plain_month(pop, bulletin, draws)
        draws.bit_generator.state = state
        pop.hear(bulletin, draws)
        np.testing.assert_array_equal(pop.trust, expected[0])
        np.testing.assert_array_equal(pop.post_mean, expected[1])
        np.testing.assert_array_equal(pop.voicing, expected[2])
        np.testing.assert_array_equal(pop.pressure, expected[3])
    assert pop.trust.min() >= 0.0 and pop.trust.max() <= 1.0


def test_column_sums_add_in_the_order_bincount_does():
    # Values of very different size make the order of additions visible in the last bits.
    scenario = small(
        world__n_supervisors=_COLUMN_SUMS_FROM // 10,
        world__posts_per_supervisor=10,
        world__citizens_per_post=9,
    )
    pop = CitizenPopulation(scenario, np.random.default_rng(0))
    values = np.random.default_rng(1).lognormal(0.0, 8.0, len(pop))
    assert pop.n_posts >= _COLUMN_SUMS_FROM  # the column path is the one under test
    expected = np.bincount(pop.post, weights=values, minlength=pop.n_posts)
    np.testing.assert_array_equal(pop._sum_by_post(values), expected)
    pairwise = values.reshape(pop.shape).sum(axis=1)
    assert not np.array_equal(pairwise, expected)  # the control: order does matter here
