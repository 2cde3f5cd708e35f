"""What the sweep machinery adds to a bare run, part by part (CPU time, this process).

Issue 17 measured a sweep's cost per run at 1.22x a bare ``BTRModel(scenario, seed).run()``:
the DataCollector, the summary's pandas filters over the event log, the store's per-run tables,
the construction of the Citizen agents. This prints, for the default scenario (warm-up
included) over ``--runs`` seeds, the CPU time of

- a bare run, and what a worker does per run (:func:`btr_sim.experiments.worker.execute`:
  run, event frame, series frame, summary), and their ratio;
- the run summary from the run's counters against the same summary from the event log;
- the event log turned into a DataFrame;
- the parent's cost of storing one run (``ResultsStore.write``, series recorded).

Usage::

    .venv/bin/python benchmarks/run_overhead.py            # 8 seeds, best of 3 rounds
    .venv/bin/python benchmarks/run_overhead.py --runs 4 --rounds 1

Each figure is the best round's mean per run: CPU time, which other programs on the same cores
change less than wall time. The load average is printed before and after.
"""

from __future__ import annotations

import argparse
import os
import pickle
import tempfile
import time
from collections.abc import Callable

from btr_sim import BTRModel, Scenario
from btr_sim.api import run_model
from btr_sim.core.metrics import RunRecord, summarize
from btr_sim.experiments import ExperimentSpec, ResultsStore, plan_experiment
from btr_sim.experiments.worker import execute


def best(rounds: int, n: int, work: Callable[[], None]) -> float:
    """The least, over ``rounds``, of the CPU seconds of ``work()`` divided by ``n``."""
    times = []
    for _ in range(rounds):
        start = time.process_time()
        work()
        times.append((time.process_time() - start) / n)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=8, help="seeds (default 8)")
    parser.add_argument("--rounds", type=int, default=3, help="rounds; the best is kept")
    args = parser.parse_args()
    print(f"load average before: {_load()}")
    spec = ExperimentSpec(
        name="overhead", scenarios=[Scenario()], replications=args.runs, master_seed=1
    )
    plan = plan_experiment(spec)
    tasks = plan.tasks()
    execute(tasks[0])  # imports and caches, not timed

    bare = best(
        args.rounds,
        len(tasks),
        lambda: [BTRModel(t.scenario, seed=t.seed).run() for t in tasks],
    )
    worker = best(args.rounds, len(tasks), lambda: [execute(t) for t in tasks])
    print(f"bare run BTRModel(scenario, seed).run(): {bare * 1e3:7.1f} ms CPU")
    print(f"worker's run (execute: run, frames, summary): {worker * 1e3:7.1f} ms CPU, "
          f"{worker / bare:.3f}x the bare run")  # fmt: skip

    models = [BTRModel(t.scenario, seed=t.seed) for t in tasks]
    results = [run_model(m) for m in models]
    records = [
        (r.scenario, r.seed, r.events, r.series, m.events.tally)
        for r, m in zip(results, models, strict=True)
    ]
    tally = best(args.rounds, len(records), lambda: [summarize(RunRecord(*rec)) for rec in records])
    log = best(
        args.rounds, len(records), lambda: [summarize(RunRecord(*rec[:4])) for rec in records]
    )
    frame = best(args.rounds, len(models), lambda: [m.events.to_frame() for m in models])
    events = sum(len(m.events) for m in models) / len(models)
    print(
        f"summary from the counters: {tally * 1e3:6.2f} ms; from the event log: {log * 1e3:6.2f} ms"
    )
    print(f"event log to a DataFrame ({events:,.0f} events): {frame * 1e3:6.2f} ms")

    outcomes = [pickle.loads(pickle.dumps(execute(t))) for t in tasks]  # as from a worker
    with tempfile.TemporaryDirectory(prefix="btr-sim-bench-") as scratch:
        store = ResultsStore(scratch, plan, batch_seconds=1e9)  # held: the write, not the disk
        store.open()
        store_s = best(
            args.rounds,
            len(tasks),
            lambda: [store.write(t, o) for t, o in zip(tasks, outcomes, strict=True)],
        )
        store.close(complete=True)
    print(f"parent's cost of storing one run (ResultsStore.write): {store_s * 1e3:6.2f} ms, "
          f"{store_s / bare:.1%} of a bare run")  # fmt: skip
    print(f"load average after: {_load()}")


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "n/a"


if __name__ == "__main__":
    main()
