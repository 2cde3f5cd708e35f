"""The saving of a shared warm-up: an 8-arm x N-seed experiment with and without sharing.

Each seed's runs of ``experiments/countermeasures.yaml`` (8 design points, the default world
and warm-up) share their warm-up. The script runs every seed's runs twice in this process, in
alternating order, so that both see the same machine:

- **shared**: as the experiment runner does (``execute_group``): the world warms up once, is
  pickled, and each arm starts from a copy;
- **alone**: each run warms up on its own (``execute`` per run, as before the warm-up was
  shared);

and prints wall and CPU time of each, their ratio, and where the time goes (one warm-up, one
pickle round trip, one run after month 0), with the load average. It also checks that the two
give the same outcomes. The store and the executor are the same either way and are left out.

Usage::

    .venv/bin/python benchmarks/warmup_sharing.py                  # 8 arms x 5 seeds
    .venv/bin/python benchmarks/warmup_sharing.py --seeds 10
    .venv/bin/python benchmarks/warmup_sharing.py --quick          # 8 arms x 2 seeds, 60 months
"""

from __future__ import annotations

import argparse
import os
import pickle
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd

from btr_sim.api import run_model
from btr_sim.core.model import BTRModel
from btr_sim.experiments import plan_experiment
from btr_sim.experiments.worker import RunGroup, execute, execute_group, group_tasks

EXPERIMENT = Path(__file__).resolve().parents[1] / "experiments" / "countermeasures.yaml"


def timed(fn: Callable[[], Any]) -> tuple[Any, float, float]:
    """``fn()``, its wall time and its CPU time (this process), in seconds."""
    wall, cpu = time.perf_counter(), time.process_time()
    out = fn()
    return out, time.perf_counter() - wall, time.process_time() - cpu


def compare(groups: list[RunGroup]) -> pd.DataFrame:
    """Wall and CPU time of each seed's runs, shared and alone, in alternating order."""
    rows = []
    for i, group in enumerate(groups):
        order = ("shared", "alone") if i % 2 == 0 else ("alone", "shared")
        outcomes = {}
        for how in order:
            run = (
                (lambda g=group: execute_group(g))
                if how == "shared"
                else (lambda g=group: [execute(t) for t in g.tasks])
            )
            outcomes[how], wall, cpu = timed(run)
            rows.append({"seed": group.tasks[0].seed, "how": how, "wall_s": wall, "cpu_s": cpu})
        for a, b in zip(outcomes["shared"], outcomes["alone"], strict=True):
            if not pd.Series(a.summary).equals(pd.Series(b.summary)):
                raise AssertionError(f"{a.run_id}: the shared warm-up gave another result")
    return pd.DataFrame(rows)


def breakdown(group: RunGroup) -> dict[str, float]:
    """Wall time of one warm-up, one pickle round trip and one run after month 0."""
    task = group.tasks[0]
    warmed, warm_s, _ = timed(lambda: BTRModel(task.scenario, task.seed, start=False))
    blob, dump_s, _ = timed(lambda: pickle.dumps(warmed, protocol=5))
    copy, load_s, _ = timed(lambda: pickle.loads(blob))
    _, run_s, _ = timed(lambda: run_model(copy.start(task.scenario)))
    return {
        "warm-up": warm_s,
        "pickle (once)": dump_s,
        "unpickle (per run)": load_s,
        "run from month 0": run_s,
        "snapshot MiB": len(blob) / 2**20,
    }


def main(argv: list[str] | None = None) -> int:
    """Run the comparison and print it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=5, help="replications (default 5)")
    parser.add_argument("--months", type=int, default=None, help="horizon (default: the file's)")
    parser.add_argument("--quick", action="store_true", help="2 seeds, 60 months")
    args = parser.parse_args(argv)
    seeds, months = (2, 60) if args.quick else (args.seeds, args.months)
    plan = plan_experiment(EXPERIMENT, replications=seeds, months=months)
    groups = group_tasks(plan.tasks())
    scenario = plan.points[0].scenario
    print(
        f"{plan.name}: {len(plan.points)} arms x {seeds} seeds = {plan.n_runs} runs; "
        f"{scenario.world.n_posts} posts, {scenario.world.n_citizens:,} citizens, warm-up "
        f"{scenario.warmup_months} months, horizon {scenario.months} months"
    )
    print(f"load average before: {_load()}")
    breakdown(groups[0])  # imports and caches, before anything is timed
    table = compare(groups)
    totals = table.groupby("how")[["wall_s", "cpu_s"]].sum()
    parts = breakdown(groups[-1])
    print(f"load average after:  {_load()}\n")
    print("                 wall (s)   CPU (s)   per run (wall, s)")
    for how in ("alone", "shared"):
        wall, cpu = totals.loc[how]
        print(f"  {how:<12} {wall:>10.2f} {cpu:>9.2f} {wall / plan.n_runs:>12.3f}")
    ratio_wall = totals.loc["alone", "wall_s"] / totals.loc["shared", "wall_s"]
    ratio_cpu = totals.loc["alone", "cpu_s"] / totals.loc["shared", "cpu_s"]
    print(f"\nalone / shared: {ratio_wall:.2f}x wall, {ratio_cpu:.2f}x CPU (same outcomes)")
    print("\nwhere one run's time goes (wall, s):")
    for name, value in parts.items():
        unit = "" if name.endswith("MiB") else " s"
        print(f"  {name:<20} {value:.3f}{unit}")
    return 0


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - platforms without it
        return "n/a"


if __name__ == "__main__":
    raise SystemExit(main())
