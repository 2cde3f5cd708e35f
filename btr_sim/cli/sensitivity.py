"""``btr-sim sensitivity FILE --method morris|sobol``: global sensitivity analysis with SALib.

The experiment file declares ``uncertainties:`` (uncertain parameters with ``[low, high]``
ranges) and, optionally, a ``sensitivity:`` section (sample sizes, outcomes, seed). The
uncertainties are sampled with SALib (Morris trajectories, or Saltelli's scheme for Sobol
indices), every sample point is run ``replications`` times through the experiments' executors
into a resumable results folder (``results/<name>-<method>/`` or ``--out DIR``), each point's
replications are averaged, and SALib's analysis is saved under ``analysis/``: a table of the
indices with confidence intervals (CSV and Markdown) and one figure per outcome (Morris
mu*-sigma; Sobol S1 and ST bars with CIs).

Exit status: 0 when every outcome was analysed, 1 when runs failed or an outcome could not be
analysed, 2 for bad input, 130 when interrupted (rerun to resume).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from btr_sim.analysis.document import markdown_table
from btr_sim.cli.options import add_execution_options
from btr_sim.results.contract import FAILURES
from btr_sim.sensitivity.sampling import METHODS
from btr_sim.sensitivity.tables import format_table

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``sensitivity`` subcommand."""
    p = subparsers.add_parser(
        "sensitivity",
        help="global sensitivity analysis (SALib Morris or Sobol) of an experiment's uncertainties",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="experiment file with `uncertainties:`")
    p.add_argument(
        "--method", choices=METHODS, default=None, help="default: the file's sensitivity.method"
    )
    p.add_argument(
        "--outcome",
        action="append",
        default=None,
        metavar="NAME",
        help="outcome to analyse (repeatable; default: the file's sensitivity.outcomes)",
    )
    add_execution_options(p)
    p.set_defaults(func=_sensitivity)


def _sensitivity(args: argparse.Namespace) -> int:
    from btr_sim.sensitivity.study import run_sensitivity

    study = run_sensitivity(
        args.file,
        method=args.method,
        out=args.out,
        outcomes=args.outcome,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
    )
    if not study.indices.empty:
        print(markdown_table(format_table(study.indices)))
    for path in study.files:
        print(f"wrote {path}")
    failed = len(study.results.failed_runs)
    for problem in study.problems:
        print(f"btr-sim: cannot analyse {problem}", file=sys.stderr)
    if failed:
        print(f"btr-sim: {failed} runs failed (see {FAILURES}; rerun to retry)", file=sys.stderr)
    return 1 if failed or study.problems else 0
