"""Damaged results folders: found and named, set aside, repaired by a rerun; never garbage.

A table or part file cut short or with bytes changed, or a table that lost rows: the reader
(and so compare, plot, report) refuses the folder naming the files and how to repair it; a
rerun moves the damaged files to damaged/, runs their runs again and ends with exactly the
tables of an undamaged run, every good row kept.
"""

from __future__ import annotations

import shutil
import warnings

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
import yaml
from conftest import tiny_experiment
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import btr_sim
from btr_sim.cli import main
from btr_sim.experiments import plan_experiment
from btr_sim.experiments.store import DamagedResultsWarning, ResultsStore
from btr_sim.experiments.worker import execute
from btr_sim.results import ResultsError, open_results

TABLES = ("runs", "series", "events")


@pytest.fixture(scope="module")
def experiment(tmp_path_factory):
    folder = tmp_path_factory.mktemp("damage")
    path = folder / "tiny.yaml"
    path.write_text(yaml.safe_dump(tiny_experiment(replications=4)), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def clean(experiment):
    out = experiment.parent / "clean"
    return btr_sim.run_experiment(experiment, out=out, executor="serial", progress=False)


def same_as_clean(results, clean) -> None:
    for table in TABLES:
        pd.testing.assert_frame_equal(getattr(results, table), getattr(clean, table))
    assert results.manifest["runs_done"] == clean.manifest["runs_done"] and results.complete


def rerun(experiment, out):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        results = btr_sim.run_experiment(experiment, out=out, executor="serial", progress=False)
    return results, [w for w in caught if issubclass(w.category, DamagedResultsWarning)]


def truncate(path, keep: float = 0.5) -> bytes:
    data = path.read_bytes()
    path.write_bytes(data[: int(len(data) * keep)])
    return data[: int(len(data) * keep)]


def killed_with_batches(experiment, out, runs: int = 6):
    """A folder as a process killed mid-experiment leaves it: batches in parts/, no tables."""
    plan = plan_experiment(experiment)
    store = ResultsStore(out, plan, batch_runs=2)
    store.open()
    for task in plan.tasks()[:runs]:
        store.write(task, execute(task))
    store._lock.close()  # the process dies: the kernel releases the lock, nothing else runs
    return sorted((out / "parts").iterdir())


@pytest.mark.parametrize("table", ["runs.parquet", "series.parquet", "events.parquet"])
def test_a_truncated_table_is_named_and_a_rerun_repairs_it(
    table, experiment, clean, tmp_path, capsys
):
    out = tmp_path / "out"
    shutil.copytree(clean.path, out)
    cut = truncate(out / table)
    # Reading refuses it, naming the file and the repair; every command exits 2.
    for command in ("compare", "plot", "report"):
        assert main([command, str(out)]) == 2
        err = capsys.readouterr().err
        assert table in err and "damaged" in err and "Traceback" not in err
        assert f"btr-sim run {experiment} --out {out}" in err
    results, warned = rerun(experiment, out)
    same_as_clean(results, clean)
    assert len(warned) == 1 and table in str(warned[0].message)
    (moved,) = (out / "damaged").glob(f"*/{table}")
    assert moved.read_bytes() == cut  # set aside as it was, not deleted


def test_a_table_that_lost_its_rows_is_damage_too(experiment, clean, tmp_path, capsys):
    # What a rerun once left behind: a runs.parquet that reads, with no rows.
    out = tmp_path / "out"
    shutil.copytree(clean.path, out)
    empty = pq.read_table(out / "runs.parquet").slice(0, 0)
    pq.write_table(empty, out / "runs.parquet")
    assert main(["compare", str(out)]) == 2
    assert "holds 0 rows, but the manifest counted 8" in capsys.readouterr().err
    results, warned = rerun(experiment, out)
    same_as_clean(results, clean)
    assert warned and "runs.parquet" in str(warned[0].message)


def test_a_truncated_part_file_sets_its_batch_aside(experiment, clean, tmp_path):
    out = tmp_path / "out"
    parts = killed_with_batches(experiment, out)
    series = [p for p in parts if p.name.endswith(".series.parquet")]
    truncate(series[0])
    results, warned = rerun(experiment, out)
    same_as_clean(results, clean)
    assert len(warned) == 1 and series[0].name in str(warned[0].message)
    assert {p.name for p in (out / "damaged").glob("*/parts/*")} >= {series[0].name}


def test_left_over_batches_of_a_killed_process_are_taken_up(experiment, clean, tmp_path):
    out = tmp_path / "out"
    killed_with_batches(experiment, out)
    results, warned = rerun(experiment, out)
    same_as_clean(results, clean)
    assert not warned and not (out / "damaged").exists()


def test_the_series_of_a_run_cut_short_make_it_run_again(experiment, clean, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(clean.path, out)
    series = pq.read_table(out / "series.parquet")
    pq.write_table(series.slice(0, series.num_rows - 3), out / "series.parquet")
    with pytest.raises(ResultsError, match=r"series\.parquet: holds"):
        open_results(out)
    results, warned = rerun(experiment, out)
    same_as_clean(results, clean)
    assert "1 stored run(s) run again" in str(warned[0].message)


# -- any damage, anywhere ------------------------------------------------------------------------

DAMAGE = st.tuples(
    st.sampled_from(["runs.parquet", "series.parquet", "events.parquet", "part"]),
    st.sampled_from(["truncate", "overwrite"]),
    st.floats(min_value=0.0, max_value=0.999),
    st.binary(min_size=1, max_size=16),
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(damage=DAMAGE)
def test_any_damage_is_refused_or_harmless_and_a_rerun_repairs_it(
    experiment, clean, tmp_path_factory, damage
):
    which, how, where, junk = damage
    out = tmp_path_factory.mktemp("any") / "out"
    if which == "part":
        parts = killed_with_batches(experiment, out)
        target = parts[int(where * len(parts))]
    else:
        shutil.copytree(clean.path, out)
        target = out / which
    data = bytearray(target.read_bytes())
    at = int(where * len(data))
    if how == "truncate":
        data = data[:at]
    else:
        data[at : at + len(junk)] = junk
    target.write_bytes(bytes(data))
    if which != "part":
        try:
            results = open_results(out)
            tables = [results.runs, results.series, results.events]
        except ResultsError as exc:
            assert "damaged" in str(exc) or which in str(exc)
        else:  # undetected damage must be harmless: the same rows as before
            for got, want in zip(tables, [clean.runs, clean.series, clean.events], strict=True):
                pd.testing.assert_frame_equal(got, want)
    results, _ = rerun(experiment, out)
    same_as_clean(results, clean)


def test_a_table_with_another_schema_is_damage(experiment, clean, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(clean.path, out)
    wrong = pa.table({"run_id": ["x"], "month": [0]})
    pq.write_table(wrong, out / "series.parquet")
    results, warned = rerun(experiment, out)
    same_as_clean(results, clean)
    assert warned and "series.parquet" in str(warned[0].message)
