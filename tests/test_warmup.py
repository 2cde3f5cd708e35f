"""The warm-up: month 0 in equilibrium, identical for every arm of a seed, shared, pickled."""

from __future__ import annotations

import pickle

import numpy as np
import pandas as pd
import pytest
from conftest import small

from btr_sim import BTRModel, run_scenario
from btr_sim.api import run_model
from btr_sim.config import DEFAULT_WARMUP_MONTHS, Scenario
from btr_sim.core.agents import Cadre
from btr_sim.core.randomness import STREAMS, replication_seeds
from btr_sim.loading import apply_overrides, load_scenario
from btr_sim.validation.suite import CONFIGS

#: The check's tolerance and seeds (experiments/warmup_check.yaml: 40 replications, 2012).
TOLERANCE = 0.01
CHECK_SEEDS = replication_seeds(2012, 40)

#: A small, busy world with a short warm-up, where the arms' rules would soon make a difference.
BUSY = {
    "months": 24,
    "warmup_months": 48,
    "world.n_supervisors": 4,
    "world.posts_per_supervisor": 5,
    "world.citizens_per_post": 20,
    "incidents.accident_rate": 0.05,
    "incidents.misconduct_rate": 0.05,
}

#: Arms of a design: their own rules differ, their warm-up (the status quo) does not.
ARMS = {
    "status_quo": (CONFIGS / "status_quo.yaml", {}),
    "legal": (
        CONFIGS / "status_quo.yaml",
        {
            "standards.rule": "unified",
            "procedure.rule": "formal",
            "reinstatement.cooling_off_months": 12,
            "reinstatement.evaluation": "merit",
            "reinstatement.disclosure": "public",
        },
    ),
    "supporting": (CONFIGS / "status_quo.yaml", {"transparency": 0.8, "power_restriction": 0.7}),
    "full_reform": (CONFIGS / "full_reform.yaml", {}),
}


def arm(name: str, **overrides) -> Scenario:
    """An arm on the busy world, with further overrides."""
    path, rules = ARMS[name]
    return load_scenario(path, {**BUSY, **rules, **overrides})


def credibility_at_month_0(initial_trust: float, seeds, warmup: int | None = None) -> float:
    """Mean over ``seeds`` of status-quo credibility when the rules take effect."""
    overrides = {"citizens.initial_trust.mean": initial_trust}
    if warmup is not None:
        overrides["warmup_months"] = warmup
    scenario = apply_overrides(Scenario(), overrides)
    return float(np.mean([BTRModel(scenario, seed).citizens.credibility() for seed in seeds]))


@pytest.mark.slow
def test_default_warmup_reaches_equilibrium_whatever_the_initial_trust():
    # The documented check (docs/ODD.md 7.9): 40 replications with common seeds, tolerance 0.01.
    low, high = (credibility_at_month_0(t, CHECK_SEEDS) for t in (0.3, 0.8))
    assert abs(high - low) < TOLERANCE, (low, high)
    # It could fail: without a warm-up, month 0 is where the world started.
    cold = [credibility_at_month_0(t, CHECK_SEEDS[:5], warmup=0) for t in (0.3, 0.8)]
    assert cold[1] - cold[0] > 0.4


def test_default_warmup_forgets_most_of_the_initial_trust():
    # The quick version: five seeds cannot resolve 0.01, but the gap of 0.5 must have gone.
    seeds = CHECK_SEEDS[:5]
    cold = [credibility_at_month_0(t, seeds, warmup=0) for t in (0.3, 0.8)]
    warm = [credibility_at_month_0(t, seeds) for t in (0.3, 0.8)]
    assert cold[1] - cold[0] > 0.4
    assert abs(warm[1] - warm[0]) < 0.05


def test_month_0_after_a_warmup_is_month_w_of_a_run_without_one():
    # What the convergence check rests on: a warm-up of W months under the status quo is the
    # first W months of a status-quo run.
    warm = small(warmup_months=24)
    cold = small(warmup_months=0, months=24)
    for seed in (1, 2):
        model = BTRModel(warm, seed)
        series = run_scenario(cold, seed).series
        assert model.citizens.credibility() == series["credibility"].iloc[24]
        assert float(model.posts.integrity.mean()) == series["mean_integrity"].iloc[24]


def test_the_default_warmup_is_the_documented_one():
    assert Scenario().warmup_months == DEFAULT_WARMUP_MONTHS
    assert load_scenario(CONFIGS / "status_quo.yaml").warmup_months == DEFAULT_WARMUP_MONTHS


# -- months, events and the Mesa clock -----------------------------------------------------------


def test_month_0_is_when_the_rules_take_effect_and_step_1_is_month_1():
    scenario = small(warmup_months=12, months=6)
    model = BTRModel(scenario, seed=3)
    assert model.started and model.month == 0 and model.steps == 0
    events = model.events.to_frame()
    assert list(events["event"]) == ["rules"] and events["month"].tolist() == [0]
    assert events["rule"].tolist() == [scenario.name]
    model.step()
    assert model.month == 1 and model.steps == 1
    model.run()
    series = model.datacollector.get_model_vars_dataframe()
    assert list(series.index) == list(range(7))
    assert model.events.to_frame()["month"].between(0, 6).all()


def test_an_unstarted_model_stops_at_the_end_of_its_warmup_and_starts_once():
    scenario = small(warmup_months=12, months=6)
    warmed = BTRModel(scenario, seed=3, start=False)
    assert warmed.month == 0 and not warmed.started and len(warmed.events) == 0
    other_world = small(warmup_months=12, months=6, world__citizens_per_post=21)
    with pytest.raises(ValueError, match="another world or warm-up"):
        warmed.start(other_world)
    with pytest.raises(ValueError, match="not started"):
        run_model(warmed)
    warmed.start(scenario)
    with pytest.raises(RuntimeError, match="started already"):
        warmed.start(scenario)


def test_a_warmed_model_pickles_and_its_copy_runs_as_a_fresh_one():
    scenario = small(warmup_months=24, months=36)
    warmed = BTRModel(scenario, seed=8, start=False)
    copy = pickle.loads(pickle.dumps(warmed))
    fresh = run_scenario(scenario, seed=8)
    copied = run_model(copy.start(scenario))
    pd.testing.assert_frame_equal(copied.events, fresh.events)
    pd.testing.assert_frame_equal(copied.series, fresh.series)
    # The copy is independent: running it leaves the original at month 0.
    assert warmed.month == 0 and not warmed.started


# -- common random numbers at month 0 ------------------------------------------------------------


def world_state(model: BTRModel) -> dict:
    """Every state variable of the world at month 0 that no rule sets directly."""
    cadres = sorted(model.agents_by_type[Cadre], key=lambda c: c.unique_id)
    return {
        "trust": model.citizens.trust.copy(),
        "central_trust": model.citizens.central_trust.copy(),
        "attention": model.citizens.attention.copy(),
        "propensity": model.citizens.propensity.copy(),
        "voicing": model.citizens.voicing.copy(),
        "post_mean": model.citizens.post_mean.copy(),
        "leanings": [s.leaning for s in model.supervisors],
        "cadres": [
            (
                c.unique_id,
                c.integrity,
                c.competence,
                c.ambition,
                c.connection,
                str(c.state),
                c.post,
                c.removed_month,
                c.recorded_culpability,
                c.reinstatements,
                c.quiet_return,
            )
            for c in cadres
        ],
        "holders": [c.unique_id for c in model.posts.holders],
        "quiet_returns": [c.unique_id for c in model.posts.quiet_returns],
        "cases": [[(due, inc.id) for due, inc, _ in s.cases] for s in model.supervisors],
        "removed": [c.unique_id for c in model.followup.removed],
        "approved": [c.unique_id for c in model.followup.approved],
        "incidents": [
            (i.id, i.post, i.severity, i.culpability) for i in model.accountability.incidents
        ],
        "hidden": [i.id for i in model.accountability.hidden],
        "awaiting": [i.id for i in model.accountability.awaiting_response],
        "streams": {name: model.streams[name].bit_generator.state for name in STREAMS},
    }


def assert_same_state(a: dict, b: dict) -> None:
    for key in a:
        if isinstance(a[key], np.ndarray):
            np.testing.assert_array_equal(a[key], b[key], err_msg=key)
        else:
            assert a[key] == b[key], key


@pytest.mark.parametrize("seed", [4, 5])
def test_every_arm_of_a_seed_starts_month_0_in_the_same_state(seed):
    # The paired difference of every state variable at month 0 is exactly zero.
    states = {name: world_state(BTRModel(arm(name), seed)) for name in ARMS}
    reference = states.pop("status_quo")
    assert len(reference["cadres"]) > 20 and reference["removed"] + reference["approved"]
    assert reference["hidden"] and reference["incidents"]
    for state in states.values():
        assert_same_state(reference, state)
    # The comparison can fail: a warm-up under the arm's own rules is another state.
    own = world_state(BTRModel(arm("legal", before="own"), seed))
    with pytest.raises(AssertionError):
        assert_same_state(reference, own)
