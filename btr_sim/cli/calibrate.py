"""``btr-sim calibrate RESULTS``: score a calibration experiment's design points, pick the best.

Each design point of the results folder (for example of ``experiments/calibration.yaml``) is
scored against the calibration targets of docs/validation.md: the mean of each target metric
over the point's replications, its distance to the target range (0 inside), and their sum. The
best points are printed; the best one's parameter values are written to ``RESULTS/fitted.yaml``
(or ``--out FILE``), ready to become the defaults of btr_sim/config.py.

With ``--confirm K`` the K best points are first rerun with ``--replications`` fresh
replications each (into ``RESULTS/confirm/``, resumable), and the choice is made on those runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

import pandas as pd

from btr_sim.cli.options import file_out, natural, positive, replications, workers
from btr_sim.experiments import run_experiment
from btr_sim.results.contract import CONFIRM, FITTED, is_design_column
from btr_sim.validation.calibration import (
    confirmation_experiment,
    fitted_values,
    score_design,
    write_fitted,
)
from btr_sim.validation.suite import CONFIGS
from btr_sim.validation.targets import CALIBRATION_TARGETS

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``calibrate`` subcommand."""
    p = subparsers.add_parser(
        "calibrate",
        help="score a calibration experiment against the targets and pick the best point",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("results", type=Path, help="results folder of a calibration experiment")
    p.add_argument("--top", type=positive, default=5, help="how many best points to print")
    p.add_argument("--out", type=file_out, help="where to write the fitted values (YAML)")
    p.add_argument(
        "--confirm",
        type=positive,
        metavar="K",
        help="rerun the K best points with fresh seeds first",
    )
    p.add_argument(
        "--replications", type=replications, default=20, help="runs per point when confirming"
    )
    p.add_argument("--seed", type=natural, default=6, help="master seed when confirming")
    p.add_argument("--workers", type=workers, help="worker processes when confirming")
    p.add_argument(
        "--base",
        type=Path,
        default=CONFIGS / "status_quo.yaml",
        help="scenario the confirmed points override (default: configs/status_quo.yaml)",
    )
    p.set_defaults(func=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    scores = score_design(args.results)
    if args.confirm:
        experiment = confirmation_experiment(
            scores, args.base, args.confirm, args.replications, args.seed
        )
        confirmed = run_experiment(
            experiment, out=args.results / CONFIRM, workers=args.workers, progress=False
        )
        design = [c for c in scores.columns if is_design_column(c)]
        scores = score_design(confirmed).join(scores[design])
    metrics = [t.metric for t in CALIBRATION_TARGETS]
    with pd.option_context("display.width", 200, "display.max_columns", 50):
        print(f"{len(scores)} design points scored; best {args.top}:")
        print(scores[["score", "margin", "met", *metrics]].head(args.top).round(3).to_string())
    out = write_fitted(scores, args.out or args.results / FITTED)
    print(f"\nfitted values ({scores.index[0]}), written to {out}:")
    for path, value in fitted_values(scores).items():
        print(f"  {path}: {value:.4g}" if isinstance(value, float) else f"  {path}: {value}")
    return 0
