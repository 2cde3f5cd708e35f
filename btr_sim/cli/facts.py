"""``btr-sim facts``: measure every fact of the catalogue under its rule set; save table and figure.

Facts come in three groups, shown apart (docs/validation.md): *calibration* facts (used in
fitting), *validation* facts (never used in fitting) and facts that hold *by construction* (a
rule guarantees them: shown, not scored). For each: its statement, the observation with its
uncertainty, the measured mean with a 95% confidence interval over replications, and whether
they agree. The table is printed and saved as ``facts.csv`` and ``facts.md``, the figure as
``facts.png`` and ``facts.svg``, in ``--out`` (default ``results/facts``). Exit status 0 when
every measured fact agrees, 1 otherwise (the failing facts are named). With ``--lang zh`` (or
``BTR_SIM_LANG=zh``) the headings, labels and verdicts are in Chinese.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from btr_sim.cli.options import folder, natural, positive, replications
from btr_sim.i18n import add_language_argument, translator
from btr_sim.loading import ConfigError
from btr_sim.validation.report import GROUPS, rule_set_name, save_facts, status_text
from btr_sim.validation.suite import CONFIGS, run_facts

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``facts`` subcommand."""
    p = subparsers.add_parser(
        "facts",
        help="measure the facts: calibration, validation and by construction, apart",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--replications", "-n", type=replications, default=10, help="runs per rule set")
    p.add_argument("--seed", type=natural, default=20260601, help="master seed")
    p.add_argument("--months", type=positive, help="horizon of the runs (default: 240)")
    p.add_argument("--out", type=folder, default=Path("results/facts"), help="output folder")
    p.add_argument(
        "--configs",
        type=Path,
        default=CONFIGS,
        help="folder of status_quo.yaml, reform_*.yaml and abroad/*.yaml",
    )
    add_language_argument(p)
    p.set_defaults(func=_facts)


def _facts(args: argparse.Namespace) -> int:
    tr = translator(args.lang)
    if args.replications < 2:
        raise ConfigError("--replications", ["must be at least 2 (for a confidence interval)"])
    result = run_facts(args.replications, args.seed, args.months, args.configs)
    t = result.table
    width = max(len(f) for f in t["fact"])
    for label, title in GROUPS:
        rows = t[t["label"] == label]
        print(f"\n{tr(title)}")
        for r in rows.itertuples():
            rules = rule_set_name(r.rule_set, tr)
            if r.status == "not measured":
                note = tr("not measured (no scenario of this rule set yet)")
                print(f"  {r.fact:<{width}}  {rules:<18} {note}")
                continue
            print(
                f"  {r.fact:<{width}}  {rules:<18} {r.mean:8.4f} "
                f"[{r.ci_low:8.4f}, {r.ci_high:8.4f}]  {tr('observed')} {r.observed}  "
                f"{status_text(r.status, tr)}"
            )
    paths = save_facts(result, args.out, tr)
    failing = result.failing()
    print("\n" + tr("failing:") + " " + (", ".join(failing) if failing else tr("none")))
    print(tr("saved {files}").format(files=", ".join(map(str, paths))))
    return 0 if result.passed else 1
