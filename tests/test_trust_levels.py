"""Two levels of trust: the local government's and the centre's (ODD 7.7, core/trust.py).

Known answers: without news both levels relax to their own baselines at their own rates; one
event read off the log moves trust in the centre by the configured response and nothing else.
Statistical: the hierarchical-trust share lies in [0, 1] and moves the right way, paired by
seed, when the centre's baseline rises or its response to incidents grows.
"""

from __future__ import annotations

import numpy as np
import pytest
from conftest import small
from scipy import stats

from btr_sim import BTRModel
from btr_sim.api import run_scenario
from btr_sim.core.events import EventKind
from btr_sim.core.incidents import Incident, IncidentKind
from btr_sim.core.randomness import replication_seeds

#: Trust rules chosen so that the two levels differ in every parameter they do not share.
LOCAL = {"baseline_trust": 0.7, "regression_rate": 0.05, "social_influence": 0.2}
CENTRAL = {"baseline_trust": 0.4, "regression_rate": 0.11}


def quiet_world(**overrides):
    """The small world without incidents: no news at all, in the warm-up or the run."""
    return small(
        incidents__accident_rate=0.0,
        incidents__misconduct_rate=0.0,
        citizens={**LOCAL, "central": CENTRAL},
        **overrides,
    )


def test_without_news_both_levels_relax_to_their_baselines():
    # Mean trust of a level approaches its baseline as gap_t = gap_0 (1 - (1 - sigma) rho)^t
    # (ODD 7.7): each level with its own baseline and rate, sigma in common.
    model = BTRModel(quiet_world(months=120), seed=4).run()
    series = model.datacollector.get_model_vars_dataframe()
    assert series["public_incidents"].sum() == 0 and series["incidents"].sum() == 0
    months = np.arange(len(series))
    sigma = LOCAL["social_influence"]
    for column, rules in (("credibility", LOCAL), ("central_credibility", CENTRAL)):
        baseline, rho = rules["baseline_trust"], rules["regression_rate"]
        start = series[column].iloc[0]
        expected = baseline + (start - baseline) * (1 - (1 - sigma) * rho) ** months
        np.testing.assert_allclose(series[column], expected, rtol=0, atol=1e-12)
        assert abs(series[column].iloc[-1] - baseline) < 1e-3, column
    # The control: the two levels did follow different paths to different baselines.
    assert abs(series["credibility"].iloc[-1] - series["central_credibility"].iloc[-1]) > 0.25


def _model_at_month_0(**citizens):
    """A quiet world at month 0 with no regression or social influence: news alone moves trust."""
    scenario = small(
        incidents__accident_rate=0.0,
        incidents__misconduct_rate=0.0,
        news__media_reach=0.0,  # only the post's citizens hear its news
        citizens={
            "regression_rate": 0.0,
            "social_influence": 0.0,
            "central": {"regression_rate": 0.0, **citizens},
        },
    )
    return BTRModel(scenario, seed=7)


def _record(model, event: EventKind, post: int, severity: float, rule: str = "") -> None:
    incident = Incident(
        id=999,
        month=model.month,
        post=post,
        supervisor=int(model.posts.supervisor[post]),
        cadre=-1,
        kind=IncidentKind.MISCONDUCT,
        severity=severity,
        culpability=0.9,
    )
    model.events.record_incident(model.month, event, incident, rule=rule)


@pytest.mark.parametrize(
    ("event", "response", "sign"),
    [
        (EventKind.DISMISSAL, "removal", +1),
        (EventKind.ORDERED_RESIGNATION, "removal", +1),
        (EventKind.VOLUNTARY_RESIGNATION, "resignation", +1),
        (EventKind.DISCLOSURE, "incident", -1),
        (EventKind.REVERSAL, "reversal", +1),
        (EventKind.DISCOVERY, "backlash", -1),
    ],
)
def test_an_event_moves_central_trust_by_its_configured_response(event, response, sign):
    size, severity, post = 0.9, 1.5, 3
    model = _model_at_month_0(**{response: size})
    citizens = model.citizens
    local, central = citizens.trust.copy(), citizens.central_trust.copy()
    _record(model, event, post, severity)
    model.inform_citizens()
    rules = model.config.citizens
    moved = citizens.post == post
    news = size * severity
    if sign > 0:  # good news wins back a share of distrust: T + lambda_+ (1 - T)(1 - e^-m)
        expected = central + rules.gain_weight * (1 - central) * -np.expm1(-news)
    else:  # bad news takes a share of trust: T - lambda_- T (1 - e^-m)
        expected = central - rules.loss_weight * central * -np.expm1(-news)
    np.testing.assert_allclose(citizens.central_trust[moved], expected[moved], rtol=0, atol=1e-14)
    np.testing.assert_array_equal(citizens.central_trust[~moved], central[~moved])  # elsewhere
    np.testing.assert_array_equal(citizens.trust, local)  # the local level heard nothing
    assert (np.sign(citizens.central_trust[moved] - central[moved]) == sign).all()


def test_a_response_of_zero_leaves_central_trust_alone():
    # The control of the test above: its known answer is the configured response's.
    model = _model_at_month_0(removal=0.0)
    central = model.citizens.central_trust.copy()
    _record(model, EventKind.DISMISSAL, 3, 1.5)
    model.inform_citizens()
    np.testing.assert_array_equal(model.citizens.central_trust, central)


@pytest.mark.parametrize(
    ("rule", "factor"), [("none/public", 1.0), ("merit/public", 0.2), ("none/quiet", 0.0)]
)
def test_reinstatements_are_news_for_the_centre_only_when_announced(rule, factor):
    model = _model_at_month_0(reinstatement=0.5)
    central = model.citizens.central_trust.copy()
    _record(model, EventKind.REINSTATEMENT, 2, 2.0, rule=rule)
    model.inform_citizens()
    rules = model.config.citizens
    news = 0.5 * factor * 2.0  # a merit evaluation leaves news.merit_factor (0.2) of it
    expected = central - rules.loss_weight * central * -np.expm1(-news)
    moved = model.citizens.post == 2
    np.testing.assert_allclose(
        model.citizens.central_trust[moved], expected[moved], rtol=0, atol=1e-14
    )


def test_a_centre_untouched_by_incidents_is_trusted_more_than_the_local_government():
    # In a whole run, with the same baseline for both levels: incidents are bad news for the
    # local government only, removals good news for both, so every month the centre is
    # trusted more (the mechanism of hierarchical trust, Li 2016).
    scenario = small(
        citizens={"central": {"baseline_trust": 0.7, "incident": 0.0, "coverup": 0.0}},
    )
    result = run_scenario(scenario, seed=3)
    series = result.series
    assert series["public_incidents"].sum() > 0
    assert (series["central_credibility"] > series["credibility"]).all()
    assert result.summary["hierarchical_trust_share_mean"] > 0.9


def _paired_shares(scenario_a, scenario_b, seeds) -> np.ndarray:
    """Per seed, the hierarchical share over the run under ``b`` minus under ``a``."""
    a = [run_scenario(scenario_a, s).summary["hierarchical_trust_share_mean"] for s in seeds]
    b = [run_scenario(scenario_b, s).summary["hierarchical_trust_share_mean"] for s in seeds]
    for value in (*a, *b):
        assert 0.0 <= value <= 1.0
    return np.asarray(b) - np.asarray(a)


def _interval(diff: np.ndarray) -> tuple[float, float]:
    half = stats.t.ppf(0.975, len(diff) - 1) * diff.std(ddof=1) / np.sqrt(len(diff))
    return diff.mean() - half, diff.mean() + half


SEEDS = replication_seeds(14, 6)


def test_the_hierarchical_share_stays_in_the_unit_interval_every_month():
    series = run_scenario(small(), seed=1).series["hierarchical_trust_share"]
    assert series.between(0.0, 1.0).all()
    assert 0.0 < series.mean() < 1.0  # neither level is trusted more by everyone


@pytest.mark.parametrize(
    ("change", "direction"),
    [
        ({"baseline_trust": 0.65}, +1),  # a centre trusted more without news: a larger share
        ({"incident": 1.5}, -1),  # a centre blamed for incidents: a smaller share
    ],
)
def test_the_hierarchical_share_moves_the_right_way_paired_by_seed(change, direction):
    # Paired replications (common random numbers): the 95% t interval of the paired
    # difference must lie wholly on the expected side of zero.
    base = small(citizens={"central": {"baseline_trust": 0.55}})
    changed = small(citizens={"central": {"baseline_trust": 0.55, **change}})
    low, high = _interval(_paired_shares(base, changed, SEEDS) * direction)
    assert low > 0, (low, high)
