"""The robustness summary and scenario discovery, against results computed by hand."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml

from btr_sim.cli import main
from btr_sim.experiments.spec import Criterion
from btr_sim.sensitivity.aggregate import world_means
from btr_sim.sensitivity.discovery import best_rule, failure_by_thirds
from btr_sim.sensitivity.robustness import robustness_summary, world_effects
from tests.conftest import TINY_SCENARIO

CRITERIA = {
    "raises_credibility": Criterion(outcome="credibility_end", better="higher"),
    "lowers_impunity": Criterion(outcome="impunity_per_100cy", better="lower"),
}


def synthetic_runs() -> pd.DataFrame:
    """4 worlds x (status quo, reform, other) x 2 replications, as runs.parquet has them."""
    rows = []
    # (world, policy): (credibility of replications 0 and 1, impunity of replications 0 and 1)
    values = {
        (0, "status_quo"): ((0.40, 0.50), (2.0, 4.0)),
        (0, "reform"): ((0.50, 0.60), (1.0, 1.0)),  # cred 0.55 > 0.45; impunity 1 < 3: both
        (0, "other"): ((0.30, 0.40), (3.0, 3.0)),  # cred 0.35 < 0.45; impunity 3 = 3: neither
        (1, "status_quo"): ((0.60, 0.60), (1.0, 1.0)),
        (1, "reform"): ((0.50, 0.60), (2.0, 2.0)),  # cred 0.55 < 0.60; impunity 2 > 1: neither
        (1, "other"): ((0.70, 0.70), (0.0, 0.0)),  # both
        (2, "status_quo"): ((0.20, 0.30), (5.0, 5.0)),
        (2, "reform"): ((0.30, 0.40), (4.0, 6.0)),  # cred 0.35 > 0.25; impunity 5 = 5: one
        (2, "other"): ((0.30, 0.20), (4.0, np.nan)),  # cred 0.25 = 0.25; impunity 4 < 5
        (3, "status_quo"): ((0.50, 0.50), (2.0, 2.0)),
        (3, "reform"): ((0.60, np.nan), (1.0, 1.0)),  # one run failed: cred 0.6 > 0.5; 1 < 2
        (3, "other"): ((np.nan, np.nan), (np.nan, np.nan)),  # both runs failed: undefined
    }
    for (world, policy), (cred, imp) in values.items():
        for rep in (0, 1):
            failed = (policy == "other" and world == 3) or (policy, world, rep) == ("reform", 3, 1)
            rows.append(
                {
                    "run_id": f"world={world},{policy}#{rep}",
                    "replication": rep,
                    "status": "failed" if failed else "ok",
                    "design.world": world,
                    "design.policy": policy,
                    "credibility_end": cred[rep],
                    "impunity_per_100cy": imp[rep],
                }
            )
    return pd.DataFrame(rows)


def test_robustness_summary_equals_the_hand_computed_one():
    means = world_means(synthetic_runs(), ["credibility_end", "impunity_per_100cy"])
    assert means.loc[(0, "status_quo"), "credibility_end"] == pytest.approx(0.45)
    assert means.loc[(2, "other"), "impunity_per_100cy"] == pytest.approx(4.0)  # NaN skipped
    assert math.isnan(means.loc[(3, "other"), "credibility_end"])
    summary = robustness_summary(world_effects(means, "status_quo", CRITERIA))
    expected = pd.DataFrame(
        {
            "countermeasure": ["reform", "reform", "other", "other"],
            "criterion": ["raises_credibility", "lowers_impunity"] * 2,
            # reform: credibility better in worlds 0, 2, 3 (not 1); impunity in 0, 3 (1 worse,
            # 2 a tie). other: credibility in 1 only (0 worse, 2 a tie, 3 undefined);
            # impunity in 1 and 2 (0 a tie, 3 undefined).
            "worlds": [4, 4, 3, 3],
            "successes": [3, 2, 1, 2],
            "share": [3 / 4, 2 / 4, 1 / 3, 2 / 3],
            # Effects: reform cred +0.10, -0.05, +0.10, +0.10; impunity -2, +1, 0, -1.
            "mean_effect": [0.0625, -0.5, (-0.10 + 0.10 + 0.0) / 3, (0.0 - 1.0 - 1.0) / 3],
        }
    )
    got = summary[list(expected.columns)]
    pd.testing.assert_frame_equal(got, expected, check_exact=False, atol=1e-12)
    # Each share with its 95% Wilson interval over the worlds (3 of 4: [0.301, 0.954]).
    assert summary.loc[0, ["share_low", "share_high"]].tolist() == pytest.approx(
        [0.30064, 0.95441], abs=1e-5
    )
    assert (summary["share_low"] < summary["share"]).all()
    assert (summary["share"] < summary["share_high"]).all()


def test_scenario_discovery_equals_the_hand_computed_one():
    # Six worlds of two parameters in [0, 3]; the countermeasure fails where a > 2 (and once
    # where a is low), whatever b is.
    worlds = pd.DataFrame(
        {"a": [0.5, 1.5, 2.2, 2.5, 2.9, 0.2], "b": [2.8, 0.1, 1.5, 2.9, 0.4, 1.0]},
        index=pd.Index(range(6), name="world"),
    )
    failed = pd.Series([True, False, True, True, True, False], index=worlds.index)
    thirds = failure_by_thirds(worlds, failed, {"a": (0.0, 3.0), "b": (0.0, 3.0)})
    # a: low third (<= 1) holds worlds 0, 5 -> 1 of 2 fail; high third (>= 2) holds 2, 3, 4:
    # all fail. b: low third holds 1, 4, 5 -> 1 of 3; high third holds 0, 3 -> 2 of 2.
    # Sorted by the size of the difference: b (2/3) before a (1/2).
    assert thirds["parameter"].tolist() == ["b", "a"]
    expected = [[3, 1 / 3, 2, 1.0, 2 / 3], [2, 0.5, 3, 1.0, 0.5]]
    assert thirds.drop(columns="parameter").to_numpy() == pytest.approx(np.array(expected))
    assert list(thirds.columns[1:]) == [
        "low_worlds",
        "low_failure_rate",
        "high_worlds",
        "high_failure_rate",
        "difference",
    ]
    rule = best_rule(worlds, failed, min_coverage=0.5)
    # a > 1.85 (between 1.5 and 2.2) holds worlds 2, 3, 4: 3 of the 4 failures (coverage
    # 0.75), all failing (density 1). No rule with coverage >= 0.5 is denser; b > 2.15 has
    # density 1 but coverage 0.5, lower.
    assert rule is not None
    assert (rule["parameter"], rule["direction"]) == ("a", ">")
    assert rule["threshold"] == pytest.approx(1.85)
    assert (rule["coverage"], rule["density"], rule["worlds"], rule["failures"]) == (
        0.75,
        1.0,
        3,
        3,
    )
    assert rule["base_rate"] == pytest.approx(4 / 6)
    assert best_rule(worlds, pd.Series(False, index=worlds.index)) is None


def test_cli_robustness_end_to_end_matches_its_runs(tmp_path, capsys):
    experiment = {
        "name": "tiny_robustness",
        "scenarios": [
            {"name": "status_quo", **TINY_SCENARIO},
            {"name": "legal", **TINY_SCENARIO, "procedure": {"rule": "formal"}},
        ],
        "uncertainties": {"cadres.stigma": [0.05, 0.4], "news.impunity": [0.7, 1.3]},
        "robustness": {"worlds": 3, "seed": 2},
        "replications": 2,
        "master_seed": 9,
        "record": ["summary"],
    }
    path = tmp_path / "tiny.yaml"
    path.write_text(yaml.safe_dump(experiment, sort_keys=False), encoding="utf-8")
    out = tmp_path / "res"
    assert main(["robustness", str(path), "--out", str(out), "--executor", "serial", "-q"]) == 0
    assert "raises_credibility" in capsys.readouterr().out
    summary = pd.read_csv(out / "analysis" / "robustness.csv")
    runs = pd.read_parquet(out / "runs.parquet")
    assert len(runs) == 3 * 2 * 2 and (runs["status"] == "ok").all()
    # Recompute the credibility share from runs.parquet directly.
    mean = runs.groupby(["design.world", "design.policy"])["credibility_end"].mean().unstack()
    share = float((mean["legal"] > mean["status_quo"]).mean())
    row = summary.set_index(["countermeasure", "criterion"]).loc[("legal", "raises_credibility")]
    assert row["worlds"] == 3 and row["share"] == pytest.approx(share)
    assert (out / "analysis" / "robustness.png").stat().st_size > 1000
    assert (out / "analysis" / "world_effects.csv").exists()


def test_shipped_robustness_study_uses_the_countermeasures_levers():
    from pathlib import Path

    from btr_sim.config import RULE_KEYS
    from btr_sim.experiments import plan_experiment
    from btr_sim.experiments.ranges import parameter_value
    from btr_sim.sensitivity.worlds import robustness_worlds

    root = Path(__file__).resolve().parents[1] / "experiments"
    robust = plan_experiment(root / "robustness.yaml", worlds=robustness_worlds)
    levers = plan_experiment(root / "countermeasures.yaml")
    assert robust.reference == "status_quo" and len(robust.seeds) >= 2
    same_as = {
        "status_quo": "moral=off,legal=off,supporting=off",
        "moral": "moral=on,legal=off,supporting=off",
        "legal": "moral=off,legal=on,supporting=off",
        "supporting": "moral=off,legal=off,supporting=on",
        "full_reform": "moral=on,legal=on,supporting=on",
    }
    # Compare what the study does not vary: the world's size and the uncertain parameters aside.

    def comparable(scenario) -> dict:
        data = scenario.model_dump(mode="json", exclude={"name", "description", "world"})
        for path in robust.uncertain:
            section, key = path.split(".")
            data[section].pop(key)
            if section in data["before"]:  # a world holds under the warm-up's rules too
                data["before"][section].pop(key)
        return data

    points = {p.name: p.scenario for p in levers.points}
    width = len(str(len(robust.factors["world"]) - 1))
    for policy, lever_point in same_as.items():
        world0 = next(p for p in robust.points if p.name == f"world={0:0{max(3, width)}d},{policy}")
        assert comparable(world0.scenario) == comparable(points[lever_point]), policy
        for path in robust.uncertain:  # and the world's values really are applied
            assert parameter_value(world0.scenario, path) == world0.factors[path]
            if path.split(".")[0] in RULE_KEYS:  # in the rules of the warm-up as well
                assert parameter_value(world0.scenario.before, path) == world0.factors[path]
