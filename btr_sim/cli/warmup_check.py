"""``btr-sim warmup-check``: choose the warm-up after which month 0 forgets the initial trust.

Runs ``experiments/warmup_check.yaml`` (or EXPERIMENT): the status quo from initial trust 0.3,
0.6 and 0.8, no warm-up, common seeds. Credibility at month W of those runs is credibility at
month 0 after a warm-up of W months; for every candidate W (each ``--step`` months) the table
gives the replication mean from each start and their spread. The warm-up chosen is the
smallest candidate from which the spread stays below ``--tolerance``. The runs go to a results
folder (``results/warmup_check/`` or ``--out``), resumably; the table is printed and saved
there as ``warmup_check.csv`` and ``warmup_check.md``.

Exit status 0 when the default warm-up (``warmup_months`` in ``btr-sim params``) meets the
tolerance, 1 when it does not (then change the default to the one chosen: docs/ODD.md, 7.9).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from btr_sim.cli.options import add_execution_options, positive
from btr_sim.config import DEFAULT_WARMUP_MONTHS
from btr_sim.loading import ConfigError

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``warmup-check`` subcommand."""
    p = subparsers.add_parser(
        "warmup-check",
        help="the convergence check that chooses the default warm-up",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "experiment",
        nargs="?",
        type=Path,
        default=None,  # the check's own, looked up when the command runs
        metavar="EXPERIMENT",
        help="the check's experiment (default: experiments/warmup_check.yaml)",
    )
    p.add_argument(
        "--tolerance",
        type=float,
        default=0.01,
        help="largest spread of mean credibility at month 0 between starts (default 0.01)",
    )
    p.add_argument("--step", type=positive, default=12, help="months between candidates")
    add_execution_options(p, "results folder (default results/warmup_check)")
    p.set_defaults(func=_check)


def _check(args: argparse.Namespace) -> int:
    # Imported here: `btr-sim warmup-check --help` needs none of the model and its tables.
    from btr_sim.analysis.document import Paragraph, Table, render_markdown, render_text
    from btr_sim.experiments import run_experiment
    from btr_sim.results.contract import WARMUP_CHECK_CSV, WARMUP_CHECK_MD
    from btr_sim.validation.warmup import CHECK_EXPERIMENT, convergence

    if not 0 < args.tolerance < 1:
        raise ConfigError("--tolerance", [f"must be in (0, 1), got {args.tolerance}"])
    results = run_experiment(
        args.experiment or CHECK_EXPERIMENT,
        out=args.out,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
    )
    check = convergence(results, args.tolerance, args.step)
    chosen = "none within the runs" if check.chosen is None else f"{check.chosen} months"
    default_ok = check.chosen is not None and check.chosen <= DEFAULT_WARMUP_MONTHS
    verdict = (
        f"the default ({DEFAULT_WARMUP_MONTHS} months) meets it"
        if default_ok
        else f"the default ({DEFAULT_WARMUP_MONTHS} months) does NOT meet it: change it"
    )
    blocks = [
        Paragraph(
            f"Status-quo credibility at month 0 after each warm-up, mean of "
            f"{check.replications} replications (common seeds) from each initial trust, and the "
            f"spread between starts. Tolerance {check.tolerance:g}."
        ),
        Table(check.table.round(4)),
        Paragraph(f"Warm-up chosen: {chosen}; {verdict}."),
    ]
    print(render_text(blocks), end="")
    check.table.to_csv(results.path / WARMUP_CHECK_CSV, index=False)
    (results.path / WARMUP_CHECK_MD).write_text(render_markdown(blocks), encoding="utf-8")
    print(f"\nWrote {WARMUP_CHECK_CSV}, {WARMUP_CHECK_MD} to {results.path}")
    return 0 if default_ok else 1
