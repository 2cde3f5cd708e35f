"""``btr-sim report RESULTS_DIR``: one report of an experiment, with tables and figures.

Writes RESULTS_DIR/report.md with the figures beside it (RESULTS_DIR/figures/, PNG and SVG)
and, with --html, RESULTS_DIR/report.html, one self-contained page with the figures embedded.
The report holds the question (the experiment's description), the design, the tables (means
with 95% CIs, paired and unpaired differences from the reference, effect sizes; main effects
and interactions for factorial and grid designs), the figures, the provenance from the
manifest, the commands that reproduce it and how to cite the model and its version. It also
writes the files of ``btr-sim compare``. With --lang zh (or BTR_SIM_LANG=zh) the report, its
tables and its figures are in Chinese.
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from btr_sim.analysis import choose_reference
from btr_sim.analysis.document import render_html, render_markdown
from btr_sim.cli.compare import add_reference_argument
from btr_sim.i18n import add_language_argument, translator
from btr_sim.results import open_results
from btr_sim.results.contract import COMPARE_CSV, EFFECTS_CSV, FIGURES, REPORT_HTML, REPORT_MD

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``report`` subcommand."""
    p = subparsers.add_parser(
        "report",
        help="write a report of an experiment's results (Markdown, optionally HTML)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("results", type=Path, metavar="RESULTS_DIR", help="an experiment's results")
    add_reference_argument(p)
    p.add_argument(
        "--html", action="store_true", help="also write report.html with the figures embedded"
    )
    add_language_argument(p)
    p.set_defaults(func=_report)


def _report(args: argparse.Namespace) -> int:
    from btr_sim.analysis.plots import make_plots, save_plots
    from btr_sim.analysis.report import build_report
    from btr_sim.analysis.tables import compare

    tr = translator(args.lang)
    results = open_results(args.results).require_finished_runs()
    reference = choose_reference(results, args.reference)
    comparison = compare(results, reference)
    folder = results.path
    comparison.table.to_csv(folder / COMPARE_CSV, index=False)
    if not comparison.effects.empty:
        comparison.effects.to_csv(folder / EFFECTS_CSV, index=False)
    plots = make_plots(results, reference, tr)
    saved = save_plots(plots, folder / FIGURES)
    figures = [(p, saved[p.name][0]) for p in plots]
    command = "btr-sim report " + shlex.quote(str(args.results))
    command += f" --reference {shlex.quote(reference)}" + (" --html" if args.html else "")
    command += f" --lang {args.lang}" if args.lang != "en" else ""
    blocks = build_report(comparison, figures, command, tr)
    (folder / REPORT_MD).write_text(render_markdown(blocks, base=folder), encoding="utf-8")
    written = [folder / REPORT_MD]
    if args.html:
        title = tr("{experiment}: results").format(experiment=results.name)
        page = render_html(blocks, title=title, lang=tr.lang)
        (folder / REPORT_HTML).write_text(page, encoding="utf-8")
        written.append(folder / REPORT_HTML)
    print("Wrote " + " and ".join(str(p) for p in written) + f" ({len(plots)} figures)")
    return 0
