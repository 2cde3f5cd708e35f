"""Running experiments: the results folder's contract, resuming, failures, reproduction, export."""

from __future__ import annotations

import json
import warnings

import numpy as np
import pandas as pd
import pytest
from conftest import TINY_SCENARIO, tiny_experiment

import btr_sim
from btr_sim.cli import main
from btr_sim.config import Scenario
from btr_sim.core.metrics import SERIES, SUMMARY
from btr_sim.experiments import ExperimentSpec, StoreMismatchError, plan_experiment, worker

MANIFEST_KEYS = {
    "experiment", "description", "hash", "spec", "design", "reference", "scenarios",
    "replications", "master_seed", "months", "seeds", "record", "versions", "git_revision",
    "platform", "started", "finished", "runs_total", "runs_done", "runs_failed",
}  # fmt: skip


def run(path, out, **kwargs):
    return btr_sim.run_experiment(path, out=out, executor="serial", progress=False, **kwargs)


@pytest.fixture
def counted(monkeypatch):
    """Count the runs executed (serial executor: the worker runs in this process)."""
    calls = []
    real = worker.run_one

    def counting(scenario, seed, warmed=None):
        calls.append((scenario.name, seed))
        return real(scenario, seed, warmed)

    monkeypatch.setattr(worker, "run_one", counting)
    return calls


def test_results_folder_follows_the_contract(write_experiment, tmp_path):
    path = write_experiment(tiny_experiment())
    results = run(path, tmp_path / "out")
    plan = plan_experiment(path)
    m = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert set(m) >= MANIFEST_KEYS
    assert m["hash"] == plan.hash and m["seeds"] == list(plan.seeds)
    assert m["design"] == {"kind": "factorial", "factors": {"supporting": ["off", "on"]}}
    assert m["runs_total"] == m["runs_done"] == 6 and m["runs_failed"] == 0
    assert m["finished"] >= m["started"] and m["record"] == ["summary", "series", "events"]
    assert list(m["scenarios"]) == ["supporting=off", "supporting=on"]
    assert Scenario.model_validate(m["scenarios"]["supporting=on"]).transparency == 0.8

    runs = results.runs
    assert list(runs.columns[:7]) == [
        "run_id", "scenario", "replication", "seed", "status", "error", "design.supporting",
    ]  # fmt: skip
    assert list(runs.columns[7:]) == list(SUMMARY)
    assert list(runs.run_id) == [f"{s}#{r}" for s in m["scenarios"] for r in range(3)]
    assert (runs.status == "ok").all() and (runs.error == "").all()
    # Common random numbers: replication k has the same seed in every design point.
    assert (
        runs.pivot(index="replication", columns="scenario", values="seed")
        .nunique(axis=1)
        .eq(1)
        .all()
    )
    assert list(runs.seed[:3]) == m["seeds"]

    series = results.series
    assert list(series.columns) == ["run_id", "scenario", "replication", "seed", "month", *SERIES]
    assert len(series) == 6 * (TINY_SCENARIO["months"] + 1)
    assert series.groupby("run_id").month.apply(list).map(lambda m: m == list(range(13))).all()
    events = results.events
    assert set(events.run_id) <= set(runs.run_id) and len(events) > 0
    assert results.complete and results.failed_runs.empty


def test_rerun_skips_stored_runs_and_keeps_the_tables(write_experiment, tmp_path, counted):
    path = write_experiment(tiny_experiment())
    out = tmp_path / "out"
    run(path, out)
    assert len(counted) == 6
    before = {
        f: (out / f).read_bytes() for f in ("runs.parquet", "series.parquet", "events.parquet")
    }
    run(path, out)
    assert len(counted) == 6  # nothing ran again
    assert {f: (out / f).read_bytes() for f in before} == before


def test_the_warmup_is_paid_once_per_seed(write_experiment, tmp_path, monkeypatch, counted):
    warmups = []

    class Counting(worker.WarmedWorld):
        def __init__(self, scenario, seed):
            warmups.append(seed)
            super().__init__(scenario, seed)

    monkeypatch.setattr(worker, "WarmedWorld", Counting)
    path = write_experiment(tiny_experiment())  # 2 design points x 3 seeds
    run(path, tmp_path / "out")
    assert len(counted) == 6 and sorted(warmups) == sorted(plan_experiment(path).seeds)


def test_interrupted_in_process_then_resumed_equals_uninterrupted(
    write_experiment, tmp_path, monkeypatch
):
    path = write_experiment(tiny_experiment(replications=4))
    clean = run(path, tmp_path / "clean")
    real = worker.run_one
    done = []

    def interrupted(scenario, seed, warmed=None):
        if len(done) == 5:
            raise KeyboardInterrupt  # Ctrl-C in the middle of the sixth run
        done.append(seed)
        return real(scenario, seed, warmed)

    monkeypatch.setattr(worker, "run_one", interrupted)
    with pytest.raises(KeyboardInterrupt):
        run(path, tmp_path / "out")
    partial = btr_sim.open_results(tmp_path / "out")
    # Stored: the runs of the groups that finished (each seed's two design points share a
    # warm-up and come back together), not the fifth run, whose group was interrupted.
    assert len(partial.runs) == 4 and partial.manifest["finished"] is None
    monkeypatch.setattr(worker, "run_one", real)
    resumed = run(path, tmp_path / "out")
    pd.testing.assert_frame_equal(resumed.runs, clean.runs)
    pd.testing.assert_frame_equal(resumed.series, clean.series)
    pd.testing.assert_frame_equal(resumed.events, clean.events)


def test_a_failing_run_is_recorded_and_the_others_complete(
    write_experiment, tmp_path, monkeypatch, capsys
):
    path = write_experiment(tiny_experiment())
    plan = plan_experiment(path)
    bad_seed = plan.seeds[1]
    real = worker.run_one

    def sometimes(scenario, seed, warmed=None):
        if scenario.name == "supporting=on" and seed == bad_seed:
            raise RuntimeError("injected failure")
        return real(scenario, seed, warmed)

    monkeypatch.setattr(worker, "run_one", sometimes)
    out = tmp_path / "out"
    status = main(["run", str(path), "--out", str(out), "--executor", "serial", "--quiet"])
    assert status == 1
    err = capsys.readouterr().err
    assert "1 run(s) failed" in err and "supporting=on#1" in err and "injected failure" in err
    results = btr_sim.open_results(out)
    runs = results.runs.set_index("run_id")
    assert runs.loc["supporting=on#1", "status"] == "failed"
    assert runs.loc["supporting=on#1", "error"] == "RuntimeError: injected failure"
    assert np.isnan(runs.loc["supporting=on#1", "credibility_end"])
    assert (runs.drop("supporting=on#1").status == "ok").all()
    assert set(results.series.run_id) == set(runs.index) - {"supporting=on#1"}
    assert results.manifest["runs_done"] == 5 and results.manifest["runs_failed"] == 1
    assert "injected failure" in (out / "failures.log").read_text()

    # A rerun retries the failed run only, and ends as a clean run would.
    monkeypatch.setattr(worker, "run_one", real)
    assert main(["run", str(path), "--out", str(out), "--executor", "serial", "--quiet"]) == 0
    clean = run(path, tmp_path / "clean")
    pd.testing.assert_frame_equal(btr_sim.open_results(out).runs, clean.runs)
    pd.testing.assert_frame_equal(btr_sim.open_results(out).series, clean.series)


def test_a_folder_of_another_experiment_is_refused(write_experiment, tmp_path, capsys):
    out = tmp_path / "out"
    run(write_experiment(tiny_experiment()), out)
    other = write_experiment(tiny_experiment(master_seed=1), "other.yaml")
    with pytest.raises(StoreMismatchError, match="not of this experiment"):
        run(other, out)
    assert main(["run", str(other), "--out", str(out), "--quiet"]) == 2
    assert "choose another --out" in capsys.readouterr().err
    (tmp_path / "stray").mkdir()
    (tmp_path / "stray" / "notes.txt").write_text("mine")
    assert main(["run", str(other), "--out", str(tmp_path / "stray"), "--quiet"]) == 2
    assert "not a results folder" in capsys.readouterr().err
    assert (tmp_path / "stray" / "notes.txt").read_text() == "mine"


def test_a_stored_row_is_reproduced_by_run_scenario_seed(write_experiment, tmp_path):
    path = write_experiment(tiny_experiment())
    results = run(path, tmp_path / "out")
    row = results.runs.iloc[4]
    scenario_file = results.scenario_file(row.scenario)
    one = tmp_path / "one"
    assert main(["run", str(scenario_file), "--seed", str(row.seed), "--out", str(one), "-q"]) == 0
    again = btr_sim.open_results(one).runs.iloc[0]
    assert again.scenario == row.scenario and again.seed == row.seed
    pd.testing.assert_series_equal(again[list(SUMMARY)], row[list(SUMMARY)], check_names=False)


def test_cli_overrides_for_a_quick_trial(write_experiment, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    path = write_experiment(tiny_experiment())
    argv = ["run", str(path), "-n", "2", "--months", "4", "--seed", "3", "--executor", "serial"]
    assert main([*argv, "-q"]) == 0
    results = btr_sim.open_results(tmp_path / "results" / "tiny")  # the default folder
    assert len(results.runs) == 4 and results.series.month.max() == 4
    assert results.manifest["master_seed"] == 3
    assert "supporting=on" in capsys.readouterr().out


def test_python_api_with_a_spec_and_the_ema_export(tmp_path):
    spec = ExperimentSpec(
        name="api",
        scenarios=[Scenario.model_validate({"name": "s", **TINY_SCENARIO})],
        design={"kind": "grid", "parameters": {"transparency": [0.1, 0.9]}},
        replications=2,
    )
    results = btr_sim.run_experiment(spec, out=tmp_path / "api", executor="serial", progress=False)
    assert len(results.runs) == 4 and "design.transparency" in results.runs
    experiments, outcomes = results.to_ema_workbench(series=True)
    assert len(experiments) == 4
    assert list(experiments.columns) == [
        "transparency", "replication", "seed", "scenario", "policy", "model",
    ]  # fmt: skip
    assert list(experiments.transparency) == list(results.runs["design.transparency"])
    assert list(experiments.policy) == list(results.runs.scenario)
    assert set(outcomes) == set(SUMMARY) | set(SERIES)
    np.testing.assert_array_equal(outcomes["credibility_end"], results.runs.credibility_end)
    assert outcomes["credibility"].shape == (4, TINY_SCENARIO["months"] + 1)
    first = results.series[results.series.run_id == results.runs.run_id[0]]
    np.testing.assert_array_equal(outcomes["credibility"][0], first.credibility)


def test_an_experiment_runs_on_its_own(write_experiment, tmp_path, capsys):
    path = write_experiment(tiny_experiment())
    scenario = tmp_path / "s.yaml"
    scenario.write_text("name: s\nmonths: 3\n")
    assert main(["run", str(path), str(scenario), "--quiet"]) == 2
    assert "an experiment file runs on its own" in capsys.readouterr().err


def test_resuming_with_other_code_warns_and_keeps_every_revision(write_experiment, tmp_path):
    # The hash covers parameters, not the model's code: resuming after the code changed must
    # not pass silently, and the manifest must name every revision that wrote rows.
    from btr_sim.experiments.provenance import git_revision
    from btr_sim.experiments.store import CodeChangedWarning

    path, out = write_experiment(tiny_experiment()), tmp_path / "out"
    btr_sim.run_experiment(path, out=out, executor="serial", progress=False)
    manifest_path = out / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    if git_revision() is None:
        pytest.skip("not in a git checkout: no code revision to compare")
    manifest["git_revision"], manifest["git_revisions"] = "0" * 40, ["0" * 40]
    manifest_path.write_text(json.dumps(manifest))
    with pytest.warns(CodeChangedWarning, match="0000000000"):
        btr_sim.run_experiment(path, out=out, executor="serial", progress=False)
    assert json.loads(manifest_path.read_text())["git_revisions"] == ["0" * 40, git_revision()]
    with warnings.catch_warnings():  # the same code again: nothing to warn about
        warnings.simplefilter("error", CodeChangedWarning)
        btr_sim.run_experiment(path, out=out, executor="serial", progress=False)
