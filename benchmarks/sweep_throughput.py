"""Throughput of a sweep of the default scenario: serial vs worker processes vs Dask.

Runs the same experiment (the default scenario, ``--runs`` replications, summaries and monthly
series stored) three times into fresh results folders, serially, on a pool of ``--workers``
processes, and on a local Dask cluster of ``--workers`` single-threaded workers, and prints
runs per second and the speed-up over serial. Times are wall-clock from the call of
``run_experiment`` to its return, so they include starting the workers and writing the store,
as a user of ``btr-sim run`` experiences them; each sweep is then repeated on an executor
already started and warmed up, as on a cluster whose workers outlive one sweep. The target is
a speed-up of at least 1.7 on two cores; other programs using the same cores lower it, so the
script also measures how much parallel work the machine delivers at that moment (the same
CPU-bound loop alone and in ``--workers`` processes at once), before and after, and prints the
load average.

The limit a sweep can reach is the runs themselves: ``runs x bare-run CPU / workers``, where
the bare-run CPU is the mean CPU time of ``BTRModel(scenario, seed).run()`` (warm-up
included) over the sweep's own seeds, measured in this process. Each executor's wall time is
printed over that ideal (target <= 1.1 on an idle machine).

Usage::

    .venv/bin/python benchmarks/sweep_throughput.py            # 64 runs, 2 workers
    .venv/bin/python benchmarks/sweep_throughput.py --runs 16 --months 60   # a quick look
    .venv/bin/python benchmarks/sweep_throughput.py --repeat 3   # warm: best of 3 rounds
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import tempfile
import time
from pathlib import Path

import pandas as pd

from btr_sim import BTRModel, Scenario, run_experiment
from btr_sim.experiments import ExperimentSpec, ResultsStore, plan_experiment
from btr_sim.experiments.executors import available_cores, open_executor
from btr_sim.experiments.worker import execute


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=64, help="replications (default 64)")
    parser.add_argument("--workers", type=int, default=2, help="workers (default 2)")
    parser.add_argument("--months", type=int, default=None, help="horizon (default: 240)")
    parser.add_argument(
        "--repeat", type=int, default=1, help="rounds over the executors; the best is kept"
    )
    args = parser.parse_args()

    scenario = Scenario() if args.months is None else Scenario(months=args.months)
    spec = ExperimentSpec(
        name="sweep_throughput", scenarios=[scenario], replications=args.runs, master_seed=1
    )
    print(
        f"Sweep: default scenario ({scenario.world.n_posts} posts, "
        f"{scenario.world.n_citizens} citizens, {scenario.months} months) x {args.runs} runs; "
        f"{available_cores()} core(s) available; load average before: {_load()}"
    )
    overhead(spec)
    bare = bare_run_cpu(spec)
    ideal = args.runs * bare / args.workers
    print(
        f"Bare run (BTRModel(scenario, seed).run(), warm-up included): {bare * 1e3:.0f} ms CPU; "
        f"ideal sweep = {args.runs} x {bare:.3f} s / {args.workers} workers = {ideal:.1f} s"
    )
    before = machine_parallelism(args.workers)
    print(
        f"Machine parallelism before, with {args.workers} processes: {before:.2f} "
        f"(ideal {args.workers})"
    )
    executors = {
        "serial": "serial",
        f"{args.workers} processes": "process",
        f"Dask, {args.workers} workers": "dask",
    }
    cold: dict[str, list[float]] = {label: [] for label in executors}
    warm: dict[str, list[float]] = {label: [] for label in executors}
    tables = {}
    with tempfile.TemporaryDirectory(prefix="btr-sim-bench-") as scratch:
        # Rounds interleave the executors, so that a burst of load from other programs falls
        # on all of them alike.
        for round_ in range(args.repeat):
            for label, executor in executors.items():
                out = Path(scratch) / f"{executor}-{round_}"
                start = time.perf_counter()
                run_experiment(
                    spec, out=out, executor=executor, workers=args.workers, progress=False
                )
                cold[label].append(time.perf_counter() - start)
                tables[label] = pd.read_parquet(out / "runs.parquet")
                # The same sweep on an executor already started and warmed up (workers
                # running, the model imported), as on a cluster that outlives a sweep.
                with open_executor(executor, workers=args.workers) as pool:
                    list(pool.map(_warm_up, range(4 * args.workers)))
                    start = time.perf_counter()
                    run_experiment(
                        spec, out=Path(scratch) / f"{executor}-warm-{round_}", executor=pool,
                        progress=False,
                    )  # fmt: skip
                    warm[label].append(time.perf_counter() - start)
                print(
                    f"  round {round_ + 1}: {label:<18} {cold[label][-1]:6.1f} s end to end, "
                    f"{warm[label][-1]:6.1f} s started and warm   (load average {_load()})",
                    flush=True,
                )
    # End to end: the first round, when each executor starts from nothing as in a fresh
    # `btr-sim run` (later rounds reuse the fork server that preloads the model). Started
    # and warm: the best round.
    first = {label: times[0] for label, times in cold.items()}
    best_warm = {label: min(times) for label, times in warm.items()}
    print(f"Throughput (end to end: first round; started and warm: best of {args.repeat}):")
    for label in executors:
        print(
            f"  {label:<20} {args.runs / first[label]:5.2f} runs/s end to end, "
            f"{args.runs / best_warm[label]:5.2f} runs/s with the executor already started"
        )
    print("Speed-up over serial (target >= 1.7 on 2 cores):")
    for label in executors:
        if label != "serial":
            print(
                f"  {label:<20} {first['serial'] / first[label]:5.2f}x end to end, "
                f"{best_warm['serial'] / best_warm[label]:5.2f}x with the executor already started"
            )
    print(f"Wall time over the ideal {ideal:.1f} s (target <= 1.1 on an idle machine):")
    for label in executors:
        workers = 1 if label == "serial" else args.workers
        own = args.runs * bare / workers  # serial's ideal is all runs on one core
        print(
            f"  {label:<20} {first[label] / own:5.2f}x end to end, "
            f"{best_warm[label] / own:5.2f}x with the executor already started"
            + ("  (ideal on 1 core)" if workers == 1 else "")
        )
    after = machine_parallelism(args.workers)
    # On a shared machine the cores the sweep gets are fewer than the workers: the ideal is
    # then runs x bare-run CPU / the parallelism measured, before and after, on average.
    share = (before + after) / 2
    print(
        f"Wall time over runs x bare-run CPU / the machine's measured parallelism {share:.2f} "
        f"= {args.runs * bare / share:.1f} s (what the machinery adds beyond contention):"
    )
    for label in executors:
        if label != "serial":
            own = args.runs * bare / share
            print(
                f"  {label:<20} {first[label] / own:5.2f}x end to end, "
                f"{best_warm[label] / own:5.2f}x with the executor already started"
            )
    print(
        f"Machine parallelism after, with {args.workers} processes: {after:.2f} (other programs "
        "on the same cores lower it, and with it any speed-up)"
    )
    first = next(iter(tables.values()))
    same = all(t.equals(first) for t in tables.values())
    print(f"Identical runs.parquet across executors: {same}")


def overhead(spec: ExperimentSpec, n: int = 4) -> None:
    """Print the CPU time per run of the simulation and of storing it (this process only).

    What the machinery adds to each run bounds its parallel efficiency apart from start-up
    and from other programs on the same cores.
    """
    plan = plan_experiment(spec.model_copy(update={"replications": n}))
    tasks = plan.tasks()
    execute(tasks[0])  # warm caches
    start = time.process_time()
    outcomes = [execute(task) for task in tasks]
    simulate = (time.process_time() - start) / n
    with tempfile.TemporaryDirectory(prefix="btr-sim-bench-") as scratch:
        store = ResultsStore(scratch, plan)
        store.open()
        start = time.process_time()
        for task, outcome in zip(tasks, outcomes, strict=True):
            store.write(task, pickle.loads(pickle.dumps(outcome)))  # as if from a worker
        keep = (time.process_time() - start) / n
        store.close(complete=True)
    print(
        f"CPU per run: simulation {simulate * 1e3:.0f} ms; receiving and storing it "
        f"{keep * 1e3:.1f} ms ({keep / simulate:.1%})"
    )


def bare_run_cpu(spec: ExperimentSpec, n: int = 8) -> float:
    """Mean CPU seconds of a bare ``BTRModel(scenario, seed).run()`` over the sweep's seeds.

    What a run costs without any of the sweep's machinery (no summary, no store, no worker):
    the floor of a sweep's cost per run.
    """
    tasks = plan_experiment(spec).tasks()[:n]
    BTRModel(tasks[0].scenario, seed=tasks[0].seed).run()  # warm caches, not timed
    start = time.process_time()
    for task in tasks:
        BTRModel(task.scenario, seed=task.seed).run()
    return (time.process_time() - start) / len(tasks)


def _warm_up(_: int) -> None:
    import btr_sim.experiments.worker  # noqa: F401  (the import a worker makes for its first run)


def _burn(_: int = 0) -> float:
    """A fixed amount of pure-Python work; returns its wall time."""
    start = time.perf_counter()
    total = 0
    for i in range(6_000_000):
        total += i % 7
    return time.perf_counter() - start


def machine_parallelism(workers: int) -> float:
    """How many times one process's work the machine does now with ``workers`` processes.

    Runs the same CPU-bound loop alone and in ``workers`` processes at once: on idle cores the
    ratio is close to ``workers``; other programs on the same cores bring it down. It bounds
    the speed-up any executor can show at that moment.
    """
    alone = _burn()
    context = multiprocessing.get_context("spawn")
    with context.Pool(workers) as pool:
        pool.map(_burn, range(workers))  # start-up and imports, not timed
        start = time.perf_counter()
        pool.map(_burn, range(workers))
        together = time.perf_counter() - start
    return workers * alone / together


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not on every platform
        return "n/a"


if __name__ == "__main__":
    main()
