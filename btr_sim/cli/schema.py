"""``btr-sim schema``: print the JSON Schema of scenario or experiment files.

Editors use it to complete and check YAML files; with the YAML language server, save it and
put ``# yaml-language-server: $schema=PATH`` at the top of a file.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from btr_sim.experiments.schema import experiment_file_schema
from btr_sim.schema import scenario_file_schema

__all__ = ["register"]


def register(subparsers: Any) -> None:
    """Add the ``schema`` subcommand."""
    p = subparsers.add_parser(
        "schema", help="print the JSON Schema of scenario or experiment files", description=__doc__
    )
    p.add_argument(
        "--kind",
        choices=("scenario", "experiment"),
        default="scenario",
        help="which kind of file (default: scenario)",
    )
    p.set_defaults(func=_schema)


def _schema(args: argparse.Namespace) -> int:
    schema = scenario_file_schema() if args.kind == "scenario" else experiment_file_schema()
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return 0
