"""``btr-sim params [WORD...]``: every parameter with its meaning, unit, default and source.

One row per parameter of a scenario file (dotted path, as a scenario file or ``--set`` writes
it), under a header: its default (the status quo), unit, the values it allows (the choices of
a rule, the range of a number) and its meaning, with its source in brackets (a rule or study
of docs/sources.md, or *free*). Words filter the rows: ``btr-sim params procedure`` lists the
procedure's parameters, ``btr-sim params reinstatement cooling`` those whose path or meaning
holds either word. ``--markdown`` prints the table of docs/ODD.md.
"""

from __future__ import annotations

import argparse
import difflib
from typing import Any

from btr_sim.loading import ConfigError
from btr_sim.parameters import ParameterRow, format_value, parameter_rows, parameter_table_markdown

__all__ = ["register"]

_HEADER = ("parameter", "default", "unit", "allowed", "meaning [source]")


def register(subparsers: Any) -> None:
    """Add the ``params`` subcommand."""
    p = subparsers.add_parser(
        "params",
        help="list the parameters: meaning, unit, default, allowed values, source",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "words",
        nargs="*",
        metavar="WORD",
        help="show only parameters whose path or meaning holds one of these words",
    )
    p.add_argument(
        "--markdown", action="store_true", help="print the Markdown table of docs/ODD.md"
    )
    p.set_defaults(func=_params)


def _params(args: argparse.Namespace) -> int:
    rows = _matching(parameter_rows(), args.words)
    if args.markdown:
        print(parameter_table_markdown(rows))
        return 0
    cells = [
        (r.path, format_value(r.default), r.unit, r.allowed, f"{r.description} [{r.source}]")
        for r in rows
    ]
    widths = [max(len(row[i]) for row in [_HEADER, *cells]) for i in range(len(_HEADER) - 1)]
    for row in [_HEADER, *cells]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=False)), end=""
        )
        print(f"  {row[-1]}")
    return 0


def _matching(rows: list[ParameterRow], words: list[str]) -> list[ParameterRow]:
    """The rows whose path or meaning holds any of ``words`` (all rows without words)."""
    if not words:
        return rows
    wanted = [w.lower() for w in words]
    found = [
        r for r in rows if any(w in r.path.lower() or w in r.description.lower() for w in wanted)
    ]
    if not found:
        paths = [r.path for r in rows] + sorted({r.path.split(".")[0] for r in rows})
        guesses = difflib.get_close_matches(words[0], paths, n=3)
        hint = f"; did you mean {', '.join(repr(g) for g in guesses)}?" if guesses else ""
        raise ConfigError("btr-sim params", [f"no parameter matches {' or '.join(words)}{hint}"])
    return found
