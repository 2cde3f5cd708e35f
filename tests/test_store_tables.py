"""The store's Arrow tables, built column by column, are what ``pa.Table.from_pandas`` builds.

``ResultsStore._hold`` converts each column with ``pa.array(..., from_pandas=True)`` instead of
building a DataFrame and converting it (issue 17: a third of the parent's cost per run). Here
the tables of real runs — a factorial of text levels, a grid of numbers, a failed run, and
series and events — are compared with the tables the DataFrame route gives.
"""

from __future__ import annotations

import pandas as pd
import pyarrow as pa
import pytest
from conftest import small

from btr_sim.experiments import ExperimentSpec, ResultsStore, plan_experiment
from btr_sim.experiments.worker import RunOutcome, execute


def _from_pandas(frame: pd.DataFrame, schema: pa.Schema) -> pa.Table:
    table = pa.Table.from_pandas(frame, schema=schema, preserve_index=False)
    return table.replace_schema_metadata(None)


def _with_ids(frame: pd.DataFrame, ids: dict) -> pd.DataFrame:
    front = pd.DataFrame({k: [v] * len(frame) for k, v in ids.items()}, index=frame.index)
    return pd.concat([front, frame], axis=1)


@pytest.mark.parametrize(
    "design",
    [
        {"kind": "factorial", "levers": {"supporting": {"off": {}, "on": {"transparency": 0.8}}}},
        {"kind": "grid", "parameters": {"transparency": [0.1, 0.9]}},
    ],
)
def test_held_tables_equal_the_dataframe_route(tmp_path, design):
    spec = ExperimentSpec(
        name="tables",
        scenarios=[small(months=6, warmup_months=0).model_copy(update={"name": "s"})],
        design=design,
        replications=2,
        record=["summary", "series", "events"],
    )
    plan = plan_experiment(spec)
    store = ResultsStore(tmp_path / "out", plan, batch_seconds=1e9)  # all held, none written
    tasks = plan.tasks()
    outcomes = [execute(task) for task in tasks]
    outcomes[-1] = RunOutcome(tasks[-1].run_id, None, error="ValueError: x")
    for task, outcome in zip(tasks, outcomes, strict=True):
        store.write(task, outcome)
    held = {kind: pa.concat_tables(tables) for kind, tables in store._held.items()}

    expected: dict[str, list[pa.Table]] = {kind: [] for kind in held}
    for task, outcome in zip(tasks, outcomes, strict=True):
        ids = {
            "run_id": task.run_id,
            "scenario": task.scenario.name,
            "replication": task.replication,
            "seed": task.seed,
        }
        if outcome.ok:
            expected["series"].append(
                _from_pandas(_with_ids(outcome.series.reset_index(), ids), store.schemas["series"])
            )
            expected["events"].append(
                _from_pandas(_with_ids(outcome.events, ids), store.schemas["events"])
            )
        row = {
            **ids,
            "status": "ok" if outcome.ok else "failed",
            "error": outcome.error,
            **{f"design.{k}": v for k, v in store._factors[task.scenario.name].items()},
            **{n: (outcome.summary or {}).get(n, float("nan")) for n in plan.outcomes},
        }
        expected["summary"].append(_from_pandas(pd.DataFrame([row]), store.schemas["summary"]))
    for kind, table in held.items():
        assert table.equals(pa.concat_tables(expected[kind])), kind
    assert held["summary"].column("status").to_pylist()[-1] == "failed"
