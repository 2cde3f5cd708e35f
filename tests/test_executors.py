"""Determinism across executors: serial, a process pool and Dask give the same tables."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from conftest import tiny_experiment

import btr_sim
from btr_sim.experiments import plan_experiment
from btr_sim.experiments.worker import execute, group_tasks

TABLES = ("runs.parquet", "series.parquet", "events.parquet")


@pytest.fixture(scope="module")
def experiment(tmp_path_factory):
    import yaml

    path = tmp_path_factory.mktemp("experiment") / "experiment.yaml"
    data = tiny_experiment(
        design={"kind": "grid", "parameters": {"transparency": [0.1, 0.5, 0.9]}}, replications=4
    )
    path.write_text(yaml.safe_dump(data))
    return path


@pytest.fixture(scope="module")
def serial(experiment, tmp_path_factory):
    out = tmp_path_factory.mktemp("serial") / "out"
    btr_sim.run_experiment(experiment, out=out, executor="serial", progress=False)
    return out


def assert_same_tables(a, b):
    for table in TABLES:
        pd.testing.assert_frame_equal(pd.read_parquet(a / table), pd.read_parquet(b / table))
        assert (a / table).read_bytes() == (b / table).read_bytes(), table


@pytest.mark.parametrize(
    "executor", ["process", "dask", "threads"], ids=["process-pool-2", "dask-local-2", "threads"]
)
def test_executors_give_identical_tables(experiment, serial, tmp_path, executor):
    out = tmp_path / "out"
    if executor == "threads":  # any concurrent.futures.Executor will do
        with ThreadPoolExecutor(2) as pool:
            btr_sim.run_experiment(experiment, out=out, executor=pool, progress=False)
    else:
        pytest.importorskip("distributed") if executor == "dask" else None
        btr_sim.run_experiment(experiment, out=out, executor=executor, workers=2, progress=False)
    assert len(pd.read_parquet(out / "runs.parquet")) == 12
    assert_same_tables(serial, out)


def test_a_shared_warmup_gives_the_rows_of_runs_that_warm_up_alone(experiment, serial):
    # Each executor shares the warm-up of a seed among the design points (the tables above are
    # equal); here the shared runs equal runs that each warm up on their own.
    plan = plan_experiment(experiment)
    groups = group_tasks(plan.tasks())
    assert len(groups) == len(plan.seeds) and all(len(g.tasks) == 3 for g in groups)
    runs = pd.read_parquet(serial / "runs.parquet").set_index("run_id")
    series = pd.read_parquet(serial / "series.parquet")
    for task in plan.tasks():
        alone = execute(task)  # warms up by itself
        stored = runs.loc[task.run_id, list(alone.summary)].astype(float)
        assert pd.Series(alone.summary).equals(stored.rename(None)), task.run_id
        mine = series[series.run_id == task.run_id].set_index("month")[alone.series.columns]
        pd.testing.assert_frame_equal(mine, alone.series, check_names=False, check_dtype=False)
