"""Sensitivity analysis through the experiments' machinery, checked on SALib's Ishigami function."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import yaml

from btr_sim.cli import main
from btr_sim.cli.worlds import file_worlds
from btr_sim.experiments import plan_experiment
from btr_sim.loading import ConfigError
from btr_sim.results.contract import RUNS
from btr_sim.sensitivity import run_sensitivity
from btr_sim.sensitivity.worlds import robustness_worlds
from tests.support.ishigami import S1 as ISHIGAMI_S1
from tests.support.ishigami import ST as ISHIGAMI_ST

PI = math.pi


def ishigami_experiment(**sensitivity) -> dict:
    return {
        "name": "ishigami",
        "model": "tests.support.ishigami:ishigami",
        "uncertainties": {"x1": [-PI, PI], "x2": [-PI, PI], "x3": [-PI, PI]},
        "sensitivity": {"outcomes": ["y"], "seed": 3, **sensitivity},
        "replications": 1,
        "master_seed": 3,
    }


def test_analytic_indices_of_the_ishigami_function():
    # The textbook values (Saltelli et al. 2008, Global Sensitivity Analysis, ch. 4).
    assert pytest.approx((0.3139, 0.4424, 0.0), abs=1e-4) == ISHIGAMI_S1
    assert pytest.approx((0.5576, 0.4424, 0.2437), abs=1e-4) == ISHIGAMI_ST


def test_sobol_recovers_ishigami_indices_through_executor_and_store(tmp_path):
    out = tmp_path / "sobol"
    study = run_sensitivity(
        ishigami_experiment(samples=256),
        method="sobol",
        out=out,
        executor="serial",
        progress=False,
    )
    # Every Saltelli point went through the store: N (D + 2) = 256 x 5 runs, all ok.
    runs = pd.read_parquet(out / RUNS)
    assert len(runs) == 256 * 5 and (runs["status"] == "ok").all()
    table = study.indices.set_index("parameter")
    # Tolerance 0.1: at N = 256 the bootstrap CI half-widths of this sample are 0.03-0.09.
    assert table["S1"].to_numpy() == pytest.approx(ISHIGAMI_S1, abs=0.1)
    assert table["ST"].to_numpy() == pytest.approx(ISHIGAMI_ST, abs=0.1)
    assert (table["S1_conf"] > 0).all() and (table["ST_conf"] > 0).all()
    # The ranking the function is known for: x2 first-order largest, x3 only by interaction.
    assert table["S1"].idxmax() == "x2" and table["ST"].idxmax() == "x1"
    assert table.loc["x3", "ST"] > 0.15 > abs(table.loc["x3", "S1"])
    names = {p.name for p in study.files}
    assert {"sobol_indices.csv", "sobol_indices.md", "sobol_y.png"} <= names
    # Rerunning resumes the same folder: nothing new runs, the same indices come back.
    again = run_sensitivity(
        ishigami_experiment(samples=256),
        method="sobol",
        out=out,
        executor="serial",
        progress=False,
    )
    pd.testing.assert_frame_equal(again.indices, study.indices)


def test_morris_elementary_effects_of_x2_are_exact(tmp_path):
    # On a 4-level grid the step is 2/3 of the range (4 pi / 3), from -pi to pi/3 or from
    # -pi/3 to pi; 7 sin^2 changes by 7 x 3/4 either way, so every elementary effect of x2 is
    # +-(21/4) / (2/3) = +-7.875, whatever the trajectories: mu* = 7.875 and its CI is zero.
    study = run_sensitivity(
        ishigami_experiment(trajectories=12, levels=4),
        method="morris",
        out=tmp_path / "morris",
        executor="serial",
        progress=False,
    )
    table = study.indices.set_index("parameter")
    assert table.loc["x2", "mu_star"] == pytest.approx(7.875, rel=1e-9)
    assert table.loc["x2", "mu_star_conf"] == pytest.approx(0, abs=1e-9)
    assert len(pd.read_parquet(tmp_path / "morris" / RUNS)) == 12 * 4


def test_cli_sensitivity_writes_tables_and_figures(tmp_path, capsys):
    path = tmp_path / "ishigami.yaml"
    path.write_text(yaml.safe_dump(ishigami_experiment(trajectories=4)), encoding="utf-8")
    out = tmp_path / "res"
    argv = ["sensitivity", str(path), "--method", "morris", "--out", str(out)]
    assert main([*argv, "--executor", "serial", "-q"]) == 0
    printed = capsys.readouterr().out
    assert "mu_star" in printed and "wrote" in printed
    table = pd.read_csv(out / "analysis" / "morris_indices.csv")
    assert list(table["parameter"]) == ["x1", "x2", "x3"]
    assert (out / "analysis" / "morris_y.png").stat().st_size > 1000
    # An unknown outcome is bad input: status 2 and a message, not a traceback.
    assert main([*argv, "--outcome", "credibilty", "-q"]) == 2
    assert "unknown outcome 'credibilty'" in capsys.readouterr().err


def test_uncertain_worlds_cross_the_design_with_common_seeds(write_experiment):
    from tests.conftest import tiny_experiment

    path = write_experiment(
        tiny_experiment(
            uncertainties={"cadres.stigma": [0.1, 0.3], "reinstatement.cooling_off_months": [0, 6]},
            robustness={"worlds": 4, "seed": 1},
        )
    )
    plan = plan_experiment(path, worlds=robustness_worlds)
    assert len(plan.points) == 4 * 2 and plan.reference == "supporting=off"
    assert list(plan.factors)[:4] == [
        "world",
        "cadres.stigma",
        "reinstatement.cooling_off_months",
        "policy",
    ]
    by_world: dict[int, list] = {}
    for point in plan.points:
        by_world.setdefault(point.factors["world"], []).append(point)
    for points in by_world.values():
        stigma = {p.scenario.cadres.stigma for p in points}
        months = {p.scenario.reinstatement.cooling_off_months for p in points}
        assert len(stigma) == 1 and len(months) == 1  # a world is the same under each policy
        assert 0.1 <= stigma.pop() <= 0.3 and isinstance(months.pop(), int)
        assert [p.factors["policy"] for p in points] == ["supporting=off", "supporting=on"]
    assert len({p.scenario.cadres.stigma for p in plan.points}) == 4
    # The worlds are a Latin hypercube: one world in each quarter of the stigma range.
    quarters = sorted(int((v - 0.1) / 0.05) for v in plan.factors["cadres.stigma"])
    assert quarters == [0, 1, 2, 3]
    # A different sample of worlds is a different experiment.
    five = {"robustness": {"worlds": 5, "seed": 1}}
    assert plan_experiment(path, overrides=five, worlds=robustness_worlds).hash != plan.hash


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        (
            {"uncertainties": {"cadres.stigm": [0, 1]}, "robustness": {}},
            "did you mean 'cadres.stigma'",
        ),
        ({"uncertainties": {"cadres.stigma": [0.5, 0.1]}, "robustness": {}}, "must be below"),
        # Checked before any sampler runs: SALib never sees the reversed bounds.
        ({"uncertainties": {"cadres.stigma": [0.5, 0.1]}, "sensitivity": {}}, "must be below"),
        ({"uncertainties": {"procedure.rule": [0, 1]}, "robustness": {}}, "not numeric"),
        ({"uncertainties": {"cadres.stigma": [0.1, 0.3]}}, "say how to sample them"),
        ({"model": "btr_sim.nowhere:f"}, "model: cannot import"),
        ({"model": "tests.support.ishigami:S1"}, "has no function"),
        ({"robustness": {"worlds": 1}}, "robustness.worlds"),
        ({"sensitivity": {"method": "fast"}}, "sensitivity.method"),
    ],
)
def test_bad_uncertainties_are_reported_where_written(write_experiment, fields, message):
    from tests.conftest import tiny_experiment

    with pytest.raises(ConfigError, match=message.replace("(", r"\(")):
        plan_experiment(write_experiment(tiny_experiment(**fields)), worlds=file_worlds)


UNCERTAIN = {"cadres.stigma": [0.1, 0.3], "reinstatement.cooling_off_months": [0, 6]}


def test_a_table_of_worlds_is_crossed_with_the_design(write_experiment):
    # As a caller with worlds of its own passes them (draws from a posterior, say): no ranges.
    from tests.conftest import tiny_experiment

    path = write_experiment(tiny_experiment())
    draws = pd.DataFrame(
        {"cadres.stigma": [0.05, 0.2, 0.1], "reinstatement.cooling_off_months": [2.6, 0, 12]}
    )
    plan = plan_experiment(path, worlds=draws)
    assert plan.uncertain == ("cadres.stigma", "reinstatement.cooling_off_months")
    assert plan.n_runs == 3 * 2 * 3 and plan.reference == "supporting=off"
    assert [p.name for p in plan.points[:3]] == [
        "world=000,supporting=off",
        "world=000,supporting=on",
        "world=001,supporting=off",
    ]
    first = plan.points[0].scenario
    # A whole-number parameter takes the nearest whole number.
    assert first.cadres.stigma == 0.05 and first.reinstatement.cooling_off_months == 3
    assert plan.factors["reinstatement.cooling_off_months"] == [3, 0, 12]
    assert plan.points[1].scenario.transparency == 0.8  # the policy is still applied
    # The same table is the same experiment; another table is another.
    assert plan_experiment(path, worlds=draws.to_dict("list")).hash == plan.hash
    assert plan_experiment(path, worlds=draws.iloc[:2]).hash != plan.hash


def test_a_sampler_draws_from_the_spec_as_overridden(write_experiment):
    from tests.conftest import tiny_experiment

    path = write_experiment(tiny_experiment(uncertainties=UNCERTAIN))
    seen = []

    def sampler(spec):
        seen.append((spec.master_seed, spec.replications))
        return robustness_worlds(spec)

    plan = plan_experiment(path, master_seed=7, replications=2, worlds=sampler)
    assert seen == [(7, 2)] and len(plan.factors["world"]) == 32  # robustness: defaults
    # The sampler's problems are the file's.
    with pytest.raises(ConfigError, match="say how to sample them") as err:
        plan_experiment(path, worlds=file_worlds)
    assert str(path) in str(err.value)


@pytest.mark.parametrize(
    ("worlds", "message"),
    [
        (None, "no worlds were given"),
        ({"cadres.stigma": [0.1, 0.2]}, "every uncertain parameter, and no other"),
        ({**UNCERTAIN, "cadres.moral_weight": [1, 1]}, "every uncertain parameter, and no other"),
        ({"cadres.stigma": [0.1], "reinstatement.cooling_off_months": [1, 2]}, "same number"),
        ({"cadres.stigma": [], "reinstatement.cooling_off_months": []}, "same number"),
        (
            {"cadres.stigma": [0.1, np.nan], "reinstatement.cooling_off_months": [1, 2]},
            "worlds.cadres.stigma: world 1 has no finite value",
        ),
        (
            {"cadres.stigma": [0.1, 0.2], "reinstatement.cooling_off_months": [1, -4]},
            "world 1: reinstatement.cooling_off_months",
        ),
    ],
)
def test_bad_worlds_are_refused_with_the_file(write_experiment, worlds, message):
    from tests.conftest import tiny_experiment

    path = write_experiment(tiny_experiment(uncertainties=UNCERTAIN))
    with pytest.raises(ConfigError, match=message) as err:
        plan_experiment(path, worlds=worlds)
    assert str(path) in str(err.value)


def test_model_hook_records_its_own_outcomes(tmp_path):
    plan = plan_experiment(ishigami_experiment(trajectories=2), worlds=file_worlds)
    assert plan.outcomes == ("y",) and plan.record == ("summary",)
    task = plan.tasks()[0]
    assert set(task.inputs) == {"x1", "x2", "x3"}
    assert np.isfinite(list(task.inputs.values())).all()
