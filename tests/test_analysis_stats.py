"""The statistics against known answers: CI coverage, paired vs. unpaired, recovered effects."""

from __future__ import annotations

import numpy as np
import pytest
from support.synthetic import OUTCOME, write_synthetic

from btr_sim.analysis import factorial_effects, marginal_means
from btr_sim.analysis.stats import (
    cohen_d,
    cohen_dz,
    contrast_paired,
    contrast_unpaired,
    mean_ci,
    paired_difference,
    proportion_ci,
    t_bounds,
    t_half_width,
    welch_difference,
)
from btr_sim.results import open_results

DRAWS = 2000
# Binomial SE of an observed coverage of 0.95 over 2000 draws is 0.0049: 4 SE either side.
COVERAGE_TOLERANCE = 0.02


def test_mean_ci_covers_the_mean_at_the_nominal_rate():
    rng = np.random.default_rng(1)
    hits = 0
    for _ in range(DRAWS):
        est = mean_ci(rng.normal(3.0, 2.0, size=8))
        hits += est.low <= 3.0 <= est.high
    assert abs(hits / DRAWS - 0.95) < COVERAGE_TOLERANCE


@pytest.mark.parametrize("level", [0.80, 0.99])
def test_mean_ci_honours_other_levels(level):
    rng = np.random.default_rng(2)
    hits = sum(
        (e := mean_ci(rng.normal(-1.0, 0.5, size=5), level)).low <= -1.0 <= e.high
        for _ in range(DRAWS)
    )
    assert abs(hits / DRAWS - level) < 4 * np.sqrt(level * (1 - level) / DRAWS)


def test_welch_interval_covers_with_unequal_variances_and_sizes():
    rng = np.random.default_rng(3)
    hits = 0
    for _ in range(DRAWS):
        a, b = rng.normal(1.0, 3.0, size=6), rng.normal(0.0, 0.5, size=20)
        est = welch_difference(a, b)
        hits += est.low <= 1.0 <= est.high
    assert abs(hits / DRAWS - 0.95) < COVERAGE_TOLERANCE


def _crn_pair(rng: np.random.Generator, n: int, shared_sd: float) -> tuple[dict, dict]:
    """Outcomes of two scenarios under common random numbers: a shared luck term per seed."""
    luck = rng.normal(0.0, shared_sd, size=n)
    treated = 1.0 + luck + rng.normal(0.0, 1.0, size=n)
    reference = luck + rng.normal(0.0, 1.0, size=n)
    return dict(enumerate(treated)), dict(enumerate(reference))


def test_paired_difference_equals_unpaired_in_expectation_and_is_narrower_under_crn():
    rng = np.random.default_rng(4)
    paired, unpaired, width_ratio, covered = [], [], [], 0
    for _ in range(500):
        t, r = _crn_pair(rng, 10, shared_sd=3.0)
        p = paired_difference(t, r)
        u = welch_difference(list(t.values()), list(r.values()))
        # With every pair complete the two point estimates are the same number.
        assert p.estimate == pytest.approx(u.estimate)
        paired.append(p.estimate)
        unpaired.append(u.estimate)
        width_ratio.append((p.high - p.low) / (u.high - u.low))
        covered += p.low <= 1.0 <= p.high
    # Both estimate the true difference 1.0 (SE of the mean over 500 draws ~ 0.02).
    assert np.mean(paired) == pytest.approx(1.0, abs=0.08)
    assert np.mean(unpaired) == pytest.approx(1.0, abs=0.08)
    # Shared luck of sd 3 against own noise of sd 1: pairing removes most of the variance.
    assert np.median(width_ratio) < 0.5
    assert abs(covered / 500 - 0.95) < 0.04


def test_paired_and_unpaired_agree_in_width_without_common_luck():
    rng = np.random.default_rng(5)
    ratios = []
    for _ in range(300):
        t, r = _crn_pair(rng, 30, shared_sd=0.0)
        p = paired_difference(t, r)
        u = welch_difference(list(t.values()), list(r.values()))
        ratios.append((p.high - p.low) / (u.high - u.low))
    assert 0.9 < np.median(ratios) < 1.1


def test_paired_difference_uses_only_seeds_in_both():
    est = paired_difference({1: 2.0, 2: 4.0, 3: 9.0}, {1: 1.0, 2: 2.0, 4: 0.0})
    assert est.n == 2 and est.estimate == pytest.approx(1.5)


def test_degenerate_samples():
    assert np.isnan(mean_ci([]).estimate)
    one = mean_ci([2.0, np.nan])
    assert one.estimate == 2.0 and np.isnan(one.low) and one.n == 1
    constant = mean_ci([1.0, 1.0, 1.0])
    assert constant.low == constant.high == 1.0
    same = welch_difference([1.0, 1.0], [0.0, 0.0])
    assert same.low == same.high == 1.0
    assert np.isnan(cohen_d([1.0], [2.0, 3.0]))


def test_effect_sizes_known_values():
    # Difference of means 1, both SDs 1: d = 1.
    assert cohen_d([0.0, 1.0, 2.0], [-1.0, 0.0, 1.0]) == pytest.approx(1.0)
    # Paired differences 1, 2, 3: mean 2, SD 1.
    assert cohen_dz([1.0, 2.0, 3.0]) == pytest.approx(2.0)


def test_two_cell_contrast_is_the_difference():
    rng = np.random.default_rng(6)
    a, b = rng.normal(1, 1, 12), rng.normal(0, 2, 12)
    w = np.array([1.0, -1.0])
    unpaired = contrast_unpaired([a, b], w)
    welch = welch_difference(a, b)
    assert (unpaired.estimate, unpaired.low, unpaired.high) == pytest.approx(
        (welch.estimate, welch.low, welch.high)
    )
    paired, values = contrast_paired(np.column_stack([a, b]), w)
    assert values == pytest.approx(a - b)
    assert paired.estimate == pytest.approx(
        paired_difference(dict(enumerate(a)), dict(enumerate(b))).estimate
    )


def test_t_bounds_of_summary_statistics_are_mean_ci_to_the_bit():
    # Bands of monthly series are computed from grouped moments: the same interval as mean_ci.
    rng = np.random.default_rng(7)
    samples = [rng.normal(0.5, 0.1, size=n) for n in (2, 3, 8, 30)] + [np.full(4, 0.25)]
    means = np.array([x.mean() for x in samples])
    sds = np.array([x.std(ddof=1) for x in samples])
    low, high = t_bounds(means, sds, [len(x) for x in samples])
    for i, x in enumerate(samples):
        est = mean_ci(x)
        assert (low[i], high[i]) == (est.low, est.high)
    one_low, one_high = t_bounds(np.array([1.0]), np.array([np.nan]), np.array([1]))
    assert np.isnan(one_low[0]) and np.isnan(one_high[0])


def test_t_half_width_is_elementwise_and_marks_what_is_undefined():
    halves = t_half_width(np.array([0.5, 0.0, np.nan, 0.5]), np.array([9.0, 4.0, 9.0, 0.0]))
    assert halves[0] == t_half_width(0.5, 9) == pytest.approx(0.5 * 2.262157, rel=1e-6)
    assert halves[1] == 0.0 and np.isnan(halves[2]) and np.isnan(halves[3])
    assert isinstance(t_half_width(0.5, 9), float)


def _wilson(k: int, n: int, z: float = 1.959963984540054) -> tuple[float, float]:
    """Wilson's score interval written out (Wilson 1927)."""
    p = k / n
    centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
    half = z / (1 + z**2 / n) * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2))
    return centre - half, centre + half


@pytest.mark.parametrize(("k", "n"), [(3, 4), (1, 3), (0, 40), (40, 40), (17, 60)])
def test_proportion_ci_is_wilsons_interval(k, n):
    est = proportion_ci(k, n)
    assert est.estimate == k / n and est.n == n
    assert (est.low, est.high) == pytest.approx(_wilson(k, n), abs=1e-12)
    assert 0.0 <= est.low <= est.estimate <= est.high <= 1.0


def test_proportion_ci_keeps_a_width_at_zero_and_all_successes():
    # Where the Wald interval collapses to a point, Wilson's still says how little is known.
    assert proportion_ci(0, 10).high > 0.2 and proportion_ci(10, 10).low < 0.8
    assert proportion_ci(0, 10).se == 0.0
    none = proportion_ci(0, 0)
    assert none.n == 0 and np.isnan(none.estimate) and np.isnan(none.low)


def test_proportion_ci_covers_near_the_nominal_rate():
    # Wilson's coverage oscillates around the nominal level with n and p; averaged over a
    # spread of true shares it stays within a point or two of 95% at n = 40.
    rng = np.random.default_rng(8)
    shares = rng.uniform(0.05, 0.95, size=DRAWS)
    hits = sum(
        (e := proportion_ci(int(rng.binomial(40, p)), 40)).low <= p <= e.high for p in shares
    )
    assert abs(hits / DRAWS - 0.95) < COVERAGE_TOLERANCE


# -- factorial effects -------------------------------------------------------------------------

LAYERS = {"moral": ["off", "on"], "legal": ["off", "on"], "supporting": ["off", "on"]}


def _layers_outcome(ab: float):
    """10 + 1 moral + 2 legal + 0.5 supporting + ab * moral * legal, replication luck, noise."""

    def outcome(levels, rep, rng):
        m, le, s = (1.0 if levels[f] == "on" else 0.0 for f in ("moral", "legal", "supporting"))
        luck = 3.0 * np.sin(rep * 1.7)  # shared by every design point of replication rep
        return 10 + m + 2 * le + 0.5 * s + ab * m * le + luck + rng.normal(0, 0.3)

    return outcome


@pytest.fixture(scope="module")
def complementary(tmp_path_factory):
    out = tmp_path_factory.mktemp("complementary")
    return open_results(write_synthetic(out, LAYERS, _layers_outcome(3.0), replications=20))


def _effect(effects, name):
    return effects.set_index("effect").loc[name]


def _near(row, truth: float, k: float = 1.5) -> bool:
    """Estimate within k CI half-widths of the truth (k = 1.5 is about 3 standard errors)."""
    return abs(row["estimate"] - truth) <= k * (row["high"] - row["low"]) / 2


def test_interaction_built_into_the_data_is_recovered(complementary):
    effects = factorial_effects(complementary, [OUTCOME])
    ab = _effect(effects, "moral × legal")
    assert _near(ab, 3.0) and ab["low"] > 2.0
    assert ab["reading"] == "complementary (better together than the sum)"
    assert ab["separate_sum"] == pytest.approx(3.0, abs=0.3)  # 1 (moral) + 2 (legal)
    for name in ("moral × supporting", "legal × supporting", "moral × legal × supporting"):
        row = _effect(effects, name)
        assert _near(row, 0.0), name
    # Main effects average over the other factors: moral = 1 + 3 x (share of legal on) = 2.5.
    for name, truth in (("moral", 2.5), ("legal", 3.5), ("supporting", 0.5)):
        row = _effect(effects, name)
        assert _near(row, truth), name
    # All three on minus the sum of each alone: the moral x legal synergy, 3.
    synergy = _effect(effects, "synergy: moral + legal + supporting")
    assert _near(synergy, 3.0) and synergy["low"] > 2.0


def test_pairing_by_seed_removes_replication_luck(complementary):
    effects = factorial_effects(complementary, [OUTCOME])
    ab = _effect(effects, "moral × legal")
    # Luck of sd ~2 is shared by all cells of a replication; pairing cancels it.
    assert (ab["high"] - ab["low"]) < 0.3 * (ab["unpaired_high"] - ab["unpaired_low"])
    assert ab["estimate"] == pytest.approx(ab["unpaired"])


def test_substitutes_are_read_as_sub_additive(tmp_path):
    results = open_results(
        write_synthetic(tmp_path, LAYERS, _layers_outcome(-2.5), replications=20)
    )
    row = _effect(factorial_effects(results, [OUTCOME]), "moral × legal")
    assert _near(row, -2.5)
    assert row["reading"] == "substitutes (together less than the sum)"


def test_multi_level_grid_effects_and_marginal_means(tmp_path):
    factors = {"transparency": [0.0, 0.5, 1.0], "citizen_participation": [0.2, 0.7]}

    def outcome(levels, rep, rng):
        t, p = levels["transparency"], levels["citizen_participation"]
        return 2.0 * t - p + 4.0 * t * (p - 0.2) + rng.normal(0, 0.05)

    results = open_results(
        write_synthetic(tmp_path, factors, outcome, replications=10, kind="grid")
    )
    assert results.is_crossed
    effects = factorial_effects(results, [OUTCOME]).set_index("effect")
    # Main effect of transparency 1.0 vs 0.0, averaged over participation: 2 + 4 x 0.25 = 3.
    assert effects.loc["transparency=1.0", "estimate"] == pytest.approx(3.0, abs=0.1)
    assert effects.loc["transparency=0.5", "estimate"] == pytest.approx(1.5, abs=0.1)
    # Interaction at (1.0, 0.7): 4 x 1.0 x 0.5 = 2.
    inter = effects.loc["transparency=1.0 × citizen_participation=0.7"]
    assert _near(inter, 2.0)
    means = marginal_means(results, OUTCOME, ["transparency"])
    assert means["mean"].to_numpy() == pytest.approx([-0.45, 1.05, 2.55], abs=0.05)


@pytest.mark.parametrize(
    "outcome, a, b, ab, reading",
    [
        # Credibility is better higher: the interaction's sign decides, whatever the parts do.
        ("credibility_change", 1.0, -1.0, 2.0, "complementary (better together than the sum)"),
        ("credibility_change", 1.0, 1.0, -1.5, "substitutes (together less than the sum)"),
        # Scapegoats are better lower.
        ("scapegoats_per_100cy", -1.0, -1.0, -1.0, "complementary (better together than the sum)"),
        # Removals have no better direction: read against the separate effects.
        ("removals_per_100cy", -1.0, -1.0, 0.8, "dampening (together short of the sum)"),
        ("removals_per_100cy", -1.0, -1.0, -0.8, "amplifying (together beyond the sum)"),
        ("removals_per_100cy", 1.0, -1.0, 0.8, "interaction (+)"),
        ("removals_per_100cy", 1.0, -1.0, 0.0, "additive (no interaction detected)"),
    ],
)
def test_interactions_are_read_by_the_outcome_direction(tmp_path, outcome, a, b, ab, reading):
    factors = {"legal": ["off", "on"], "supporting": ["off", "on"]}

    def value(levels, rep, rng):
        x, y = (1.0 if levels[f] == "on" else 0.0 for f in factors)
        return 5 + a * x + b * y + ab * x * y + 0.5 * np.cos(rep) + rng.normal(0, 0.1)

    results = open_results(write_synthetic(tmp_path, factors, value, replications=20, name=outcome))
    row = _effect(factorial_effects(results, [outcome]), "legal × supporting")
    assert row["reading"] == reading
    assert row["separate_sum"] == pytest.approx(a + b, abs=0.1)
