"""Who hears the news from elsewhere: the sparse draw has the distribution of one Poisson draw each.

``Audience.hear`` draws the number of items first and then who hears each one, weighted by
attention (Poisson splitting), or one Poisson count per citizen when items are many. Either
way citizen ``i`` must hear ``Poisson(a_i R)`` items of each kind, independently of the other
citizens and of the other kind. The statistical test below checks that over many months,
band by band of attention, and shows that it rejects samplers that get it wrong.
"""

from __future__ import annotations

import numpy as np
import pytest
from scipy import stats

from btr_sim.core.audience import _SORT_BELOW, PER_CITIZEN_ABOVE, Audience, Hearing

N_CITIZENS = 2000
MONTHS = 500
#: Mean items per citizen of each kind, one pair per way of drawing and tallying: items
#: tallied by sorting (few), items tallied by counting (more than an eighth of the citizens),
#: and the first kind drawn per citizen (above PER_CITIZEN_ABOVE) with the second by item.
REGIMES = {"few items": (0.02, 0.004), "many items": (0.4, 0.1), "per citizen": (1.5, 0.3)}
#: A statistic departs when |z| > 4 or a test's p-value is below 1e-4: with about 40
#: statistics per regime a correct sampler departs with probability below 0.3 %, and the
#: seeds are fixed, so the test is deterministic.
Z_MAX, P_MIN = 4.0, 1e-4


def attention_of(n: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).beta(1.2, 2.8, n)  # the default trait: mean 0.3


def dense(hearing: Hearing, n: int) -> np.ndarray:
    """The counts of every citizen, ``(kinds, n)``."""
    if hearing.everyone:
        return hearing.counts
    out = np.zeros((hearing.counts.shape[0], n), dtype=np.intp)
    out[:, hearing.citizens] = hearing.counts
    return out


def monthly_counts(sampler, reach: np.ndarray, months: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return np.stack([sampler(reach, rng) for _ in range(months)])  # (months, kinds, n)


def departures(counts: np.ndarray, attention: np.ndarray, reach: np.ndarray) -> list[str]:
    """Ways in which ``counts`` are unlike independent ``Poisson(a_i R)`` draws."""
    months = counts.shape[0]
    found = []
    bands = np.array_split(np.argsort(attention), 5)  # attention quintiles
    for kind, rate in enumerate(reach):
        lam = attention * rate
        for b, band in enumerate(bands):
            k = counts[:, kind, band]  # (months, citizens of the band)
            cells = k.size
            mean_z = (k.mean() - lam[band].mean()) / np.sqrt(lam[band].mean() / cells)
            # E[(k - lambda)^2] = lambda and Var[(k - lambda)^2] = lambda + 2 lambda^2.
            dev = ((k - lam[band]) ** 2).mean()
            var_z = (dev - lam[band].mean()) / np.sqrt(
                (lam[band] + 2 * lam[band] ** 2).mean() / cells
            )
            if abs(mean_z) > Z_MAX:
                found.append(f"kind {kind} band {b}: mean z = {mean_z:.1f}")
            if abs(var_z) > Z_MAX:
                found.append(f"kind {kind} band {b}: variance z = {var_z:.1f}")
            p = _histogram_p_value(k, lam[band], months)
            if p < P_MIN:
                found.append(f"kind {kind} band {b}: chi-square p = {p:.1e}")
        # The monthly total is Poisson(R A): its dispersion index var/mean is about 1.
        totals = counts[:, kind, :].sum(axis=1)
        dispersion = (months - 1) * totals.var(ddof=1) / lam.sum()
        p = 2 * min(stats.chi2.cdf(dispersion, months - 1), stats.chi2.sf(dispersion, months - 1))
        if p < P_MIN:
            found.append(f"kind {kind}: monthly total dispersion p = {p:.1e}")
    if counts.shape[1] == 2:  # the two kinds are independent, given the citizen
        bad, good = (
            (counts[:, kind, :] - lam) / np.sqrt(lam)
            for kind, lam in enumerate(attention[None, :] * rate for rate in reach)
        )
        z = (bad * good).mean() * np.sqrt(bad.size)  # standardised residuals: mean 0, sd 1
        if abs(z) > Z_MAX:
            found.append(f"kinds correlated: z = {z:.1f}")
    return found


def _histogram_p_value(k: np.ndarray, lam: np.ndarray, months: int) -> float:
    """Chi-square test of the counts' histogram against the mixture of the band's Poissons."""
    top = int(k.max()) + 1
    observed = np.bincount(k.ravel(), minlength=top + 1).astype(float)
    expected = months * stats.poisson.pmf(np.arange(top + 1)[:, None], lam[None, :]).sum(axis=1)
    expected[top] = months * stats.poisson.sf(top - 1, lam).sum()  # k >= top: none observed
    # Pool the tail into the last category with an expected count of at least 5.
    last = max(1, int(np.flatnonzero(expected >= 5)[-1]))
    observed = np.append(observed[:last], observed[last:].sum())
    expected = np.append(expected[:last], expected[last:].sum())
    return float(stats.chisquare(observed, expected * observed.sum() / expected.sum()).pvalue)


# -- the draw ------------------------------------------------------------------------------------


@pytest.mark.parametrize("regime", list(REGIMES))
def test_counts_are_distributed_as_independent_poisson_draws(regime):
    attention = attention_of(N_CITIZENS)
    audience = Audience(attention)
    reach = np.array(REGIMES[regime]) / attention.mean()
    counts = monthly_counts(
        lambda r, rng: dense(audience.hear(r, rng), N_CITIZENS), reach, MONTHS, seed=7
    )
    assert counts.sum() > 5000  # enough items to see a departure
    assert departures(counts, attention, reach) == []


def _fixed_number_of_items(attention: np.ndarray):
    # Wrong: the number of items is R A, rounded, every month (multinomial, not Poisson).
    p = attention / attention.sum()

    def sampler(reach, rng):
        return np.stack([rng.multinomial(round(r * attention.sum()), p) for r in reach])

    return sampler


def _hearers_chosen_regardless_of_attention(attention: np.ndarray):
    # Wrong: the right number of items, but each goes to any citizen with equal chance.
    def sampler(reach, rng):
        n = attention.size
        return np.stack(
            [
                np.bincount(rng.integers(0, n, rng.poisson(r * attention.sum())), minlength=n)
                for r in reach
            ]
        )

    return sampler


def _same_hearers_for_both_kinds(attention: np.ndarray):
    # Wrong: the good news goes to exactly those who hear the bad news (kinds dependent).
    audience = Audience(attention)

    def sampler(reach, rng):
        heard = dense(audience.hear(reach[:1], rng), attention.size)[0]
        return np.stack([heard, heard])

    return sampler


@pytest.mark.parametrize(
    "wrong",
    [_fixed_number_of_items, _hearers_chosen_regardless_of_attention, _same_hearers_for_both_kinds],
)
def test_the_statistical_check_rejects_wrong_samplers(wrong):
    attention = attention_of(N_CITIZENS)
    reach = np.full(2, REGIMES["few items"][0]) / attention.mean()
    counts = monthly_counts(wrong(attention), reach, MONTHS, seed=7)
    assert departures(counts, attention, reach) != []


def test_each_regime_draws_and_tallies_the_way_it_is_meant_to():
    attention = attention_of(N_CITIZENS)
    audience = Audience(attention)
    rng = np.random.default_rng(1)
    forms = {}
    for regime, per_citizen in REGIMES.items():
        reach = np.array(per_citizen) / attention.mean()
        forms[regime] = audience.hear(reach, rng).everyone
    assert forms == {"few items": False, "many items": True, "per citizen": True}
    few, many, dense_kind = (REGIMES[r][0] for r in REGIMES)
    assert few * N_CITIZENS < _SORT_BELOW * N_CITIZENS <= many * N_CITIZENS
    assert many < PER_CITIZEN_ABOVE < dense_kind


def test_items_reach_only_attentive_citizens_and_nobody_without_news():
    attention = attention_of(50)
    attention[::2] = 0.0  # half the citizens never hear anything from elsewhere
    audience = Audience(attention)
    rng = np.random.default_rng(3)
    for _ in range(20):
        counts = dense(audience.hear(np.array([20.0, 5.0]), rng), 50)
        assert counts[:, ::2].sum() == 0 and counts[:, 1::2].sum() > 0
    assert len(audience.hear(np.zeros(2), rng)) == 0


# -- the pieces ----------------------------------------------------------------------------------


@pytest.mark.parametrize("spread", ["beta", "lognormal"])
def test_locating_a_point_is_searching_the_cumulative_attention(spread):
    rng = np.random.default_rng(5)
    n = 3000
    if spread == "beta":
        attention = rng.beta(1.2, 2.8, n)
    else:  # stretches of very different length, some of length zero
        attention = np.where(rng.random(n) < 0.1, 0.0, rng.lognormal(0.0, 4.0, n))
    audience = Audience(attention)
    cumulative = np.cumsum(attention)
    # Random points, points at and next to the ends of stretches, and the two extremes.
    ends = cumulative / cumulative[-1]
    uniforms = np.concatenate(
        [rng.random(20_000), ends, np.nextafter(ends, 0.0), [0.0, np.nextafter(1.0, 0.0)]]
    )
    uniforms = uniforms[uniforms < 1.0]
    points = np.minimum(uniforms * audience.total, np.nextafter(audience.total, 0.0))
    expected = np.searchsorted(cumulative, points, side="right")
    np.testing.assert_array_equal(audience._locate(uniforms.copy()), expected)


def test_sorting_and_counting_tally_the_same_hearing():
    rng = np.random.default_rng(2)
    n = 500
    hearers = [rng.integers(0, n, 300), rng.integers(0, n, 80)]
    by_sorting = Audience._tally([h.copy() for h in hearers])
    by_counting = np.stack([np.bincount(h, minlength=n) for h in hearers])
    np.testing.assert_array_equal(dense(by_sorting, n), by_counting)
    assert np.all(np.diff(by_sorting.citizens) > 0)
    assert by_sorting.counts.sum(axis=0).min() >= 1  # only those who heard something
    for citizen in (0, int(by_sorting.citizens[3]), n - 1):
        assert by_sorting.of(citizen) == tuple(by_counting[:, citizen])
