"""Benchmark of btr_sim: the performance figures, measured in one run.

Usage::

    .venv/bin/python benchmarks/bench.py                 # every figure (a few minutes)
    .venv/bin/python benchmarks/bench.py --quick         # smaller sizes, a smoke test
    .venv/bin/python benchmarks/bench.py --only 2 6      # some items only
    .venv/bin/python benchmarks/bench.py --plot docs/performance-scaling.png --json out.json
    .venv/bin/python benchmarks/bench.py --baseline fc730e0   # this checkout against a revision
    .venv/bin/python benchmarks/bench.py --baseline fc730e0 --match default --repeats 9

Items (all on the same seed):

1. citizen-steps per second of the citizens' monthly update, vectorized vs. the per-agent
   reference path (``citizens.implementation: agents``), on the same configuration, and
   whether the two runs gave identical event logs and series;
2. wall time of one default run (100 posts, 10,000 citizens, 240 months);
3. one national run (1,000,000 citizens, 10,000 posts, 240 months): wall time and peak
   memory, in a fresh process so that nothing else counts toward its memory;
4. how time grows with citizens (10^3 ... 10^6) and with posts (10^2 ... 10^4): a table, the
   log-log slopes, and optionally a log-log plot;
5. sweep throughput, serial vs. 2 worker processes: see :func:`sweep_throughput`;
6. the citizens' update (``CitizenPopulation.hear``) against the memory-bandwidth bound at a
   million citizens: the bytes it reads and writes per citizen-step (counted by replaying the
   same months on counting arrays, :mod:`traffic`), the machine's streaming bandwidth measured
   in the same process (a numpy copy and a numpy add of arrays of the same size), and the
   time of ``hear()`` over bytes / bandwidth; and what drawing the news from elsewhere costs
   item by item and per citizen (the two ways of :mod:`btr_sim.core.audience`).

Items 2 and 3 also say where the time goes: wall time by phase of the monthly schedule.
``--baseline REV`` instead times this checkout and ``REV`` on the same configurations,
interleaved, each run in a fresh process, and prints the ratios (:mod:`baseline`).

Timings are wall-clock on a machine that may be shared: the report prints the load average
before and after, and ratios are measured within one run so that they are comparable.

Every run here is built without a warm-up (``warmup_months: 0``), so that the figures measure
the model's months as they always have; a default run now also warms up for 144 months first,
which an experiment pays once per seed (``benchmarks/warmup_sharing.py`` measures that).
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import gc
import json
import math
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import mesa
import numpy as np
import pandas as pd

import btr_sim
from btr_sim.config import Scenario
from btr_sim.core import audience
from btr_sim.core.model import BTRModel
from btr_sim.core.news import Bulletin
from btr_sim.experiments import ExperimentSpec, run_experiment
from btr_sim.loading import resolve_scenario

sys.path.insert(0, str(Path(__file__).resolve().parent))  # the sibling modules below
import baseline
import traffic

DEFAULT_SEED = 1
#: Every benchmarked run starts cold: the figures are the months of the run itself.
COLD = {"warmup_months": 0}
CITIZENS = "6 citizens"  # the phase of the citizens' monthly update
NATIONAL = {
    "world.n_supervisors": 100,
    "world.posts_per_supervisor": 100,
    "world.citizens_per_post": 100,
}
#: Item 4: (label, overrides) for citizens 10^3 .. 10^6 over 100 posts, and for posts
#: 10^2 .. 10^4 with 10,000 citizens in all.
CITIZEN_SCALING = [
    (f"{10**k:,} citizens", {"world.citizens_per_post": 10 ** (k - 2)}) for k in (3, 4, 5, 6)
]
POST_SCALING = [
    (
        f"{100 * 10**k:,} posts",
        {"world.n_supervisors": 10 * 10**k, "world.citizens_per_post": 100 // 10**k},
    )
    for k in (0, 1, 2)
]


# -- measuring ----------------------------------------------------------------------------------


def timed_run(overrides: dict[str, Any], seed: int = DEFAULT_SEED) -> dict[str, Any]:
    """Build and run one model; return wall times (set-up, run, each phase) and sizes."""
    scenario = resolve_scenario({**COLD, **overrides})
    gc.collect()  # so that no earlier model's garbage is collected on this run's time
    cpu = time.process_time()
    start = time.perf_counter()
    model = BTRModel(scenario, seed=seed)
    built = time.perf_counter()
    with phase_timer(model) as phases:
        model.run()
    done = time.perf_counter()
    cpu = time.process_time() - cpu
    world = scenario.world
    return {
        "posts": world.n_posts,
        "citizens": world.n_citizens,
        "months": scenario.months,
        "setup_s": built - start,
        "run_s": done - built,
        "wall_s": done - start,
        "cpu_s": cpu,
        "citizen_s": phases[CITIZENS],
        "citizen_steps": world.n_citizens * scenario.months,
        "phases": {"0 set-up (agents, traits)": built - start, **dict(sorted(phases.items()))},
        "events": len(model.events),
        "model": model,
    }


def with_other(run: dict[str, Any]) -> dict[str, float]:
    """The phases of a run, with what the phases leave of its wall time as ``other``."""
    phases = dict(run["phases"])
    phases["other (schedule, event counters)"] = run["wall_s"] - sum(phases.values())
    return phases


def print_phases(phases: dict[str, float]) -> None:
    """Print wall seconds and shares by phase."""
    total = sum(phases.values())
    for name, seconds in phases.items():
        print(f"     {name:34s} {seconds:8.3f} s  {100 * seconds / total:5.1f} %")


def peak_rss_mib() -> float:
    """Peak resident memory of this process so far, in MiB.

    From ``VmHWM`` in ``/proc/self/status`` where there is one: ``ru_maxrss`` of a process
    started by ``subprocess`` (vfork and exec) begins at its parent's peak, not at zero.
    """
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024  # kB
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def run_in_fresh_process(overrides: dict[str, Any], seed: int) -> dict[str, Any]:
    """:func:`timed_run` in a new interpreter, with its peak memory and its memory after imports."""
    payload = json.dumps({"overrides": overrides, "seed": seed})
    out = subprocess.run(
        [sys.executable, __file__, "--child", payload],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _child(payload: str) -> None:
    spec = json.loads(payload)
    baseline = peak_rss_mib()
    result = timed_run(spec["overrides"], spec["seed"])
    result.pop("model")
    result["phases"] = with_other(result)
    result["rss_after_imports_mib"] = baseline
    result["peak_rss_mib"] = peak_rss_mib()
    print(json.dumps(result))


def rate(steps: float, seconds: float) -> float:
    """Steps per second (NaN for a zero time)."""
    return steps / seconds if seconds > 0 else float("nan")


# -- the items ----------------------------------------------------------------------------------


def citizen_step_rates(seed: int, months: int) -> dict[str, Any]:
    """Item 1: citizen-steps per second, vectorized vs. reference, on the default world."""
    runs = {}
    for implementation in ("vectorized", "agents"):
        runs[implementation] = timed_run(
            {"months": months, "citizens.implementation": implementation}, seed
        )
    fast, slow = runs["vectorized"]["model"], runs["agents"]["model"]
    identical = fast.events.to_frame().equals(slow.events.to_frame()) and (
        fast.datacollector.get_model_vars_dataframe().equals(
            slow.datacollector.get_model_vars_dataframe()
        )
    )
    out: dict[str, Any] = {"identical": bool(identical), "months": months}
    for name, r in runs.items():
        out[name] = {
            "citizen_steps_per_s": rate(r["citizen_steps"], r["citizen_s"]),
            "citizen_s": r["citizen_s"],
            "wall_s": r["wall_s"],
        }
    out["ratio"] = out["vectorized"]["citizen_steps_per_s"] / out["agents"]["citizen_steps_per_s"]
    out["wall_ratio"] = out["agents"]["wall_s"] / out["vectorized"]["wall_s"]
    return out


def default_run(seed: int, repeats: int) -> dict[str, Any]:
    """Item 2: wall time of the default run (build and run the model), and of run_scenario."""
    btr_sim.run_scenario({**COLD, "months": 12}, seed)  # warm up imports and caches
    runs = [timed_run({}, seed) for _ in range(repeats)]
    model_s = [r["wall_s"] for r in runs]
    fastest = min(runs, key=lambda r: r["wall_s"])
    scenario_s = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        btr_sim.run_scenario(COLD, seed)
        scenario_s.append(time.perf_counter() - start)
    return {
        "repeats": repeats,
        "model_median_s": statistics.median(model_s),
        "model_min_s": min(model_s),
        "model_cpu_median_s": statistics.median(r["cpu_s"] for r in runs),
        "run_scenario_median_s": statistics.median(scenario_s),
        "phases": with_other(fastest),
    }


def national_run(seed: int, overrides: dict[str, Any]) -> dict[str, Any]:
    """Item 3: the national run, in a fresh process (wall time, peak memory)."""
    return run_in_fresh_process(overrides, seed)


def scaling(seed: int, series: list[tuple[str, dict[str, Any]]], months: int) -> pd.DataFrame:
    """Item 4: wall time of one run for each size of a series, with log-log slopes."""
    rows = []
    for label, overrides in series:
        # The fastest of up to three runs: other processes only ever add time. Runs of
        # several seconds are run once.
        r = timed_run({"months": months, **overrides}, seed)
        for _ in range(2):
            if r["wall_s"] > 2.0:
                break
            again = timed_run({"months": months, **overrides}, seed)
            r = min(r, again, key=lambda x: x["wall_s"])
        rows.append(
            {
                "size": label,
                "posts": r["posts"],
                "citizens": r["citizens"],
                "wall_s": r["wall_s"],
                "cpu_s": r["cpu_s"],
                "setup_s": r["setup_s"],
                "citizen_s": r["citizen_s"],
                "rest_s": r["run_s"] - r["citizen_s"],
                "events": r["events"],
            }
        )
    return pd.DataFrame(rows)


def loglog_slopes(table: pd.DataFrame, by: str) -> list[float]:
    """Slope of log(time) against log(size) between successive rows: 1 is linear growth."""
    x, y = np.log(table[by].to_numpy(float)), np.log(table["wall_s"].to_numpy(float))
    return [float((y[i + 1] - y[i]) / (x[i + 1] - x[i])) for i in range(len(x) - 1)]


def sweep_throughput(seed: int, runs: int = 64, months: int = 240) -> dict[str, Any]:
    """Item 5: runs per second of a 64-run sweep of the default scenario, serial vs. 2 workers.

    Times ``btr_sim.run_experiment`` end to end (starting the workers and writing the store
    included, as ``btr-sim run`` does) on ``runs`` replications of the default scenario with
    master seed ``seed``, serially and on a pool of 2 worker processes, into temporary result
    folders. ``benchmarks/sweep_throughput.py`` adds Dask and warm executors.
    """
    spec = ExperimentSpec(
        name="bench_sweep",
        scenarios=[Scenario(months=months, **COLD)],
        replications=runs,
        master_seed=seed,
    )
    seconds = {}
    with tempfile.TemporaryDirectory(prefix="btr-sim-bench-") as scratch:
        for executor in ("serial", "process"):
            start = time.perf_counter()
            run_experiment(
                spec, out=Path(scratch) / executor, executor=executor, workers=2, progress=False
            )
            seconds[executor] = time.perf_counter() - start
    return {
        "runs": runs,
        "serial_runs_per_s": runs / seconds["serial"],
        "pool2_runs_per_s": runs / seconds["process"],
        "speedup": seconds["serial"] / seconds["process"],
    }


#: Item 6: the citizens' update at a million citizens, in few and in many posts.
HEAR_WORLDS = [
    ("1,000,000 citizens in 100 posts", {"world.citizens_per_post": 10_000}),
    ("1,000,000 citizens in 10,000 posts", NATIONAL),
]
HEAR_WORLDS_QUICK = [
    ("100,000 citizens in 100 posts", {"world.citizens_per_post": 1_000}),
    ("100,000 citizens in 10,000 posts", {**NATIONAL, "world.citizens_per_post": 10}),
]
#: Item 6: mean items per citizen and month at which the two ways of drawing are compared.
DRAW_RATES = (0.03, 0.3, 1.0, 3.0)


def bandwidth(n: int, repeats: int = 20) -> dict[str, float]:
    """Streaming bandwidth in bytes/s: a numpy copy and a numpy add of ``n`` doubles, best of."""
    rng = np.random.default_rng(0)
    a, b, c = rng.random(n), rng.random(n), np.empty(n)
    out = {}
    for name, op, moved in (
        ("copy", lambda: np.copyto(c, a), 16 * n),
        ("add", lambda: np.add(a, b, out=c), 24 * n),
    ):
        best = math.inf
        for _ in range(repeats):
            start = time.perf_counter()
            op()
            best = min(best, time.perf_counter() - start)
        out[name] = moved / best
    return out


def hear_traffic(seed: int, overrides: dict[str, Any], months: int) -> dict[str, Any]:
    """Item 6 for one world: time ``hear()`` each month, then count the bytes it moved."""
    model = BTRModel(resolve_scenario({"months": months, **overrides}), seed=seed)
    population = model.citizens
    replay = copy.deepcopy((population, model.streams["citizens"]))
    hear = population.hear
    bulletins, wall, cpu, hearers = [], [], [], []

    def timed(bulletin: Bulletin, rng: np.random.Generator) -> None:
        bulletins.append(bulletin)
        start, start_cpu = time.perf_counter(), time.process_time()
        hear(bulletin, rng)
        wall.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
        hearers.append(len(population.heard) if not population.heard.everyone else -1)

    population.hear = timed
    model.run()
    # The same months again, on arrays that count their bytes: the same draws, the same work.
    counted, rng = replay
    traffic.count_arrays_of(counted, counted.audience)
    rng = traffic.CountedGenerator(rng)
    moved = []
    for b in bulletins:
        traffic.reset()
        counted.hear(Bulletin(*traffic.counted((b.local, b.reach, b.magnitude))), rng)
        moved.append(traffic.TALLY[0])
    np.testing.assert_array_equal(counted.trust, population.trust)  # the replay was the same
    n = len(population)
    streaming = bandwidth(n)
    best = max(streaming.values())
    bound = [m / best for m in moved]
    return {
        "citizens": n,
        "posts": population.n_posts,
        "months": months,
        "hear_ms_median": 1e3 * statistics.median(wall),
        "hear_cpu_ms_median": 1e3 * statistics.median(cpu),
        "bytes_per_citizen_step": statistics.mean(moved) / n,
        "bandwidth_gb_s": {k: v / 1e9 for k, v in streaming.items()},
        "bound_ms_median": 1e3 * statistics.median(bound),
        "ratio_to_bound": statistics.median(w / b for w, b in zip(wall, bound, strict=True)),
        "ratio_to_bound_cpu": statistics.median(c / b for c, b in zip(cpu, bound, strict=True)),
        "months_everyone_heard": sum(h < 0 for h in hearers),
        "hearers_median": statistics.median(h for h in hearers if h >= 0)
        if any(h >= 0 for h in hearers)
        else 0,
    }


def draw_costs(n: int, repeats: int = 5) -> list[dict[str, float]]:
    """Item 6: CPU ns per citizen of one month's draw, item by item vs. one count per citizen."""
    attention = np.random.default_rng(0).beta(1.2, 2.8, n)
    hearing = audience.Audience(attention)
    rng = np.random.default_rng(1)
    rows = []
    threshold = audience.PER_CITIZEN_ABOVE
    try:
        for per_citizen in DRAW_RATES:
            reach = np.array([per_citizen / attention.mean()])
            row = {"items_per_citizen": per_citizen}
            for way, above in (("by item", math.inf), ("per citizen", 0.0)):
                audience.PER_CITIZEN_ABOVE = above  # force one way of drawing
                best = math.inf
                for _ in range(repeats):
                    start = time.process_time()
                    hearing.hear(reach, rng)
                    best = min(best, time.process_time() - start)
                row[way] = 1e9 * best / n
            rows.append(row)
    finally:
        audience.PER_CITIZEN_ABOVE = threshold
    return rows


# -- where the time goes ------------------------------------------------------------------------


@contextlib.contextmanager
def phase_timer(model: BTRModel) -> Iterator[dict[str, float]]:
    """Time each phase of the monthly schedule of ``model`` (wall seconds by phase)."""
    totals: dict[str, float] = {}

    def timed(name: str, fn: Callable) -> Callable:
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            start = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                totals[name] = totals.get(name, 0.0) + time.perf_counter() - start

        return wrapper

    steps = [
        (model, "rotate_cadres", "1 rotation"),
        (model.accountability, "hold_to_account", "2 accountability"),
        (model.followup, "review", "3 reinstatement"),
        (model, "fill_vacancies", "4 appointments"),
        (model, "generate_incidents", "5 incidents"),
        (model, "inform_citizens", CITIZENS),
        (model.datacollector, "collect", "7 data collection"),
    ]
    for owner, attr, name in steps:  # on the instances: nothing outlives the model
        setattr(owner, attr, timed(name, getattr(owner, attr)))
    yield totals


# -- report -------------------------------------------------------------------------------------


def machine() -> dict[str, Any]:
    """The machine and software the figures come from."""
    cpu = "unknown"
    with contextlib.suppress(OSError), open("/proc/cpuinfo", encoding="utf-8") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    return {
        "cpus": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else None,
        "cpu_model": cpu,
        "python": platform.python_version(),
        "numpy": np.__version__,
        "mesa": mesa.__version__,
        "btr_sim": btr_sim.__version__,
        "platform": platform.platform(),
    }


def load() -> str:
    """The 1, 5 and 15 minute load averages."""
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _fmt_rate(x: float) -> str:
    return f"{x / 1e6:,.2f} M/s" if x >= 1e6 else f"{x / 1e3:,.1f} k/s"


def plot_scaling(citizens: pd.DataFrame, posts: pd.DataFrame, path: Path) -> None:
    """Log-log plot of wall time against citizens and against posts, with a linear guide."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, 2, figsize=(9, 3.8))
    for ax, table, by, title in (
        (axes[0], citizens, "citizens", "citizens (100 posts)"),
        (axes[1], posts, "posts", "posts (10,000 citizens)"),
    ):
        x, y = table[by].to_numpy(float), table["wall_s"].to_numpy(float)
        ax.loglog(x, y, "o-", label="wall time of one run")
        ax.loglog(x, y[-1] * x / x[-1], ":", color="grey", label="linear (through last point)")
        ax.set_xlabel(title)
        ax.set_ylabel("seconds (240 months)")
        ax.grid(True, which="both", alpha=0.3)
        ax.legend(fontsize=8)
    fig.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=120)
    plt.close(fig)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quick", action="store_true", help="small sizes (a smoke test)")
    parser.add_argument("--only", type=int, nargs="+", choices=range(1, 7), metavar="ITEM")
    parser.add_argument("--plot", type=Path, help="write the log-log scaling plot here")
    parser.add_argument("--json", type=Path, help="write every figure here as JSON")
    parser.add_argument(
        "--baseline",
        metavar="REV",
        help="instead of the items, time this checkout against git revision REV, interleaved",
    )
    parser.add_argument(
        "--repeats", type=int, default=3, help="pairs of runs per configuration (--baseline)"
    )
    parser.add_argument(
        "--match",
        metavar="TEXT",
        help="with --baseline: only the configurations whose label contains TEXT",
    )
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        _child(args.child)
        return 0
    if args.baseline:
        return compare_with_baseline(args)

    items = set(args.only or range(1, 7))
    seed = args.seed
    months = 24 if args.quick else 240
    national = (
        {**NATIONAL, "world.citizens_per_post": 1, "months": months} if args.quick else NATIONAL
    )
    citizen_series = CITIZEN_SCALING[:2] if args.quick else CITIZEN_SCALING
    post_series = POST_SCALING[:2] if args.quick else POST_SCALING
    figures: dict[str, Any] = {"machine": machine(), "seed": seed, "quick": args.quick}
    print("btr_sim benchmark" + (" (quick: smaller sizes)" if args.quick else ""))
    for key, value in figures["machine"].items():
        print(f"  {key:12s} {value}")
    print(f"  seed         {seed}")
    print(f"  load average {load()} (1, 5, 15 min) at start")
    figures["load_start"] = load()

    if 1 in items:
        r = citizen_step_rates(seed, months)
        figures["citizen_steps"] = r
        print(f"\n1. Citizens' monthly update, default world (10,000 citizens, {months} months)")
        for name in ("vectorized", "agents"):
            x = r[name]
            print(
                f"   {name:10s} {_fmt_rate(x['citizen_steps_per_s']):>12s} citizen-steps"
                f"  ({x['citizen_s']:.3f} s in the update, {x['wall_s']:.3f} s whole run)"
            )
        print(
            f"   ratio      {r['ratio']:,.0f}x  (target >= 50x); whole run {r['wall_ratio']:.0f}x"
        )
        print(f"   identical event logs and series: {'yes' if r['identical'] else 'NO'}")

    if 2 in items:
        r = default_run(seed, repeats=3 if args.quick else 7)
        figures["default_run"] = r
        print("\n2. Default run (100 posts, 10,000 citizens, 240 months)")
        print(
            f"   model built and run: median {r['model_median_s']:.3f} s, "
            f"min {r['model_min_s']:.3f} s over {r['repeats']}  (target <= 0.5 s); "
            f"CPU time median {r['model_cpu_median_s']:.3f} s"
        )
        print(f"   run_scenario (with event table and summary): {r['run_scenario_median_s']:.3f} s")
        print("   where the time goes (fastest run):")
        print_phases(r["phases"])

    if 3 in items:
        r = national_run(seed, national)
        figures["national_run"] = r
        print(
            f"\n3. National run ({r['citizens']:,} citizens, {r['posts']:,} posts, "
            f"{r['months']} months), in a fresh process"
        )
        print(
            f"   wall {r['wall_s']:.1f} s  (target <= 60 s); CPU time {r['cpu_s']:.1f} s "
            "(wall well above CPU means other processes took the cores)"
        )
        print(
            f"     set-up {r['setup_s']:.1f} s, citizens' update {r['citizen_s']:.1f} s "
            f"({_fmt_rate(rate(r['citizen_steps'], r['citizen_s']))} citizen-steps), "
            f"the rest {r['run_s'] - r['citizen_s']:.1f} s"
        )
        print(
            f"   peak memory {r['peak_rss_mib']:.0f} MiB = {r['peak_rss_mib'] / 1024:.2f} GiB "
            f"(target <= 2 GiB); {r['rss_after_imports_mib']:.0f} MiB of it is the interpreter "
            f"and libraries"
        )
        print("   where the time goes:")
        print_phases(r["phases"])

    if 4 in items:
        by_citizens = scaling(seed, citizen_series, months)
        by_posts = scaling(seed, post_series, months)
        figures["scaling_citizens"] = by_citizens.to_dict("records")
        figures["scaling_posts"] = by_posts.to_dict("records")
        for title, table, by in (
            ("citizens (100 posts)", by_citizens, "citizens"),
            ("posts (10,000 citizens in all)", by_posts, "posts"),
        ):
            slopes = loglog_slopes(table, by)
            figures[f"slopes_{by}"] = slopes
            print(f"\n4. Time against {title}, {months} months")
            shown = table.drop(columns=["size"]).copy()
            shown["log-log slope"] = [math.nan, *slopes]
            print(shown.to_string(index=False, float_format=lambda v: f"{v:.3f}"))
            print(
                f"   slope over the last decade {slopes[-1]:.2f} "
                "(1 = linear; below 1 while fixed costs still weigh)"
            )
        if args.plot:
            plot_scaling(by_citizens, by_posts, args.plot)
            print(f"   plot: {args.plot}")

    if 5 in items:
        r = sweep_throughput(seed, runs=8 if args.quick else 64, months=months)
        figures["sweep"] = r
        print("\n5. Sweep throughput, serial vs. 2 worker processes")
        print(
            f"   serial {r['serial_runs_per_s']:.2f} runs/s, 2 workers "
            f"{r['pool2_runs_per_s']:.2f} runs/s, speed-up {r['speedup']:.2f}x "
            "(target >= 1.7 on 2 idle cores)"
        )

    if 6 in items:
        hear_months = 12 if args.quick else 48
        worlds = HEAR_WORLDS_QUICK if args.quick else HEAR_WORLDS
        figures["hear"] = {}
        print(
            "\n6. The citizens' update, hear(), against the memory-bandwidth bound "
            f"({hear_months} months)"
        )
        for label, overrides in worlds:
            r = hear_traffic(seed, overrides, hear_months)
            figures["hear"][label] = r
            bw = r["bandwidth_gb_s"]
            print(
                f"   {label}: {r['bytes_per_citizen_step']:.0f} bytes per citizen-step; "
                f"bandwidth {bw['copy']:.1f} GB/s (copy), {bw['add']:.1f} GB/s (add)"
            )
            print(
                f"     hear() median {r['hear_ms_median']:.2f} ms a month "
                f"(CPU {r['hear_cpu_ms_median']:.2f} ms); bytes / bandwidth "
                f"{r['bound_ms_median']:.2f} ms: {r['ratio_to_bound']:.2f}x the bound "
                f"(CPU {r['ratio_to_bound_cpu']:.2f}x; target <= 2x)"
            )
            print(
                f"     months in which most heard news from elsewhere: "
                f"{r['months_everyone_heard']} of {r['months']}; otherwise a median of "
                f"{r['hearers_median']:,.0f} hearers"
            )
        n = 10**5 if args.quick else 10**6
        rows = draw_costs(n)
        figures["draw_costs"] = rows
        print(
            f"   drawing one month's news from elsewhere for {n:,} citizens, CPU ns per "
            f"citizen (PER_CITIZEN_ABOVE = {audience.PER_CITIZEN_ABOVE}):"
        )
        for row in rows:
            print(
                f"     {row['items_per_citizen']:5.2f} items per citizen: by item "
                f"{row['by item']:6.1f}, per citizen {row['per citizen']:6.1f}"
            )

    figures["load_end"] = load()
    print(f"\nload average {load()} at the end (2 cores: above 2 means contention)")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=1, default=str) + "\n")
    return 0


def compare_with_baseline(args: argparse.Namespace) -> int:
    """``--baseline REV``: time this checkout and REV on the same runs, interleaved."""
    print(f"btr_sim against {args.baseline}" + (" (quick: smaller sizes)" if args.quick else ""))
    start = load()
    print(f"  load average {start} (1, 5, 15 min) at start")
    result = baseline.compare(
        args.baseline, args.repeats, args.seed, quick=args.quick, match=args.match
    )
    result["machine"] = machine()
    result["load"] = {"start": start}
    baseline.report(result)
    print(f"\nload average {load()} at the end (2 cores: above 2 means contention)")
    result["load"]["end"] = load()
    if args.json:
        args.json.write_text(json.dumps(result, indent=1, default=str) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
