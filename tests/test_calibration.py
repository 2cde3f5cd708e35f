"""The calibrated status quo meets its targets; the calibration procedure scores and picks.

The targets' ranges come from docs/sources.md (docs/validation.md). A check passes when the
mean over a fixed set of replication seeds lies in the range: the seeds are fixed, so the
verdict is reproducible. The quick test uses 8 replications; the slow one 30, and also checks
that the whole 95% confidence interval of each share overlaps its range.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from btr_sim import run_scenario
from btr_sim.cli import main
from btr_sim.config import Scenario
from btr_sim.core.randomness import replication_seeds
from btr_sim.experiments import run_experiment
from btr_sim.loading import load_scenario
from btr_sim.validation.calibration import (
    confirmation_experiment,
    fitted_values,
    score_design,
    write_fitted,
)
from btr_sim.validation.suite import CONFIGS, replication_mean
from btr_sim.validation.targets import CALIBRATION_TARGETS, REFORM_TARGETS, Target


def _summaries(scenario: Scenario, n: int, master: int) -> list[dict[str, float]]:
    return [run_scenario(scenario, s).summary for s in replication_seeds(master, n)]


@pytest.fixture(scope="module")
def quick_baseline() -> list[dict[str, float]]:
    return _summaries(load_scenario(CONFIGS / "status_quo.yaml"), 8, 606)


@pytest.mark.parametrize("target", CALIBRATION_TARGETS, ids=lambda t: t.name)
def test_calibrated_baseline_meets_target(quick_baseline, target: Target):
    mean, _, _ = replication_mean(s[target.metric] for s in quick_baseline)
    assert target.met(mean), (target.name, mean, target.low, target.high)


def test_status_quo_file_is_the_defaults():
    # The calibration fits the defaults; the status quo file only names them.
    loaded = load_scenario(CONFIGS / "status_quo.yaml")
    assert loaded.model_dump(exclude={"name", "description"}) == Scenario().model_dump(
        exclude={"name", "description"}
    )


@pytest.mark.parametrize("reform", ["reform_2009", "reform_2014"])
def test_reformed_rules_no_return_within_a_year(reform: str):
    scenario = load_scenario(CONFIGS / f"{reform}.yaml", {"months": 120})
    assert scenario.reinstatement.cooling_off_months == 12
    for seed in replication_seeds(7, 3):
        result = run_scenario(scenario, seed)
        months = result.events.loc[result.events["event"] == "reinstatement", "value"]
        assert (months >= 12).all()
        for target in REFORM_TARGETS:
            assert target.met(result.summary[target.metric])


def test_reform_rules_allow_returns_at_all():
    # The 12-month check must be able to fail: under the 2009 and 2014 rules cadres do
    # return, only later; the status quo returns some within the year.
    early = _summaries(load_scenario(CONFIGS / "status_quo.yaml", {"months": 120}), 3, 8)
    for reform in ("reform_2009.yaml", "reform_2014.yaml"):
        late = _summaries(load_scenario(CONFIGS / reform, {"months": 240}), 3, 8)
        assert sum(s["reinstatement_rate"] for s in late) > 0, reform
        assert sum(s["early_reinstatements_per_100cy"] for s in late) == 0, reform
    assert sum(s["early_reinstatements_per_100cy"] for s in early) > 0


def test_target_distance_and_margin():
    t = Target("t", "", "", "m", 0.2, 0.4)
    assert t.distance(0.3) == 0 and t.met(0.3)
    assert t.distance(0.1) == pytest.approx(0.5)
    assert t.distance(0.6) == pytest.approx(1.0)
    assert t.distance(math.nan) == 1.0 and not t.met(math.nan)
    assert t.margin(0.3) == pytest.approx(0.5) and t.margin(0.1) < 0
    point = Target("p", "", "", "m", 0.0, 0.0)
    assert point.distance(0.05) == pytest.approx(0.5)
    assert point.margin(0.0) == math.inf


def test_replication_mean():
    mean, low, high = replication_mean([1.0, 2.0, 3.0, math.nan])
    assert mean == 2.0 and low < 2.0 < high
    assert replication_mean([5.0]) == (5.0, 5.0, 5.0)
    assert all(math.isnan(x) for x in replication_mean([math.nan]))


def test_score_design_picks_the_point_inside_the_ranges(tmp_path):
    # Two points differing only in the reinstatement hazard: none returns at 0, so the
    # reinstatement targets are missed; the calibrated hazard meets them.
    experiment = {
        "name": "calib_test",
        "scenarios": [str(CONFIGS / "status_quo.yaml")],
        "design": {
            "kind": "grid",
            "parameters": {"reinstatement.monthly_hazard": [0.0, 0.0734]},
        },
        "replications": 2,
        "master_seed": 3,
        "months": 120,
    }
    results = run_experiment(experiment, out=tmp_path / "r", executor="serial", progress=False)
    scores = score_design(results)
    assert len(scores) == 2
    assert scores["score"].is_monotonic_increasing
    assert fitted_values(scores) == {"reinstatement.monthly_hazard": 0.0734}
    worst = scores.iloc[-1]
    assert worst["design.reinstatement.monthly_hazard"] == 0.0
    assert worst["d.reinstated_share"] > 0
    path = write_fitted(scores, tmp_path / "fitted.yaml")
    fitted = load_scenario(path)
    assert fitted.reinstatement.monthly_hazard == pytest.approx(0.0734)
    confirm = confirmation_experiment(scores, CONFIGS / "status_quo.yaml", top=1, replications=2)
    assert confirm["scenarios"][0]["reinstatement.monthly_hazard"] == 0.0734


def test_calibrate_command_confirms_and_writes_fitted(tmp_path, capsys):
    experiment = {
        "name": "calib_cli",
        "scenarios": [str(CONFIGS / "status_quo.yaml")],
        "design": {"kind": "grid", "parameters": {"reinstatement.monthly_hazard": [0.0, 0.0734]}},
        "replications": 2,
        "months": 120,
    }
    results = run_experiment(experiment, out=tmp_path / "r", executor="serial", progress=False)
    args = ["calibrate", str(results.path), "--confirm", "1", "--replications", "2"]
    assert main([*args, "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "reinstatement.monthly_hazard: 0.0734" in out
    assert (results.path / "confirm" / "runs.parquet").exists()
    fitted = load_scenario(results.path / "fitted.yaml")
    assert fitted.reinstatement.monthly_hazard == pytest.approx(0.0734)


def test_calibrate_command_refuses_a_folder_without_results(tmp_path, capsys):
    assert main(["calibrate", str(tmp_path)]) == 2
    assert "not a results folder" in capsys.readouterr().err


@pytest.mark.slow
def test_calibrated_baseline_meets_every_target_over_30_seeds():
    summaries = _summaries(Scenario(), 30, 20260601)
    frame = pd.DataFrame(summaries)
    for target in CALIBRATION_TARGETS:
        mean, low, high = replication_mean(frame[target.metric])
        assert target.met(mean), (target.name, mean)
        assert low <= target.high and high >= target.low, (target.name, low, high)
    assert np.all(frame["share_announced"] == 0)
