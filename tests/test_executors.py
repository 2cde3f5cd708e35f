"""Determinism across executors: serial, a process pool and Dask give the same tables."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import pandas as pd
import pytest
from conftest import tiny_experiment

import btr_sim

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
