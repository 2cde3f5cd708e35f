"""``btr-sim check FILE``: validate a scenario file and show what it changes."""

from __future__ import annotations

import argparse
from typing import Any

from btr_sim.config import Scenario
from btr_sim.loading import load_scenario

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``check`` subcommand."""
    p = subparsers.add_parser(
        "check", help="validate a scenario file (exit 2 if invalid)", description=__doc__
    )
    p.add_argument("files", nargs="+", metavar="FILE", help="scenario file(s) to validate")
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
    defaults = Scenario().model_dump()
    for path in args.files:
        scenario = load_scenario(path)
        changed = [
            (k, v)
            for k, v in _differences(scenario.model_dump(), defaults)
            if k not in ("name", "description")
        ]
        print(
            f"{path}: OK — scenario {scenario.name!r}, {len(changed)} parameter(s) differ "
            "from the defaults"
        )
        for key, value in changed:
            print(f"  {key} = {value!r}")
    return 0
