"""``btr-sim run FILE...``: run scenarios, replicated with common random numbers, and compare.

Each scenario runs ``--replications`` times; replication k uses the same seed in every scenario
(drawn from ``--seed`` as master seed), so differences between scenarios are not differences
of luck. With ``--seed S --replications 1`` the single run uses seed S itself, which is how any
stored run is reproduced.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats
from tqdm import tqdm

from btr_sim.api import run_scenario
from btr_sim.loading import load_scenario
from btr_sim.metrics import SUMMARY
from btr_sim.randomness import replication_seeds

__all__ = ["KEY_OUTCOMES", "register", "summary_table"]

#: Outcomes shown unless ``--all`` is given.
KEY_OUTCOMES = (
    "voluntary_per_100cy",
    "ordered_per_100cy",
    "dismissals_per_100cy",
    "removals_per_100cy",
    "precision",
    "recall",
    "scapegoats_per_100cy",
    "impunity_per_100cy",
    "reinstatement_rate",
    "median_months_to_reinstatement",
    "credibility_end",
    "credibility_change",
    "mean_integrity_end",
)


def register(subparsers: Any) -> None:
    """Add the ``run`` subcommand."""
    p = subparsers.add_parser(
        "run", help="run scenario file(s) and print a summary table", description=__doc__
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario file(s)")
    p.add_argument(
        "--seed",
        type=int,
        default=0,
        help="the run's seed with one replication; else the master seed (default 0)",
    )
    p.add_argument(
        "--replications", "-n", type=_positive, default=1, help="runs per scenario (default 1)"
    )
    p.add_argument("--months", type=_positive, default=None, help="override the horizon")
    p.add_argument(
        "--out",
        type=Path,
        default=None,
        help="write runs.csv, series.csv and events.csv into this folder",
    )
    p.add_argument("--all", action="store_true", help="show every outcome, not only the key ones")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=_run)


def _positive(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def summary_table(runs: pd.DataFrame, outcomes: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Mean and 95% t-interval half-width of each outcome per scenario, as text cells."""
    cells: dict[str, dict[str, str]] = {}
    for scenario, group in runs.groupby("scenario", sort=False):
        column = {}
        for name in outcomes:
            values = group[name].dropna().to_numpy()
            if len(values) == 0:
                column[name] = "n/a"
            elif len(values) == 1:
                column[name] = f"{values[0]:.3f}"
            else:
                half = (
                    stats.t.ppf(0.975, len(values) - 1) * values.std(ddof=1) / np.sqrt(len(values))
                )
                column[name] = f"{values.mean():.3f} ± {half:.3f}"
        cells[str(scenario)] = column
    return pd.DataFrame(cells)


def _run(args: argparse.Namespace) -> int:
    overrides = {"months": args.months} if args.months else None
    scenarios = [load_scenario(f, overrides) for f in args.files]  # validate all before running
    seeds = (
        [args.seed] if args.replications == 1 else replication_seeds(args.seed, args.replications)
    )
    rows, series, events = [], [], []
    jobs = [(sc, rep, seed) for sc in scenarios for rep, seed in enumerate(seeds)]
    for scenario, rep, seed in tqdm(
        jobs, desc="runs", unit="run", disable=args.quiet or len(jobs) == 1, file=sys.stderr
    ):
        result = run_scenario(scenario, seed)
        rows.append({"scenario": scenario.name, "replication": rep, "seed": seed, **result.summary})
        if args.out:
            series.append(result.series.reset_index().assign(scenario=scenario.name, seed=seed))
            events.append(result.events.assign(scenario=scenario.name, seed=seed))
    runs = pd.DataFrame(rows)
    outcomes = list(SUMMARY) if args.all else list(KEY_OUTCOMES)
    table = summary_table(runs, outcomes)
    n = len(seeds)
    print(
        f"Outcomes: mean ± 95% CI half-width over {n} replication(s), common seeds "
        f"(master seed {args.seed})."
        if n > 1
        else f"Outcomes of one run, seed {args.seed}."
    )
    with pd.option_context(
        "display.max_rows", None, "display.width", 200, "display.max_colwidth", 40
    ):
        print(table.to_string())
    if args.out:
        args.out.mkdir(parents=True, exist_ok=True)
        runs.to_csv(args.out / "runs.csv", index=False)
        pd.concat(series).to_csv(args.out / "series.csv", index=False)
        pd.concat(events).to_csv(args.out / "events.csv", index=False)
        print(f"Wrote runs.csv, series.csv and events.csv to {args.out}")
    return 0
