"""CPU time the results store spends per run, in the process that writes the folder.

Runs an experiment's tasks once (256 runs of the default world over 240 months, with series
and event logs), then times, best of three, what the store does with their outcomes: taking
each finished run, writing the batches and writing the tables. The parent's share of a sweep
is this figure; the runs themselves happen in the workers.

    .venv/bin/python benchmarks/store_cost.py
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "tests"))

from conftest import tiny_experiment  # noqa: E402

from btr_sim.experiments.plan import plan_experiment  # noqa: E402
from btr_sim.experiments.store import ResultsStore  # noqa: E402
from btr_sim.experiments.worker import execute  # noqa: E402


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        root = Path(scratch)
        path = root / "store_cost.yaml"
        experiment = tiny_experiment(scenarios=[{"name": "base", "months": 240}], replications=128)
        path.write_text(yaml.safe_dump(experiment), encoding="utf-8")
        plan = plan_experiment(path)
        tasks = plan.tasks()
        outcomes = [execute(task) for task in tasks]
        times = []
        for attempt in range(3):
            store = ResultsStore(root / f"out{attempt}", plan)
            store.open()
            start = time.process_time()
            for task, outcome in zip(tasks, outcomes, strict=True):
                store.write(task, outcome)
            store.close(complete=True)
            times.append(time.process_time() - start)
    best = min(times)
    print(
        f"results store, {len(tasks)} runs with series and events: {best:.2f} s of CPU, "
        f"{1000 * best / len(tasks):.1f} ms per run (best of 3)"
    )


if __name__ == "__main__":
    main()
