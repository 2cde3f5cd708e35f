"""``btr-sim check FILE...``: validate scenario and experiment files and show what they hold.

A scenario file is listed with the parameters it changes from the defaults; a case file (a
scenario with ``history:``, configs/cases/) also with what happened and its counterfactual
rule set; an experiment file with its design, design points, replications, seeds and results
folder. Any problem ends with
exit status 2 and a message naming the file, the field and what is allowed.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from btr_sim.config import Scenario
from btr_sim.experiments.spec import file_kind
from btr_sim.loading import CASE_KEYS, load_scenario, read_yaml_mapping

__all__ = ["register"]

# Design points listed by name (the rest are counted).
_LISTED_POINTS = 12


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand."""
    p = subparsers.add_parser(
        "check",
        help="validate scenario or experiment files (exit 2 if invalid)",
        description=__doc__,
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario or experiment file(s)")
    p.set_defaults(func=_check)


def _differences(a: dict, b: dict, prefix: str = "") -> list[tuple[str, Any]]:
    out = []
    for key, value in a.items():
        path = f"{prefix}{key}"
        if isinstance(value, dict) and isinstance(b.get(key), dict):
            out += _differences(value, b[key], f"{path}.")
        elif value != b.get(key):
            out.append((path, value))
    return out


def _check(args: argparse.Namespace) -> int:
    for path in args.files:
        if file_kind(path) == "experiment":
            _check_experiment(path)
        elif _is_calibration(Path(path)):
            _check_calibration(path)
        elif _is_case(Path(path)):
            _check_case(path)
        else:
            _check_scenario(path)
    return 0


def _is_calibration(path: Path) -> bool:
    """A calibration file (``experiments/calibration/``): it has priors, a scenario has none."""
    return "priors" in read_yaml_mapping(path)


def _check_calibration(path: str) -> None:
    # Imported here: the calibration needs the validation package (and, to run, pyabc).
    from btr_sim.validation.calibration import load_calibration

    spec = load_calibration(path)
    facts = ", ".join(f.name for f in spec.facts)
    print(
        f"{path}: OK — calibration {spec.name!r} of rule set {spec.rule_set!r}: "
        f"{len(spec.priors)} free parameters, {spec.population} particles x at most "
        f"{spec.generations} generations x {spec.replications} runs; master seed "
        f"{spec.master_seed}"
    )
    print(f"  fits the calibration facts: {facts}")


def _is_case(path: Path) -> bool:
    """A case file: directly in a ``cases`` folder (configs/cases/), or carrying a case's keys.

    Only the file's own folder counts: a checkout that lives under a folder named ``cases``
    must not turn every scenario file into a case file.
    """
    in_cases = path.resolve().parent.name == "cases"
    return in_cases or any(key in read_yaml_mapping(path) for key in CASE_KEYS)


def _check_case(path: str) -> None:
    # Imported here: the validation package is more than checking a scenario needs.
    from btr_sim.validation.casefile import load_case

    case = load_case(path)
    _check_scenario(path)
    h = case.history
    returned = {True: "returned", False: "did not return", None: "return unknown"}[h.returned]
    after = f" after {h.months_to_return} months" if h.months_to_return is not None else ""
    how = f" ({h.how_returned})" if h.how_returned else ""
    print(f"  case: history {h.response}, {returned}{after}{how}; sources {', '.join(h.sources)}")
    print(f"  case: counterfactual rules {case.counterfactual}")


def _check_scenario(path: str) -> None:
    scenario = load_scenario(path)
    changed = [
        (k, v)
        for k, v in _differences(scenario.model_dump(), Scenario().model_dump())
        if k not in ("name", "description") and k != "timeline"
    ]
    print(
        f"{path}: OK — scenario {scenario.name!r}, {len(changed)} parameter(s) differ "
        "from the defaults"
        + (f"; {len(scenario.timeline)} change(s) of rules" if scenario.timeline else "")
    )
    for key, value in changed:
        # ``before: own`` is held as None (the scenario's own rules): say it as written.
        shown = "own" if key == "before" and value is None else repr(value)
        print(f"  {key} = {shown}")
    # Each change of the timeline, by what it changes in the rules in force until then.
    previous = scenario.rules.model_dump()
    for i, change in enumerate(scenario.timeline):
        rules = change.model_dump(exclude={"month", "name"})
        shown = ", ".join(f"{k} = {v!r}" for k, v in _differences(rules, previous)) or "nothing"
        print(f"  timeline.{i}: month {change.month}, {change.name!r}: {shown}")
        previous = rules


def _check_experiment(path: str) -> None:
    # Imported here: planning an experiment needs more than checking a scenario does.
    from btr_sim.cli.worlds import file_worlds
    from btr_sim.experiments.plan import plan_experiment
    from btr_sim.experiments.runner import default_out

    plan = plan_experiment(path, worlds=file_worlds)
    print(
        f"{path}: OK — experiment {plan.name!r}, {plan.kind} design, {len(plan.points)} design "
        f"point(s) x {plan.replications} replication(s) = {plan.n_runs} runs"
    )
    for factor, levels in plan.factors.items():
        shown = ", ".join(repr(v) for v in levels[:8]) + (", ..." if len(levels) > 8 else "")
        print(f"  factor {factor}: {len(levels)} level(s): {shown}")
    for point in plan.points[:_LISTED_POINTS]:
        print(f"  point {point.name} (months {point.scenario.months})")
    if len(plan.points) > _LISTED_POINTS:
        print(f"  ... and {len(plan.points) - _LISTED_POINTS} more points")
    print(
        f"  master seed {plan.master_seed}; records {', '.join(plan.record)}; reference "
        f"{plan.reference!r}; results in {default_out(plan)}/ (hash {plan.hash[:12]})"
    )
