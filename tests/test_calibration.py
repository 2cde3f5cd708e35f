"""Calibration by ABC-SMC: the file, the observation model, the sampler, determinism, resumption.

The ABC runs here are tiny (20 posts, 24 months, a handful of particles): they test the
machinery — the same master seed gives the same posterior whatever the executor, an interrupted
run resumed gives the posterior of an uninterrupted one — not the fit. The recovery test
(slow) checks the fit: data simulated at known parameter values, then calibrated, must put the
known values inside the 90% credible intervals.
"""

from __future__ import annotations

import dataclasses
import json
import random
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from conftest import small

pyabc = pytest.importorskip("pyabc")

from btr_sim import run_scenario  # noqa: E402
from btr_sim.cli import main  # noqa: E402
from btr_sim.config import Scenario  # noqa: E402
from btr_sim.core.randomness import replication_seeds  # noqa: E402
from btr_sim.experiments import SerialExecutor, open_executor  # noqa: E402
from btr_sim.experiments.posterior import read_posterior  # noqa: E402
from btr_sim.loading import ConfigError, load_scenario  # noqa: E402
from btr_sim.validation import facts as catalogue  # noqa: E402
from btr_sim.validation.abc import run_abc  # noqa: E402
from btr_sim.validation.abcfigures import posterior_summary  # noqa: E402
from btr_sim.validation.calibration import (  # noqa: E402
    CalibrationProblem,
    Predictive,
    Prior,
    load_calibration,
)
from btr_sim.validation.facts import Fact, Label, fact  # noqa: E402
from btr_sim.validation.likelihood import kernel_variances  # noqa: E402
from btr_sim.validation.observations import Estimate  # noqa: E402
from btr_sim.validation.sampler import ExecutorSampler  # noqa: E402
from btr_sim.validation.suite import CONFIGS  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def synthetic(name: str, measure: str, value: float, se: float) -> Fact:
    """A calibration fact of the status quo with a made-up observation (tests only)."""
    return Fact(
        name,
        name,
        measure,
        "status_quo",
        "China",
        Estimate(value, se),
        ("test",),
        Label.CALIBRATION,
    )


def tiny_problem(**fields) -> CalibrationProblem:
    """Two facts always defined in a 24-month run of 20 posts; one free parameter."""
    values = {
        "name": "tiny",
        "base": small(months=24),
        "rule_set": "status_quo",
        "facts": (
            synthetic("incidents", "incidents_per_100py", 25.0, 3.0),
            synthetic("credibility", "credibility_end", 0.58, 0.02),
        ),
        "priors": {"incidents.accident_rate": Prior(uniform=(0.005, 0.05))},
        "population": 6,
        "generations": 3,
        "replications": 1,
        "noise_replications": 3,
        "master_seed": 11,
        "predictive": Predictive(draws=3, replications=1),
    }
    return CalibrationProblem(**(values | fields))


# -- the calibration file and the problem -----------------------------------------------------


def test_the_shipped_calibration_file_loads():
    problem = load_calibration(ROOT / "experiments" / "calibration" / "status_quo.yaml")
    # The base is the rule set's file, warmed up under its own rules.
    assert problem.rule_set == "status_quo" and problem.base == load_scenario(
        CONFIGS / "status_quo.yaml", {"before": "own"}
    )
    assert all(f.label is Label.CALIBRATION for f in problem.facts)
    assert (
        problem.hash
        == load_calibration(ROOT / "experiments" / "calibration" / "status_quo.yaml").hash
    )
    trial = load_calibration(
        ROOT / "experiments" / "calibration" / "status_quo.yaml", {"population": 10}
    )
    assert trial.population == 10 and trial.hash != problem.hash


@pytest.mark.parametrize(
    ("priors", "message"),
    [
        ({"reinstatement.monthly_hazrd": {"uniform": [0.0, 0.1]}}, "did you mean"),
        ({"reinstatement.monthly_hazard": {"uniform": [0.2, 0.1]}}, "must be below"),
        ({"reinstatement.monthly_hazard": {"loguniform": [0.0, 0.1]}}, "low > 0"),
        ({"reinstatement.monthly_hazard": {"uniform": [0.0, 2.0]}}, "bound 2"),
        ({"reinstatement.monthly_hazard": {"normal": [0.0, 2.0]}}, "normal"),
    ],
)
def test_a_bad_calibration_file_names_the_field(tmp_path, priors, message):
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump({"name": "bad", "priors": priors}), encoding="utf-8")
    with pytest.raises(ConfigError, match=message) as info:
        load_calibration(path)
    assert str(path) in str(info.value)


def test_a_foreign_rule_set_cannot_be_calibrated(tmp_path):
    path = tmp_path / "de.yaml"
    data = {
        "name": "de",
        "rule_set": "germany_1969_2005",
        "priors": {"cadres.stigma": {"uniform": [0, 1]}},
    }
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    # The German system is modelled (configs/abroad/), but its only fact is a validation fact.
    with pytest.raises(ConfigError, match="no calibration fact observed under 'germany_1969_2005'"):
        load_calibration(path)


def test_kernel_variance_is_the_observations_plus_the_replication_means_noise():
    share = fact("reinstated_share")
    variances = kernel_variances([share], {"reinstated_share": 0.04}, replications=4)
    assert variances["reinstated_share"] == pytest.approx(share.observation.variance + 0.01)


# -- the sampler ------------------------------------------------------------------------------


def _coin_flip_simulate_one():
    """A pyabc-like closure: draws from numpy's global state, accepts about a third."""
    from pyabc.parameters import Parameter
    from pyabc.population import Particle

    def simulate_one():
        x = float(np.random.uniform())  # noqa: NPY002 - what pyabc does
        y = random.random()
        return Particle(
            m=0,
            parameter=Parameter({"x": x, "y": y}),
            weight=1.0,
            sum_stat={},
            distance=x,
            accepted=x < 0.35,
        )

    return simulate_one


def _drawn(executor, workers: int, chunk: int) -> tuple[list[float], int]:
    sampler = ExecutorSampler(executor, master_seed=5, workers=workers, chunk=chunk)
    sample = sampler.sample_until_n_accepted(7, _coin_flip_simulate_one(), t=2)
    accepted = [p.parameter["x"] for p in sample.accepted_particles]
    assert len(accepted) == 7 and all(x < 0.35 for x in accepted)
    return accepted, sampler.nr_evaluations_


def test_the_sampler_is_deterministic_whatever_the_executor_and_batches():
    serial = _drawn(SerialExecutor(), 1, 1)
    assert _drawn(SerialExecutor(), 3, 4) == serial
    with open_executor("process", workers=2) as pool:
        assert _drawn(pool, 2, 3) == serial
    other = ExecutorSampler(SerialExecutor(), master_seed=6)
    sample = other.sample_until_n_accepted(7, _coin_flip_simulate_one(), t=2)
    assert [p.parameter["x"] for p in sample.accepted_particles] != serial[0]


def test_the_sampler_keeps_candidates_up_to_the_nth_accepted():
    sampler = ExecutorSampler(SerialExecutor(), master_seed=5, workers=4, chunk=5)
    sample = sampler.sample_until_n_accepted(3, _coin_flip_simulate_one(), t=0)
    kept = sample.all_particles if sample.all_particles else sample.accepted_particles
    assert sampler.nr_evaluations_ <= sampler.evaluated
    assert sample.n_accepted == 3
    assert len(sample.accepted_particles) == 3 and len(kept) >= 3


# -- ABC-SMC: determinism, resumption, the folder --------------------------------------------


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    out = tmp_path_factory.mktemp("abc") / "plain"
    return run_abc(tiny_problem(), out, executor="serial", progress=False, predictive=False)


def test_abc_writes_the_posterior_and_its_tables(uninterrupted):
    run = uninterrupted
    root = run.folder.root
    for name in ("posterior.csv", "populations.csv", "generations.csv", "posterior.yaml"):
        assert (root / name).stat().st_size > 0, name
    for name in ("marginals.png", "pairs.svg", "calibration.md", "calibration.json", "abc.db"):
        assert (root / name).exists(), name
    medians = load_scenario(root / "medians.yaml")
    expected = posterior_summary(run.posterior, run.problem.priors)["median"].iloc[0]
    assert medians.incidents.accident_rate == pytest.approx(expected, rel=1e-2)
    assert run.generations["temperature"].iloc[-1] == 1.0
    assert run.generations["temperature"].is_monotonic_decreasing
    assert len(run.particles) == 6 and run.particles["weight"].sum() == pytest.approx(1.0)
    shipped = read_posterior(root / "posterior.yaml")
    assert shipped.parameters == ["incidents.accident_rate"]
    # The reader normalises the weights again: equal to the last bit or one rounding off.
    np.testing.assert_allclose(shipped.weights, run.posterior.weights, rtol=1e-15, atol=0)
    provenance = shipped.provenance
    assert provenance["budget"]["population"] == 6 and provenance["simulations"] > 0
    assert provenance["git_revision"] and provenance["wall_time_seconds"] > 0


def test_the_distance_sees_the_calibration_facts_only(uninterrupted):
    history = pyabc.History(uninterrupted.folder.database_url, _id=1)
    assert set(history.observed_sum_stat()) == {"incidents", "credibility"}


def _interrupted(out: Path, generation: int) -> None:
    """Run the tiny calibration into ``out``, stopped (Ctrl-C) early in ``generation``."""

    def interrupt(sampler):
        def on_batch(t, returned):
            if t == generation and returned >= 3:
                raise KeyboardInterrupt

        sampler.on_batch = on_batch

    with pytest.raises(KeyboardInterrupt):
        run_abc(
            tiny_problem(),
            out,
            executor="serial",
            progress=False,
            predictive=False,
            sampler_hook=interrupt,
        )


def test_abc_interrupted_and_resumed_gives_the_same_posterior(uninterrupted, tmp_path):
    out = tmp_path / "resumed"
    _interrupted(out, generation=1)
    assert len(pyabc.History(f"sqlite:///{out / 'abc.db'}", _id=1).get_all_populations()) == 2
    resumed = run_abc(tiny_problem(), out, executor="serial", progress=False, predictive=False)
    pd.testing.assert_frame_equal(resumed.populations, uninterrupted.populations)
    assert np.array_equal(resumed.posterior.weights, uninterrupted.posterior.weights)
    sessions = json.loads((out / "calibration.json").read_text())["sessions"]
    assert len(sessions) == 2


def test_collect_writes_the_tempered_posterior_of_the_generations_stored(uninterrupted, tmp_path):
    out = tmp_path / "stopped"
    with pytest.raises(ConfigError, match="no generation is stored"):
        run_abc(tiny_problem(), out, executor="serial", progress=False, sample=False)

    _interrupted(out, generation=len(uninterrupted.generations) - 1)
    stopped = run_abc(
        tiny_problem(), out, executor="serial", progress=False, predictive=False, sample=False
    )
    # The generations before the last, exactly as the uninterrupted run had them.
    kept = len(uninterrupted.generations) - 1
    assert len(stopped.generations) == kept
    before = uninterrupted.populations[uninterrupted.populations["generation"] < kept]
    pd.testing.assert_frame_equal(stopped.populations, before.reset_index(drop=True))
    temperature = stopped.posterior.provenance["final_temperature"]
    assert temperature == uninterrupted.generations["temperature"].iloc[kept - 1] > 1.0


def test_abc_with_another_seed_gives_another_posterior(uninterrupted, tmp_path):
    other = run_abc(
        tiny_problem(master_seed=12),
        tmp_path / "o",
        executor="serial",
        progress=False,
        predictive=False,
    )
    assert not other.particles["incidents.accident_rate"].equals(
        uninterrupted.particles["incidents.accident_rate"]
    )


def test_a_folder_of_another_calibration_is_refused(uninterrupted):
    with pytest.raises(ConfigError, match="another problem"):
        run_abc(tiny_problem(population=5), uninterrupted.folder.root, executor="serial")


# -- the command ------------------------------------------------------------------------------


def test_calibrate_command_runs_checks_and_resumes(tmp_path, capsys, monkeypatch):
    # A catalogue of facts always defined in a tiny run: two fitted, one held out.
    held_out = dataclasses.replace(
        synthetic("mean_credibility", "credibility_mean", 0.59, 0.02), label=Label.VALIDATION
    )
    fitted = tiny_problem().facts
    monkeypatch.setattr(catalogue, "FACTS", (*fitted, held_out))
    base = tmp_path / "tiny.yaml"
    base.write_text(
        yaml.safe_dump(
            {
                "months": 24,
                "world": {"n_supervisors": 4, "posts_per_supervisor": 5, "citizens_per_post": 10},
            }
        ),
        encoding="utf-8",
    )
    path = tmp_path / "calibration.yaml"
    path.write_text(
        yaml.safe_dump(
            {
                "name": "tiny_cli",
                "base": "tiny.yaml",
                "priors": {"incidents.accident_rate": {"uniform": [0.005, 0.05]}},
                "population": 4,
                "generations": 1,
                "replications": 1,
                "noise_replications": 2,
                "master_seed": 3,
                "predictive": {"draws": 2, "replications": 1},
            }
        ),
        encoding="utf-8",
    )
    out = tmp_path / "out"
    args = ["calibrate", str(path), "--executor", "serial", "--out", str(out), "--quiet"]
    assert main(args) == 0
    printed = capsys.readouterr().out
    assert "incidents.accident_rate" in printed
    assert "validation facts inside their 90% predictive interval" in printed
    predictive = pd.read_csv(out / "predictive.csv")
    assert list(predictive["fact"]) == ["incidents", "credibility", "mean_credibility"]
    assert list(predictive["label"]) == ["calibration", "calibration", "validation"]
    assert (out / "predictive.png").exists()
    assert main(args) == 0  # finished: a rerun resumes, samples nothing, writes again
    manifest = json.loads((out / "calibration.json").read_text())
    assert len(manifest["sessions"]) == 2
    assert main([*args[:-1], "--population", "5"]) == 2  # another problem, same folder


# -- recovery ----------------------------------------------------------------------------------


@pytest.mark.slow
def test_known_parameters_are_recovered_inside_the_90_percent_intervals(tmp_path):
    # Data simulated at known values of three parameters; each observation is the mean of 40
    # runs with its standard error. ABC with a small budget must put every known value inside
    # the posterior's 90% credible interval, and narrow the prior of the two rates the
    # incident counts pin (the reinstatement hazard is only weakly pinned by the share of a
    # few dozen removals: it must be covered, not narrowed).
    truth = {
        "incidents.accident_rate": 0.02,
        "incidents.misconduct_rate": 0.01,
        "reinstatement.monthly_hazard": 0.06,
    }
    world = {
        "months": 120,
        "world.n_supervisors": 4,
        "world.posts_per_supervisor": 10,
        "world.citizens_per_post": 10,
    }
    base = small(**{k.replace(".", "__"): v for k, v in world.items()})
    at_truth = small(**{k.replace(".", "__"): v for k, v in {**world, **truth}.items()})
    runs = [run_scenario(at_truth, s).summary for s in replication_seeds(99, 40)]
    observed = []
    for metric in ("incidents_per_100py", "misconduct_per_100py", "reinstatement_rate"):
        values = np.array([r[metric] for r in runs])
        values = values[~np.isnan(values)]
        se = float(values.std(ddof=1) / np.sqrt(len(values)))
        observed.append(synthetic(metric, metric, float(values.mean()), se))
    problem = tiny_problem(
        base=base,
        facts=tuple(observed),
        priors={
            "incidents.accident_rate": Prior(uniform=(0.005, 0.05)),
            "incidents.misconduct_rate": Prior(uniform=(0.0, 0.03)),
            "reinstatement.monthly_hazard": Prior(uniform=(0.005, 0.2)),
        },
        population=60,
        generations=4,
        replications=2,
        noise_replications=20,
        master_seed=2024,
    )
    run = run_abc(
        problem, tmp_path / "recovery", executor="process", progress=False, predictive=False
    )
    summary = posterior_summary(run.posterior, problem.priors).set_index("parameter")
    for name, value in truth.items():
        row = summary.loc[name]
        assert row["low"] <= value <= row["high"], (name, value, row.to_dict())
    for name in ("incidents.accident_rate", "incidents.misconduct_rate"):
        assert summary.loc[name, "width_ratio"] < 0.6, (name, summary.loc[name].to_dict())


def test_status_quo_file_is_the_defaults():
    # The calibration fits the defaults; the status quo file only names them.
    loaded = load_scenario(CONFIGS / "status_quo.yaml")
    assert loaded.model_dump(exclude={"name", "description"}) == Scenario().model_dump(
        exclude={"name", "description"}
    )
