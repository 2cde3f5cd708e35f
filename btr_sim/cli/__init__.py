"""The ``btr-sim`` command: one entry point, one module per subcommand.

Each subcommand module exposes ``register(subparsers)``, which adds its parser and sets
``func`` to a function taking the parsed arguments and returning the exit status. Bad input
(:class:`~btr_sim.loading.ConfigError`) ends with its message and exit status 2, never a
traceback.
"""

from __future__ import annotations

import argparse
import signal
import sys
from collections.abc import Sequence

from btr_sim import __version__
from btr_sim.cli import (
    calibrate,
    check,
    compare,
    explore,
    facts,
    params,
    plot,
    replay,
    report,
    robustness,
    run,
    schema,
    sensitivity,
)
from btr_sim.loading import ConfigError

__all__ = ["build_parser", "main"]

#: Subcommand modules, in the order ``--help`` lists them.
SUBCOMMANDS = (
    run,
    check,
    compare,
    plot,
    report,
    sensitivity,
    robustness,
    calibrate,
    facts,
    replay,
    params,
    schema,
    explore,
)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand registered."""
    parser = argparse.ArgumentParser(
        prog="btr-sim",
        description="Simulate the Blame-Taking Resignation system of leading cadres.",
    )
    parser.add_argument("--version", action="version", version=f"btr-sim {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for module in SUBCOMMANDS:
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status (0 ok, 1 failed runs, 2 bad input)."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        return int(args.func(args) or 0)
    except ConfigError as exc:
        print(f"btr-sim: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "btr-sim: interrupted; finished runs are stored, and running the same command "
            "again resumes an experiment",
            file=sys.stderr,
        )
        return 130


def entry() -> None:  # pragma: no cover - the console script
    """Console-script entry point."""
    try:
        status = main()
    except KeyboardInterrupt:  # a further Ctrl-C while the first one was being reported
        status = 130
    # The command is ending: a Ctrl-C now must not turn its exit status into a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    sys.exit(status)
