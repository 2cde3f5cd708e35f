"""``btr-sim replay CASE``: replay a typical case over N seeds, beside what happened.

CASE is a case file (``configs/cases/*.yaml``) or the name of one (``sars_beijing_2003``).
The incident and how it became public are scripted from the record; the response and any
return are the model's. The case runs under the rules of its time (``--rules time``), under the
case's counterfactual rules (``--rules reformed``: those of its ``counterfactual:`` file, or of
``--reform``, by default configs/reform_2014.yaml, in force from the month of the case, in a
world that ran under the old rules until then) or both (the default), over ``-n`` seeds.

For each rule set the console shows the events of the first run, then one table: the model's
outcome shares over the N runs (response, removal, return, months to return: median and IQR,
quiet returns, reversals) beside a ``history`` column (the case file's ``history:``). One
figure from the SAME runs — credibility, responses, months to return, history marked — is
saved as ``<case>.png`` and ``<case>.svg`` in ``--out`` (default ``results/cases``), with the
table as ``<case>.csv``.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from btr_sim.analysis.style import save_figure
from btr_sim.cli.options import folder, natural, replications_or_zero
from btr_sim.core.randomness import replication_seeds
from btr_sim.i18n import add_language_argument, translator
from btr_sim.loading import ConfigError
from btr_sim.validation.casefile import load_case
from btr_sim.validation.caseoutcomes import case_outcome, outcome_table
from btr_sim.validation.caseplot import plot_case_outcomes
from btr_sim.validation.cases import CASES, RULES, replay_case

__all__ = ["find_case", "register"]


def register(subparsers: Any) -> None:
    """Add the ``replay`` subcommand."""
    p = subparsers.add_parser(
        "replay",
        help="replay a typical case (configs/cases/) over N seeds, beside what happened",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("case", help="a case file, or the name of one in configs/cases/")
    p.add_argument("--rules", choices=[*RULES, "both"], default="both", help="rule set(s)")
    p.add_argument("--seed", type=natural, default=0, help="master seed of the runs")
    p.add_argument(
        "--replications",
        "-n",
        type=replications_or_zero,
        default=20,
        help="runs per rule set (0: one run with --seed itself)",
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
    case = load_case(path)
    if args.reform is not None and not args.reform.is_file():
        raise ConfigError(str(args.reform), ["--reform: no such file"])
    rules = list(RULES) if args.rules == "both" else [args.rules]
    n = args.replications
    seeds = replication_seeds(args.seed, n) if n > 0 else [args.seed]
    runs = {}
    tables = []
    for rule in rules:
        replays = [replay_case(path, rule, seed, args.reform) for seed in seeds]
        runs[rule] = replays
        counterfactual = args.reform or case.counterfactual
        named = "of its time" if rule == "time" else f"counterfactual, {counterfactual.stem}"
        first = replays[0]
        print(f"{case.name} (rules {named}); the events of the first run (seed {first.seed}):")
        for row in first.events.itertuples():
            extra = f"  ({int(row.value)} months out)" if row.event == "reinstatement" else ""
            print(f"  month {row.month:>3}  {row.event}{extra}")
        table = outcome_table([case_outcome(r) for r in replays], case.history)
        print(f"over {len(replays)} runs (master seed {args.seed}), beside history:")
        print(table.to_string(index=False))
        print()
        tables.append(table.assign(rules=rule))
    tr = translator(args.lang)
    title = tr("Case replay: {case}").format(case=runs[rules[0]][0].label)
    counterfactual = (args.reform or case.counterfactual).stem
    fig = plot_case_outcomes(runs, case.history, title, tr, counterfactual)
    paths = save_figure(fig, args.out, path.stem)
    csv = args.out / f"{path.stem}.csv"
    import pandas as pd  # the table's frame; pandas is loaded by the replays already

    pd.concat(tables).to_csv(csv, index=False)
    print("plot: " + ", ".join(map(str, paths)) + f"; table: {csv}")
    print(f"history: {case.history.note}")
    return 0
