"""``btr-sim replay CASE``: replay a typical case and plot its credibility trajectory.

CASE is a case file (``configs/cases/*.yaml``) or the name of one (``sars_beijing_2003``).
The case runs under the rules of its time (``--rules time``), the reformed rules
(``--rules reformed``: those of ``--reform``, by default configs/reform_2014.yaml, in force from
the month of the case, in a world that ran under the old rules until then) or both (the
default). For each, the case's events are printed in order
(the scripted incident, its concealment and exposure or disclosure, the resignation, a
reinstatement and its discovery), with how often the official returned over ``--replications``
seeds and after how many months; the plot (overall and post credibility, the events marked) is
saved as ``<case>.png`` and ``<case>.svg`` in ``--out`` (default ``results/cases``).
"""

from __future__ import annotations

import argparse
import math
from pathlib import Path
from typing import Any

from btr_sim.analysis.style import save_figure
from btr_sim.cli.options import folder, natural, replications_or_zero
from btr_sim.core.randomness import replication_seeds
from btr_sim.i18n import add_language_argument, translator
from btr_sim.loading import ConfigError
from btr_sim.validation.caseplot import plot_replays
from btr_sim.validation.cases import (
    CASES,
    RULES,
    case_outcomes,
    replay_case,
)

__all__ = ["find_case", "register"]


def register(subparsers: Any) -> None:
    """Add the ``replay`` subcommand."""
    p = subparsers.add_parser(
        "replay",
        help="replay a typical case (configs/cases/) and plot its credibility trajectory",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("case", help="a case file, or the name of one in configs/cases/")
    p.add_argument("--rules", choices=[*RULES, "both"], default="both", help="rule set(s)")
    p.add_argument("--seed", type=natural, default=0, help="seed of the plotted run")
    p.add_argument(
        "--replications",
        "-n",
        type=replications_or_zero,
        default=20,
        help="runs for the return statistics",
    )
    p.add_argument(
        "--reform",
        type=Path,
        default=None,
        help="reform file whose rules --rules reformed puts in force in the month of the case "
        "(default: the case's counterfactual:, else reform_2014.yaml)",
    )
    p.add_argument("--out", type=folder, default=Path("results/cases"), help="output folder")
    add_language_argument(p)
    p.set_defaults(func=_replay)


def find_case(case: str) -> Path:
    """The case file named by ``case`` (a path, or a file name in ``configs/cases/``)."""
    path = Path(case)
    if path.is_file():
        return path
    named = CASES / f"{case.removesuffix('.yaml')}.yaml"
    if named.is_file():
        return named
    known = ", ".join(sorted(p.stem for p in CASES.glob("*.yaml")))
    raise ConfigError(case, [f"no such case file; known cases: {known}"])


def _replay(args: argparse.Namespace) -> int:
    path = find_case(args.case)
    rules = list(RULES) if args.rules == "both" else [args.rules]
    seeds = replication_seeds(args.seed, args.replications) if args.replications > 0 else []
    replays = []
    for rule in rules:
        if args.reform is not None and not args.reform.is_file():
            raise ConfigError(str(args.reform), ["--reform: no such file"])
        replay = replay_case(path, rule, args.seed, args.reform)
        replays.append(replay)
        print(f"{replay.case} (rules: {rule}, seed {args.seed}):")
        for row in replay.events.itertuples():
            extra = f"  ({int(row.value)} months out)" if row.event == "reinstatement" else ""
            print(f"  month {row.month:>3}  {row.event}{extra}")
        if seeds:
            out = case_outcomes(path, rule, seeds, args.reform)
            median = out["median_months_to_reinstatement"]
            gap = "" if math.isnan(median) else f", median {median:g} months out"
            print(
                f"  over {out['replications']} replications: reinstated in "
                f"{out['reinstated_share']:.0%}{gap}"
            )
    tr = translator(args.lang)
    title = tr("Case replay: {case}").format(case=replays[0].label)
    fig = plot_replays(replays, title, tr)
    paths = save_figure(fig, args.out, path.stem)
    print("plot: " + ", ".join(map(str, paths)))
    return 0
