"""``btr-sim plot RESULTS_DIR``: the publication figures of an experiment, as PNG and SVG.

Credibility over time with 95% bands; resignations per 100 cadre-years by kind; accountability
accuracy; reinstatements; a forest plot of each scenario's effect against the reference; and,
for factorial and grid designs, interaction plots, the combined-vs-separate (synergy) plot and
heatmaps over pairs of grid parameters. Written to RESULTS_DIR/figures/ unless --out is given.
Labels are in English, or in Chinese with --lang zh (or BTR_SIM_LANG=zh).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from btr_sim.analysis import choose_reference
from btr_sim.cli.compare import add_reference_argument
from btr_sim.cli.options import folder
from btr_sim.i18n import add_language_argument, translator
from btr_sim.results import open_results
from btr_sim.results.contract import FIGURES

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``plot`` subcommand."""
    p = subparsers.add_parser(
        "plot",
        help="draw the figures of an experiment's results (PNG and SVG)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("results", type=Path, metavar="RESULTS_DIR", help="an experiment's results")
    add_reference_argument(p)
    p.add_argument(
        "--out",
        type=folder,
        default=None,
        help="folder for the figures (default RESULTS_DIR/figures)",
    )
    p.add_argument(
        "--format",
        dest="formats",
        action="append",
        choices=["png", "svg", "pdf"],
        help="file format (repeatable; default png and svg)",
    )
    add_language_argument(p)
    p.set_defaults(func=_plot)


def _plot(args: argparse.Namespace) -> int:
    # Imported here: matplotlib is only needed by this command.
    from btr_sim.analysis.plots import make_plots, save_plots

    results = open_results(args.results).require_finished_runs()
    reference = choose_reference(results, args.reference)
    folder = args.out or results.path / FIGURES
    plots = make_plots(results, reference, translator(args.lang))
    saved = save_plots(plots, folder, args.formats or ("png", "svg"))
    for name, paths in saved.items():
        print(f"{name}: " + ", ".join(str(p) for p in paths))
    print(f"Wrote {len(saved)} figures to {folder}")
    return 0
