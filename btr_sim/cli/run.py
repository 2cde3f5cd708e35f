"""``btr-sim run FILE...``: run scenario files, or one experiment file, and summarise.

With **scenario files**, each scenario runs ``--replications`` times; replication k uses the same
seed in every scenario (drawn from ``--seed`` as master seed), so differences between scenarios are
not differences of luck: after the means, each scenario's paired difference from the first (the
mean of the per-seed differences) is printed with its 95% confidence interval. With ``--seed S``
and one replication the single run uses seed S itself, which is how any stored run is reproduced.
``--out DIR`` stores the runs as a results folder (docs/results-format.md).

With an **experiment file** (one with ``design:`` or ``scenarios:``), the experiment runs into its
results folder (``results/<name>/`` or ``--out DIR``), in parallel, writing each run as it
finishes. Rerunning an interrupted experiment skips the runs already stored. ``--replications``,
``--months`` and ``--seed`` override the file for a quick trial (a different experiment, so it
needs its own ``--out``).

Exit status: 0 when every run succeeded, 1 when some failed (they are named), 2 for bad input, 130
when interrupted.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from btr_sim.analysis.stats import mean_ci, paired_difference, t_half_width
from btr_sim.cli.options import add_execution_options, natural, positive, replications
from btr_sim.cli.worlds import file_worlds
from btr_sim.core.metrics import SUMMARY
from btr_sim.core.randomness import replication_seeds
from btr_sim.experiments import file_kind, plan_experiment, plan_scenarios, run_experiment
from btr_sim.experiments.runner import default_out
from btr_sim.limits import excess
from btr_sim.loading import ConfigError, load_scenario
from btr_sim.results import ExperimentResults
from btr_sim.results.contract import FAILURES

__all__ = ["KEY_OUTCOMES", "difference_table", "register", "summary_table"]

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
    "central_credibility_end",
    "hierarchical_trust_share_last_year",
    "mean_integrity_end",
)

# Above this many design points the summary table lists them as rows, not columns.
_WIDE = 6
# Failed runs listed by name at the end (the rest are counted).
_LISTED_FAILURES = 20


def register(subparsers: Any) -> None:
    """Add the ``run`` subcommand."""
    p = subparsers.add_parser(
        "run",
        help="run scenario files or an experiment file and print a summary table",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario files, or one experiment")
    p.add_argument(
        "--seed",
        type=natural,
        default=None,
        help="scenarios: the run's seed with one replication, else the master seed (default "
        "0); experiment: overrides master_seed",
    )
    p.add_argument(
        "--replications",
        "-n",
        type=replications,
        default=None,
        help="runs per scenario (default: 1, or the experiment's)",
    )
    p.add_argument("--months", type=positive, default=None, help="override the horizon")
    add_execution_options(
        p, out_help="results folder (experiment default: results/<name>/; scenarios: not stored)"
    )
    p.add_argument("--all", action="store_true", help="show every outcome, not only the key ones")
    p.set_defaults(func=_run)


def summary_table(runs: pd.DataFrame, outcomes: tuple[str, ...] | list[str]) -> pd.DataFrame:
    """Mean and 95% t-interval half-width of each outcome per scenario, as text cells."""
    cells: dict[str, dict[str, str]] = {}
    for scenario, group in runs.groupby("scenario", sort=False):
        column = {}
        for name in outcomes:
            est = mean_ci(group[name].to_numpy(dtype=float))
            if est.n == 0:
                column[name] = "n/a"
            elif est.n == 1:
                column[name] = f"{est.estimate:.3f}"
            else:
                column[name] = f"{est.estimate:.3f} ± {t_half_width(est.se, est.df):.3f}"
        cells[str(scenario)] = column
    return pd.DataFrame(cells)


def difference_table(
    results: ExperimentResults, reference: str, outcomes: tuple[str, ...] | list[str]
) -> pd.DataFrame:
    """Each other scenario's paired difference from ``reference``, with its 95% t interval.

    Replication k of every scenario ran on the same seed, so each difference is taken seed by
    seed (common random numbers) and the luck of the draw cancels; cells read
    ``+0.026 [+0.020, +0.032]``, or the difference alone when one replication gives no interval.
    """
    cells: dict[str, dict[str, str]] = {}
    for scenario in results.scenarios:
        if scenario == reference:
            continue
        column = {}
        for name in outcomes:
            est = paired_difference(
                results.by_seed(scenario, name), results.by_seed(reference, name)
            )
            if est.n == 0:
                column[name] = "n/a"
            elif np.isnan(est.low):
                column[name] = f"{est.estimate:+.3f}"
            else:
                column[name] = f"{est.estimate:+.3f} [{est.low:+.3f}, {est.high:+.3f}]"
        cells[f"{scenario} - {reference}"] = column
    return pd.DataFrame(cells)


def _run(args: argparse.Namespace) -> int:
    kinds = [file_kind(f) for f in args.files]
    if "experiment" in kinds:
        if len(args.files) > 1:
            raise ConfigError(
                "btr-sim run",
                [f"an experiment file runs on its own; got {len(args.files)} files"],
            )
        plan = plan_experiment(
            args.files[0],
            replications=args.replications,
            months=args.months,
            master_seed=args.seed,
            worlds=file_worlds,
        )
        return _execute(plan, args, args.out or default_out(plan), paired=False)
    overrides = {"months": args.months} if args.months else None
    scenarios = [load_scenario(f, overrides) for f in args.files]  # validate all before running
    seed = 0 if args.seed is None else args.seed
    n = args.replications or 1
    too_many = excess(
        "runs", n * len(scenarios), f"{len(scenarios)} scenario(s) x {n:,} replications"
    )
    if too_many:  # before the seeds are spawned
        raise ConfigError("btr-sim run", [too_many])
    plan = plan_scenarios(
        scenarios, seeds=[seed] if n == 1 else replication_seeds(seed, n), master_seed=seed
    )
    if args.out is not None:
        return _execute(plan, args, args.out)
    with tempfile.TemporaryDirectory(prefix="btr-sim-run-") as scratch:
        return _execute(plan, args, Path(scratch) / plan.name, keep=False)


def _execute(
    plan: Any, args: argparse.Namespace, out: Path, *, keep: bool = True, paired: bool = True
) -> int:
    results = run_experiment(
        plan,
        out=out,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
    )
    _print_summary(results, plan, args)
    if paired and len(results.scenarios) > 1:
        _print_differences(results, args)
    if keep:
        m = results.manifest
        print(
            f"Results: {out} ({m['runs_done']} of {m['runs_total']} runs done, "
            f"{m['runs_failed']} failed)."
        )
    failed = results.failed_runs
    if len(failed):
        print(f"btr-sim: {len(failed)} run(s) failed:", file=sys.stderr)
        for row in failed.head(_LISTED_FAILURES).itertuples():
            print(f"  {row.run_id} (seed {row.seed}): {row.error}", file=sys.stderr)
        if len(failed) > _LISTED_FAILURES:
            print(f"  ... and {len(failed) - _LISTED_FAILURES} more", file=sys.stderr)
        where = f"{out}/{FAILURES}" if keep else "a rerun with --out DIR"
        print(f"Tracebacks: {where}. Rerunning retries failed runs.", file=sys.stderr)
        return 1
    return 0


def _print_summary(results: ExperimentResults, plan: Any, args: argparse.Namespace) -> None:
    runs = results.ok_runs
    if runs.empty:
        return
    outcomes = list(SUMMARY) if args.all else list(KEY_OUTCOMES)
    table = summary_table(runs, outcomes)
    if table.shape[1] > _WIDE:
        table = table.T
    n = len(plan.seeds)
    if n > 1:
        print(
            f"Outcomes: mean ± 95% CI half-width over {n} replication(s), common seeds "
            f"(master seed {plan.master_seed})."
        )
    else:
        print(f"Outcomes of one run, seed {plan.seeds[0]}.")
    _print_table(table)


def _print_differences(results: ExperimentResults, args: argparse.Namespace) -> None:
    reference = results.scenarios[0]
    outcomes = list(SUMMARY) if args.all else list(KEY_OUTCOMES)
    table = difference_table(results, reference, outcomes)
    if table.shape[1] > _WIDE:
        table = table.T
    print(
        f"\nPaired differences from {reference} (the first scenario): mean of the per-seed "
        "differences, [95% CI]."
    )
    _print_table(table)


def _print_table(table: pd.DataFrame) -> None:
    with pd.option_context(
        "display.max_rows", 200, "display.width", 200, "display.max_colwidth", 60
    ):
        print(table.to_string())
