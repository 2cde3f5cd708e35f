"""``btr-sim calibrate FILE``: fit the free parameters to the calibration facts by ABC-SMC.

The calibration file (``experiments/calibration/status_quo.yaml``) names the rule set, the priors of
the free parameters, the budget and the master seed; the facts fitted are the catalogue's
*calibration* facts of that rule set — validation facts never enter the fit
(docs/validation.md). pyabc's ABC-SMC runs on the chosen executor, one generation at a time,
each reported as it ends; interrupted, the same command resumes from pyabc's database in the
results folder and gives the same posterior as an uninterrupted run. ``--collect`` samples no
more and writes the posterior of the generations stored so far — of a calibration stopped before
its last generation, a tempered posterior (likelihood to the power 1/T), wider than the exact
one; the provenance records its temperature T.

Written into ``--out`` (default ``results/<name>/``): ``posterior.yaml`` (the posterior file:
weighted particles and provenance; copy it under ``configs/posterior/`` to ship it),
``posterior.csv``, ``populations.csv``, ``generations.csv``, ``posterior_summary.csv``,
``predictive.csv`` (posterior predictive checks of calibration and validation facts),
``medians.yaml`` (the posterior medians as a scenario file),
``marginals``, ``pairs`` and ``predictive`` figures, ``calibration.md``, ``calibration.json``
(the problem and provenance) and ``abc.db``. Needs the ``calibration`` extra (pyabc).
"""

from __future__ import annotations

import argparse
import shlex
from pathlib import Path
from typing import Any

from btr_sim.cli.options import add_execution_options, natural, positive, replications
from btr_sim.loading import ConfigError

__all__ = ["register"]

#: Calibration methods. The Latin-hypercube scoring of earlier versions is retired: ABC-SMC
#: fits the same facts with their uncertainties and gives a posterior, not a point.
METHODS = ("abc",)


def register(subparsers: Any) -> None:
    """Add the ``calibrate`` subcommand."""
    p = subparsers.add_parser(
        "calibrate",
        help="fit the free parameters to the calibration facts (ABC-SMC, resumable)",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", type=Path, metavar="FILE", help="a calibration file")
    p.add_argument("--method", choices=METHODS, default="abc", help="calibration method")
    add_execution_options(p, out_help="results folder (default: results/<name>/)")
    trial = p.add_argument_group("a quick trial (another calibration: give it its own --out)")
    trial.add_argument("--population", type=positive, help="particles per generation")
    trial.add_argument("--generations", type=positive, help="generations, at most")
    trial.add_argument("--replications", "-n", type=replications, help="runs per particle")
    trial.add_argument("--seed", type=natural, help="master seed")
    trial.add_argument("--months", type=positive, help="horizon of every run")
    p.add_argument(
        "--no-predictive", action="store_true", help="skip the posterior predictive checks"
    )
    p.add_argument(
        "--collect",
        action="store_true",
        help="sample no more: write the posterior of the generations stored so far (a "
        "calibration stopped before its last generation; the provenance gives its temperature)",
    )
    p.set_defaults(func=_calibrate)


def _calibrate(args: argparse.Namespace) -> int:
    try:
        from btr_sim.validation.abc import run_abc
        from btr_sim.validation.abcfigures import posterior_summary
    except ImportError as exc:
        raise ConfigError(
            "calibrate",
            [f"needs pyabc: pip install 'btr-sim[calibration]' ({exc})"],
        ) from None
    from btr_sim.validation.calibration import load_calibration

    given = {
        "population": args.population,
        "generations": args.generations,
        "replications": args.replications,
        "master_seed": args.seed,
        "months": args.months,
    }
    problem = load_calibration(args.file, {k: v for k, v in given.items() if v is not None})
    run = run_abc(
        problem,
        args.out,
        executor=args.executor,
        workers=args.workers,
        scheduler=args.scheduler,
        progress=not args.quiet,
        command=_command(args),
        predictive=not args.no_predictive,
        sample=not args.collect,
    )
    temperature = run.posterior.provenance["final_temperature"]
    if temperature > 1.0:
        print(
            f"the last stored generation ran at temperature {temperature:.3g} > 1: a tempered "
            "posterior, wider than the exact one; run without --collect to resume"
        )
    print(f"posterior of {len(problem.priors)} parameters ({len(run.generations)} generations):")
    for r in posterior_summary(run.posterior, problem.priors).itertuples():
        print(
            f"  {r.parameter:<40} median {r.median:.4g}  90% [{r.low:.4g}, {r.high:.4g}]  "
            f"width {r.width_ratio:.2f} of the prior's"
        )
    if run.predictive is not None:
        for label in ("calibration", "validation"):
            rows = run.predictive[run.predictive["label"] == label]
            print(
                f"{label} facts inside their 90% predictive interval: "
                f"{int(rows['inside'].sum())} of {len(rows)}"
            )
    print(f"wrote {len(run.files)} files to {run.folder.root}")
    return 0


def _command(args: argparse.Namespace) -> str:
    """The command line as given (for the provenance), rebuilt from the parsed options."""
    words = ["btr-sim", "calibrate", str(args.file)]
    for option in ("out", "executor", "workers", "scheduler", "population", "generations"):
        if getattr(args, option) is not None:
            words += [f"--{option}", str(getattr(args, option))]
    for option, flag in (("replications", "-n"), ("seed", "--seed"), ("months", "--months")):
        if getattr(args, option) is not None:
            words += [flag, str(getattr(args, option))]
    words += ["--collect"] if args.collect else []
    return shlex.join(words)
