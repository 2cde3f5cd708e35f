"""``btr-sim params``: list every parameter with its meaning, unit, default and source."""

from __future__ import annotations

import argparse
from typing import Any

from btr_sim.parameters import parameter_rows, parameter_table_markdown

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``params`` subcommand."""
    p = subparsers.add_parser(
        "params", help="list the parameters and their defaults", description=__doc__
    )
    p.add_argument(
        "--markdown", action="store_true", help="print the Markdown table of docs/ODD.md"
    )
    p.set_defaults(func=_params)


def _params(args: argparse.Namespace) -> int:
    if args.markdown:
        print(parameter_table_markdown())
        return 0
    rows = parameter_rows()
    width = max(len(r.path) for r in rows)
    for r in rows:
        print(f"{r.path:<{width}}  {r.default!s:<12}  {r.unit:<20}  {r.description}")
    return 0
