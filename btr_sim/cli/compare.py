"""``btr-sim compare RESULTS_DIR``: every outcome per scenario, and differences from a reference.

Prints, per outcome, each scenario's mean with its 95% confidence interval, its difference from
the reference scenario — paired by replication seed (common random numbers) and unpaired
(Welch) — and effect sizes; with monthly series, how fast each credibility effect builds up
(its final size and the months until it reaches half of it); for factorial and grid designs,
the main effects and interactions. Saves ``compare.csv`` (every outcome), ``timing.csv``
(with series), ``effects.csv`` (crossed designs) and ``compare.md`` into the results folder.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from btr_sim.analysis import choose_reference
from btr_sim.analysis.document import render_markdown, render_text
from btr_sim.analysis.tables import compare, comparison_blocks, select_outcomes
from btr_sim.results import open_results
from btr_sim.results.contract import COMPARE_CSV, COMPARE_MD, EFFECTS_CSV, TIMING_CSV

__all__ = ["add_reference_argument", "register"]


def add_reference_argument(parser: argparse.ArgumentParser) -> None:
    """The ``--reference`` option shared by compare, plot and report."""
    parser.add_argument(
        "--reference",
        metavar="SCENARIO",
        default=None,
        help="scenario to take differences from (default: the experiment's reference, else "
        "the design point with every factor at its first level, else the first scenario)",
    )


def register(subparsers: Any) -> None:
    """Add the ``compare`` subcommand."""
    p = subparsers.add_parser(
        "compare",
        help="compare scenarios: means, CIs, paired differences, effects",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("results", type=Path, metavar="RESULTS_DIR", help="an experiment's results")
    add_reference_argument(p)
    p.add_argument(
        "--outcome",
        action="append",
        metavar="NAME",
        help="show this outcome (repeatable); the files hold every outcome",
    )
    p.add_argument("--all", action="store_true", help="show every outcome, not only the key ones")
    p.set_defaults(func=_compare)


def _compare(args: argparse.Namespace) -> int:
    results = open_results(args.results).require_finished_runs()
    reference = choose_reference(results, args.reference)
    shown = select_outcomes(results, args.outcome, args.all)
    comparison = compare(results, reference)
    print(render_text(comparison_blocks(comparison, shown)), end="")
    folder = results.path
    comparison.table.to_csv(folder / COMPARE_CSV, index=False)
    written = [COMPARE_CSV]
    if not comparison.timing.empty:
        comparison.timing.to_csv(folder / TIMING_CSV, index=False)
        written.append(TIMING_CSV)
    if not comparison.effects.empty:
        comparison.effects.to_csv(folder / EFFECTS_CSV, index=False)
        written.append(EFFECTS_CSV)
    markdown = render_markdown(comparison_blocks(comparison, results.outcomes))
    (folder / COMPARE_MD).write_text(markdown, encoding="utf-8")
    written.append(COMPARE_MD)
    print(f"\nWrote {', '.join(written)} to {folder}")
    return 0
