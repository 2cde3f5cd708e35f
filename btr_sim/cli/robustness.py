"""``btr-sim robustness FILE``: whether the countermeasures work across uncertain worlds.

The experiment file's design gives the policies (the status quo as its ``reference`` and the
countermeasures); ``uncertainties:`` gives the uncertain parameters' ranges, and
``robustness:`` the number of Latin hypercube worlds and the criteria. Every world is run under
every policy with the same seeds, through the experiments' executors into a resumable results
folder (``results/<name>/`` or ``--out DIR``). Under ``analysis/`` it writes the share of
worlds in which each countermeasure beats the status quo on each criterion (its replications'
mean against the status quo's in the same world), as a table and a figure, each world's
effects, and scenario discovery on the worlds where a countermeasure fails: the failure rate in
the low and high third of every uncertain range, and the best single-threshold rule with its
coverage and density.

Exit status: 0 when every run succeeded, 1 when some failed, 2 for bad input, 130 when
interrupted (rerun to resume).
"""

from __future__ import annotations

import argparse
import sys
from typing import Any

from btr_sim.analysis.document import markdown_table
from btr_sim.cli.options import add_execution_options, positive, replications
from btr_sim.results.contract import FAILURES
from btr_sim.sensitivity.tables import format_table

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``robustness`` subcommand."""
    p = subparsers.add_parser(
        "robustness",
        help="share of uncertain worlds in which each countermeasure beats the status quo",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="experiment file with `uncertainties:`")
    p.add_argument(
        "--worlds", type=positive, default=None, help="override robustness.worlds (new --out)"
    )
    p.add_argument(
        "--replications", "-n", type=replications, default=None, help="override (new --out)"
    )
    p.add_argument("--months", type=positive, default=None, help="override (new --out)")
    add_execution_options(p)
    p.set_defaults(func=_robustness)


def _robustness(args: argparse.Namespace) -> int:
    from btr_sim.sensitivity.study import run_robustness

    study = run_robustness(
        args.file,
        out=args.out,
        worlds=args.worlds,
        replications=args.replications,
        months=args.months,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
    )
    print(markdown_table(format_table(study.summary)))
    if not study.rules.empty:
        print("\nWhere it fails (best single-threshold rule):\n")
        columns = ["countermeasure", "criterion", "rule", "coverage", "density", "base_rate"]
        print(markdown_table(format_table(study.rules[columns])))
    for path in study.files:
        print(f"wrote {path}")
    failed = len(study.results.failed_runs)
    if failed:
        print(f"btr-sim: {failed} runs failed (see {FAILURES}; rerun to retry)", file=sys.stderr)
    return 1 if failed else 0
