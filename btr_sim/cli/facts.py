"""``btr-sim facts``: run the stylized-facts suite and save its table and figure.

For each fact: its statement, its source, the measured mean with a 95% confidence interval over
replications, the target range and pass / fail (docs/validation.md). The table is printed and
saved as ``facts.csv`` and ``facts.md``, the figure as ``facts.png`` and ``facts.svg``, in
``--out`` (default ``results/facts``). Exit status 0 when every fact passes, 1 otherwise.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from btr_sim.cli.options import folder, natural, positive, replications
from btr_sim.loading import ConfigError
from btr_sim.validation.report import save_facts
from btr_sim.validation.suite import CONFIGS, run_facts

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``facts`` subcommand."""
    p = subparsers.add_parser(
        "facts",
        help="run the stylized-facts suite (calibration targets, reforms, corrective effect)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("--replications", "-n", type=replications, default=10, help="runs per scenario")
    p.add_argument("--seed", type=natural, default=20260601, help="master seed")
    p.add_argument("--months", type=positive, help="horizon of the runs (default: 240)")
    p.add_argument("--out", type=folder, default=Path("results/facts"), help="output folder")
    p.add_argument(
        "--configs", type=Path, default=CONFIGS, help="folder of status_quo.yaml and reform_*.yaml"
    )
    p.set_defaults(func=_facts)


def _facts(args: argparse.Namespace) -> int:
    if args.replications < 2:
        raise ConfigError("--replications", ["must be at least 2 (for a confidence interval)"])
    result = run_facts(args.replications, args.seed, args.months, args.configs)
    t = result.table
    width = max(len(f) for f in t["fact"])
    for r in t.itertuples():
        verdict = "pass" if r.passed else "FAIL"
        print(
            f"{r.fact:<{width}}  {r.scenario:<12} {r.mean:8.4f} "
            f"[{r.ci_low:8.4f}, {r.ci_high:8.4f}]  target [{r.low:g}, {r.high:g}]  {verdict}"
        )
    paths = save_facts(result, args.out)
    print(f"\n{int(t['passed'].sum())} of {len(t)} facts pass; saved " + ", ".join(map(str, paths)))
    return 0 if result.passed else 1
